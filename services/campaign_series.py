"""Recurring milestones ("hàng tháng", "hàng quý") as a series of dated milestones."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MAX_SERIES = 60  # five years of months: more is a typo, not a plan


def every(first: datetime, *, months: int, until: date, tz: ZoneInfo) -> Iterator[datetime]:
    """``first`` and the same day and hour every ``months`` months, up to ``until`` (a local day).

    A day the month does not have becomes its last day (31/01 → 28/02 → 31/03, not 03/03).
    """
    local = first.astimezone(tz)
    for n in range(MAX_SERIES):
        month_index = local.month - 1 + n * months
        year, month = local.year + month_index // 12, month_index % 12 + 1
        day = min(local.day, calendar.monthrange(year, month)[1])
        moment = local.replace(year=year, month=month, day=day)
        if moment.date() > until:
            return
        yield moment.astimezone(UTC)
