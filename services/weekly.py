"""The Monday picture: who gets it, whether it is time, and the week's figures.

Once per person per ISO week (the outbox row's dedupe key says which week), to active admins and
field leads who have not turned it off. The day is the first working day of the week on the
working calendar (services/workdays.py): a public-holiday Monday moves the picture to Tuesday,
and a week with no working day (Tết) has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Directive,
    DirectiveRecipient,
    Member,
    Registration,
    Report,
    Role,
    StatsPreference,
    UnitField,
)
from models.base import utcnow
from services import audit, stats
from services.errors import AccessDenied
from services.stats_facts import LOCAL
from services.workdays import WorkCalendar

SEND_AT = time(8, 0)  # local time on the picture day


def is_monday(day: date) -> bool:
    return day.weekday() == 0


# The hook for the working calendar: a function of the local date, True on the picture day.
picture_day: Callable[[date], bool] = is_monday


def week_key(now: datetime) -> str:
    iso = now.astimezone(LOCAL).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def dedupe_key(member_id: int, now: datetime) -> str:
    return f"weekly:{week_key(now)}:{member_id}"


def first_working_day(calendar: WorkCalendar, day: date) -> bool:
    """Whether ``day`` is the first working day of its week."""
    monday = day - timedelta(days=day.weekday())
    return calendar.next_working(monday, include=True) == day


def is_time(now: datetime, calendar: WorkCalendar | None = None) -> bool:
    """Past 08:00 on the picture day: the calendar's first working day of the week, or
    ``picture_day`` (Monday) where no calendar is given."""
    local = now.astimezone(LOCAL)
    on_day = (first_working_day(calendar, local.date()) if calendar is not None
              else picture_day(local.date()))
    return on_day and local.time() >= SEND_AT


# -- the setting ------------------------------------------------------------------------------------
async def wants_picture(session: AsyncSession, member: Member) -> bool:
    pref = await session.get(StatsPreference, member.id)
    return pref.weekly_picture if pref is not None else True


async def set_picture(session: AsyncSession, member: Member, on: bool) -> None:
    if member.role not in (Role.ADMIN, Role.FIELD_LEAD) or not member.is_active:
        raise AccessDenied("weekly.set", target=f"member:{member.id}")
    assert member.id is not None
    pref = await session.get(StatsPreference, member.id) or StatsPreference(member_id=member.id)
    pref.weekly_picture = on
    pref.updated_at = utcnow()
    session.add(pref)
    await audit.record(session, actor=member.telegram_id, action="weekly.set",
                       target=f"member:{member.id}", on=on)


async def recipients(session: AsyncSession) -> list[Member]:
    """Active admins and field leads who still reach the bot and have not turned the picture off."""
    off = select(StatsPreference.member_id).where(col(StatsPreference.weekly_picture).is_(False))
    rows = await session.exec(select(Member).where(
        col(Member.role).in_([Role.ADMIN, Role.FIELD_LEAD]), col(Member.is_active).is_(True),
        col(Member.blocked_bot).is_(False), col(Member.id).not_in(off)).order_by(col(Member.id)))
    return [m for m in rows.all() if m.role == Role.ADMIN or m.field_code]


# -- the figures -------------------------------------------------------------------------------------
@dataclass(slots=True)
class WeekFigures:
    reports: int
    late: int
    registrations: int
    acknowledgements: int


@dataclass(slots=True)
class WeeklyPicture:
    week: str
    last: WeekFigures  # the week that just ended
    before: WeekFigures  # the week before it
    completion: float  # average completion this year, in %


def week_start(now: datetime) -> datetime:
    """Monday 00:00 local of the current week, as an aware datetime."""
    local = now.astimezone(LOCAL)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0, 0), tzinfo=LOCAL)


async def _figures(session: AsyncSession, member: Member, start: datetime, end: datetime
                   ) -> WeekFigures:
    units = None
    if member.role != Role.ADMIN:
        units = select(UnitField.unit_id).where(UnitField.field_code == member.field_code)

    def count_reports(late_only: bool) -> object:
        q = select(func.count()).select_from(Report).where(
            col(Report.first_submitted_at) >= start, col(Report.first_submitted_at) < end)
        if late_only:
            q = q.where(col(Report.late).is_(True))
        if units is not None:
            q = q.where(col(Report.unit_id).in_(units))
        return q

    reports = (await session.exec(count_reports(False))).one()  # type: ignore[call-overload]
    late = (await session.exec(count_reports(True))).one()  # type: ignore[call-overload]
    rq = select(func.count()).select_from(Registration).where(
        col(Registration.submitted_at) >= start, col(Registration.submitted_at) < end)
    if units is not None:
        rq = rq.where(col(Registration.unit_id).in_(units))
    regs = (await session.exec(rq)).one()
    aq = select(func.count()).select_from(DirectiveRecipient).where(
        col(DirectiveRecipient.acknowledged_at) >= start, col(DirectiveRecipient.acknowledged_at) < end)
    if member.role != Role.ADMIN:
        aq = aq.where(col(DirectiveRecipient.directive_id).in_(
            select(Directive.id).where(Directive.created_by == member.telegram_id)))
    acks = (await session.exec(aq)).one()
    return WeekFigures(int(reports), int(late), int(regs), int(acks))


async def picture(session: AsyncSession, member: Member, now: datetime) -> WeeklyPicture:
    start = week_start(now)
    last = await _figures(session, member, start - timedelta(days=7), start)
    before = await _figures(session, member, start - timedelta(days=14), start - timedelta(days=7))
    scope = await stats.scope_of(session, member)
    year = now.astimezone(LOCAL).year
    data = await stats.completion(session, scope, stats.Period(year=year), now=now)
    value = data.params.get("value", 0.0)
    return WeeklyPicture(week_key(start - timedelta(days=7)), last, before,
                         float(value) if isinstance(value, int | float) else 0.0)
