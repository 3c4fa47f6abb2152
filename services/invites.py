"""Invites: who may create them, and what redeeming one does (binds an account to unit and role)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import EmulationField, Invite, Member, Role, Unit
from services import audit, members
from services.errors import AccessDenied, DomainError
from services.units import get_by_code, in_field

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CODE_BYTES = 16  # 22 characters of the URL-safe alphabet: 128 random bits
INVITABLE = (Role.OFFICER, Role.COUNCIL, Role.FIELD_LEAD, Role.ADMIN)
MAX_TTL_DAYS = 90


def new_code() -> str:
    """Opaque and random, in Telegram's deep-link alphabet [A-Za-z0-9_-]."""
    return secrets.token_urlsafe(CODE_BYTES)


def _actor_id(actor: Member | None) -> int | None:
    return actor.telegram_id if actor is not None else None


async def _authorize(session: AsyncSession, actor: Member | None, unit: Unit | None, role: Role,
                     field_code: str | None) -> None:
    """Admins invite anyone; a field lead invites officers of units in their own field."""
    if actor is None:  # the operator's command line
        return
    target = f"unit:{unit.id}" if unit is not None else None
    members.require_role(actor, Role.ADMIN, Role.FIELD_LEAD, action="invite.create")
    if actor.role == Role.ADMIN:
        return
    if role != Role.OFFICER or unit is None or not await in_field(session, unit.id or 0,
                                                                  actor.field_code):
        raise AccessDenied("invite.create", target=target)


async def create_invite_for(
    session: AsyncSession,
    *,
    actor: Member | None,
    unit: Unit | None,
    role: Role,
    field_code: str | None = None,
    ttl_days: int = 7,
    now: datetime,
) -> Invite:
    """Create an invite for a unit already looked up (the chat flow's entry point)."""
    role = Role(role)
    await _authorize(session, actor, unit, role, field_code)
    if role not in INVITABLE:
        raise DomainError("invite.role_invalid", role=role)
    if role == Role.OFFICER and unit is None:
        raise DomainError("invite.unit_required")
    if role == Role.FIELD_LEAD:
        if field_code is None:
            raise DomainError("invite.field_required")
        if await session.get(EmulationField, field_code) is None:
            raise DomainError("unit.field_unknown", field=field_code)
    else:
        field_code = None
    if unit is not None and not unit.is_active:
        raise DomainError("invite.unit_inactive", unit_code=unit.code)
    if not 1 <= ttl_days <= MAX_TTL_DAYS:
        raise DomainError("invite.ttl_invalid", limit=MAX_TTL_DAYS)
    invite = Invite(code=new_code(), unit_id=unit.id if unit else None, role=role,
                    field_code=field_code, created_by=_actor_id(actor), created_at=now,
                    expires_at=now + timedelta(days=ttl_days))
    session.add(invite)
    await session.flush()
    await audit.record(session, actor=_actor_id(actor), action="invite.create",
                       target=f"invite:{invite.id}", unit_id=invite.unit_id, role=role,
                       field=field_code, expires_at=invite.expires_at.isoformat(),
                       via="chat" if actor else "cli")
    return invite


async def create_invite(
    session: AsyncSession,
    *,
    actor: Member | None,
    unit_code: str | None,
    role: Role | str,
    field_code: str | None = None,
    ttl_days: int = 7,
    now: datetime,
) -> Invite:
    """Create a single-use invite for ``unit_code`` and ``role`` that expires after ``ttl_days``.

    ``actor`` None is the operator's CLI (audited with no actor, via="cli"); a member must be an
    admin, or a field lead inviting an officer of a unit in their field (else AccessDenied).
    Raises DomainError ``unit.not_found``, ``invite.role_invalid``, ``invite.unit_required``,
    ``invite.field_required``, ``unit.field_unknown``, ``invite.unit_inactive``, ``invite.ttl_invalid``.
    """
    try:
        role = Role(role)
    except ValueError:
        raise DomainError("invite.role_invalid", role=str(role)[:32]) from None
    unit = None
    if unit_code:
        unit = await get_by_code(session, unit_code)
        if unit is None:
            raise DomainError("unit.not_found", unit_code=unit_code[:40])
    return await create_invite_for(session, actor=actor, unit=unit, role=role,
                                   field_code=field_code, ttl_days=ttl_days, now=now)


@dataclass(slots=True)
class Redeemed:
    invite: Invite
    member: Member
    previous_role: Role
    unit: Unit | None


async def find(session: AsyncSession, code: str) -> Invite | None:
    code = code.strip()
    if not CODE_RE.match(code):
        return None
    return (await session.exec(select(Invite).where(Invite.code == code))).first()


async def redeem(session: AsyncSession, member: Member, code: str, *, now: datetime) -> Redeemed:
    """Bind ``member`` to the invite's unit and role. A used, expired, revoked or unknown code
    raises DomainError (``invite.used`` / ``invite.expired`` / ``invite.revoked`` /
    ``invite.not_found``) and binds nothing. The last active admin cannot give up the role."""
    invite = await find(session, code)
    if invite is None:
        raise DomainError("invite.not_found")
    if invite.revoked_at is not None:
        raise DomainError("invite.revoked")
    if invite.used_at is not None:
        raise DomainError("invite.used")
    if invite.expires_at <= now:
        raise DomainError("invite.expired")
    unit = await session.get(Unit, invite.unit_id) if invite.unit_id is not None else None
    if invite.unit_id is not None and (unit is None or not unit.is_active):
        raise DomainError("invite.unit_inactive", unit_code=unit.code if unit else "?")
    if (member.is_active and member.role == invite.role and member.unit_id == invite.unit_id
            and member.field_code == invite.field_code):
        # Already what the invite gives (the code typed twice): the code stays for someone else.
        raise DomainError("invite.already_yours",
                          unit=f"{unit.code} — {unit.name}" if unit is not None else "—")
    if (member.role == Role.ADMIN and member.is_active and invite.role != Role.ADMIN
            and await members.count_active_admins(session) <= 1):
        raise DomainError("roles.last_admin")
    # Claim the code atomically: of two people redeeming at once, exactly one wins.
    claimed = await session.exec(
        update(Invite)
        .where(col(Invite.id) == invite.id, col(Invite.used_at).is_(None),
               col(Invite.revoked_at).is_(None))
        .values(used_at=now, used_by=member.telegram_id)
    )
    if (claimed.rowcount or 0) != 1:
        raise DomainError("invite.used")
    await session.refresh(invite)
    previous = member.role
    member.role = invite.role
    member.unit_id = invite.unit_id
    member.field_code = invite.field_code
    member.is_active = True
    member.updated_at = now
    session.add(member)
    await audit.record(session, actor=member.telegram_id, action="invite.redeem",
                       target=f"invite:{invite.id}", member=member.telegram_id,
                       previous_role=previous, role=invite.role, unit_id=invite.unit_id,
                       field=invite.field_code)
    await session.flush()
    return Redeemed(invite, member, previous, unit)


async def revoke(session: AsyncSession, actor: Member | None, invite_id: int, *,
                 now: datetime) -> Invite:
    """Revoke an unused invite: admins any; a field lead only one they created."""
    target = f"invite:{invite_id}"
    if actor is not None:
        members.require_role(actor, Role.ADMIN, Role.FIELD_LEAD, action="invite.revoke")
    invite = await session.get(Invite, invite_id)
    if actor is not None and actor.role != Role.ADMIN and (
            invite is None or invite.created_by != actor.telegram_id):
        raise AccessDenied("invite.revoke", target=target)
    if invite is None:
        raise DomainError("invite.not_found")
    if invite.used_at is not None:
        raise DomainError("invite.used")
    if invite.revoked_at is None:
        invite.revoked_at = now
        invite.revoked_by = _actor_id(actor)
        session.add(invite)
        await audit.record(session, actor=_actor_id(actor), action="invite.revoke", target=target,
                           via="chat" if actor else "cli")
        await session.flush()
    return invite


async def revoke_code(session: AsyncSession, actor: Member | None, code: str, *,
                      now: datetime) -> Invite:
    """Revoke by the code itself (for the CLI: ``thidua invite revoke CODE``)."""
    invite = await find(session, code)
    if invite is None or invite.id is None:
        raise DomainError("invite.not_found")
    return await revoke(session, actor, invite.id, now=now)


async def open_invites(session: AsyncSession, actor: Member | None, *, now: datetime,
                       limit: int = 50) -> Sequence[Invite]:
    """Unused, unrevoked, unexpired invites: all for admins/CLI, own for a field lead."""
    query = select(Invite).where(col(Invite.used_at).is_(None), col(Invite.revoked_at).is_(None),
                                 col(Invite.expires_at) > now)
    if actor is not None:
        members.require_role(actor, Role.ADMIN, Role.FIELD_LEAD, action="invite.list")
        if actor.role != Role.ADMIN:
            query = query.where(Invite.created_by == actor.telegram_id)
    result = await session.exec(query.order_by(col(Invite.id).desc()).limit(limit))
    return result.all()
