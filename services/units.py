"""The sector's fields and units: look-up, search that fits Vietnamese, and admin edits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import EmulationField, Member, Role, Unit, UnitField, UnitKind
from services import audit
from services.errors import AccessDenied, DomainError
from services.members import require_role
from services.text import clean_line, fold, nfc

CODE_MAX = 32
NAME_MAX = 250
# Letters (Vietnamese included), digits, "_", "-" and ".": codes such as "BĐHN" or "VNPT-HN".
CODE_RE = re.compile(r"^[\w.\-]+$")

KIND_ALIASES: dict[str, UnitKind] = {
    "co_quan": UnitKind.AGENCY, "co quan": UnitKind.AGENCY, "agency": UnitKind.AGENCY,
    "don_vi_su_nghiep": UnitKind.PUBLIC_SERVICE, "don vi su nghiep": UnitKind.PUBLIC_SERVICE,
    "su nghiep": UnitKind.PUBLIC_SERVICE, "public_service": UnitKind.PUBLIC_SERVICE,
    "public service": UnitKind.PUBLIC_SERVICE,
    "doanh_nghiep": UnitKind.ENTERPRISE, "doanh nghiep": UnitKind.ENTERPRISE,
    "enterprise": UnitKind.ENTERPRISE,
}


# -- plain values --------------------------------------------------------------------------------
def clean_code(raw: object) -> str:
    """A unit code as stored: NFC, no surrounding spaces (case is kept; look-ups ignore it)."""
    return nfc(str(raw if raw is not None else "")).strip()


def check_code(code: str) -> str | None:
    """The reason a code is not acceptable, or None."""
    if not code:
        return "code_missing"
    if len(code) > CODE_MAX or not CODE_RE.match(code):
        return "code_invalid"
    return None


def check_name(name: str) -> str | None:
    if not name:
        return "name_missing"
    if len(name) > NAME_MAX:
        return "name_too_long"
    return None


def parse_kind(raw: str) -> UnitKind | None:
    """``co_quan``, "cơ quan", "agency"… → UnitKind; None if not recognised."""
    key = fold(raw).replace("-", " ")
    return KIND_ALIASES.get(key) or KIND_ALIASES.get(key.replace(" ", "_"))


def search_key(name: str, code: str) -> str:
    return f"{fold(name)} {fold(code)}"[:300]


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;|\n]+", raw) if part.strip()]


# -- fields --------------------------------------------------------------------------------------
async def list_fields(session: AsyncSession) -> list[EmulationField]:
    result = await session.exec(select(EmulationField).order_by(col(EmulationField.position)))
    return list(result.all())


def resolve_field(raw: str, fields: Sequence[EmulationField]) -> str | None:
    """A field named by its code or its (Vietnamese or English) name, ignoring case and marks."""
    key = fold(raw).replace(" ", "_")
    for f in fields:
        if key in (fold(f.code), fold(f.name_vi).replace(" ", "_"),
                   fold(f.name_en).replace(" ", "_")):
            return f.code
    return None


async def set_field_lead(session: AsyncSession, actor: Member | None, field_code: str,
                         unit_code: str | None) -> EmulationField:
    """Name the lead unit (đơn vị đầu mối) of a field; actor None is the operator's CLI."""
    if actor is not None:
        require_role(actor, Role.ADMIN, action="field.set_lead")
    field = await session.get(EmulationField, field_code)
    if field is None:
        raise DomainError("unit.field_unknown", field=field_code)
    unit = None
    if unit_code:
        unit = await get_by_code(session, unit_code)
        if unit is None:
            raise DomainError("unit.not_found", unit_code=unit_code)
    previous = field.lead_unit_id
    field.lead_unit_id = unit.id if unit else None
    session.add(field)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="field.set_lead", target=f"field:{field_code}",
                       previous=previous, unit_id=field.lead_unit_id)
    return field


# -- reading units -------------------------------------------------------------------------------
async def get(session: AsyncSession, unit_id: int) -> Unit | None:
    return await session.get(Unit, unit_id)


async def get_by_code(session: AsyncSession, code: str) -> Unit | None:
    """Exact code first, then the same code in another case."""
    code = clean_code(code)
    if not code:
        return None
    unit = (await session.exec(select(Unit).where(Unit.code == code))).first()
    if unit is None:
        unit = (await session.exec(
            select(Unit).where(func.upper(Unit.code) == code.upper()))).first()
    return unit


async def fields_of(session: AsyncSession, unit_id: int) -> list[str]:
    return (await fields_of_many(session, [unit_id])).get(unit_id, [])


async def fields_of_many(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(unit_ids)
    out: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return out
    order = {f.code: f.position for f in await list_fields(session)}
    for start in range(0, len(ids), 500):
        rows = await session.exec(
            select(UnitField).where(col(UnitField.unit_id).in_(ids[start:start + 500])))
        for row in rows.all():
            out.setdefault(row.unit_id, []).append(row.field_code)
    for codes in out.values():
        codes.sort(key=lambda c: order.get(c, 99))
    return out


def _words_filter(query: str) -> list[Any]:
    conditions: list[Any] = []
    for word in fold(query).split():
        conditions.append(or_(col(Unit.search_key).contains(word, autoescape=True),
                              func.lower(Unit.code).contains(word, autoescape=True)))
    return conditions


async def search(
    session: AsyncSession,
    query: str = "",
    *,
    field_code: str | None = None,
    include_inactive: bool = True,
    offset: int = 0,
    limit: int = 10,
) -> tuple[list[Unit], int]:
    """Units whose name or code contains every word of ``query``, ignoring case and diacritics
    (NFC and NFD input alike). Returns (the page, the total)."""
    where: list[Any] = _words_filter(query)
    if field_code is not None:
        in_field = select(UnitField.unit_id).where(UnitField.field_code == field_code)
        lead = select(EmulationField.lead_unit_id).where(EmulationField.code == field_code)
        where.append(or_(col(Unit.id).in_(in_field), col(Unit.id).in_(lead)))
    if not include_inactive:
        where.append(col(Unit.is_active).is_(True))
    total = (await session.exec(select(func.count()).select_from(Unit).where(*where))).one()
    rows = await session.exec(select(Unit).where(*where)
                              .order_by(col(Unit.search_key), col(Unit.code))
                              .offset(offset).limit(limit))
    return list(rows.all()), int(total)


async def visible_units(session: AsyncSession, actor: Member, query: str = "", *,
                        offset: int = 0, limit: int = 10,
                        action: str = "units.list") -> tuple[list[Unit], int]:
    """Units an admin (all) or a field lead (those of their field) may see and invite to."""
    require_role(actor, Role.ADMIN, Role.FIELD_LEAD, action=action)
    field = None if actor.role == Role.ADMIN else actor.field_code or "-"
    return await search(session, query, field_code=field, offset=offset, limit=limit)


async def in_field(session: AsyncSession, unit_id: int, field_code: str | None) -> bool:
    if field_code is None:
        return False
    if await session.get(UnitField, (unit_id, field_code)) is not None:
        return True
    field = await session.get(EmulationField, field_code)
    return field is not None and field.lead_unit_id == unit_id


async def require_unit_scope(session: AsyncSession, actor: Member | None, unit_id: int, *,
                             action: str, officer_own: bool = False) -> Unit:
    """The unit, if ``actor`` may act on it: admins any, field leads those of their field,
    officers (when ``officer_own``) their own. Anything else — including forged ids — is denied."""
    target = f"unit:{unit_id}"
    if actor is None or not actor.is_active:
        raise AccessDenied(action, target=target)
    unit = await session.get(Unit, unit_id)
    if actor.role == Role.ADMIN:
        if unit is None:
            raise DomainError("unit.gone")
        return unit
    allowed = unit is not None and (
        (actor.role == Role.FIELD_LEAD and await in_field(session, unit.id or 0, actor.field_code))
        or (officer_own and actor.role == Role.OFFICER and actor.unit_id == unit.id)
    )
    if not allowed or unit is None:
        raise AccessDenied(action, target=target)
    return unit


async def member_count(session: AsyncSession, unit_id: int) -> int:
    result = await session.exec(select(func.count()).select_from(Member).where(
        Member.unit_id == unit_id, col(Member.is_active).is_(True)))
    return int(result.one())


# -- changing units ------------------------------------------------------------------------------
@dataclass(slots=True)
class UnitDraft:
    code: str
    name: str
    kind: UnitKind = UnitKind.AGENCY
    parent_code: str | None = None
    field_codes: tuple[str, ...] = ()


async def validate_new_code(session: AsyncSession, raw: str) -> str:
    code = clean_code(raw)
    reason = check_code(code)
    if reason:
        raise DomainError(f"unit.{reason}", unit_code=code[:40], limit=CODE_MAX)
    if await get_by_code(session, code) is not None:
        raise DomainError("unit.code_taken", unit_code=code)
    return code


def validate_name(raw: str) -> str:
    name = clean_line(raw, limit=NAME_MAX + 1)
    reason = check_name(name)
    if reason:
        raise DomainError(f"unit.{reason}", limit=NAME_MAX)
    return name


async def _parent(session: AsyncSession, parent_code: str | None, unit_id: int | None) -> int | None:
    if not parent_code:
        return None
    parent = await get_by_code(session, parent_code)
    if parent is None:
        raise DomainError("unit.parent_not_found", unit_code=parent_code)
    # Walk up from the parent: meeting the unit itself would make a loop.
    seen: set[int] = set()
    current: Unit | None = parent
    while current is not None and current.id not in seen:
        if unit_id is not None and current.id == unit_id:
            raise DomainError("unit.parent_cycle", unit_code=parent.code)
        seen.add(current.id or 0)
        current = await session.get(Unit, current.parent_id) if current.parent_id else None
    return parent.id


async def _check_fields(session: AsyncSession, codes: Iterable[str]) -> list[str]:
    known = {f.code for f in await list_fields(session)}
    out: list[str] = []
    for code in codes:
        if code not in known:
            raise DomainError("unit.field_unknown", field=code)
        if code not in out:
            out.append(code)
    return out


async def add_unit(session: AsyncSession, actor: Member | None, draft: UnitDraft) -> Unit:
    """Create a unit (admins; actor None is the operator's CLI). Validates everything first."""
    if actor is not None:
        require_role(actor, Role.ADMIN, action="unit.add")
    code = await validate_new_code(session, draft.code)
    name = validate_name(draft.name)
    parent_id = await _parent(session, draft.parent_code, None)
    field_codes = await _check_fields(session, draft.field_codes)
    if not field_codes:
        raise DomainError("unit.fields_missing")  # /missing and campaigns find units by field
    unit = Unit(code=code, name=name, kind=draft.kind, parent_id=parent_id,
                search_key=search_key(name, code))
    session.add(unit)
    await session.flush()
    for fc in field_codes:
        session.add(UnitField(unit_id=unit.id or 0, field_code=fc))
    await audit.record(session, actor=actor.telegram_id if actor else None, action="unit.add",
                       target=f"unit:{unit.id}", code=code, name=name, kind=draft.kind,
                       parent_id=parent_id, fields=field_codes)
    await session.flush()
    return unit


_UNSET = object()


async def update_unit(
    session: AsyncSession,
    actor: Member | None,
    unit_id: int,
    *,
    name: str | None = None,
    kind: UnitKind | None = None,
    parent_code: str | object | None = _UNSET,
    is_active: bool | None = None,
) -> Unit:
    """Edit a unit (admins). Only the given attributes change; each change is audited."""
    if actor is not None:
        require_role(actor, Role.ADMIN, action="unit.edit")
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise DomainError("unit.gone")
    changes: dict[str, Any] = {}
    if name is not None:
        new_name = validate_name(name)
        if new_name != unit.name:
            changes["name"] = [unit.name, new_name]
            unit.name = new_name
            unit.search_key = search_key(new_name, unit.code)
    if kind is not None and kind != unit.kind:
        changes["kind"] = [unit.kind, kind]
        unit.kind = kind
    if parent_code is not _UNSET:
        parent_id = await _parent(session, parent_code if isinstance(parent_code, str) else None,
                                  unit.id)
        if parent_id != unit.parent_id:
            changes["parent_id"] = [unit.parent_id, parent_id]
            unit.parent_id = parent_id
    if is_active is not None and is_active != unit.is_active:
        changes["is_active"] = [unit.is_active, is_active]
        unit.is_active = is_active
    if changes:
        session.add(unit)
        await audit.record(session, actor=actor.telegram_id if actor else None,
                           action="unit.edit", target=f"unit:{unit.id}", **changes)
        await session.flush()
    return unit


async def toggle_field(session: AsyncSession, actor: Member | None, unit_id: int,
                       field_code: str) -> bool:
    """Add or remove one field of a unit (admins). Returns whether the unit now has it."""
    if actor is not None:
        require_role(actor, Role.ADMIN, action="unit.fields")
    if await session.get(Unit, unit_id) is None:
        raise DomainError("unit.gone")
    await _check_fields(session, [field_code])
    link = await session.get(UnitField, (unit_id, field_code))
    if link is None:
        session.add(UnitField(unit_id=unit_id, field_code=field_code))
        now_has = True
    else:
        await session.delete(link)
        now_has = False
    await audit.record(session, actor=actor.telegram_id if actor else None, action="unit.fields",
                       target=f"unit:{unit_id}", field=field_code, added=now_has)
    await session.flush()
    return now_has


async def replace_fields(session: AsyncSession, unit_id: int, codes: Iterable[str]) -> None:
    """Set a unit's fields to exactly ``codes`` (no audit: callers audit the whole change)."""
    await session.execute(delete(UnitField).where(col(UnitField.unit_id) == unit_id))
    for code in dict.fromkeys(codes):
        session.add(UnitField(unit_id=unit_id, field_code=code))
