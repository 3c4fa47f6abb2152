"""Roles: listing members, changing a role or a unit, deactivating — admins only, all audited.

Each change returns a :class:`RoleChange`; the caller (a handler, or the CLI) tells the person and
refreshes their command menu, since texts and menus belong to the handler layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import EmulationField, Member, Role, Unit, UnitField
from services import audit, members
from services.errors import DomainError
from services.text import fold

ASSIGNABLE = (Role.STRANGER, Role.OFFICER, Role.COUNCIL, Role.FIELD_LEAD, Role.ADMIN)


@dataclass(slots=True)
class RoleChange:
    member: Member
    previous_role: Role
    previous_unit_id: int | None
    previous_field: str | None
    previous_active: bool

    @property
    def role_changed(self) -> bool:
        return (self.member.role != self.previous_role
                or self.member.field_code != self.previous_field
                or self.member.is_active != self.previous_active)


def _snapshot(member: Member) -> RoleChange:
    return RoleChange(member, member.role, member.unit_id, member.field_code, member.is_active)


async def get_member(session: AsyncSession, member_id: int) -> Member:
    member = await session.get(Member, member_id)
    if member is None:
        raise DomainError("member.not_found")
    return member


async def find_member(session: AsyncSession, ref: str) -> Member | None:
    """A member named by Telegram id, ``@username`` or ``#id`` (their number in /members)."""
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        return await session.get(Member, int(ref[1:]))
    if ref.lstrip("-").isdigit():
        return await members.get_by_telegram_id(session, int(ref))
    if ref.startswith("@") and len(ref) > 1:
        result = await session.exec(
            select(Member).where(func.lower(Member.username) == ref[1:].lower()))
        return result.first()
    return None


async def _ensure_admin_remains(session: AsyncSession, member: Member, *, role: Role,
                                active: bool) -> None:
    losing = member.role == Role.ADMIN and member.is_active and (role != Role.ADMIN or not active)
    if losing and await members.count_active_admins(session) <= 1:
        raise DomainError("roles.last_admin")


async def change_role(
    session: AsyncSession,
    actor: Member | None,
    member_id: int,
    role: Role,
    *,
    field_code: str | None = None,
    unit_id: int | None = None,
    now: datetime,
) -> RoleChange:
    """Give a member a role (admins; actor None = CLI). A field lead needs ``field_code``, an
    officer a unit (``unit_id`` or the one they have). The last active admin keeps the role."""
    if actor is not None:
        members.require_admin(actor, action="member.role")
    member = await get_member(session, member_id)
    role = Role(role)
    if role not in ASSIGNABLE:
        raise DomainError("invite.role_invalid", role=role)
    if role == Role.FIELD_LEAD:
        if field_code is None:
            raise DomainError("invite.field_required")
        if await session.get(EmulationField, field_code) is None:
            raise DomainError("unit.field_unknown", field=field_code)
    target_unit = unit_id if unit_id is not None else member.unit_id
    if role == Role.OFFICER and target_unit is None:
        raise DomainError("invite.unit_required")
    if target_unit is not None and await session.get(Unit, target_unit) is None:
        raise DomainError("unit.gone")
    await _ensure_admin_remains(session, member, role=role, active=True)
    change = _snapshot(member)
    member.role = role
    member.field_code = field_code if role == Role.FIELD_LEAD else None
    member.unit_id = None if role == Role.STRANGER else target_unit
    member.is_active = True
    member.updated_at = now
    session.add(member)
    await audit.record(session, actor=actor.telegram_id if actor else None, action="member.role",
                       target=f"member:{member.telegram_id}", previous=change.previous_role,
                       role=role, field=member.field_code, unit_id=member.unit_id,
                       previous_unit_id=change.previous_unit_id)
    await session.flush()
    return change


async def change_unit(session: AsyncSession, actor: Member | None, member_id: int,
                      unit_id: int | None, *, now: datetime) -> RoleChange:
    """Move a member to another unit (admins)."""
    if actor is not None:
        members.require_admin(actor, action="member.unit")
    member = await get_member(session, member_id)
    if unit_id is not None:
        unit = await session.get(Unit, unit_id)
        if unit is None:
            raise DomainError("unit.gone")
        if not unit.is_active:
            raise DomainError("invite.unit_inactive", unit_code=unit.code)
    elif member.role == Role.OFFICER:
        raise DomainError("invite.unit_required")
    change = _snapshot(member)
    member.unit_id = unit_id
    member.updated_at = now
    session.add(member)
    await audit.record(session, actor=actor.telegram_id if actor else None, action="member.unit",
                       target=f"member:{member.telegram_id}", previous=change.previous_unit_id,
                       unit_id=unit_id)
    await session.flush()
    return change


async def set_active(session: AsyncSession, actor: Member | None, member_id: int, active: bool,
                     *, now: datetime) -> RoleChange:
    """Deactivate (or reactivate) a member (admins). The last active admin cannot be removed."""
    if actor is not None:
        members.require_admin(actor, action="member.deactivate" if not active
                              else "member.reactivate")
    member = await get_member(session, member_id)
    await _ensure_admin_remains(session, member, role=member.role, active=active)
    change = _snapshot(member)
    if member.is_active != active:
        member.is_active = active
        member.updated_at = now
        session.add(member)
        await audit.record(session, actor=actor.telegram_id if actor else None,
                           action="member.deactivate" if not active else "member.reactivate",
                           target=f"member:{member.telegram_id}")
        await session.flush()
    return change


async def deactivate(session: AsyncSession, actor: Member | None, member_id: int, *,
                     now: datetime) -> RoleChange:
    return await set_active(session, actor, member_id, False, now=now)


async def list_members(
    session: AsyncSession,
    actor: Member,
    *,
    unit_id: int | None = None,
    field_code: str | None = None,
    role: Role | None = None,
    query: str = "",
    include_strangers: bool = False,
    offset: int = 0,
    limit: int = 10,
) -> tuple[list[Member], int]:
    """Members for /members (admins): filter by unit, field (their units' or the one they lead),
    role, and a name (ignoring case and diacritics). Returns (the page, the total)."""
    members.require_admin(actor, action="member.list")
    where: list[Any] = []
    if unit_id is not None:
        where.append(Member.unit_id == unit_id)
    if field_code is not None:
        in_field = select(UnitField.unit_id).where(UnitField.field_code == field_code)
        where.append(or_(col(Member.unit_id).in_(in_field), col(Member.field_code) == field_code))
    if role is not None:
        where.append(Member.role == role)
    elif not include_strangers:
        where.append(Member.role != Role.STRANGER)
    for word in fold(query).split():
        where.append(or_(col(Member.search_key).contains(word, autoescape=True),
                         func.lower(Member.username).contains(word, autoescape=True)))
    total = (await session.exec(select(func.count()).select_from(Member).where(*where))).one()
    rows = await session.exec(select(Member).where(*where)
                              .order_by(col(Member.search_key), col(Member.id))
                              .offset(offset).limit(limit))
    return list(rows.all()), int(total)
