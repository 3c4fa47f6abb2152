"""Registration for a campaign (đăng ký thi đua): a unit's pledges and the titles it aims for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    CampaignStatus,
    Member,
    MilestoneKind,
    Registration,
    RegistrationStatus,
    Role,
    TargetKind,
    Unit,
    UnitField,
)
from services import audit, campaigns, nudges
from services.errors import AccessDenied, DomainError, NotFound
from services.reports import MAX_PERCENT, MAX_VALUE, reporting_unit
from services.text import clean_line

# Titles and forms of award a collective may aim for (codes; their names live with the texts).
TITLES = ("tt_ldxs", "co_bo", "bk_bo", "bk_ttg", "co_cp")
MAX_REASON = 1000


@dataclass(slots=True)
class PendingItem:
    registration: Registration
    unit: Unit
    campaign: Campaign


async def registration_due(session: AsyncSession, campaign_id: int) -> datetime | None:
    for m in await campaigns.milestones_of(session, campaign_id):
        if m.kind == MilestoneKind.REGISTRATION:
            return m.due_at
    return None


async def of_unit(session: AsyncSession, unit_id: int, campaign_id: int) -> Registration | None:
    return (await session.exec(select(Registration).where(
        Registration.unit_id == unit_id, Registration.campaign_id == campaign_id))).first()


async def submit(
    session: AsyncSession,
    *,
    actor: Member,
    campaign_id: int,
    commitments: Mapping[int, float],
    titles: Sequence[str],
    now: datetime,
) -> Registration:
    """Register the actor's own unit, or resubmit a pending or returned registration."""
    unit_id = reporting_unit(actor, action="registration.submit")
    campaign = await campaigns.get(session, campaign_id)
    if campaign.status != CampaignStatus.ACTIVE:
        raise DomainError("registration.campaign_not_active", title=campaign.title)
    targets = {t.id: t for t in await campaigns.targets_of(session, campaign_id)}
    for target_id, value in commitments.items():
        if target_id not in targets:
            raise DomainError("report.unknown_target", target=str(target_id))
        if not (0 <= value <= MAX_VALUE):
            raise DomainError("report.value_too_large", text=str(value))
        if targets[target_id].kind == TargetKind.PERCENT and value > MAX_PERCENT:
            raise DomainError("report.value_percent_over", text=f"{value:g}%")
    bad = [t for t in titles if t not in TITLES]
    if bad:
        raise DomainError("registration.unknown_title", title=bad[0][:32])
    due = await registration_due(session, campaign_id)
    late = due is not None and now > due
    reg = await of_unit(session, unit_id, campaign_id)
    if reg is not None and reg.status == RegistrationStatus.APPROVED:
        raise DomainError("registration.already_approved")
    if reg is None:
        reg = Registration(campaign_id=campaign_id, unit_id=unit_id, times_submitted=0)
    reg.commitments = {str(k): float(v) for k, v in commitments.items()}
    reg.titles = list(dict.fromkeys(titles))
    reg.status = RegistrationStatus.PENDING
    reg.late = late
    reg.times_submitted += 1
    reg.submitted_by, reg.submitted_at = actor.telegram_id, now
    reg.decided_by = reg.decided_at = None
    session.add(reg)
    await session.flush()
    await audit.record(session, actor=actor.telegram_id, action="registration.submit",
                       target=f"registration:{reg.id}", campaign_id=campaign_id, unit_id=unit_id,
                       late=late, times=reg.times_submitted)
    await nudges.withdraw_registration(session, campaign_id=campaign_id, unit_id=unit_id)
    return reg


async def get(session: AsyncSession, actor: Member, registration_id: int, *,
              action: str = "registration.view") -> Registration:
    reg = await session.get(Registration, registration_id)
    if reg is None:
        raise NotFound("registration")
    await campaigns.require_unit_scope(session, actor, reg.unit_id, reg.campaign_id,
                                       action=action, target=f"registration:{registration_id}")
    return reg


def _require_reviewer(actor: Member | None, *, action: str, target: str | None = None) -> Member:
    if actor is None or not actor.is_active or actor.role not in (Role.ADMIN, Role.FIELD_LEAD):
        raise AccessDenied(action, target=target)
    return actor


async def pending(session: AsyncSession, actor: Member) -> list[PendingItem]:
    """Registrations awaiting a decision: all for an admin, their field's units for a field lead."""
    _require_reviewer(actor, action="registration.review")
    query = (select(Registration, Unit, Campaign)
             .join(Unit, col(Unit.id) == col(Registration.unit_id))
             .join(Campaign, col(Campaign.id) == col(Registration.campaign_id))
             .where(Registration.status == RegistrationStatus.PENDING)
             .order_by(col(Registration.submitted_at), col(Registration.id)))
    if actor.role != Role.ADMIN:
        query = query.where(
            col(Registration.unit_id).in_(select(UnitField.unit_id)
                                          .where(UnitField.field_code == actor.field_code)),
            col(Registration.campaign_id).in_(select(CampaignField.campaign_id)
                                              .where(CampaignField.field_code == actor.field_code)),
        )
    rows = await session.exec(query)
    return [PendingItem(r, u, c) for r, u, c in rows.all()]


async def decide(session: AsyncSession, *, actor: Member, registration_id: int, approve: bool,
                 reason: str = "", now: datetime) -> Registration:
    """Approve a pending registration, or return it with a reason (the unit may resubmit)."""
    action = "registration.approve" if approve else "registration.return"
    target = f"registration:{registration_id}"
    _require_reviewer(actor, action=action, target=target)
    reg = await get(session, actor, registration_id, action=action)
    if reg.status != RegistrationStatus.PENDING:
        raise DomainError("registration.not_pending")
    reason = clean_line(reason, limit=MAX_REASON)
    if not approve and not reason:
        raise DomainError("registration.reason_missing")
    reg.status = RegistrationStatus.APPROVED if approve else RegistrationStatus.RETURNED
    reg.return_reason = None if approve else reason
    reg.decided_by, reg.decided_at = actor.telegram_id, now
    session.add(reg)
    await session.flush()
    await audit.record(session, actor=actor.telegram_id, action=action, target=target,
                       reason=reason or None)
    return reg


async def unit_contacts(session: AsyncSession, unit_id: int) -> list[Member]:
    """Active members of a unit the bot can reach (to tell them a decision)."""
    rows = await session.exec(select(Member).where(
        Member.unit_id == unit_id, col(Member.is_active).is_(True),
        col(Member.blocked_bot).is_(False), Member.role != Role.STRANGER))
    return list(rows.all())
