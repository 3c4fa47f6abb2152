"""Recurring milestones ("hàng tháng", "hàng quý") as a series of dated milestones.

The chat (/campaign_new) and a campaign file both expand a recurring milestone here, so the same
words make the same series wherever they are typed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from models import MilestoneKind
from services.campaigns import MilestoneSpec

MAX_SERIES = 60  # five years of months: more is a typo, not a plan
# How many months apart the milestones of a recurring kind fall.
STEP_MONTHS = {MilestoneKind.MONTHLY: 1, MilestoneKind.QUARTERLY: 3}

# The name of one milestone of a series, from its kind and local due moment ("Báo cáo tháng 4/2027"):
# given by the caller, in the language of the person (or file) that asked for the series.
SeriesName = Callable[[MilestoneKind, datetime], str]


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


def expand(milestone: MilestoneSpec, *, ends: date | None, tz: ZoneInfo, name: SeriesName
           ) -> list[MilestoneSpec]:
    """A recurring milestone as its series up to the period's last day ``ends``; any other
    milestone (or one without a period end) as itself.

    Each milestone of the series is named ``name(kind, local due)``, after the given title when
    there is one; a given code gets the series number (``BC`` → ``BC1``, ``BC2``…), no code lets
    the campaign number them.
    """
    months = STEP_MONTHS.get(milestone.kind)
    if months is None or ends is None:
        return [milestone]
    out = []
    for n, moment in enumerate(every(milestone.due_at, months=months, until=ends, tz=tz), 1):
        label = name(milestone.kind, moment.astimezone(tz))
        out.append(MilestoneSpec(
            kind=milestone.kind, due_at=moment,
            title=f"{milestone.title} {label}".strip() if milestone.title else label,
            code=f"{milestone.code}{n}" if milestone.code else ""))
    return out
