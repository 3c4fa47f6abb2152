"""The facts the statistics are drawn from: who was expected at which milestone, who reported
(on time or late) and with what weighted completion. One pass over the tables per request, in
a few set-based queries, so a view of 700 units costs a handful of round trips."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    CampaignStatus,
    Milestone,
    MilestoneKind,
    Registration,
    Report,
    ReportRevision,
    ReportValue,
    Target,
    Unit,
    UnitField,
)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(slots=True)
class MilestoneFacts:
    milestone: Milestone
    campaign: Campaign
    expected: set[int] = field(default_factory=set)  # unit ids
    on_time: set[int] = field(default_factory=set)
    late: set[int] = field(default_factory=set)
    scores: dict[int, float] = field(default_factory=dict)  # unit id -> completion, capped at 1

    @property
    def registration(self) -> bool:
        return self.milestone.kind == MilestoneKind.REGISTRATION

    def missing(self, now: datetime) -> set[int]:
        """Units expected that have not submitted; none before the milestone is due."""
        if self.milestone.due_at > now:
            return set()
        return self.expected - self.on_time - self.late


@dataclass(slots=True)
class Facts:
    campaigns: list[Campaign]
    milestones: list[MilestoneFacts]  # by due time
    unit_fields: dict[int, set[str]]  # unit id -> its fields in scope
    unit_names: dict[int, tuple[str, str]]  # unit id -> (code, name)

    def units_of(self, field_code: str) -> set[int]:
        return {u for u, fs in self.unit_fields.items() if field_code in fs}


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year in local time, as UTC instants."""
    start = datetime(year, 1, 1, tzinfo=LOCAL).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=LOCAL).astimezone(UTC)
    return start, end


async def campaigns_in(session: AsyncSession, *, campaign_id: int | None, year: int | None,
                       field_codes: list[str]) -> list[Campaign]:
    """The launched campaigns of the period that belong to at least one of the fields."""
    in_fields = select(CampaignField.campaign_id).where(col(CampaignField.field_code).in_(field_codes))
    query = select(Campaign).where(col(Campaign.status) != CampaignStatus.DRAFT,
                                   col(Campaign.id).in_(in_fields))
    if campaign_id is not None:
        query = query.where(Campaign.id == campaign_id)
    elif year is not None:
        start, end = year_bounds(year)
        due_in_year = select(Milestone.campaign_id).where(col(Milestone.due_at) >= start,
                                                          col(Milestone.due_at) < end)
        query = query.where(col(Campaign.id).in_(due_in_year))
    rows = await session.exec(query.order_by(col(Campaign.id)))
    return list(rows.all())


async def load(session: AsyncSession, campaigns: list[Campaign], field_codes: list[str], *,
               year: int | None = None) -> Facts:
    """Expected units, submissions and scores for every milestone of ``campaigns`` (of ``year``
    only, when given), counting only units of ``field_codes``."""
    ids = [c.id or 0 for c in campaigns]
    by_id = {c.id or 0: c for c in campaigns}
    if not ids:
        return Facts([], [], {}, {})
    camp_fields: dict[int, set[str]] = defaultdict(set)
    for cid, code in (await session.exec(select(CampaignField.campaign_id, CampaignField.field_code)
                                         .where(col(CampaignField.campaign_id).in_(ids)))).all():
        if code in field_codes:
            camp_fields[cid].add(code)
    unit_fields: dict[int, set[str]] = defaultdict(set)
    names: dict[int, tuple[str, str]] = {}
    rows = await session.exec(
        select(UnitField.unit_id, UnitField.field_code, Unit.code, Unit.name)
        .join(Unit, col(Unit.id) == col(UnitField.unit_id))
        .where(col(Unit.is_active).is_(True), col(UnitField.field_code).in_(field_codes)))
    for unit_id, code, unit_code, unit_name in rows.all():
        unit_fields[unit_id].add(code)
        names[unit_id] = (unit_code, unit_name)
    ms_query = select(Milestone).where(col(Milestone.campaign_id).in_(ids))
    if year is not None:
        start, end = year_bounds(year)
        ms_query = ms_query.where(col(Milestone.due_at) >= start, col(Milestone.due_at) < end)
    milestones = (await session.exec(ms_query.order_by(col(Milestone.due_at), col(Milestone.id)))).all()
    facts = [MilestoneFacts(m, by_id[m.campaign_id]) for m in milestones]
    by_ms = {f.milestone.id or 0: f for f in facts}
    for f in facts:
        wanted = camp_fields[f.campaign.id or 0]
        f.expected = {u for u, fs in unit_fields.items() if fs & wanted}
    # Registrations answer the đăng ký milestone.
    reg_ms: dict[int, list[MilestoneFacts]] = defaultdict(list)
    for f in facts:
        if f.registration:
            reg_ms[f.campaign.id or 0].append(f)
    if reg_ms:
        regs = await session.exec(select(Registration.campaign_id, Registration.unit_id,
                                         Registration.late)
                                  .where(col(Registration.campaign_id).in_(list(reg_ms))))
        for cid, unit_id, late in regs.all():
            for f in reg_ms[cid]:
                if unit_id in f.expected:
                    (f.late if late else f.on_time).add(unit_id)
    report_ids = [m for m, f in by_ms.items() if not f.registration]
    if report_ids:
        await _reports(session, ids, report_ids, by_ms)
    return Facts(list(campaigns), facts, dict(unit_fields), names)


async def _reports(session: AsyncSession, campaign_ids: list[int], milestone_ids: list[int],
                   by_ms: dict[int, MilestoneFacts]) -> None:
    """Submissions and weighted completion of the latest revisions (services.progress.unit_score's
    rule: weighted mean of value ÷ target, a skipped or missing value counting 0), computed on
    plain numbers: ~75,000 values for 700 units in a fraction of a second."""
    totals: dict[int, float] = defaultdict(float)  # campaign id -> the sum of its targets' weights
    for cid, w in (await session.exec(select(Target.campaign_id, Target.weight)
                                      .where(col(Target.campaign_id).in_(campaign_ids)))).all():
        totals[cid] += max(w, 0.0)
    # One row per report: the weighted sum of value ÷ target is added up by the database.
    weight = case((col(Target.weight) > 0, col(Target.weight)), else_=0.0)
    part = case((and_(col(ReportValue.skipped).is_(False), col(ReportValue.value).is_not(None),
                      col(Target.target_value) > 0),
                 weight * col(ReportValue.value) / col(Target.target_value)), else_=0.0)
    conn = await session.connection()
    rows = await conn.execute(
        sa_select(col(Report.milestone_id), col(Report.unit_id), col(Report.late),
                  func.count(col(ReportValue.target_id)), func.sum(part))
        .select_from(Report)
        .join(ReportRevision, and_(col(ReportRevision.report_id) == col(Report.id),
                                   col(ReportRevision.number) == col(Report.revisions)))
        .outerjoin(ReportValue, col(ReportValue.revision_id) == col(ReportRevision.id))
        .outerjoin(Target, col(Target.id) == col(ReportValue.target_id))
        .where(or_(*[col(Report.milestone_id).in_(milestone_ids[i:i + 500])
                     for i in range(0, len(milestone_ids), 500)]))
        .group_by(col(Report.id), col(Report.milestone_id), col(Report.unit_id), col(Report.late)))
    for ms_id, unit_id, late, n_values, total in rows.all():
        f = by_ms[ms_id]
        if unit_id not in f.expected:
            continue
        (f.late if late else f.on_time).add(unit_id)
        weight_sum = totals.get(f.campaign.id or 0, 0.0)
        if n_values and weight_sum > 0:
            f.scores[unit_id] = min(float(total or 0.0) / weight_sum, 1.0)
