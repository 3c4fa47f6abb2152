"""Finding a unit or people of the register by what a person types."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, Person, Unit
from services.awards import access
from services.text import fold


async def find_unit(session: AsyncSession, text: str) -> Unit | None:
    """The unit whose code is ``text`` (any case)."""
    code = text.strip()
    if not code or " " in code or len(code) > 32:
        return None
    units = (await session.exec(select(Unit).where(col(Unit.code).ilike(code)))).all()
    return units[0] if len(units) == 1 else None


async def find_people(session: AsyncSession, actor: Member, text: str, *, limit: int = 11
                      ) -> list[tuple[Person, Unit]]:
    """People whose name contains ``text`` (accent-insensitive), in the units ``actor`` may see."""
    key = fold(text)
    if len(key) < 2:
        return []
    pattern = "%" + key.replace("\\", "").replace("%", "").replace("_", "") + "%"
    rows = await session.exec(
        select(Person, Unit).join(Unit, col(Unit.id) == col(Person.unit_id))
        .where(col(Person.name_key).like(pattern), access.unit_scope(actor, Person.unit_id))
        .order_by(col(Person.name_key), col(Person.id)).limit(limit))
    exact = [(p, u) for p, u in rows.all()]
    return sorted(exact, key=lambda pu: (pu[0].name_key != key, pu[0].name_key))
