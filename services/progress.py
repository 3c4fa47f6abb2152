"""Progress: completion per target, a unit's score, its status, and who has not submitted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    CampaignStatus,
    EmulationField,
    Member,
    Milestone,
    MilestoneKind,
    Registration,
    Report,
    ReportRevision,
    ReportValue,
    Role,
    Target,
    Unit,
    UnitField,
)
from services import campaigns
from services.errors import AccessDenied, DomainError


def completion(value: float | None, target: Target) -> float | None:
    """value ÷ target value (1.0 = 100 %, above 1 when exceeded); None when nothing to compare."""
    if value is None or target.target_value <= 0:
        return None
    return value / target.target_value


@dataclass(slots=True)
class TargetProgress:
    target: Target
    value: float | None
    skipped: bool = False

    @property
    def completion(self) -> float | None:
        return None if self.skipped else completion(self.value, self.target)


def unit_score(items: Sequence[TargetProgress]) -> float | None:
    """Weighted mean of completion over all targets; a skipped or missing value counts as 0."""
    total = sum(max(i.target.weight, 0.0) for i in items)
    if total <= 0:
        return None
    return sum(max(i.target.weight, 0.0) * (i.completion or 0.0) for i in items) / total


# -- a unit's status ----------------------------------------------------------------------------
@dataclass(slots=True)
class MilestoneLine:
    milestone: Milestone
    report: Report | None = None
    score: float | None = None


@dataclass(slots=True)
class CampaignLine:
    campaign: Campaign
    registration: Registration | None
    milestones: list[MilestoneLine] = field(default_factory=list)
    next_due: Milestone | None = None


@dataclass(slots=True)
class UnitStatus:
    unit: Unit
    campaigns: list[CampaignLine] = field(default_factory=list)


async def unit_status(session: AsyncSession, actor: Member, *, now: datetime,
                      unit_id: int | None = None) -> UnitStatus:
    """Registrations, reports (latest revision, late, score) and what is due next, for one unit."""
    unit_id = unit_id if unit_id is not None else actor.unit_id
    if unit_id is None:
        raise DomainError("report.no_unit")
    await campaigns.require_unit_scope(session, actor, unit_id, None, action="status.view",
                                       target=f"unit:{unit_id}")
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise DomainError("report.unit_gone")
    in_fields = select(CampaignField.campaign_id).join(
        UnitField, col(UnitField.field_code) == col(CampaignField.field_code)
    ).where(UnitField.unit_id == unit_id)
    registered = select(Registration.campaign_id).where(Registration.unit_id == unit_id)
    camps = list((await session.exec(select(Campaign).where(
        Campaign.status == CampaignStatus.ACTIVE,
        or_(col(Campaign.id).in_(in_fields), col(Campaign.id).in_(registered)),
    ).order_by(col(Campaign.id)))).all())
    ids = [c.id for c in camps]
    if not ids:
        return UnitStatus(unit)
    milestones = (await session.exec(select(Milestone).where(col(Milestone.campaign_id).in_(ids))
                                     .order_by(col(Milestone.due_at), col(Milestone.id)))).all()
    regs = {r.campaign_id: r for r in (await session.exec(select(Registration).where(
        Registration.unit_id == unit_id, col(Registration.campaign_id).in_(ids)))).all()}
    reports = {r.milestone_id: r for r in (await session.exec(select(Report).where(
        Report.unit_id == unit_id, col(Report.campaign_id).in_(ids)))).all()}
    targets: dict[int, list[Target]] = {}
    for t in (await session.exec(select(Target).where(col(Target.campaign_id).in_(ids))
                                 .order_by(col(Target.position), col(Target.id)))).all():
        targets.setdefault(t.campaign_id, []).append(t)
    latest: dict[int, dict[int, ReportValue]] = {}
    rows = await session.exec(
        select(Report.milestone_id, ReportValue)
        .join(ReportRevision, and_(col(ReportRevision.report_id) == col(Report.id),
                                   col(ReportRevision.number) == col(Report.revisions)))
        .join(ReportValue, col(ReportValue.revision_id) == col(ReportRevision.id))
        .where(Report.unit_id == unit_id, col(Report.campaign_id).in_(ids)))
    for milestone_id, value in rows.all():
        latest.setdefault(milestone_id, {})[value.target_id] = value
    status = UnitStatus(unit)
    for c in camps:
        line = CampaignLine(c, regs.get(c.id or 0))
        mine = [m for m in milestones if m.campaign_id == c.id]
        for m in mine:
            report = reports.get(m.id or 0)
            score = None
            if report is not None and m.id in latest:
                values = latest[m.id]
                score = unit_score([
                    TargetProgress(t, values[t.id].value if t.id in values else None,
                                   values[t.id].skipped if t.id in values else False)
                    for t in targets.get(c.id or 0, [])])
            line.milestones.append(MilestoneLine(m, report, score))
        pending = [m for m in mine if m.due_at >= now and (m.id or 0) not in reports
                   and not (m.kind == MilestoneKind.REGISTRATION and line.registration)]
        line.next_due = pending[0] if pending else campaigns.next_milestone(mine, now)
        status.campaigns.append(line)
    return status


# -- who is missing -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitRef:
    id: int
    code: str
    name: str


@dataclass(slots=True)
class MissingGroup:
    field_code: str | None  # None: registered units outside the campaign's fields
    name_vi: str
    name_en: str
    units: list[UnitRef] = field(default_factory=list)


@dataclass(slots=True)
class MissingView:
    milestone: Milestone
    campaign: Campaign
    groups: list[MissingGroup]
    expected: int
    missing: int


async def missing(session: AsyncSession, actor: Member, milestone_id: int) -> MissingView:
    """Units that have not submitted for a milestone (a report; for đăng ký, a registration),
    grouped by field. A field lead sees only their field; an admin all; others nothing."""
    target = f"milestone:{milestone_id}"
    if actor is None or not actor.is_active or actor.role not in (Role.ADMIN, Role.FIELD_LEAD):
        raise AccessDenied("missing.view", target=target)
    milestone, campaign = await campaigns.get_milestone(session, milestone_id)
    codes = await campaigns.field_codes_of(session, campaign.id or 0)
    if actor.role != Role.ADMIN:
        if actor.field_code not in codes:
            raise AccessDenied("missing.view", target=target)
        codes = [actor.field_code]
    if milestone.kind == MilestoneKind.REGISTRATION:
        done = select(Registration.unit_id).where(Registration.campaign_id == campaign.id)
    elif milestone.kind == MilestoneKind.NOMINATION:
        from services.awards.nominations import submitted_units

        done = submitted_units(milestone_id)  # type: ignore[assignment]
    else:
        done = select(Report.unit_id).where(Report.milestone_id == milestone_id)
    in_scope = and_(col(UnitField.field_code).in_(codes), col(Unit.is_active).is_(True))
    expected_ids = set((await session.exec(
        select(UnitField.unit_id).join(Unit, col(Unit.id) == col(UnitField.unit_id))
        .where(in_scope))).all())
    rows = (await session.exec(
        select(UnitField.field_code, Unit.id, Unit.code, Unit.name)
        .join(Unit, col(Unit.id) == col(UnitField.unit_id))
        .where(in_scope, col(Unit.id).not_in(done))
        .order_by(col(Unit.code)))).all()
    names = {f.code: f for f in (await session.exec(
        select(EmulationField).where(col(EmulationField.code).in_(codes)))).all()}
    groups: dict[str | None, MissingGroup] = {}
    for code in sorted(codes, key=lambda c: (names[c].position if c in names else 0, c)):
        f = names.get(code)
        groups[code] = MissingGroup(code, f.name_vi if f else code, f.name_en if f else code)
    absent: set[int] = set()
    for code, unit_id, unit_code, unit_name in rows:
        absent.add(unit_id or 0)
        groups[code].units.append(UnitRef(unit_id or 0, unit_code, unit_name))
    expected = len(expected_ids)
    if actor.role == Role.ADMIN:
        # Units that registered although none of their fields is the campaign's.
        outside = (await session.exec(
            select(Unit.id, Unit.code, Unit.name, col(Unit.id).in_(done))
            .join(Registration, col(Registration.unit_id) == col(Unit.id))
            .where(Registration.campaign_id == campaign.id, col(Unit.is_active).is_(True),
                   col(Unit.id).not_in(select(UnitField.unit_id)
                                       .where(col(UnitField.field_code).in_(codes))))
            .order_by(col(Unit.code)))).all()
        other = MissingGroup(None, "Khác", "Other")
        for unit_id, unit_code, unit_name, submitted in outside:
            expected += 1
            if not submitted:
                absent.add(unit_id or 0)
                other.units.append(UnitRef(unit_id or 0, unit_code, unit_name))
        if other.units:
            groups[None] = other
    return MissingView(milestone, campaign, [g for g in groups.values() if g.units],
                       expected, len(absent))


async def milestones_for_missing(session: AsyncSession, actor: Member,
                                 ) -> list[tuple[Campaign, list[Milestone]]]:
    """Campaigns (and their milestones) the person may ask /missing about."""
    if actor.role not in (Role.ADMIN, Role.FIELD_LEAD) or not actor.is_active:
        raise AccessDenied("missing.view")
    out = []
    for c in await campaigns.visible_campaigns(session, actor):
        if actor.role != Role.ADMIN and actor.field_code not in await campaigns.field_codes_of(
                session, c.id or 0):
            continue
        out.append((c, await campaigns.milestones_of(session, c.id or 0)))
    return out
