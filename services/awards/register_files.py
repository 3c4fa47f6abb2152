"""The award register in a spreadsheet: `thidua awards import FILE` and its export.

Columns (Vietnamese, with or without accents, or English): ``họ tên, ngày sinh, mã đơn vị,
khen thưởng, năm, số quyết định, ngày quyết định``. ``khen thưởng`` holds one of:
- an award of the catalogue, by code or by name as people write it ("chiến sĩ thi đua cơ sở");
- a yearly rating: "hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm
  vụ", "không hoàn thành nhiệm vụ" (or HTXSNV, HTTNV, HTNV, KHTNV);
- "sáng kiến" (optionally "cấp cơ sở", "cấp Bộ", "toàn quốc"; "đề tài" counts the same);
- "kỷ luật" for a year in which the person was disciplined.
A collective leaves ``ngày sinh`` empty and writes its unit's name (or nothing) in ``họ tên``.
People are matched by name (accent-insensitive) + unit + date of birth, and created when new.
Every row is checked first; with errors nothing is written unless ``skip_bad``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    Initiative,
    InitiativeLevel,
    Person,
    PersonYear,
    Rating,
    RecordSource,
    Unit,
    UnitYear,
)
from services import audit
from services.awards.catalogue import Catalogue, current_catalogue
from services.awards.rules import LEVEL_VI, RATING_VI
from services.awards.sheets import Limits, map_header, parse_date, read_rows, write_table
from services.text import clean_line, fold

COLUMNS = ("ho ten", "ngay sinh", "ma don vi", "khen thuong", "nam", "so quyet dinh", "ngay quyet dinh")
HEADER_VI = ("họ tên", "ngày sinh", "mã đơn vị", "khen thưởng", "năm", "số quyết định", "ngày quyết định")
ALIASES: dict[str, tuple[str, ...]] = {
    "ho ten": ("ho ten", "ho va ten", "ten", "full name", "name"),
    "ngay sinh": ("ngay sinh", "date of birth", "birth date", "born", "dob"),
    "ma don vi": ("ma don vi", "don vi", "unit code", "unit"),
    "khen thuong": ("khen thuong", "hinh thuc khen thuong", "danh hieu", "award", "rating"),
    "nam": ("nam", "year"),
    "so quyet dinh": ("so quyet dinh", "decision number", "decision no", "so qd"),
    "ngay quyet dinh": ("ngay quyet dinh", "decision date", "ngay qd"),
}
REQUIRED = ("ho ten", "ma don vi", "khen thuong", "nam")

RATING_WORDS: dict[str, Rating] = {}
for _rating, _words in {
    Rating.EXCELLENT: ("hoan thanh xuat sac nhiem vu", "hoan thanh xuat sac", "htxsnv", "htxs", "xuat sac",
                       "excellent"),
    Rating.GOOD: ("hoan thanh tot nhiem vu", "hoan thanh tot", "httnv", "htt", "tot", "good"),
    Rating.DONE: ("hoan thanh nhiem vu", "hoan thanh", "htnv", "ht", "completed", "done"),
    Rating.NOT_DONE: ("khong hoan thanh nhiem vu", "khong hoan thanh", "khtnv", "not completed"),
}.items():
    for _word in _words:
        RATING_WORDS[_word] = _rating
LEVEL_WORDS = {"cap co so": InitiativeLevel.UNIT, "co so": InitiativeLevel.UNIT,
               "cap bo": InitiativeLevel.MINISTRY, "toan quoc": InitiativeLevel.NATIONAL,
               "cap toan quoc": InitiativeLevel.NATIONAL, "unit": InitiativeLevel.UNIT,
               "ministry": InitiativeLevel.MINISTRY, "national": InitiativeLevel.NATIONAL}
MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass(slots=True)
class RowError:
    """A bad row: ``reason`` is a code (``register_file.<reason>`` in the command line's texts),
    ``params`` what the sentence names (the cell as written)."""

    row: int
    column: str | None
    reason: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class RegisterImport:
    rows: int = 0
    awards: int = 0
    ratings: int = 0
    initiatives: int = 0
    disciplines: int = 0
    people_created: int = 0
    already_there: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False


@dataclass(slots=True)
class Line:
    """One row understood: what it records, for whom."""

    row: int
    name: str
    birth: date | None
    unit_id: int
    collective: bool
    year: int
    award: str | None = None
    rating: Rating | None = None
    initiative: InitiativeLevel | None = None
    disciplined: bool = False
    decision_number: str = ""
    decision_date: date | None = None
    text: str = ""


def what_is(text: str, catalogue: Catalogue) -> tuple[str, Any] | None:
    """("award", code) | ("rating", Rating) | ("initiative", level) | ("discipline", True)."""
    key = fold(text).replace("-", " ").strip()
    key = " ".join(key.split())
    if key in RATING_WORDS:
        return "rating", RATING_WORDS[key]
    for lead in ("sang kien", "de tai", "initiative", "research"):
        if key.startswith(lead):
            rest = key[len(lead):].strip(" :,")
            return "initiative", LEVEL_WORDS.get(rest, InitiativeLevel.UNIT)
    if key in ("ky luat", "discipline", "disciplined"):
        return "discipline", True
    award = catalogue.find(text)
    return ("award", award.code) if award else None


async def _units(session: AsyncSession, codes: set[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    items = sorted(codes)
    for i in range(0, len(items), 900):
        rows = (await session.exec(select(Unit).where(col(Unit.code).in_(items[i : i + 900])))).all()
        found.update({fold(u.code): u for u in rows})
    return found


def _parse(raw: list[tuple[int, list[str]]], columns: dict[str, int], units: dict[str, Unit],
           catalogue: Catalogue, report: RegisterImport) -> list[Line]:
    lines: list[Line] = []

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for number, cells in raw:
        errors: list[RowError] = []
        name = clean_line(cell(cells, "ho ten"), limit=200)
        unit = units.get(fold(cell(cells, "ma don vi")))
        if unit is None:
            errors.append(RowError(number, "mã đơn vị", "unit_unknown",
                                   {"value": cell(cells, "ma don vi")[:40]}))
        try:
            birth = parse_date(cell(cells, "ngay sinh"))
        except ValueError:
            errors.append(RowError(number, "ngày sinh", "not_a_date",
                                   {"value": cell(cells, "ngay sinh")[:40]}))
            birth = None
        try:
            decided = parse_date(cell(cells, "ngay quyet dinh"))
        except ValueError:
            errors.append(RowError(number, "ngày quyết định", "not_a_date",
                                   {"value": cell(cells, "ngay quyet dinh")[:40]}))
            decided = None
        year_text = cell(cells, "nam")
        year = int(year_text) if year_text.isdigit() else 0
        if not MIN_YEAR <= year <= MAX_YEAR:
            errors.append(RowError(number, "năm", "not_a_year", {"value": year_text[:40]}))
        text = cell(cells, "khen thuong")
        meaning = what_is(text, catalogue) if text else None
        if meaning is None:
            errors.append(RowError(number, "khen thưởng", "award_unknown", {"value": text[:80]}))
        collective = unit is not None and birth is None and (not name or fold(name) == fold(unit.name))
        if not name and not collective:
            errors.append(RowError(number, "họ tên", "name_missing"))
        if meaning is not None and collective and meaning[0] in ("initiative", "discipline"):
            errors.append(RowError(number, "khen thưởng", "collective_personal"))
        if meaning is not None and meaning[0] == "award" and unit is not None:
            award = catalogue.get(meaning[1])
            if award is not None and collective != (award.beneficiary.value == "collective"):
                errors.append(RowError(number, "khen thưởng",
                                       f"for_{award.beneficiary.value}", {"award": award.name}))
        if errors:
            report.errors.extend(errors)
            report.skipped_rows.append(number)
            continue
        assert unit is not None and unit.id is not None and meaning is not None
        line = Line(number, name or unit.name, birth, unit.id, collective, year,
                    decision_number=clean_line(cell(cells, "so quyet dinh"), limit=64),
                    decision_date=decided, text=text)
        kind, value = meaning
        if kind == "award":
            line.award = value
        elif kind == "rating":
            line.rating = value
        elif kind == "initiative":
            line.initiative = value
        else:
            line.disciplined = True
        lines.append(line)
    return lines


async def import_register(
    session: AsyncSession,
    path: Path,
    *,
    limits: Limits = Limits(),
    skip_bad: bool = False,
    actor: int | None = None,
) -> RegisterImport:
    """Read ``path`` and write it into the register. Raises DomainError ``awards_file.*`` when
    the file itself cannot be used."""
    catalogue = await current_catalogue(session)
    report = RegisterImport()
    rows = iter(read_rows(path, limits))
    header = next(rows, None)
    if header is None:
        raise_empty()
    assert header is not None
    columns = map_header(header[1], ALIASES, REQUIRED)
    raw = list(rows)
    report.rows = len(raw)
    index = columns.get("ma don vi", 0)
    units = await _units(session, {c[index].strip() for _, c in raw if index < len(c) and c[index].strip()})
    lines = _parse(raw, columns, units, catalogue, report)
    del raw
    if report.errors and not skip_bad:
        return report
    await _write(session, lines, catalogue, report, actor)
    report.applied = True
    await audit.record(session, actor=actor, action="awards.register.import", target=path.name[:128],
                       rows=report.rows, awards=report.awards, ratings=report.ratings,
                       initiatives=report.initiatives, people_created=report.people_created,
                       skipped=len(report.skipped_rows))
    return report


def raise_empty() -> None:
    from services.errors import DomainError

    raise DomainError("awards_file.empty")


async def _people(session: AsyncSession, unit_ids: set[int]) -> dict[tuple[int, str], list[Person]]:
    found: dict[tuple[int, str], list[Person]] = defaultdict(list)
    items = sorted(unit_ids)
    for i in range(0, len(items), 900):
        for person in (await session.exec(select(Person).where(col(Person.unit_id).in_(items[i : i + 900])))):
            found[(person.unit_id, person.name_key)].append(person)
    return found


def _match(people: list[Person], birth: date | None) -> Person | None:
    if birth is not None:
        exact = [p for p in people if p.birth_date == birth]
        if exact:
            return exact[0]
        undated = [p for p in people if p.birth_date is None]
        if len(undated) == 1:
            undated[0].birth_date = birth
            return undated[0]
        return None
    return people[0] if len(people) == 1 else None


async def _write(session: AsyncSession, lines: list[Line], catalogue: Catalogue, report: RegisterImport,
                 actor: int | None) -> None:
    people = await _people(session, {line.unit_id for line in lines if not line.collective})
    person_of: dict[int, int] = {}  # row → person id
    new: list[tuple[Line, Person]] = []
    for line in lines:
        if line.collective:
            continue
        key = (line.unit_id, fold(line.name))
        person = _match(people[key], line.birth)
        if person is None:
            person = Person(unit_id=line.unit_id, full_name=line.name, name_key=key[1], birth_date=line.birth)
            people[key].append(person)
            session.add(person)
            new.append((line, person))
            report.people_created += 1
        else:
            session.add(person)
        if person.id is not None:
            person_of[line.row] = person.id
    await session.flush()
    for line, person in new:
        assert person.id is not None
        person_of[line.row] = person.id
    for line in lines:
        if not line.collective and line.row not in person_of:
            key = (line.unit_id, fold(line.name))
            match = _match(people[key], line.birth)
            assert match is not None and match.id is not None
            person_of[line.row] = match.id
    pids = set(person_of.values())
    uids = {line.unit_id for line in lines if line.collective}
    have: set[tuple[int | None, int, str, int]] = set()
    for i, chunk in enumerate((sorted(pids), sorted(uids))):
        for j in range(0, len(chunk), 900):
            part = chunk[j : j + 900]
            query = select(AwardRecord.person_id, AwardRecord.unit_id, AwardRecord.award_code,
                           AwardRecord.year)
            query = query.where(col(AwardRecord.person_id).in_(part)) if i == 0 else query.where(
                col(AwardRecord.unit_id).in_(part), col(AwardRecord.person_id).is_(None))
            for pid, uid, code, year in await session.execute(query):
                have.add((pid, 0 if pid else uid, code, year))
    years: dict[tuple[int, int], PersonYear] = {}
    for j in range(0, len(pids), 900):
        part = sorted(pids)[j : j + 900]
        for py in await session.exec(select(PersonYear).where(col(PersonYear.person_id).in_(part))):
            years[(py.person_id, py.year)] = py
    unit_years: dict[tuple[int, int], UnitYear] = {}
    for uy in await session.exec(select(UnitYear).where(col(UnitYear.unit_id).in_(sorted(uids) or [0]))):
        unit_years[(uy.unit_id, uy.year)] = uy
    initiatives: set[tuple[int, int, str, str]] = set()
    for j in range(0, len(pids), 900):
        part = sorted(pids)[j : j + 900]
        for pid, year, level, number in await session.execute(
            select(Initiative.person_id, Initiative.year, Initiative.level, Initiative.decision_number)
            .where(col(Initiative.person_id).in_(part))
        ):
            initiatives.add((pid, year, str(level), number))
    version = catalogue.version
    for line in lines:
        pid = None if line.collective else person_of[line.row]
        if line.award is not None:
            have_key = (pid, 0 if pid else line.unit_id, line.award, line.year)
            if have_key in have:
                report.already_there += 1
                continue
            have.add(have_key)
            session.add(AwardRecord(person_id=pid, unit_id=line.unit_id, award_code=line.award,
                                    year=line.year,
                                    decision_number=line.decision_number, decision_date=line.decision_date,
                                    source=RecordSource.IMPORT, catalogue_version=version, created_by=actor))
            report.awards += 1
        elif line.rating is not None and pid is None:
            unit_year = unit_years.get((line.unit_id, line.year)) or UnitYear(unit_id=line.unit_id,
                                                                              year=line.year)
            unit_years[(line.unit_id, line.year)] = unit_year
            unit_year.rating = line.rating
            session.add(unit_year)
            report.ratings += 1
        elif pid is not None and (line.rating is not None or line.disciplined):
            person_year = years.get((pid, line.year)) or PersonYear(person_id=pid, year=line.year)
            years[(pid, line.year)] = person_year
            if line.rating is not None:
                person_year.rating = line.rating
                report.ratings += 1
            else:
                person_year.disciplined = True
                report.disciplines += 1
            session.add(person_year)
        elif pid is not None and line.initiative is not None:
            key4 = (pid, line.year, line.initiative.value, line.decision_number)
            if key4 in initiatives:
                report.already_there += 1
                continue
            initiatives.add(key4)
            session.add(Initiative(person_id=pid, year=line.year, level=line.initiative,
                                   title=line.text[:300], decision_number=line.decision_number))
            report.initiatives += 1
    await session.flush()


async def export_register(session: AsyncSession, path: Path) -> int:
    """Everything the register holds, in the columns import_register reads; returns the row count."""
    catalogue = await current_catalogue(session)
    units = {u.id: u for u in (await session.exec(select(Unit))).all()}
    people = {p.id: p for p in (await session.exec(select(Person))).all()}
    rows: list[list[Any]] = []

    def who(pid: int | None, uid: int) -> list[Any]:
        unit = units.get(uid)
        if pid is None:
            return [unit.name if unit else "", "", unit.code if unit else ""]
        person = people[pid]
        return [person.full_name, person.birth_date or "", unit.code if unit else ""]

    records = await session.exec(select(AwardRecord).order_by(col(AwardRecord.year), col(AwardRecord.id)))
    for r in records:
        award = catalogue.get(r.award_code)
        rows.append([*who(r.person_id, r.unit_id), award.name if award else r.award_code, r.year,
                     r.decision_number, r.decision_date or ""])
    for py in await session.exec(select(PersonYear).order_by(col(PersonYear.year))):
        person = people[py.person_id]
        if py.rating is not None:
            rows.append([*who(py.person_id, person.unit_id), RATING_VI[py.rating], py.year, "", ""])
        if py.disciplined:
            rows.append([*who(py.person_id, person.unit_id), "kỷ luật", py.year, "", ""])
    for uy in await session.exec(select(UnitYear).order_by(col(UnitYear.year))):
        if uy.rating is not None:
            rows.append([*who(None, uy.unit_id), RATING_VI[uy.rating], uy.year, "", ""])
    for ini in await session.exec(select(Initiative).order_by(col(Initiative.year))):
        person = people[ini.person_id]
        rows.append([*who(ini.person_id, person.unit_id), f"sáng kiến {LEVEL_VI[ini.level]}", ini.year,
                     ini.decision_number, ""])
    write_table(path, HEADER_VI, rows)
    return len(rows)
