"""Who may see and change what in the khen thưởng half, checked here for every service call.

- An officer proposes only people and collectives of their own unit and sees only its lists.
- A field lead sees and reviews the lists of the units of their field.
- The department (admin) sees and reviews everything.
- Council members see nothing of nominations before the council session (the next issue's).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, Role, UnitField
from services.errors import AccessDenied


def active(actor: Member | None, action: str, target: str | None = None) -> Member:
    if actor is None or not actor.is_active:
        raise AccessDenied(action, target=target)
    return actor


def own_unit(actor: Member | None, action: str, unit_id: int | None = None) -> int:
    """The unit an officer acts for (their own); an admin names the unit."""
    member = active(actor, action, f"unit:{unit_id}" if unit_id else None)
    if member.role == Role.ADMIN and unit_id is not None:
        return unit_id
    if member.role in (Role.OFFICER, Role.ADMIN) and member.unit_id is not None:
        if unit_id is not None and unit_id != member.unit_id:
            raise AccessDenied(action, target=f"unit:{unit_id}")
        return member.unit_id
    raise AccessDenied(action, target=f"unit:{unit_id}" if unit_id else None)


async def may_see_unit(session: AsyncSession, actor: Member | None, unit_id: int) -> bool:
    if actor is None or not actor.is_active:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.OFFICER:
        return actor.unit_id == unit_id
    if actor.role == Role.FIELD_LEAD and actor.field_code:
        found = await session.exec(select(UnitField.unit_id).where(
            UnitField.unit_id == unit_id, UnitField.field_code == actor.field_code))
        return found.first() is not None
    return False


async def require_see_unit(session: AsyncSession, actor: Member | None, unit_id: int, action: str,
                           target: str | None = None) -> Member:
    if not await may_see_unit(session, actor, unit_id):
        raise AccessDenied(action, target=target or f"unit:{unit_id}")
    assert actor is not None
    return actor


def reviewer(actor: Member | None, action: str, target: str | None = None) -> Member:
    member = active(actor, action, target)
    if member.role == Role.ADMIN or (member.role == Role.FIELD_LEAD and member.field_code):
        return member
    raise AccessDenied(action, target=target)


def unit_scope(actor: Member, unit_column: object) -> ColumnElement[bool]:
    """A WHERE clause limiting rows (by their unit column) to what ``actor`` may see."""
    column = col(unit_column)  # type: ignore[call-overload]
    if actor.role == Role.ADMIN:
        return true()
    if actor.role == Role.OFFICER and actor.unit_id is not None:
        return column == actor.unit_id  # type: ignore[no-any-return]
    if actor.role == Role.FIELD_LEAD and actor.field_code:
        return column.in_(  # type: ignore[no-any-return]
            select(UnitField.unit_id).where(UnitField.field_code == actor.field_code))
    return column == -1  # type: ignore[no-any-return]
