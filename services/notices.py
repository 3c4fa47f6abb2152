"""Who is told when something waits for them: reviewers of a new registration, admins when an
invite is used, and which running campaigns a newcomer should hear about."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Campaign, CampaignStatus, Member, Registration, Role
from services import campaigns, members


async def registration_reviewers(session: AsyncSession, reg: Registration) -> list[Member]:
    """Active admins, and the field leads of a field both the unit and the campaign are in:
    exactly those whose /review lists this registration."""
    shared = (await campaigns.unit_field_codes(session, reg.unit_id)
              & set(await campaigns.field_codes_of(session, reg.campaign_id)))
    leads = (await session.exec(select(Member).where(
        Member.role == Role.FIELD_LEAD, col(Member.is_active).is_(True),
        col(Member.field_code).in_(shared)))).all() if shared else []
    found = {m.telegram_id: m for m in [*await members.active_admins(session), *leads]}
    return [m for m in found.values() if not m.blocked_bot and m.telegram_id != reg.submitted_by]


async def invite_watchers(session: AsyncSession, created_by: int | None,
                          joiner: int) -> list[Member]:
    """Active admins and whoever created the invite (a field lead), but not the joiner."""
    people = list(await members.active_admins(session))
    if created_by is not None:
        creator = (await session.exec(select(Member).where(
            Member.telegram_id == created_by, col(Member.is_active).is_(True)))).first()
        if creator is not None:
            people.append(creator)
    found = {m.telegram_id: m for m in people}
    return [m for m in found.values() if not m.blocked_bot and m.telegram_id != joiner]


async def running_campaigns_for(session: AsyncSession, member: Member) -> list[Campaign]:
    """Active campaigns the person's unit or field takes part in (for someone who just joined)."""
    if member.role == Role.STRANGER or not member.is_active:
        return []
    return [c for c in await campaigns.visible_campaigns(session, member)
            if c.status == CampaignStatus.ACTIVE]
