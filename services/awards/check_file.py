"""`thidua nominations check FILE`: a nomination list as units e-mail it, checked row by row.

Columns: ``họ tên, ngày sinh, mã đơn vị, khen thưởng, năm`` and, where the rule needs them,
``mức hoàn thành`` (the year's rating), ``sáng kiến`` (its level, or "có") and ``kỷ luật``.
Nothing is written: people are looked up in the register (name + unit + date of birth); one not
found there is checked on the file's own evidence alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from models import Beneficiary, InitiativeLevel, Person, Verdict
from services.awards import eligibility
from services.awards.catalogue import current_catalogue
from services.awards.eligibility import Candidate
from services.awards.register_files import ALIASES as REGISTER_ALIASES
from services.awards.register_files import LEVEL_WORDS, RATING_WORDS, _people, _units
from services.awards.sheets import Limits, map_header, parse_date, read_rows
from services.errors import DomainError
from services.text import fold

ALIASES: dict[str, tuple[str, ...]] = {
    **{k: v for k, v in REGISTER_ALIASES.items() if k in ("ho ten", "ngay sinh", "ma don vi", "nam")},
    "khen thuong": ("khen thuong", "hinh thuc khen thuong", "danh hieu", "de nghi", "award",
                    "proposed award"),
    "muc hoan thanh": ("muc hoan thanh", "muc hoan thanh nhiem vu", "xep loai", "danh gia", "rating"),
    "sang kien": ("sang kien", "sang kien de tai", "initiative"),
    "ky luat": ("ky luat", "discipline", "disciplined"),
}
REQUIRED = ("ho ten", "ma don vi", "khen thuong", "nam")
YES = {"co", "x", "yes", "1", "true", "dat"}
NO = {"", "khong", "no", "0", "false"}


@dataclass(frozen=True, slots=True)
class RowVerdict:
    row: int
    verdict: Verdict
    reason: str  # Vietnamese
    reason_en: str


async def check_file(session: AsyncSession, path: Path, *, limits: Limits = Limits()) -> list[RowVerdict]:
    catalogue = await current_catalogue(session)
    rows = iter(read_rows(path, limits))
    header = next(rows, None)
    if header is None:
        raise DomainError("awards_file.empty")
    columns = map_header(header[1], ALIASES, REQUIRED)
    raw = list(rows)

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    units = await _units(session, {cell(c, "ma don vi") for _, c in raw if cell(c, "ma don vi")})
    people = await _people(session, {u.id for u in units.values() if u.id is not None})
    out: dict[int, RowVerdict] = {}
    candidates: list[Candidate] = []
    seen: dict[tuple[int, int | str, str, int], int] = {}
    for number, cells in raw:
        problems: list[tuple[str, str]] = []
        unit = units.get(fold(cell(cells, "ma don vi")))
        if unit is None or unit.id is None:
            problems.append((f"không có đơn vị mã “{cell(cells, 'ma don vi')}”",
                             f"no unit with code “{cell(cells, 'ma don vi')}”"))
        award = catalogue.find(cell(cells, "khen thuong")) if cell(cells, "khen thuong") else None
        if award is None:
            problems.append((f"“{cell(cells, 'khen thuong')}” không có trong danh mục khen thưởng",
                             f"“{cell(cells, 'khen thuong')}” is not in the award catalogue"))
        year_text = cell(cells, "nam")
        if not (year_text.isdigit() and 1945 <= int(year_text) <= 2100):
            problems.append((f"năm “{year_text}” không hợp lệ", f"“{year_text}” is not a year"))
        try:
            birth = parse_date(cell(cells, "ngay sinh"))
        except ValueError:
            problems.append((f"ngày sinh “{cell(cells, 'ngay sinh')}” không đúng dạng dd/mm/yyyy",
                             f"date of birth “{cell(cells, 'ngay sinh')}” is not dd/mm/yyyy"))
            birth = None
        rating_text = fold(cell(cells, "muc hoan thanh"))
        rating = RATING_WORDS.get(rating_text)
        if rating_text and rating is None:
            problems.append((f"mức hoàn thành “{cell(cells, 'muc hoan thanh')}” không rõ",
                             f"rating “{cell(cells, 'muc hoan thanh')}” is not understood"))
        ini_text = fold(cell(cells, "sang kien")).removeprefix("sang kien").strip()
        level = None if ini_text in NO else LEVEL_WORDS.get(ini_text, InitiativeLevel.UNIT if ini_text in YES
                                                             else None)
        if ini_text not in NO and level is None:
            problems.append((f"sáng kiến “{cell(cells, 'sang kien')}” không rõ cấp",
                             f"initiative level “{cell(cells, 'sang kien')}” is not understood"))
        discipline_text = fold(cell(cells, "ky luat"))
        if problems or unit is None or unit.id is None or award is None:
            out[number] = RowVerdict(number, Verdict.DOUBTFUL, "Không kiểm tra được: " +
                                     "; ".join(p[0] for p in problems),
                                     "Cannot check: " + "; ".join(p[1] for p in problems))
            continue
        name = cell(cells, "ho ten")
        collective = award.beneficiary is Beneficiary.COLLECTIVE
        person_id: int | None = None
        if not collective:
            match = _match_readonly(people.get((unit.id, fold(name)), []), birth)
            person_id = match.id if match is not None and match.id is not None else -number
        who: int | str = person_id if person_id and person_id > 0 else (fold(name) + str(birth))
        dup_key = (unit.id if collective else 0, who if not collective else 0, award.code, int(year_text))
        if dup_key in seen:
            out[number] = RowVerdict(number, Verdict.NOT_ELIGIBLE,
                                     f"Trùng với dòng {seen[dup_key]}: cùng người, cùng {award.name} "
                                     f"năm {year_text}",
                                     f"Same as row {seen[dup_key]}: same nominee, award and year")
            continue
        seen[dup_key] = number
        candidates.append(Candidate(award.code, int(year_text), unit.id, person_id, rating=rating,
                                    initiative_level=level,
                                    disciplined=True if discipline_text in YES else None, key=number))
    checked, caps = await eligibility.check(session, catalogue, candidates)
    over: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for cap in caps:
        for key in cap.over:
            over[int(key)].append((cap.vi, cap.en))
    for c in checked:
        number = int(c.candidate.key)
        if number in over:
            out[number] = RowVerdict(number, Verdict.NOT_ELIGIBLE, "; ".join(v for v, _ in over[number]),
                                     "; ".join(e for _, e in over[number]))
        else:
            out[number] = RowVerdict(number, c.verdict, c.vi, c.en)
    return [out[n] for n in sorted(out)]


def _match_readonly(people: list[Person], birth: object) -> Person | None:
    if birth is not None:
        exact = [p for p in people if p.birth_date == birth]
        if exact:
            return exact[0]
        undated = [p for p in people if p.birth_date is None]
        return undated[0] if len(undated) == 1 else None
    return people[0] if len(people) == 1 else None
