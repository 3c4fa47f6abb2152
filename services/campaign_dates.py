"""Campaign dates and milestone kinds: due dates, periods and ``sơ kết``, read by services.when
(the one reader of days and times), in local time (Asia/Ho_Chi_Minh), returned in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from models import MilestoneKind
from services import when
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


# -- dates: read by services.when, the one reader of days and times ---------------------------
def _reading(text: str, *, today: date, code: str) -> when.Reading:
    try:
        return when.read(text, today=today)
    except DomainError:
        raise DomainError(code, text=text[:40]) from None


_PERIOD_SPLIT = re.compile(r"\s+(?:-|–|đến|den|to)\s+|\s*–\s*|(?<=\d)\s*-\s+|\s+-\s*(?=\d)")


def parse_date(text: str, *, today: date) -> date:
    """``30/11/2026``, ``30-11-26``, ``2026-11-30``, ``ngày mai``, ``thứ Sáu``; a day only."""
    reading = _reading(text, today=today, code="campaign.bad_date")
    if reading.day is None or reading.at is not None:
        raise DomainError("campaign.bad_date", text=text[:40])
    return reading.day


def parse_due(text: str, *, now: datetime, tz: ZoneInfo = VN) -> datetime:
    """A due date and time as staff write it, in local time, returned in UTC.

    ``17:00 30/11/2026``, ``30/11 17h``, ``ngày mai 9h``, ``thứ Sáu``, ``2026-11-30 08:00``…
    (services.when reads them all). Without an hour the deadline is 17:00.
    """
    today = now.astimezone(tz).date()
    reading = _reading(text, today=today, code="campaign.bad_date")
    if reading.day is None:
        raise DomainError("campaign.bad_date", text=text[:40])
    at = reading.at or DEFAULT_DUE_TIME
    return datetime.combine(reading.day, at, tzinfo=tz).astimezone(UTC)


def parse_period(text: str, *, today: date, allow_past: bool = True) -> tuple[date, date]:
    """``01/01/2027 - 31/12/2027`` or ``01/01/2027 đến 31/12/2027``: two days, not times."""
    # Spaces collapsed first: on a long run of spaces the pattern's leading \s+ would be tried
    # from every position of the run (quadratic time).
    parts = _PERIOD_SPLIT.split(" ".join(text.split()), maxsplit=1)
    if len(parts) != 2:
        raise DomainError("campaign.bad_period", text=text[:60])
    try:
        start, end = parse_date(parts[0], today=today), parse_date(parts[1], today=today)
    except DomainError:
        raise DomainError("campaign.bad_period", text=text[:60]) from None
    if end < start:
        raise DomainError("campaign.period_reversed")
    if not allow_past and end < today:
        raise DomainError("campaign.period_past", end=f"{end:%d/%m/%Y}")
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
