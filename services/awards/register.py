"""The award register (sổ theo dõi khen thưởng): people, the awards they and their collectives
received, their yearly ratings and recognised sáng kiến — the history eligibility is checked
against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import AwardRecord, Initiative, Person, PersonYear, RecordSource, Unit, UnitYear
from services import audit
from services.awards.catalogue import current_catalogue
from services.errors import DomainError, NotFound
from services.text import clean_line, fold

NAME_LIMIT = 200


class DuplicateAward(DomainError):
    """The same award for the same person (or collective) and year is already in the register."""

    def __init__(self, *, award: str, year: int, decision: str) -> None:
        super().__init__("awards.duplicate_award", award=award, year=year, decision=decision)


async def find_person(
    session: AsyncSession, *, unit_id: int, full_name: str, birth_date: date | None
) -> Person | None:
    """The person of ``unit_id`` with this name (accent- and case-insensitive) and birth date.
    Without a birth date, the one person of that name in the unit, if there is exactly one."""
    key = fold(full_name)
    query = select(Person).where(Person.unit_id == unit_id, Person.name_key == key)
    people = (await session.exec(query)).all()
    if birth_date is not None:
        exact = [p for p in people if p.birth_date == birth_date]
        if exact:
            return exact[0]
        undated = [p for p in people if p.birth_date is None]
        return undated[0] if len(undated) == 1 else None
    return people[0] if len(people) == 1 else None


async def find_or_create_person(
    session: AsyncSession, *, unit_id: int, full_name: str, birth_date: date | None
) -> tuple[Person, bool]:
    name = clean_line(full_name, limit=NAME_LIMIT)
    if not name:
        raise DomainError("awards.empty_name")
    person = await find_person(session, unit_id=unit_id, full_name=name, birth_date=birth_date)
    if person is not None:
        if person.birth_date is None and birth_date is not None:
            person.birth_date = birth_date
            session.add(person)
        return person, False
    person = Person(unit_id=unit_id, full_name=name, name_key=fold(name), birth_date=birth_date)
    session.add(person)
    await session.flush()
    return person, True


async def record_award(
    session: AsyncSession,
    *,
    award_code: str,
    year: int,
    unit_id: int,
    person_id: int | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    signer: str = "",
    source: RecordSource = RecordSource.DECISION,
    catalogue_version: int | None = None,
    nomination_entry_id: int | None = None,
    actor: int | None = None,
) -> AwardRecord:
    """Write one award into the register (a person's when ``person_id`` is given, else the
    collective ``unit_id``'s). The catalogue version defaults to the current one. Raises
    DuplicateAward if the same award for the same year is already there, NotFound for an
    unknown award code, person or unit."""
    if catalogue_version is None:
        catalogue = await current_catalogue(session)
        catalogue_version = catalogue.version
    else:
        from services.awards.catalogue import catalogue_version as load_version

        catalogue = await load_version(session, catalogue_version)
    if catalogue.get(award_code) is None:
        raise NotFound("award", code=award_code, version=catalogue.version)
    if await session.get(Unit, unit_id) is None:
        raise NotFound("unit", unit_id=unit_id)
    if person_id is not None:
        person = await session.get(Person, person_id)
        if person is None:
            raise NotFound("person", person_id=person_id)
    existing = await _same_award(
        session, award_code=award_code, year=year, unit_id=unit_id, person_id=person_id
    )
    if existing is not None:
        raise DuplicateAward(award=award_code, year=year, decision=existing.decision_number or "—")
    record = AwardRecord(
        person_id=person_id,
        unit_id=unit_id,
        award_code=award_code,
        year=year,
        decision_number=clean_line(decision_number, limit=64),
        decision_date=decision_date,
        signer=clean_line(signer, limit=200),
        source=source,
        catalogue_version=catalogue_version,
        nomination_entry_id=nomination_entry_id,
        created_by=actor,
    )
    session.add(record)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="awards.record",
        target=f"award_record:{record.id}",
        award=award_code,
        year=year,
        unit_id=unit_id,
        person_id=person_id,
        source=source.value,
        decision=record.decision_number,
    )
    return record


async def _same_award(
    session: AsyncSession, *, award_code: str, year: int, unit_id: int, person_id: int | None
) -> AwardRecord | None:
    query = select(AwardRecord).where(AwardRecord.award_code == award_code, AwardRecord.year == year)
    if person_id is None:
        query = query.where(AwardRecord.unit_id == unit_id, col(AwardRecord.person_id).is_(None))
    else:
        query = query.where(AwardRecord.person_id == person_id)
    return (await session.exec(query.limit(1))).first()


@dataclass(frozen=True)
class History:
    """What the register holds for one person or one collective, oldest first."""

    awards: Sequence[AwardRecord]
    years: Sequence[PersonYear] | Sequence[UnitYear]
    initiatives: Sequence[Initiative]


async def person_history(session: AsyncSession, person_id: int) -> History:
    awards = (
        await session.exec(
            select(AwardRecord)
            .where(AwardRecord.person_id == person_id)
            .order_by(col(AwardRecord.year), col(AwardRecord.id))
        )
    ).all()
    years = (
        await session.exec(
            select(PersonYear).where(PersonYear.person_id == person_id).order_by(col(PersonYear.year))
        )
    ).all()
    initiatives = (
        await session.exec(
            select(Initiative).where(Initiative.person_id == person_id).order_by(col(Initiative.year))
        )
    ).all()
    return History(awards, years, initiatives)


async def unit_history(session: AsyncSession, unit_id: int) -> History:
    awards = (
        await session.exec(
            select(AwardRecord)
            .where(AwardRecord.unit_id == unit_id, col(AwardRecord.person_id).is_(None))
            .order_by(col(AwardRecord.year), col(AwardRecord.id))
        )
    ).all()
    years = (
        await session.exec(select(UnitYear).where(UnitYear.unit_id == unit_id).order_by(col(UnitYear.year)))
    ).all()
    return History(awards, years, [])
