"""Eligibility: each proposed award checked against the catalogue's rule and the register, with
the reason in words, and the catalogue's caps checked per unit.

Facts are loaded in a few set-based queries for a whole batch (a nomination list, or a file of
thousands of rows), then every rule is evaluated in memory: linear in the batch.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import distinct, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    Beneficiary,
    Initiative,
    InitiativeLevel,
    Person,
    PersonYear,
    Rating,
    UnitYear,
    Verdict,
)
from services.awards.catalogue import Catalogue
from services.awards.rules import Evaluator, MemberStats, PersonFacts

CHUNK = 900  # ids per IN (…): under SQLite's variable limit, small enough for PostgreSQL plans


@dataclass(slots=True)
class Candidate:
    """One proposed award: a person (``person_id``) or a collective (``person_id`` None, the unit)."""

    award_code: str
    year: int
    unit_id: int
    person_id: int | None = None
    rating: Rating | None = None  # evidence given with the proposal, for ``year``
    initiative_level: InitiativeLevel | None = None
    disciplined: bool | None = None
    key: Any = None  # the caller's handle: an entry id, a row number


@dataclass(frozen=True, slots=True)
class Checked:
    candidate: Candidate
    verdict: Verdict
    vi: str
    en: str
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class CapProblem:
    """A unit proposes more of an award than its cap allows."""

    unit_id: int
    award_code: str
    year: int
    limit: int
    proposed: int
    over: tuple[Any, ...]  # keys of the candidates beyond the cap (the last ones given)
    vi: str
    en: str


@dataclass(slots=True)
class Facts:
    people: dict[int, PersonFacts] = field(default_factory=dict)
    units: dict[int, PersonFacts] = field(default_factory=dict)
    members: dict[tuple[int, int], MemberStats] = field(default_factory=dict)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    items = sorted(set(ids))
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


async def load_facts(session: AsyncSession, candidates: Sequence[Candidate], catalogue: Catalogue) -> Facts:
    facts = Facts()
    person_ids = {c.person_id for c in candidates if c.person_id is not None}
    collective = [c for c in candidates if c.person_id is None]
    for chunk in _chunks(person_ids):
        for pid in chunk:
            facts.people[pid] = PersonFacts()
        rows = await session.execute(
            select(AwardRecord.person_id, AwardRecord.year, AwardRecord.award_code).where(
                col(AwardRecord.person_id).in_(chunk)
            )
        )
        for pid, year, code in rows:
            facts.people[pid].awards.setdefault(year, set()).add(code)
        rows = await session.execute(
            select(PersonYear.person_id, PersonYear.year, PersonYear.rating, PersonYear.disciplined).where(
                col(PersonYear.person_id).in_(chunk)
            )
        )
        for pid, year, rating, disciplined in rows:
            f = facts.people[pid]
            if rating is not None:
                f.ratings[year] = Rating(rating)
            if disciplined:
                f.disciplined.add(year)
        rows = await session.execute(
            select(Initiative.person_id, Initiative.year, Initiative.level).where(
                col(Initiative.person_id).in_(chunk)
            )
        )
        for pid, year, level in rows:
            facts.people[pid].initiatives.append((year, InitiativeLevel(level)))
    unit_ids = {c.unit_id for c in collective}
    for chunk in _chunks(unit_ids):
        for uid in chunk:
            facts.units[uid] = PersonFacts()
        rows = await session.execute(
            select(AwardRecord.unit_id, AwardRecord.year, AwardRecord.award_code).where(
                col(AwardRecord.unit_id).in_(chunk), col(AwardRecord.person_id).is_(None)
            )
        )
        for uid, year, code in rows:
            facts.units[uid].awards.setdefault(year, set()).add(code)
        rows = await session.execute(
            select(UnitYear.unit_id, UnitYear.year, UnitYear.rating).where(col(UnitYear.unit_id).in_(chunk))
        )
        for uid, year, rating in rows:
            if rating is not None:
                facts.units[uid].ratings[year] = Rating(rating)
    # The people of a unit in a year: for collective rules and for caps ("15 % of its LĐTT").
    pairs = {(c.unit_id, c.year) for c in collective}
    pairs |= {(c.unit_id, c.year) for c in candidates if _caps(catalogue, c.award_code)}
    await _load_members(session, facts, pairs)
    return facts


def _caps(catalogue: Catalogue, code: str) -> list[dict[str, Any]]:
    award = catalogue.get(code)
    return list(award.caps) if award else []


async def _load_members(session: AsyncSession, facts: Facts, pairs: set[tuple[int, int]]) -> None:
    if not pairs:
        return
    years = sorted({y for _, y in pairs})
    for chunk in _chunks(u for u, _ in pairs):
        for uid in chunk:
            for year in years:
                facts.members.setdefault((uid, year), MemberStats())
        rows = await session.execute(
            select(Person.unit_id, PersonYear.year, PersonYear.rating, PersonYear.disciplined)
            .join(Person, col(Person.id) == col(PersonYear.person_id))
            .where(col(Person.unit_id).in_(chunk), col(PersonYear.year).in_(years))
        )
        for uid, year, rating, disciplined in rows:
            stats = facts.members[(uid, year)]
            stats.members += 1
            if rating is not None:
                stats.ratings.append(Rating(rating))
            if disciplined:
                stats.disciplined += 1
        rows = await session.execute(
            select(
                AwardRecord.unit_id, AwardRecord.year, AwardRecord.award_code,
                func.count(distinct(col(AwardRecord.person_id))),
            )
            .where(
                col(AwardRecord.unit_id).in_(chunk),
                col(AwardRecord.year).in_(years),
                col(AwardRecord.person_id).is_not(None),
            )
            .group_by(col(AwardRecord.unit_id), col(AwardRecord.year), col(AwardRecord.award_code))
        )
        for uid, year, code, n in rows:
            facts.members[(uid, year)].holders[code] = int(n)


def evaluator(catalogue: Catalogue) -> Evaluator:
    return Evaluator({code: (a.name, a.name_en or a.name) for code, a in catalogue.awards.items()})


def evaluate(
    catalogue: Catalogue, facts: Facts, candidate: Candidate, ev: Evaluator | None = None
) -> Checked:
    ev = ev or evaluator(catalogue)
    award = catalogue.get(candidate.award_code)
    if award is None:
        return Checked(candidate, Verdict.NOT_ELIGIBLE,
                       f"Không có hình thức hoặc danh hiệu “{candidate.award_code}” trong danh mục",
                       f"“{candidate.award_code}” is not in the award catalogue")
    individual = candidate.person_id is not None
    if individual != (award.beneficiary is Beneficiary.INDIVIDUAL):
        return Checked(candidate, Verdict.NOT_ELIGIBLE,
                       f"{award.name} dành cho " + ("cá nhân" if not individual else "tập thể"),
                       f"{award.name_en or award.name} is for " + ("individuals" if not individual else
                                                                   "collectives"))
    if individual:
        base = facts.people.get(candidate.person_id or 0) or PersonFacts()
    else:
        base = facts.units.get(candidate.unit_id) or PersonFacts()
    if candidate.award_code in base.awards.get(candidate.year, set()):
        return Checked(candidate, Verdict.NOT_ELIGIBLE,
                       f"Trùng: đã có {award.name} năm {candidate.year} trong sổ theo dõi khen thưởng",
                       f"Duplicate: {award.name_en or award.name} {candidate.year} is already in the "
                       "award register", duplicate=True)
    own = _with_evidence(base, candidate)
    members = None if individual else facts.members.get((candidate.unit_id, candidate.year))
    result = ev.evaluate(award.rule, candidate.year, own, members)
    return Checked(candidate, result.verdict, result.vi, result.en)


def _with_evidence(base: PersonFacts, c: Candidate) -> PersonFacts:
    if c.rating is None and c.initiative_level is None and c.disciplined is None:
        return base
    facts = PersonFacts(dict(base.awards), dict(base.ratings), set(base.disciplined), list(base.initiatives))
    if c.rating is not None:
        facts.ratings[c.year] = c.rating
    if c.initiative_level is not None:
        facts.initiatives.append((c.year, c.initiative_level))
    if c.disciplined:
        facts.disciplined.add(c.year)
    elif c.disciplined is False:
        facts.disciplined.discard(c.year)
    return facts


def cap_problems(catalogue: Catalogue, facts: Facts, candidates: Sequence[Candidate]) -> list[CapProblem]:
    """Per unit and year: each capped award against its cap. Candidates of the ``share_of``
    award in the same batch count as proposed together ("15 % of the unit's LĐTT")."""
    by_group: dict[tuple[int, str, int], list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_group[(c.unit_id, c.award_code, c.year)].append(c)
    problems = []
    for (unit_id, code, year), group in by_group.items():
        award = catalogue.get(code)
        if award is None:
            continue
        for cap in award.caps:
            if cap.get("max_per_unit") is not None:
                limit = int(cap["max_per_unit"])
                base_vi = f"tối đa {limit} mỗi đơn vị"
                base_en = f"at most {limit} per unit"
            else:
                of = str(cap["share_of"])
                share = float(cap["share"])
                stats = facts.members.get((unit_id, year)) or MemberStats()
                pool = stats.holders.get(of, 0) + len(by_group.get((unit_id, of, year), []))
                limit = math.floor(share * pool + 1e-9)
                of_award = catalogue.get(of)
                of_vi = of_award.name if of_award else of
                of_en = (of_award.name_en or of_award.name) if of_award else of
                pct = f"{share * 100:g}%".replace(".", ",")
                base_vi = f"tối đa {pct} số {of_vi} của đơn vị ({pool} → tối đa {limit})"
                base_en = f"at most {share * 100:g}% of the unit's {of_en} ({pool} → at most {limit})"
            if len(group) > limit:
                problems.append(CapProblem(
                    unit_id, code, year, limit, len(group), tuple(c.key for c in group[limit:]),
                    f"Vượt giới hạn: {award.name} năm {year} {base_vi}, danh sách đề nghị {len(group)}",
                    f"Over the cap: {award.name_en or award.name} {year} {base_en}, {len(group)} proposed",
                ))
    return problems


async def check(
    session: AsyncSession, catalogue: Catalogue, candidates: Sequence[Candidate]
) -> tuple[list[Checked], list[CapProblem]]:
    """Every candidate's verdict, and the caps each unit goes over."""
    facts = await load_facts(session, candidates, catalogue)
    ev = evaluator(catalogue)
    return [evaluate(catalogue, facts, c, ev) for c in candidates], cap_problems(catalogue, facts, candidates)
