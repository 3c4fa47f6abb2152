"""Dates and times as Vietnamese staff type them ("08:00 30/11", "30/11/2026 8h"), and back in words.

Everything is read in the local zone (Asia/Ho_Chi_Minh) and returned in UTC; a moment in the past is
refused with the reason, so a directive is never "scheduled" for a time that has already gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.errors import DomainError
from services.text import fold

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_AHEAD = timedelta(days=366)

WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Matched on the folded text (lower case, no diacritics): "giờ" → "gio", "sáng" → "sang".
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?\b")
# "30 tháng 11 năm 2026"
_DATE_WORDS = re.compile(r"\b(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*,?\s+nam\s+(\d{4}))?\b")
_TIME = re.compile(
    r"\b(\d{1,2})\s*(?::\s*(\d{2})|(?:h|g|gio)\s*(\d{1,2})?\s*(?:p|phut|')?)(?!\w)"
)
_RELATIVE_DAYS = (
    ("hom nay", 0), ("today", 0),
    ("ngay mai", 1), ("tomorrow", 1), ("mai", 1),
    ("ngay kia", 2), ("mot", 2),
)
_PERIODS = {"sang": 0, "trua": 12, "chieu": 12, "toi": 12, "dem": 12, "am": 0, "pm": 12}
_FILLER = {"ngay", "luc", "vao", "at", "on", "thu", "cn", "chu", "nhat", "hai", "ba", "tu", "nam",
           "sau", "bay", ",", "-", "|"}


_WEEKDAY = re.compile(
    r"\b(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|t([2-7])|chu\s*nhat|cn|"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_WEEKDAY_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a person typed: a day (or None: none given) and a time of day (or None)."""

    day: date | None
    at: time | None
    year_given: bool = True


def read(text: str, *, today: date) -> Reading:
    """The one reader of days and times for the whole bot: ``15/12``, ``15/12/2027 17:00``,
    ``2027-12-15``, ``15 tháng 12``, ``ngày mai 9h``, ``thứ Sáu``, ``8h30 sáng``…

    A day without a year is this year's, or next year's when it went by more than half a year
    ago ("05/01" typed in December). A weekday alone is the next such day (a week ahead when it
    is today). Raises DomainError ``when.invalid`` when something is left unread.
    """
    raw = " ".join(text.split())
    folded = fold(raw)
    if not folded or len(folded) > 64:
        raise DomainError("when.invalid", text=raw[:64])
    rest = folded
    day: date | None = None
    year_given = True
    if m := _DATE_ISO.search(rest):
        day = _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
        rest = rest[: m.start()] + " " + rest[m.end():]
    elif m := (_DATE.search(rest) or _DATE_WORDS.search(rest)):
        year_given = m[3] is not None
        year = today.year if m[3] is None else int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        day = _make_date(year, int(m[2]), int(m[1]), raw)
        rest = rest[: m.start()] + " " + rest[m.end():]
        if not year_given and (today - day).days > 183:
            day = _make_date(day.year + 1, day.month, day.day, raw)
    else:
        for word, offset in _RELATIVE_DAYS:
            pattern = re.compile(rf"\b{word}\b")
            if pattern.search(rest):
                day = today + timedelta(days=offset)
                rest = pattern.sub(" ", rest, count=1)
                break
    if day is None and (m := _WEEKDAY.search(rest)):
        if m[3]:
            weekday = _WEEKDAY_EN.index(m[3])
        elif m[0].startswith(("chu", "cn")):
            weekday = 6
        else:
            word = m[1] or m[2]
            weekday = _WEEKDAY_WORDS[word] if word in _WEEKDAY_WORDS else int(word) - 2
        ahead = (weekday - today.weekday()) % 7 or 7
        day = today + timedelta(days=ahead)
        rest = rest[: m.start()] + " " + rest[m.end():]
    elif day is not None and (m := _WEEKDAY.search(rest)):
        rest = rest[: m.start()] + " " + rest[m.end():]  # "thứ Hai, 30/11": the date decides

    at: time | None = None
    if m := _TIME.search(rest):
        hour = int(m[1])
        minute = int(m[2] or m[3] or 0)
        rest = rest[: m.start()] + " " + rest[m.end():]
        for word, shift in _PERIODS.items():
            if re.search(rf"\b{word}\b", rest):
                if shift and hour < 12:
                    hour += shift
                elif word in ("sang", "am") and hour == 12:
                    hour = 0
                rest = re.sub(rf"\b{word}\b", " ", rest)
                break
        if hour > 23 or minute > 59:
            raise DomainError("when.invalid", text=raw[:64])
        at = time(hour, minute)
    leftover = [w for w in re.split(r"[\s,.;:|–-]+", rest) if w and w not in _FILLER]
    if leftover:
        raise DomainError("when.invalid", text=raw[:64])
    if day is None and at is None:
        raise DomainError("when.invalid", text=raw[:64])
    return Reading(day, at, year_given)


def parse_when(text: str, *, now: datetime, tz: ZoneInfo = LOCAL, language: str = "vi") -> datetime:
    """``text`` in local time → an aware UTC datetime strictly after ``now``.

    Raises DomainError ``when.invalid`` (cannot read it), ``when.need_time`` (a day but no hour),
    ``when.past`` (already gone, with ``when`` in words) or ``when.too_far`` (over a year ahead).
    """
    raw = " ".join(text.split())
    today = now.astimezone(tz).date()
    reading = read(text, today=today)
    if reading.at is None:
        raise DomainError("when.need_time", text=raw[:64])
    day = reading.day
    if day is None:
        # Only an hour: today if it is still ahead, otherwise tomorrow (confirmed back in words).
        day = today
        if datetime.combine(day, reading.at, tz) <= now:
            day = today + timedelta(days=1)
    moment = datetime.combine(day, reading.at, tz).astimezone(UTC)
    if moment <= now:
        raise DomainError("when.past", when=format_when(moment, language=language, tz=tz))
    if moment - now > MAX_AHEAD:
        raise DomainError("when.too_far", when=format_when(moment, language=language, tz=tz))
    return moment


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError("when.invalid", text=raw[:64]) from None


def format_when(moment: datetime, *, language: str = "vi", tz: ZoneInfo = LOCAL) -> str:
    """``08:00 thứ Hai, 30/11/2026`` (or ``08:00 Monday, 30/11/2026``), in local time."""
    local = moment.astimezone(tz)
    names = WEEKDAYS_EN if language == "en" else WEEKDAYS_VI
    return f"{local:%H:%M} {names[local.weekday()]}, {local:%d/%m/%Y}"


def format_short(moment: datetime, *, tz: ZoneInfo = LOCAL) -> str:
    """``08:15 30/11``: for buttons and list lines."""
    return f"{moment.astimezone(tz):%H:%M %d/%m}"


def format_duration(seconds: float, *, language: str = "vi") -> str:
    """``1 giờ 2 phút 5 giây`` / ``1 h 2 min 5 s``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    units = ("h", "min", "s") if language == "en" else ("giờ", "phút", "giây")
    parts = [f"{n} {u}" for n, u in zip((hours, minutes, secs), units, strict=True) if n]
    return " ".join(parts) or f"0 {units[2]}"
