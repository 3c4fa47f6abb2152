"""Who may export what: an admin (or the operator at the command line) everything, a field lead
the units of their field; nobody else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, Role, UnitField
from services.errors import AccessDenied


@dataclass(frozen=True, slots=True)
class ExportScope:
    unit_ids: frozenset[int] | None  # None: every unit
    field_code: str | None = None
    actor: int | None = None  # the Telegram id, for the audit entry; None at the command line

    def units(self, column: object) -> ColumnElement[bool]:
        """A WHERE clause keeping rows of units in scope."""
        if self.unit_ids is None:
            return true()
        return col(column).in_(sorted(self.unit_ids))  # type: ignore[arg-type]

    def has(self, unit_id: int | None) -> bool:
        return self.unit_ids is None or (unit_id is not None and unit_id in self.unit_ids)


OPERATOR = ExportScope(None)


async def export_scope(session: AsyncSession, actor: Member | None, action: str) -> ExportScope:
    if actor is None or not actor.is_active:
        raise AccessDenied(action)
    if actor.role == Role.ADMIN:
        return ExportScope(None, actor=actor.telegram_id)
    if actor.role == Role.FIELD_LEAD and actor.field_code:
        ids = (await session.exec(select(UnitField.unit_id)
                                  .where(UnitField.field_code == actor.field_code))).all()
        return ExportScope(frozenset(ids), actor.field_code, actor.telegram_id)
    raise AccessDenied(action)
