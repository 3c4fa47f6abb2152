"""Vietnam's working calendar (ngày làm việc): weekends, public holidays and every day of the Tết
break from the ``holidays`` package (country VN), plus what admins add each year: days off the
government announces and compensatory working Saturdays ("làm bù")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import CalendarDay, DayKind, Member, Role
from services import audit
from services.errors import AccessDenied, DomainError
from services.text import clean_line

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TET = "Tết Nguyên đán"
MAX_REASON = 200
# How far the calendar looks for the next or previous working day before giving up (a bad
# calendar, e.g. a whole year marked off, must not loop forever).
MAX_SEARCH_DAYS = 366


@lru_cache(maxsize=32)
def public_holidays(year: int, language: str = "vi") -> dict[date, str]:
    """The statutory days off of one year, with their names (``vi`` or ``en_US``)."""
    found = holidays.country_holidays("VN", years=year, language=language)
    return {d: str(name) for d, name in found.items()}


def _break_name(name: str) -> str:
    """Every day of the Tết break is "Tết Nguyên đán" to a reader; other holidays keep their name."""
    folded = name.lower()
    if "tết nguyên đán" in folded or folded.endswith(" tết") or folded == "29 tết":
        return TET
    return name


@dataclass(frozen=True, slots=True)
class DayOff:
    day: date
    kind: str  # "weekend", "holiday" or "announced"
    name: str  # the holiday or the admin's reason; "" for a weekend


@dataclass(slots=True)
class WorkCalendar:
    """Working days, knowing the admins' exceptions. Pure: build it once per sweep."""

    offs: dict[date, str] = field(default_factory=dict)  # admin-announced days off → reason
    works: set[date] = field(default_factory=set)  # làm bù: working despite weekend/holiday

    def day_off(self, day: date) -> DayOff | None:
        """Why ``day`` is not a working day, or None if it is one."""
        if day in self.works:
            return None
        if day in self.offs:
            return DayOff(day, "announced", self.offs[day])
        holiday = public_holidays(day.year).get(day)
        if holiday is not None:
            return DayOff(day, "holiday", _break_name(holiday))
        if day.weekday() >= 5:
            return DayOff(day, "weekend", "")
        return None

    def is_working(self, day: date) -> bool:
        return self.day_off(day) is None

    def next_working(self, day: date, *, include: bool = False) -> date:
        """The first working day after ``day`` (or ``day`` itself when ``include``)."""
        current = day if include else day + timedelta(days=1)
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working(current):
                return current
            current += timedelta(days=1)
        return current

    def previous_working(self, day: date, *, include: bool = False) -> date:
        current = day if include else day - timedelta(days=1)
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working(current):
                return current
            current -= timedelta(days=1)
        return current

    def shift(self, day: date, offset: int) -> date:
        """``offset`` working days after ``day`` (before it when negative). Offset 0 is ``day``
        itself if it is a working day, else the working day before it: a deadline on a day off
        is reminded of on the last working day ahead of it."""
        if offset == 0:
            return self.previous_working(day, include=True)
        current = day
        step = self.next_working if offset > 0 else self.previous_working
        for _ in range(abs(offset)):
            current = step(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: "còn N ngày làm việc" from start to a deadline on end."""
        if end <= start:
            return 0
        return sum(1 for n in range(1, (end - start).days + 1)
                   if self.is_working(start + timedelta(days=n)))

    def at(self, day: date, hour: time, tz: ZoneInfo = VN) -> datetime:
        return datetime.combine(day, hour, tz).astimezone(UTC)


async def load(session: AsyncSession) -> WorkCalendar:
    """The calendar with every exception admins added (a few rows a year)."""
    rows = (await session.exec(select(CalendarDay))).all()
    return WorkCalendar(offs={r.day: r.reason for r in rows if r.kind == DayKind.OFF},
                        works={r.day for r in rows if r.kind == DayKind.WORK})


def _require_admin(actor: Member | None, action: str, day: date) -> None:
    """``actor=None`` is the operator at the command line."""
    if actor is not None and (not actor.is_active or actor.role != Role.ADMIN):
        raise AccessDenied(action, target=f"day:{day.isoformat()}")


async def set_day(session: AsyncSession, *, actor: Member | None, day: date, kind: DayKind,
                  reason: str = "", now: datetime) -> CalendarDay:
    """Mark ``day`` off (with a reason) or as a compensatory working day; replaces an earlier mark."""
    action = "calendar.add_off" if kind == DayKind.OFF else "calendar.add_workday"
    _require_admin(actor, action, day)
    reason = clean_line(reason, limit=MAX_REASON)
    calendar = await load(session)
    current = calendar.day_off(day)
    if kind == DayKind.WORK and current is None and day not in calendar.works:
        raise DomainError("calendar.already_working", day=day.strftime("%d/%m/%Y"))
    row = await session.get(CalendarDay, day)
    previous = row.kind.value if row is not None else None
    if row is None:
        row = CalendarDay(day=day, kind=kind)
    row.kind, row.reason = kind, reason
    row.created_by = actor.telegram_id if actor is not None else None
    row.created_at = now
    session.add(row)
    await session.flush()
    await audit.record(session, actor=actor.telegram_id if actor else None, action=action,
                       target=f"day:{day.isoformat()}", reason=reason, previous=previous)
    return row


async def clear_day(session: AsyncSession, *, actor: Member | None, day: date) -> bool:
    """Remove an admin's mark: the day follows the ordinary calendar again."""
    _require_admin(actor, "calendar.clear", day)
    row = await session.get(CalendarDay, day)
    if row is None:
        return False
    await session.delete(row)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="calendar.clear", target=f"day:{day.isoformat()}",
                       previous=row.kind.value, reason=row.reason)
    await session.flush()
    return True


@dataclass(frozen=True, slots=True)
class YearView:
    year: int
    days_off: list[DayOff]  # holidays and announced days off (not ordinary weekends)
    workdays: list[date]  # làm bù
    working_days: int


async def year_view(session: AsyncSession, year: int) -> YearView:
    calendar = await load(session)
    start = date(year, 1, 1)
    days = [start + timedelta(days=n) for n in range((date(year + 1, 1, 1) - start).days)]
    offs = [off for d in days if (off := calendar.day_off(d)) is not None and off.kind != "weekend"]
    return YearView(year, offs, sorted(d for d in calendar.works if d.year == year),
                    sum(1 for d in days if calendar.is_working(d)))


def deadline_day_off(calendar: WorkCalendar, due_at: datetime, tz: ZoneInfo = VN) -> DayOff | None:
    """Why a deadline's local date is not a working day (None when it is one)."""
    return calendar.day_off(due_at.astimezone(tz).date())


async def deadline_warnings(session: AsyncSession, moments: Iterable[datetime],
                            tz: ZoneInfo = VN) -> list[DayOff]:
    calendar = await load(session)
    return [off for m in moments if (off := deadline_day_off(calendar, m, tz)) is not None]
