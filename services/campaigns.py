"""Campaigns: creating and changing them, who may, and reading dates as Vietnamese staff write them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, or_
from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    CampaignKind,
    CampaignStatus,
    Directive,
    EmulationField,
    Member,
    Milestone,
    MilestoneKind,
    Nudge,
    Registration,
    Report,
    ReportValue,
    Role,
    Target,
    TargetKind,
    Unit,
    UnitField,
)
from services import audit
from services.campaign_dates import VN as VN
from services.campaign_dates import milestone_kind as milestone_kind
from services.campaign_dates import parse_date as parse_date
from services.campaign_dates import parse_due as parse_due
from services.campaign_dates import parse_period as parse_period
from services.errors import AccessDenied, DomainError, NotFound
from services.text import clean_line, fold

MAX_TARGETS = 60
MAX_MILESTONES = 60
MAX_VALUE = 1e12

MILESTONE_CODE_PREFIX = {
    MilestoneKind.REGISTRATION: "DK",
    MilestoneKind.MIDTERM: "SK",
    MilestoneKind.FINAL: "TK",
    MilestoneKind.NOMINATION: "HS",
    MilestoneKind.MONTHLY: "TH",
    MilestoneKind.QUARTERLY: "Q",
}
# Milestones at which units report progress (registration and nomination files have their own paths).
REPORTING_KINDS = frozenset({MilestoneKind.MIDTERM, MilestoneKind.FINAL, MilestoneKind.MONTHLY,
                             MilestoneKind.QUARTERLY})





# -- specs: what a campaign is made of, before it is saved ---------------------------------------
@dataclass(slots=True)
class TargetSpec:
    name: str
    unit_of_measure: str = ""
    target_value: float = 1.0
    weight: float = 1.0
    kind: TargetKind = TargetKind.NUMBER
    code: str = ""


@dataclass(slots=True)
class MilestoneSpec:
    kind: MilestoneKind
    due_at: datetime
    title: str = ""
    code: str = ""


@dataclass(slots=True)
class CampaignSpec:
    title: str
    slogan: str = ""
    kind: CampaignKind = CampaignKind.TIME_BOXED
    starts_on: date | None = None
    ends_on: date | None = None
    field_codes: list[str] = field(default_factory=list)
    lead_unit_code: str | None = None
    targets: list[TargetSpec] = field(default_factory=list)
    milestones: list[MilestoneSpec] = field(default_factory=list)
    code: str = ""


@dataclass(slots=True)
class SaveResult:
    campaign: Campaign
    created: bool
    # Milestones whose due time changed: (milestone, previous due)
    moved: list[tuple[Milestone, datetime]] = field(default_factory=list)
    changed: bool = True  # False: the spec was what is stored already (an import run again)


# -- who may ------------------------------------------------------------------------------------
def can_manage(actor: Member | None, field_codes: Sequence[str]) -> bool:
    """Admins manage every campaign; a field lead only campaigns that are in their field alone."""
    if actor is None or not actor.is_active:
        return False
    if actor.role == Role.ADMIN:
        return True
    return (actor.role == Role.FIELD_LEAD and actor.field_code is not None
            and set(field_codes) == {actor.field_code})


def require_manager(actor: Member | None, field_codes: Sequence[str], *, action: str,
                    target: str | None = None) -> None:
    if not can_manage(actor, field_codes):
        raise AccessDenied(action, target=target)


async def field_codes_of(session: AsyncSession, campaign_id: int) -> list[str]:
    rows = await session.exec(select(CampaignField.field_code)
                              .where(CampaignField.campaign_id == campaign_id))
    return sorted(rows.all())


async def unit_field_codes(session: AsyncSession, unit_id: int) -> set[str]:
    rows = await session.exec(select(UnitField.field_code).where(UnitField.unit_id == unit_id))
    return set(rows.all())


async def require_unit_scope(session: AsyncSession, actor: Member | None, unit_id: int,
                             campaign_id: int | None, *, action: str, target: str) -> None:
    """An officer reads only their unit; a field lead only units of their field; an admin all."""
    if actor is None or not actor.is_active:
        raise AccessDenied(action, target=target)
    if actor.role == Role.ADMIN:
        return
    if actor.unit_id is not None and actor.unit_id == unit_id and actor.role != Role.STRANGER:
        return
    if actor.role == Role.FIELD_LEAD and actor.field_code is not None:
        in_unit = actor.field_code in await unit_field_codes(session, unit_id)
        in_campaign = campaign_id is None or actor.field_code in await field_codes_of(
            session, campaign_id)
        if in_unit and in_campaign:
            return
    raise AccessDenied(action, target=target)


# -- reading ------------------------------------------------------------------------------------
async def get(session: AsyncSession, campaign_id: int) -> Campaign:
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("campaign")
    return campaign


async def by_code(session: AsyncSession, code: str) -> Campaign | None:
    rows = await session.exec(select(Campaign).where(
        func.upper(Campaign.code) == clean_line(code, limit=32).upper()))
    return rows.first()


async def targets_of(session: AsyncSession, campaign_id: int) -> list[Target]:
    rows = await session.exec(select(Target).where(Target.campaign_id == campaign_id)
                              .order_by(col(Target.position), col(Target.id)))
    return list(rows.all())


async def milestones_of(session: AsyncSession, campaign_id: int) -> list[Milestone]:
    rows = await session.exec(select(Milestone).where(Milestone.campaign_id == campaign_id)
                              .order_by(col(Milestone.due_at), col(Milestone.id)))
    return list(rows.all())


async def get_milestone(session: AsyncSession, milestone_id: int) -> tuple[Milestone, Campaign]:
    milestone = await session.get(Milestone, milestone_id)
    if milestone is None:
        raise NotFound("milestone")
    return milestone, await get(session, milestone.campaign_id)


def next_milestone(milestones: Sequence[Milestone], now: datetime) -> Milestone | None:
    upcoming = [m for m in milestones if m.due_at >= now]
    return min(upcoming, key=lambda m: m.due_at) if upcoming else None


async def fields(session: AsyncSession) -> list[EmulationField]:
    rows = await session.exec(select(EmulationField).order_by(col(EmulationField.position),
                                                              col(EmulationField.code)))
    return list(rows.all())


async def visible_campaigns(session: AsyncSession, actor: Member, *,
                            statuses: Sequence[CampaignStatus] = (CampaignStatus.ACTIVE,)
                            ) -> list[Campaign]:
    """Campaigns in the person's fields: a field lead's field, an officer's unit's fields and the
    campaigns their unit registered for; admins see all."""
    query = select(Campaign).where(col(Campaign.status).in_(list(statuses)))
    if actor.role != Role.ADMIN:
        codes: set[str] = set()
        if actor.field_code:
            codes.add(actor.field_code)
        if actor.unit_id is not None:
            codes |= await unit_field_codes(session, actor.unit_id)
        in_fields = select(CampaignField.campaign_id).where(col(CampaignField.field_code).in_(codes))
        conditions: list[ColumnElement[bool]] = [col(Campaign.id).in_(in_fields)]
        if actor.unit_id is not None:
            conditions.append(col(Campaign.id).in_(
                select(Registration.campaign_id).where(Registration.unit_id == actor.unit_id)))
        if actor.role == Role.FIELD_LEAD and actor.unit_id is not None:
            conditions.append(col(Campaign.lead_unit_id) == actor.unit_id)
        query = query.where(or_(*conditions))
    rows = await session.exec(query.order_by(col(Campaign.id).desc()))
    return list(rows.all())


async def participating_units(session: AsyncSession, campaign_id: int) -> list[Unit]:
    """Active units in the campaign's fields, plus any unit that registered for it."""
    in_fields = select(UnitField.unit_id).join(
        CampaignField, col(CampaignField.field_code) == col(UnitField.field_code)
    ).where(CampaignField.campaign_id == campaign_id)
    registered = select(Registration.unit_id).where(Registration.campaign_id == campaign_id)
    rows = await session.exec(select(Unit).where(
        col(Unit.is_active).is_(True),
        or_(col(Unit.id).in_(in_fields), col(Unit.id).in_(registered)),
    ).order_by(col(Unit.code)))
    return list(rows.all())


async def takes_part(session: AsyncSession, campaign_id: int, unit_id: int) -> bool:
    """Whether the unit is in one of the campaign's fields or registered for it."""
    in_fields = select(UnitField.unit_id).join(
        CampaignField, col(CampaignField.field_code) == col(UnitField.field_code)
    ).where(CampaignField.campaign_id == campaign_id, UnitField.unit_id == unit_id)
    registered = select(Registration.unit_id).where(Registration.campaign_id == campaign_id,
                                                    Registration.unit_id == unit_id)
    for query in (in_fields, registered):
        if (await session.exec(query.limit(1))).first() is not None:
            return True
    return False


def require_viewer(actor: Member | None, campaign: Campaign, field_codes: Sequence[str]) -> bool:
    """A campaign's card: its managers see it in any state, members of the sector see it once
    launched, strangers never. Returns whether the actor manages it."""
    if can_manage(actor, field_codes):
        return True
    if (actor is None or not actor.is_active or actor.role == Role.STRANGER
            or campaign.status != CampaignStatus.ACTIVE):
        raise AccessDenied("campaign.view", target=f"campaign:{campaign.id}")
    return False


# -- validation and saving ----------------------------------------------------------------------
def _code_from_title(title: str, year: int | None) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", fold(title)) if w]
    initials = "".join(w[0] for w in words if not w.isdigit())[:8].upper() or "PT"
    digits = next((w for w in reversed(words) if w.isdigit() and len(w) == 4), None)
    return f"{initials}{digits or (year or '')}"[:24]


async def _free_code(session: AsyncSession, base: str) -> str:
    code, n = base, 1
    while await by_code(session, code) is not None:
        n += 1
        code = f"{base}-{n}"
    return code


def validate_spec(spec: CampaignSpec, known_fields: set[str]) -> list[DomainError]:
    """Every problem with a spec, so a file can be fixed in one pass."""
    problems: list[DomainError] = []
    if not clean_line(spec.title, limit=300):
        problems.append(DomainError("campaign.title_missing"))
    if not spec.field_codes:
        problems.append(DomainError("campaign.fields_missing"))
    for code in spec.field_codes:
        if code not in known_fields:
            problems.append(DomainError("campaign.unknown_field", ref=code))
    if spec.starts_on and spec.ends_on and spec.ends_on < spec.starts_on:
        problems.append(DomainError("campaign.period_reversed"))
    if not spec.targets:
        problems.append(DomainError("campaign.targets_missing"))
    if len(spec.targets) > MAX_TARGETS:
        problems.append(DomainError("campaign.too_many", what="targets", limit=MAX_TARGETS))
    if len(spec.milestones) > MAX_MILESTONES:
        problems.append(DomainError("campaign.too_many", what="milestones", limit=MAX_MILESTONES))
    seen: set[str] = set()
    for i, t in enumerate(spec.targets, 1):
        label = t.code or str(i)
        if not clean_line(t.name, limit=300):
            problems.append(DomainError("campaign.target_name_missing", target=label))
        elif not any(ch.isalnum() for ch in t.name):  # "🚀" alone names nothing
            problems.append(DomainError("campaign.target_name_letters", target=t.name[:20]))
        limit = 100.0 if t.kind == TargetKind.PERCENT else MAX_VALUE
        if not (0 < t.target_value <= limit):
            problems.append(DomainError("campaign.target_value_bad", target=label))
        if not (0 < t.weight <= 1000):
            problems.append(DomainError("campaign.target_weight_bad", target=label))
        if t.code:
            if t.code.upper() in seen:
                problems.append(DomainError("campaign.duplicate_code", ref=t.code))
            seen.add(t.code.upper())
    if spec.targets and sum(t.weight for t in spec.targets) <= 0:
        problems.append(DomainError("campaign.weights_zero"))
    seen = set()
    for m in spec.milestones:
        if m.code:
            if m.code.upper() in seen:
                problems.append(DomainError("campaign.duplicate_code", ref=m.code))
            seen.add(m.code.upper())
        if m.due_at.tzinfo is None:
            problems.append(DomainError("campaign.bad_date", text=str(m.due_at)))
        elif spec.starts_on and m.due_at.astimezone(VN).date() < spec.starts_on:
            problems.append(DomainError("campaign.milestone_before_start",
                                        ref=m.code or m.title or m.kind.value,
                                        start=f"{spec.starts_on:%d/%m/%Y}"))
    return problems


def _assign_codes(spec: CampaignSpec) -> None:
    used = {t.code.upper() for t in spec.targets if t.code}
    n = 0
    for t in spec.targets:
        if not t.code:
            n += 1
            while f"T{n}" in used:
                n += 1
            t.code = f"T{n}"
            used.add(t.code)
    used = {m.code.upper() for m in spec.milestones if m.code}
    for m in sorted(spec.milestones, key=lambda m: m.due_at):
        if m.code:
            continue
        prefix = MILESTONE_CODE_PREFIX[m.kind]
        periodic = m.kind in (MilestoneKind.MONTHLY, MilestoneKind.QUARTERLY)
        k = 1
        code = f"{prefix}{k}" if periodic else prefix
        while code in used:
            k += 1
            code = f"{prefix}{k}"
        m.code = code
        used.add(code)


async def save(session: AsyncSession, spec: CampaignSpec, *, actor: Member | None,
               now: datetime) -> SaveResult:
    """Create a campaign, or update the one with ``spec.code``: everything is checked first.

    ``actor=None`` is the command line (the operator of the installation).
    """
    if actor is not None:
        require_manager(actor, spec.field_codes, action="campaign.save",
                        target=f"campaign:{spec.code or 'new'}")
    known = {f.code for f in await fields(session)}
    problems = validate_spec(spec, known)
    if problems:
        raise problems[0]
    lead_unit_id: int | None = None
    if spec.lead_unit_code:
        unit = (await session.exec(select(Unit).where(
            func.upper(Unit.code) == spec.lead_unit_code.upper()))).first()
        if unit is None:
            raise DomainError("campaign.unknown_unit", ref=spec.lead_unit_code)
        lead_unit_id = unit.id
    _assign_codes(spec)
    existing = await by_code(session, spec.code) if spec.code else None
    if existing is not None and actor is not None:
        require_manager(actor, await field_codes_of(session, existing.id or 0),
                        action="campaign.save", target=f"campaign:{existing.id}")
    created = existing is None
    before = await _stored(session, existing.id or 0) if existing is not None else None
    updated_before = existing.updated_at if existing is not None else None
    campaign = existing or Campaign(
        code=spec.code or await _free_code(session, _code_from_title(
            spec.title, spec.starts_on.year if spec.starts_on else None)),
        title="", created_by=actor.telegram_id if actor else None, created_at=now)
    campaign.title = clean_line(spec.title, limit=300)
    campaign.slogan = clean_line(spec.slogan, limit=500)
    campaign.kind = spec.kind
    campaign.starts_on, campaign.ends_on = spec.starts_on, spec.ends_on
    campaign.lead_unit_id = lead_unit_id
    campaign.updated_at = now
    session.add(campaign)
    await session.flush()
    assert campaign.id is not None
    cid = campaign.id
    await session.execute(delete(CampaignField).where(col(CampaignField.campaign_id) == cid))
    for code in dict.fromkeys(spec.field_codes):
        session.add(CampaignField(campaign_id=cid, field_code=code))
    result = SaveResult(campaign, created)
    await _save_targets(session, cid, spec.targets)
    result.moved = await _save_milestones(session, cid, spec.milestones)
    await session.flush()
    if before is not None and before == await _stored(session, cid):
        # The same content saved again: nothing changed, so nothing is recorded as a change.
        result.changed = False
        campaign.updated_at = updated_before or now
        session.add(campaign)
        await session.flush()
        return result
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="campaign.create" if created else "campaign.update",
                       target=f"campaign:{cid}", code=campaign.code,
                       targets=len(spec.targets), milestones=len(spec.milestones))
    return result


async def _stored(session: AsyncSession, cid: int) -> tuple[object, ...]:
    """What a save can change of a campaign, to tell whether a save changed anything."""
    c = await get(session, cid)
    return ((c.title, c.slogan, c.kind, c.starts_on, c.ends_on, c.lead_unit_id),
            tuple(sorted(await field_codes_of(session, cid))),
            tuple((t.code, t.name, t.unit_of_measure, t.kind, t.target_value, t.weight, t.position)
                  for t in await targets_of(session, cid)),
            tuple((m.code, m.kind, m.title, m.due_at, m.position)
                  for m in await milestones_of(session, cid)))


async def _save_targets(session: AsyncSession, cid: int, specs: list[TargetSpec]) -> None:
    current = {t.code.upper(): t for t in await targets_of(session, cid)}
    wanted = {s.code.upper() for s in specs}
    for code, target in current.items():
        if code in wanted:
            continue
        used = (await session.exec(select(ReportValue.target_id)
                                   .where(ReportValue.target_id == target.id).limit(1))).first()
        if used is not None:
            raise DomainError("campaign.target_in_use", ref=target.code)
        await session.delete(target)
    for position, s in enumerate(specs):
        target = current.get(s.code.upper()) or Target(campaign_id=cid, code=s.code, name="")
        target.name = clean_line(s.name, limit=300)
        target.unit_of_measure = clean_line(s.unit_of_measure, limit=50)
        target.kind = s.kind
        target.target_value = 1.0 if s.kind == TargetKind.YES_NO else float(s.target_value)
        target.weight = float(s.weight)
        target.position = position
        session.add(target)


async def _save_milestones(session: AsyncSession, cid: int,
                           specs: list[MilestoneSpec]) -> list[tuple[Milestone, datetime]]:
    current = {m.code.upper(): m for m in await milestones_of(session, cid)}
    wanted = {s.code.upper() for s in specs}
    for code, milestone in current.items():
        if code in wanted:
            continue
        used = (await session.exec(select(Report.id)
                                   .where(Report.milestone_id == milestone.id).limit(1))).first()
        if used is not None:
            raise DomainError("campaign.milestone_in_use", ref=milestone.code)
        # The nudge log has no foreign key (it costs the morning sweep): its rows go here, or a
        # milestone that took this id later would find its people already nudged.
        await session.execute(delete(Nudge).where(col(Nudge.milestone_id) == milestone.id))
        await session.delete(milestone)
    moved: list[tuple[Milestone, datetime]] = []
    for position, s in enumerate(sorted(specs, key=lambda s: s.due_at)):
        found = current.get(s.code.upper())
        if found is None:
            milestone = Milestone(campaign_id=cid, code=s.code, kind=s.kind, due_at=s.due_at)
        else:
            milestone = found
            if milestone.due_at != s.due_at:
                moved.append((milestone, milestone.due_at))
        milestone.kind = s.kind
        milestone.title = clean_line(s.title, limit=200)
        milestone.due_at = s.due_at
        milestone.position = position
        session.add(milestone)
    return moved


# -- changing -----------------------------------------------------------------------------------
async def change_due(session: AsyncSession, *, actor: Member, milestone_id: int, due_at: datetime,
                     now: datetime) -> tuple[Milestone, Campaign, datetime]:
    milestone, campaign = await get_milestone(session, milestone_id)
    require_manager(actor, await field_codes_of(session, campaign.id or 0),
                    action="campaign.change_due", target=f"milestone:{milestone_id}")
    previous = milestone.due_at
    milestone.due_at = due_at
    campaign.updated_at = now
    session.add_all([milestone, campaign])
    await audit.record(session, actor=actor.telegram_id, action="campaign.change_due",
                       target=f"milestone:{milestone_id}", previous=previous.isoformat(),
                       due_at=due_at.isoformat())
    await session.flush()
    return milestone, campaign, previous


async def set_status(session: AsyncSession, *, actor: Member, campaign_id: int,
                     status: CampaignStatus, now: datetime) -> Campaign:
    """Close a campaign, or reopen a closed one (it goes back to active if it had been launched)."""
    campaign = await get(session, campaign_id)
    require_manager(actor, await field_codes_of(session, campaign_id),
                    action=f"campaign.{'close' if status == CampaignStatus.CLOSED else 'reopen'}",
                    target=f"campaign:{campaign_id}")
    previous = campaign.status
    if status == CampaignStatus.CLOSED:
        if previous == CampaignStatus.CLOSED:
            raise DomainError("campaign.already_closed")
        campaign.closed_at = now
    else:
        if previous != CampaignStatus.CLOSED:
            raise DomainError("campaign.not_closed")
        status = CampaignStatus.ACTIVE if campaign.launched_at else CampaignStatus.DRAFT
        campaign.closed_at = None
    campaign.status = status
    campaign.updated_at = now
    session.add(campaign)
    await audit.record(session, actor=actor.telegram_id, action=f"campaign.{status}",
                       target=f"campaign:{campaign_id}", previous=previous)
    await session.flush()
    return campaign


async def mark_launched(session: AsyncSession, *, actor: Member | None, campaign_id: int,
                        now: datetime) -> Campaign:
    campaign = await get(session, campaign_id)
    if actor is not None:
        require_manager(actor, await field_codes_of(session, campaign_id),
                        action="campaign.launch", target=f"campaign:{campaign_id}")
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError("campaign.closed")
    if campaign.launched_at is not None:
        raise DomainError("campaign.already_launched")
    campaign.status = CampaignStatus.ACTIVE
    campaign.launched_at = now
    campaign.updated_at = now
    session.add(campaign)
    await session.flush()
    return campaign



# -- announcing (through the directives path: acknowledgements and a delivery report) -------------
REGISTER_PREFIX = "rg"


async def launch(session: AsyncSession, *, actor: Member | None, campaign_id: int, body_html: str,
                 button_text: str, now: datetime) -> Directive:
    """Launch a campaign: it becomes active and its announcement goes, as a directive, to every
    active member of the units in its fields and to the groups subscribed to those fields, with a
    button to register. Who received it is recorded by the directive's recipient rows."""
    from services import directives

    campaign = await mark_launched(session, actor=actor, campaign_id=campaign_id, now=now)
    codes = await field_codes_of(session, campaign_id)
    directive = await directives.create_directive(
        session, actor=actor, title=campaign.title, number=campaign.code, body_html=body_html,
        source_chat_id=None, source_message_id=None,
        audience=directives.Audience(fields=codes, include_subscribed_groups=True),
        send_at=None, now=now,
        extra_buttons=[[{"text": button_text,
                         "callback_data": f"{REGISTER_PREFIX}:c:{campaign_id}"}]],
        kind="campaign_launch", ref=f"campaign:{campaign_id}",
    )
    await audit.record(session, actor=actor.telegram_id if actor else None, action="campaign.launch",
                       target=f"campaign:{campaign_id}", directive_id=directive.id,
                       recipients=directive.recipient_count)
    return directive


async def announce_change(session: AsyncSession, *, actor: Member | None, campaign: Campaign,
                          title: str, body_html: str, now: datetime) -> Directive | None:
    """Tell a launched campaign's participants about a change (a moved deadline)."""
    from services import directives

    if campaign.status != CampaignStatus.ACTIVE or campaign.id is None:
        return None
    codes = await field_codes_of(session, campaign.id)
    return await directives.create_directive(
        session, actor=actor, title=title, number=campaign.code, body_html=body_html,
        source_chat_id=None, source_message_id=None,
        audience=directives.Audience(fields=codes, include_subscribed_groups=True),
        send_at=None, now=now, kind="directive", ref=f"campaign:{campaign.id}",
    )
