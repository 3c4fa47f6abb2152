"""Small builders for the directive tests: fields, units, members, groups."""

from __future__ import annotations

from itertools import count

from sqlmodel.ext.asyncio.session import AsyncSession

from models import ChatGroup, EmulationField, GroupField, Member, Role, Unit, UnitField

_ids = count(1000)


async def field(session: AsyncSession, code: str, lead_unit: Unit | None = None) -> EmulationField:
    f = EmulationField(code=code, name_vi=f"Lĩnh vực {code}", name_en=f"Field {code}",
                       lead_unit_id=lead_unit.id if lead_unit else None)
    session.add(f)
    await session.flush()
    return f


async def unit(session: AsyncSession, code: str, *fields: str) -> Unit:
    u = Unit(code=code, name=f"Đơn vị {code}")
    session.add(u)
    await session.flush()
    assert u.id is not None
    for f in fields:
        session.add(UnitField(unit_id=u.id, field_code=f))
    await session.flush()
    return u


async def member(session: AsyncSession, name: str, role: Role = Role.OFFICER, *,
                 unit: Unit | None = None, field: str | None = None, blocked: bool = False,
                 active: bool = True) -> Member:
    m = Member(telegram_id=next(_ids), full_name=name, role=role,
               unit_id=unit.id if unit else None, field_code=field, blocked_bot=blocked,
               is_active=active)
    session.add(m)
    await session.flush()
    return m


async def group(session: AsyncSession, chat_id: int, *fields: str, active: bool = True) -> ChatGroup:
    g = ChatGroup(chat_id=chat_id, title=f"Nhóm {chat_id}", is_active=active)
    session.add(g)
    await session.flush()
    assert g.id is not None
    for f in fields:
        session.add(GroupField(chat_group_id=g.id, field_code=f))
    await session.flush()
    return g
