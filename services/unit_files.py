"""Units in a spreadsheet: import (upsert by code) and export, CSV or XLSX, round-tripping.

Columns: ``code, name, kind, parent code, fields`` (Vietnamese headers are accepted too).
Every row is checked before anything is written; with errors nothing changes unless
``skip_bad`` is set, in which case the good rows are applied and the bad ones reported.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, Role, Unit, UnitField, UnitKind
from services import audit
from services.errors import DomainError
from services.exports.cells import safe_row, unescape_cell, xlsx_row
from services.imports import DEFAULT_LIMITS, ImportLimits, read_rows
from services.members import require_role
from services.text import clean_line, fold
from services.unit_fields import FIELD_SEPARATOR, join_fields, split_fields
from services.units import (
    NAME_MAX,
    check_code,
    check_name,
    clean_code,
    list_fields,
    parse_kind,
    search_key,
)

HEADER = ("code", "name", "kind", "parent code", "fields")
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "unit code", "ma", "ma don vi"),
    "name": ("name", "unit name", "ten", "ten don vi"),
    "kind": ("kind", "type", "loai", "loai hinh", "loai don vi"),
    "parent code": ("parent code", "parent", "ma don vi cha", "don vi cha", "ma cap tren",
                    "cap tren", "don vi cap tren"),
    "fields": ("fields", "field", "field codes", "linh vuc", "cac linh vuc"),
}
SUFFIXES = (".csv", ".xlsx")

# English wording of each reason, for the CLI; the bot has the same keys as texts "unit_file.*".
REASONS = {
    "bad_header": "the header row must name the columns code, name, kind, parent code, fields "
                  "(found: {found})",
    "code_missing": "the code is empty",
    "code_invalid": "code '{value}' is not valid (at most 32 letters, digits, '_', '-' or '.')",
    "code_repeated": "code '{value}' already appears in row {first_row}",
    "name_missing": "the name is empty",
    "name_too_long": "the name is longer than {limit} characters",
    "kind_unknown": "kind '{value}' is not one of co_quan, don_vi_su_nghiep, doanh_nghiep",
    "field_unknown": "field '{value}' is not one of {known}",
    "parent_self": "a unit cannot be its own parent",
    "parent_not_found": "parent code '{value}' is neither in the file nor in the database",
    "parent_rejected": "parent '{value}' is on a row that has errors",
    "parent_cycle": "parent '{value}' would make a loop of parents",
}


@dataclass(slots=True)
class RowError:
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str | None
    reason: str  # a key of REASONS
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {REASONS[self.reason].format(**self.params)}"


@dataclass(slots=True)
class ImportReport:
    rows: int = 0  # data rows read (blank rows not counted)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False  # False: nothing was written

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class _Row:
    number: int
    code: str
    name: str
    kind: UnitKind | None
    parent: str | None
    fields: list[str]


# -- reading files -------------------------------------------------------------------------------
def read_table(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> list[tuple[int, list[str]]]:
    """(row number, cells) of every non-blank row, the header included, within ``limits``.

    Raises DomainError ``unit_file.unsupported`` for another suffix, and
    :class:`~services.imports.ImportRefused` for a file too large, a bomb or an unreadable file.
    A cell an export wrote with an apostrophe so it could not run as a formula is read back as
    it was.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError("unit_file.unsupported", suffix=suffix or path.name)
    return [(number, [unescape_cell(c) for c in cells]) for number, cells in read_rows(path, limits)
            if any(c.strip() for c in cells)]


def _columns(header: Sequence[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = fold(title).replace("_", " ")
        for column, aliases in _HEADER_ALIASES.items():
            if key in aliases and column not in found:
                found[column] = index
    return found if "code" in found and "name" in found else None


# -- import --------------------------------------------------------------------------------------
async def import_units(session: AsyncSession, path: str | Path, *, skip_bad: bool = False,
                       actor: Member | None = None,
                       limits: ImportLimits = DEFAULT_LIMITS) -> ImportReport:
    """Upsert units by code from a CSV or XLSX file; returns what happened, row by row.

    Every row is validated first (code, name, kind, parent code, fields; duplicates; parents that
    are missing or would loop). With any error nothing is written unless ``skip_bad``.
    ``actor`` None is the operator's CLI; a member must be an admin. Raises DomainError
    ``unit_file.unsupported`` / ``unit_file.unreadable`` for a file that cannot be read at all.
    """
    if actor is not None:
        require_role(actor, Role.ADMIN, action="units.import")
    table = read_table(Path(path), limits)
    report = ImportReport()
    if not table:
        report.errors.append(RowError(1, None, "bad_header", {"found": ""}))
        return report
    header_number, header = table[0]
    columns = _columns(header)
    if columns is None:
        report.errors.append(RowError(header_number, None, "bad_header",
                                      {"found": ", ".join(h for h in header if h)[:200]}))
        return report

    fields = await list_fields(session)
    known_fields = join_fields(f.code for f in fields)
    existing = {u.code.upper(): u for u in (await session.exec(select(Unit))).all()}

    def get(cells: list[str], column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rows: list[_Row] = []
    bad: dict[int, list[RowError]] = {}
    first_seen: dict[str, int] = {}
    for number, cells in table[1:]:
        report.rows += 1
        errors: list[RowError] = []
        code = clean_code(get(cells, "code"))
        reason = check_code(code)
        if reason:
            errors.append(RowError(number, "code", reason, {"value": code[:40]}))
        elif code.upper() in first_seen:
            errors.append(RowError(number, "code", "code_repeated",
                                   {"value": code, "first_row": first_seen[code.upper()]}))
        else:
            first_seen[code.upper()] = number
        name = clean_line(get(cells, "name"), limit=10_000)
        reason = check_name(name)
        if reason:
            errors.append(RowError(number, "name", reason, {"limit": NAME_MAX}))
        raw_kind = get(cells, "kind")
        kind = parse_kind(raw_kind) if raw_kind else None
        if raw_kind and kind is None:
            errors.append(RowError(number, "kind", "kind_unknown", {"value": raw_kind[:40]}))
        field_codes: list[str] = []
        for part, fc in split_fields(get(cells, "fields"), fields):
            if fc is None:
                errors.append(RowError(number, "fields", "field_unknown",
                                       {"value": part[:60], "known": known_fields}))
            elif fc not in field_codes:
                field_codes.append(fc)
        parent = clean_code(get(cells, "parent code")) or None
        if parent is not None and code and parent.upper() == code.upper():
            errors.append(RowError(number, "parent code", "parent_self", {"value": parent}))
        row = _Row(number, code, name, kind, parent, field_codes)
        rows.append(row)
        if errors:
            bad[number] = errors

    # Parents: in the database, or on a good row of the file. A row whose parent is on a bad
    # row is bad too (repeat until nothing changes, so chains of children follow).
    file_codes = {r.code.upper(): r for r in rows if r.code}
    changed = True
    while changed:
        changed = False
        for r in rows:
            if r.number in bad or r.parent is None:
                continue
            key = r.parent.upper()
            in_file = file_codes.get(key)
            if in_file is not None and in_file.number in bad and in_file.number != r.number:
                bad[r.number] = [RowError(r.number, "parent code", "parent_rejected",
                                          {"value": r.parent})]
                changed = True
            elif in_file is None and key not in existing:
                bad[r.number] = [RowError(r.number, "parent code", "parent_not_found",
                                          {"value": r.parent})]
                changed = True

    # Loops: follow parents through the file (as it would be applied) and the database.
    parent_of: dict[str, str | None] = {}
    by_id = {u.id: u for u in existing.values()}
    for key, unit in existing.items():
        parent_unit = by_id.get(unit.parent_id) if unit.parent_id else None
        parent_of[key] = parent_unit.code.upper() if parent_unit else None
    for r in rows:
        if r.number not in bad and r.code:
            parent_of[r.code.upper()] = r.parent.upper() if r.parent else None
    for r in rows:
        if r.number in bad or not r.code or r.parent is None:
            continue
        seen = {r.code.upper()}
        step: str | None = r.parent.upper()
        looped = False
        while step is not None:
            if step in seen:
                looped = True
                break
            seen.add(step)
            step = parent_of.get(step)
        if looped:
            bad.setdefault(r.number, []).append(
                RowError(r.number, "parent code", "parent_cycle", {"value": r.parent}))

    for number in sorted(bad):
        report.errors.extend(bad[number])
    if bad and not skip_bad:
        return report
    report.skipped_rows = sorted(bad)
    good = [r for r in rows if r.number not in bad]
    await _apply(session, good, existing, report)
    report.applied = True
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="units.import", target=f"file:{Path(path).name}"[:128],
                       rows=report.rows, created=report.created[:1000],
                       updated=report.updated[:1000], skipped_rows=report.skipped_rows[:1000],
                       via="chat" if actor else "cli")
    await session.flush()
    return report


async def _apply(session: AsyncSession, rows: list[_Row], existing: dict[str, Unit],
                 report: ImportReport) -> None:
    units: dict[str, Unit] = dict(existing)
    new: list[Unit] = []
    touched: dict[str, bool] = {}
    for r in rows:
        key = r.code.upper()
        unit = units.get(key)
        if unit is None:
            unit = Unit(code=r.code, name=r.name, kind=r.kind or UnitKind.AGENCY,
                        search_key=search_key(r.name, r.code))
            units[key] = unit
            new.append(unit)
            touched[key] = True
            continue
        changed = False
        if unit.name != r.name:
            unit.name, unit.search_key, changed = r.name, search_key(r.name, unit.code), True
        if r.kind is not None and unit.kind != r.kind:
            unit.kind, changed = r.kind, True
        touched[key] = changed
    session.add_all(new)
    await session.flush()

    ids = [u.id for u in units.values() if u.id is not None]
    current_fields: dict[int, set[str]] = {}
    for start in range(0, len(ids), 500):
        result = await session.exec(
            select(UnitField).where(col(UnitField.unit_id).in_(ids[start:start + 500])))
        for link in result.all():
            current_fields.setdefault(link.unit_id, set()).add(link.field_code)

    for r in rows:
        key = r.code.upper()
        unit = units[key]
        parent_id = units[r.parent.upper()].id if r.parent else None
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
            touched[key] = True
        assert unit.id is not None
        have = current_fields.get(unit.id, set())
        want = set(r.fields)
        if have != want:
            for fc in have - want:
                stale = await session.get(UnitField, (unit.id, fc))
                if stale is not None:
                    await session.delete(stale)
            session.add_all([UnitField(unit_id=unit.id, field_code=fc) for fc in r.fields
                             if fc not in have])
            touched[key] = True
    new_keys = {u.code.upper() for u in new}
    for r in rows:
        key = r.code.upper()
        if key in new_keys:
            report.created.append(r.code)
        elif touched.get(key):
            report.updated.append(r.code)
        else:
            report.unchanged.append(r.code)
    await session.flush()


# -- export --------------------------------------------------------------------------------------
async def unit_rows(session: AsyncSession) -> list[list[str]]:
    """Every unit as a file row, parents before their children (then by code)."""
    units = list((await session.exec(select(Unit))).all())
    by_id = {u.id: u for u in units}
    links = (await session.exec(select(UnitField))).all()
    order = {f.code: f.position for f in await list_fields(session)}
    fields: dict[int, list[str]] = {}
    for uf in links:
        fields.setdefault(uf.unit_id, []).append(uf.field_code)
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        parent_id = u.parent_id if u.parent_id in by_id else None
        children.setdefault(parent_id, []).append(u)
    out: list[list[str]] = []
    done: set[int | None] = set()

    def emit(u: Unit) -> None:
        parent = by_id.get(u.parent_id) if u.parent_id else None
        codes = sorted(fields.get(u.id or 0, []), key=lambda c: order.get(c, 99))
        out.append([u.code, u.name, u.kind.value, parent.code if parent else "",
                    FIELD_SEPARATOR.join(codes)])
        done.add(u.id)

    stack = sorted(children.get(None, []), key=lambda u: u.code, reverse=True)
    while stack:
        u = stack.pop()
        emit(u)
        stack.extend(sorted(children.get(u.id, []), key=lambda c: c.code, reverse=True))
    for u in sorted(units, key=lambda u: u.code):  # only a loop of parents gets here
        if u.id not in done:
            emit(u)
    return out


async def export_units(session: AsyncSession, path: str | Path,
                       *, actor: Member | None = None) -> int:
    """Write every unit to ``path`` (.csv or .xlsx, same columns as the import). Returns the count.

    ``actor`` None is the operator's CLI; a member must be an admin.
    """
    if actor is not None:
        require_role(actor, Role.ADMIN, action="units.export")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError("unit_file.unsupported", suffix=suffix or path.name)
    rows = await unit_rows(session)
    write_table(path, rows)
    return len(rows)


def write_table(path: Path, rows: list[list[str]]) -> None:
    """The header and ``rows`` as XLSX or CSV (UTF-8 with BOM, so Excel shows Vietnamese).

    Every cell goes through services.exports.cells: a name such as ``=HYPERLINK(…)`` is text.
    """
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("units")
        sheet.append(xlsx_row(sheet, list(HEADER)))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        book.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(safe_row(HEADER))
        writer.writerows(safe_row(row) for row in rows)
