"""Exemplars (điển hình tiên tiến, gương người tốt việc tốt): registered by a unit's officer with
who, field, story, a photo and evidence; listed per unit and per field; the department marks
the ones to spread (nhân rộng), which the council issue publishes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import EmulationField, Exemplar, FileOwner, FileRole, Member, Role, Unit
from services import audit
from services.awards import access, files
from services.awards.register import find_or_create_person
from services.errors import AccessDenied, DomainError, NotFound
from services.text import clean_line, nfc

MAX_STORY = 3000
MIN_STORY = 20


async def register(session: AsyncSession, actor: Member | None, *, name: str, collective: bool,
                   birth_date: date | None, field_code: str | None, story: str, now: datetime,
                   unit_id: int | None = None) -> Exemplar:
    unit_id = access.own_unit(actor, "exemplar.add", unit_id)
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("unit")
    if field_code is not None and await session.get(EmulationField, field_code) is None:
        raise DomainError("exemplar.unknown_field", code=field_code)
    text = nfc(story).strip()
    if len(text) < MIN_STORY:
        raise DomainError("exemplar.story_short", minimum=MIN_STORY)
    if len(text) > MAX_STORY:
        raise DomainError("exemplar.story_long", limit=MAX_STORY)
    person_id = None
    shown = unit.name
    if not collective:
        cleaned = clean_line(name, limit=200)
        if len(cleaned) < 2:
            raise DomainError("exemplar.name_needed")
        person, _ = await find_or_create_person(session, unit_id=unit_id, full_name=cleaned,
                                                birth_date=birth_date)
        person_id, shown = person.id, person.full_name
    by = actor.telegram_id if actor else None
    exemplar = Exemplar(unit_id=unit_id, person_id=person_id, name=shown, field_code=field_code, story=text,
                        created_by=by, created_at=now, updated_at=now)
    session.add(exemplar)
    await session.flush()
    await audit.record(session, actor=by, action="exemplar.add", target=f"exemplar:{exemplar.id}",
                       unit_id=unit_id, field=field_code, collective=collective)
    return exemplar


async def get(session: AsyncSession, actor: Member | None, exemplar_id: int) -> Exemplar:
    exemplar = await session.get(Exemplar, exemplar_id)
    if exemplar is None:
        raise NotFound("exemplar")
    await _require_see(session, actor, exemplar)
    return exemplar


async def _require_see(session: AsyncSession, actor: Member | None, exemplar: Exemplar) -> None:
    if await access.may_see_unit(session, actor, exemplar.unit_id):
        return
    if actor is not None and actor.role == Role.FIELD_LEAD and exemplar.field_code == actor.field_code:
        return
    raise AccessDenied("exemplar.view", target=f"exemplar:{exemplar.id}")


async def attach(session: AsyncSession, actor: Member | None, exemplar_id: int, *, role: FileRole,
                 content: bytes, file_name: str, telegram_file_id: str, max_bytes: int) -> None:
    exemplar = await get(session, actor, exemplar_id)
    access.own_unit(actor, "exemplar.edit", exemplar.unit_id)
    await files.store(session, owner_kind=FileOwner.EXEMPLAR, owner_id=exemplar_id, role=role,
                      content=content,
                      file_name=file_name, telegram_file_id=telegram_file_id,
                      actor=actor.telegram_id if actor else None, max_bytes=max_bytes,
                      replace=role is FileRole.PHOTO)


async def listing(session: AsyncSession, actor: Member | None, *, field_code: str | None = None,
                  unit_id: int | None = None, spread_only: bool = False,
                  limit: int = 50) -> Sequence[Exemplar]:
    """The exemplars the person may see: an officer their unit's; a field lead their field's and
    their field's units'; the department all. Optionally one field or one unit."""
    member = access.active(actor, "exemplar.view")
    if member.role not in (Role.ADMIN, Role.FIELD_LEAD, Role.OFFICER):
        raise AccessDenied("exemplar.view")
    query = select(Exemplar)
    if member.role == Role.FIELD_LEAD:
        query = query.where(access.unit_scope(member, Exemplar.unit_id)
                            | (col(Exemplar.field_code) == member.field_code))
    elif member.role == Role.OFFICER:
        query = query.where(access.unit_scope(member, Exemplar.unit_id))
    if field_code is not None:
        query = query.where(Exemplar.field_code == field_code)
    if unit_id is not None:
        query = query.where(Exemplar.unit_id == unit_id)
    if spread_only:
        query = query.where(col(Exemplar.spread).is_(True))
    return (await session.exec(query.order_by(col(Exemplar.id).desc()).limit(limit))).all()


async def mark_spread(session: AsyncSession, actor: Member | None, exemplar_id: int, *, spread: bool,
                      now: datetime) -> Exemplar:
    """The department marks an exemplar to be spread (nhân rộng), or takes the mark back."""
    if actor is None or not actor.is_active or actor.role != Role.ADMIN:
        raise AccessDenied("exemplar.spread", target=f"exemplar:{exemplar_id}")
    exemplar = await get(session, actor, exemplar_id)
    exemplar.spread = spread
    exemplar.spread_by, exemplar.spread_at = (actor.telegram_id, now) if spread else (None, None)
    exemplar.updated_at = now
    session.add(exemplar)
    await audit.record(session, actor=actor.telegram_id, action="exemplar.spread" if spread else
                       "exemplar.unspread", target=f"exemplar:{exemplar_id}")
    return exemplar
