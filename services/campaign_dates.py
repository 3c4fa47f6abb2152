"""Dates and milestone kinds as Vietnamese staff type them: ``17:00 30/11/2026``, ``30/11 17h``,
``01/01/2027 - 31/12/2027``, ``sơ kết``. Read in local time (Asia/Ho_Chi_Minh), returned in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from models import MilestoneKind
from services.errors import DomainError
from services.text import fold

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_DUE_TIME = time(17, 0)  # "hạn" without an hour means the end of the working day

# Words people type for a milestone kind (folded: no diacritics, lower case).
_MILESTONE_WORDS: list[tuple[str, MilestoneKind]] = [
    ("dang ky", MilestoneKind.REGISTRATION), ("registration", MilestoneKind.REGISTRATION),
    ("so ket", MilestoneKind.MIDTERM), ("midterm", MilestoneKind.MIDTERM),
    ("tong ket", MilestoneKind.FINAL), ("final", MilestoneKind.FINAL),
    ("nop ho so", MilestoneKind.NOMINATION), ("ho so", MilestoneKind.NOMINATION),
    ("nomination", MilestoneKind.NOMINATION),
    ("hang thang", MilestoneKind.MONTHLY), ("thang", MilestoneKind.MONTHLY),
    ("monthly", MilestoneKind.MONTHLY),
    ("hang quy", MilestoneKind.QUARTERLY), ("quy", MilestoneKind.QUARTERLY),
    ("quarterly", MilestoneKind.QUARTERLY), ("dinh ky", MilestoneKind.MONTHLY),
    ("periodic", MilestoneKind.MONTHLY),
]


# -- dates ----------------------------------------------------------------------------------------
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_VN = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?(?!\d)")
_PERIOD_SPLIT = re.compile(r"\s+(?:-|–|đến|den|to)\s+|\s*–\s*|(?<=\d)\s*-\s+|\s+-\s*(?=\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h|g|giờ|gio)\s*(\d{2})?(?:\s*(?:p|phút|phut|'))?(?!\d)")


def parse_date(text: str, *, today: date) -> date:
    """``30/11/2026``, ``30-11-26``, ``2026-11-30``; without a year, the next such day from today."""
    value = _find_date(text.strip().lower(), today)
    if value is None:
        raise DomainError("campaign.bad_date", text=text[:40])
    return value[0]


def _find_date(text: str, today: date) -> tuple[date, tuple[int, int]] | None:
    m = _DATE_ISO.search(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])), m.span()
        m = _DATE_VN.search(text)
        if not m:
            return None
        day, month = int(m[1]), int(m[2])
        if m[3]:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, month, day), m.span()
        candidate = date(today.year, month, day)
        if candidate < today:
            candidate = date(today.year + 1, month, day)
        return candidate, m.span()
    except ValueError:
        return None


def parse_due(text: str, *, now: datetime, tz: ZoneInfo = VN) -> datetime:
    """A due date and time as staff write it, in local time, returned in UTC.

    ``17:00 30/11/2026``, ``30/11/2026 17:00``, ``30/11 17h``, ``17h30 ngày 30/11``, ``2026-11-30 08:00``.
    Without an hour the deadline is 17:00; without a year, the next such day.
    """
    raw = " ".join(text.strip().lower().split())
    today = now.astimezone(tz).date()
    found = _find_date(raw, today)
    if found is None:
        raise DomainError("campaign.bad_date", text=text[:40])
    day, (start, end) = found
    rest = raw[:start] + " " + raw[end:]
    at = DEFAULT_DUE_TIME
    m = _TIME.search(rest)
    if m:
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour > 23 or minute > 59:
            raise DomainError("campaign.bad_date", text=text[:40])
        at = time(hour, minute)
    elif re.search(r"\d", rest):
        raise DomainError("campaign.bad_date", text=text[:40])
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def parse_period(text: str, *, today: date) -> tuple[date, date]:
    """``01/01/2027 - 31/12/2027`` or ``01/01/2027 đến 31/12/2027``."""
    # Spaces collapsed first: on a long run of spaces the pattern's leading \s+ would be tried
    # from every position of the run (quadratic time).
    parts = _PERIOD_SPLIT.split(" ".join(text.split()), maxsplit=1)
    if len(parts) != 2:
        raise DomainError("campaign.bad_period", text=text[:60])
    start, end = parse_date(parts[0], today=today), parse_date(parts[1], today=today)
    if end < start:
        raise DomainError("campaign.period_reversed")
    return start, end


def milestone_kind(word: str) -> MilestoneKind | None:
    folded = fold(word)
    for kind in MilestoneKind:
        if folded == kind.value.replace("_", " ") or folded == kind.value:
            return kind
    for key, kind in _MILESTONE_WORDS:
        if folded == key or folded.startswith(key + " "):
            return kind
    return None
