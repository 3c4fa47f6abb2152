"""Nominations (đề nghị khen thưởng): a unit's list for a campaign's nộp hồ sơ milestone, a
year-end review or an ad-hoc award; its entries with their evidence; submitting it.

Each entry is checked (services/awards/eligibility.py) when added and again before the list goes;
a doubtful or failing entry may still go with the unit's explanation; a list over a cap does not.
Submitting clears the unit's "Nộp hồ sơ" milestone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    Beneficiary,
    CampaignStatus,
    EntryStatus,
    FileOwner,
    FileRole,
    InitiativeLevel,
    Member,
    Milestone,
    MilestoneKind,
    Nomination,
    NominationEntry,
    NominationEntryVersion,
    NominationKind,
    NominationStatus,
    Person,
    Rating,
    Unit,
    Verdict,
)
from models.base import utcnow
from services import audit, campaigns, nudges
from services.awards import access, eligibility, files
from services.awards.catalogue import Catalogue, catalogue_version, current_catalogue
from services.awards.eligibility import Candidate, CapProblem
from services.awards.register import find_or_create_person
from services.errors import DomainError, NotFound
from services.text import clean_line, nfc

MAX_EXPLANATION = 2000
MAX_ENTRIES = 200
EDITABLE = (EntryStatus.DRAFT, EntryStatus.RETURNED)
OPEN_LISTS = (NominationStatus.DRAFT, NominationStatus.RETURNED)
LIVE = (EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.RETURNED, EntryStatus.APPROVED,
        EntryStatus.DECIDED, EntryStatus.AWARDED)


# -- the "Nộp hồ sơ" milestone ------------------------------------------------------------------
def submitted_units(milestone_id: int) -> Select[Any]:
    """The units that have submitted their nomination list for ``milestone_id`` (a subquery)."""
    return select(Nomination.unit_id).where(
        Nomination.milestone_id == milestone_id, col(Nomination.times_submitted) > 0)


async def unit_submitted_nominations(session: AsyncSession, *, milestone_id: int, unit_id: int) -> bool:
    """Whether the unit has submitted its list for this nộp hồ sơ milestone (for nudges, /missing)."""
    found = await session.execute(submitted_units(milestone_id).where(col(Nomination.unit_id) == unit_id))
    return found.first() is not None


# -- lists ------------------------------------------------------------------------------------
async def open_for_milestone(session: AsyncSession, actor: Member | None, milestone_id: int, *,
                             unit_id: int | None = None) -> Nomination:
    """The unit's list for a campaign's nộp hồ sơ milestone, created on first use."""
    unit = access.own_unit(actor, "nomination.edit", unit_id)
    milestone, campaign = await campaigns.get_milestone(session, milestone_id)
    if milestone.kind != MilestoneKind.NOMINATION:
        raise DomainError("nomination.not_nomination_milestone")
    if campaign.status != CampaignStatus.ACTIVE:
        raise DomainError("nomination.campaign_not_active", title=campaign.title)
    found = (await session.exec(select(Nomination).where(
        Nomination.milestone_id == milestone_id, Nomination.unit_id == unit))).first()
    if found is not None:
        return found
    year = (campaign.ends_on or campaign.starts_on or milestone.due_at.date()).year
    return await _create(session, actor, unit, NominationKind.CAMPAIGN, year,
                         title=campaign.title, campaign_id=campaign.id, milestone_id=milestone_id)


async def open_list(session: AsyncSession, actor: Member | None, *, kind: NominationKind, year: int,
                    title: str = "", unit_id: int | None = None) -> Nomination:
    """A year-end or ad-hoc list: the unit's open one of that kind and year, or a new one."""
    if kind == NominationKind.CAMPAIGN:
        raise DomainError("nomination.not_nomination_milestone")
    if not 2000 <= year <= 2100:
        raise DomainError("nomination.bad_year", year=year)
    unit = access.own_unit(actor, "nomination.edit", unit_id)
    found = (await session.exec(select(Nomination).where(
        Nomination.unit_id == unit, Nomination.kind == kind, Nomination.year == year,
        col(Nomination.milestone_id).is_(None), col(Nomination.status).in_(OPEN_LISTS))
        .order_by(col(Nomination.id).desc()))).first()
    if found is not None:
        return found
    return await _create(session, actor, unit, kind, year, title=clean_line(title, limit=300))


async def _create(session: AsyncSession, actor: Member | None, unit_id: int, kind: NominationKind,
                  year: int, **values: Any) -> Nomination:
    catalogue = await current_catalogue(session)
    nomination = Nomination(unit_id=unit_id, kind=kind, year=year, catalogue_version=catalogue.version,
                            created_by=actor.telegram_id if actor else None, **values)
    session.add(nomination)
    await session.flush()
    await audit.record(session, actor=actor.telegram_id if actor else None, action="nomination.open",
                       target=f"nomination:{nomination.id}", unit_id=unit_id, kind=kind.value, year=year)
    return nomination


async def get(session: AsyncSession, actor: Member | None, nomination_id: int) -> Nomination:
    nomination = await session.get(Nomination, nomination_id)
    if nomination is None:
        raise NotFound("nomination")
    await access.require_see_unit(session, actor, nomination.unit_id, "nomination.view",
                                  f"nomination:{nomination_id}")
    return nomination


async def entries_of(session: AsyncSession, nomination_id: int) -> list[NominationEntry]:
    rows = await session.exec(select(NominationEntry).where(NominationEntry.nomination_id == nomination_id)
                              .order_by(col(NominationEntry.id)))
    return list(rows.all())


async def get_entry(session: AsyncSession, actor: Member | None, entry_id: int
                    ) -> tuple[NominationEntry, Nomination]:
    entry = await session.get(NominationEntry, entry_id)
    if entry is None:
        raise NotFound("nomination_entry")
    nomination = await get(session, actor, entry.nomination_id)
    return entry, nomination


async def catalogue_of(session: AsyncSession, nomination: Nomination) -> Catalogue:
    if nomination.catalogue_version is None:
        return await current_catalogue(session)
    return await catalogue_version(session, nomination.catalogue_version)


def _editable(actor: Member | None, nomination: Nomination) -> int:
    unit = access.own_unit(actor, "nomination.edit", nomination.unit_id)
    if nomination.status not in OPEN_LISTS:
        raise DomainError("nomination.not_editable")
    return unit


# -- entries ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EntryInput:
    award: str  # a code, or the award's name as people write it
    name: str = ""  # the person's full name; empty for the unit itself (a collective)
    birth_date: date | None = None
    rating: Rating | None = None
    initiative_level: InitiativeLevel | None = None


async def add_entry(session: AsyncSession, actor: Member | None, nomination_id: int,
                    given: EntryInput) -> NominationEntry:
    nomination = await get(session, actor, nomination_id)
    _editable(actor, nomination)
    catalogue = await catalogue_of(session, nomination)
    award = catalogue.find(given.award)
    if award is None:
        raise DomainError("nomination.unknown_award", text=given.award)
    if len(await entries_of(session, nomination_id)) >= MAX_ENTRIES:
        raise DomainError("nomination.too_many_entries", limit=MAX_ENTRIES)
    unit = await session.get(Unit, nomination.unit_id)
    assert unit is not None
    person: Person | None = None
    if award.beneficiary is Beneficiary.INDIVIDUAL:
        name = clean_line(given.name, limit=200)
        if len(name) < 2:
            raise DomainError("nomination.name_needed", award=award.name)
        person, _ = await find_or_create_person(session, unit_id=unit.id or 0, full_name=name,
                                                birth_date=given.birth_date)
        shown = person.full_name
    else:
        shown = unit.name
    await _refuse_duplicates(session, nomination, person, award.code, award.name)
    entry = NominationEntry(
        nomination_id=nomination_id, person_id=person.id if person else None, unit_id=nomination.unit_id,
        name=shown, award_code=award.code, year=nomination.year, catalogue_version=catalogue.version,
        rating=given.rating, initiative_level=given.initiative_level,
        created_by=actor.telegram_id if actor else None,
    )
    session.add(entry)
    await session.flush()
    await recheck(session, nomination)
    await audit.record(session, actor=actor.telegram_id if actor else None, action="nomination.entry.add",
                       target=f"nomination_entry:{entry.id}", nomination=nomination_id, award=award.code,
                       person_id=entry.person_id, verdict=entry.verdict.value if entry.verdict else None)
    return entry


async def _refuse_duplicates(session: AsyncSession, nomination: Nomination, person: Person | None,
                             code: str, award_name: str) -> None:
    year = nomination.year
    if person is not None:
        given = (await session.exec(select(AwardRecord).where(
            AwardRecord.person_id == person.id, AwardRecord.award_code == code,
            AwardRecord.year == year))).first()
    else:
        given = (await session.exec(select(AwardRecord).where(
            AwardRecord.unit_id == nomination.unit_id, col(AwardRecord.person_id).is_(None),
            AwardRecord.award_code == code, AwardRecord.year == year))).first()
    if given is not None:
        raise DomainError("nomination.already_awarded", name=person.full_name if person else "",
                          award=award_name, year=year, decision=given.decision_number or "—")
    query = (select(NominationEntry, Unit.name)
             .join(Unit, col(Unit.id) == col(NominationEntry.unit_id))
             .where(NominationEntry.award_code == code, NominationEntry.year == year,
                    col(NominationEntry.status).in_(LIVE)))
    if person is None:
        query = query.where(col(NominationEntry.person_id).is_(None),
                            NominationEntry.unit_id == nomination.unit_id)
    elif person.birth_date is not None:
        same = select(Person.id).where(Person.name_key == person.name_key,
                                       Person.birth_date == person.birth_date)
        query = query.where(col(NominationEntry.person_id).in_(same))
    else:
        query = query.where(NominationEntry.person_id == person.id)
    other = (await session.exec(query.limit(1))).first()
    if other is not None:
        entry, unit_name = other
        raise DomainError("nomination.duplicate_entry", name=entry.name, award=award_name, year=year,
                          unit=unit_name, number=entry.nomination_id)


async def remove_entry(session: AsyncSession, actor: Member | None, entry_id: int) -> None:
    entry, nomination = await get_entry(session, actor, entry_id)
    _editable(actor, nomination)
    if entry.status != EntryStatus.DRAFT:
        raise DomainError("nomination.entry_not_draft")
    await session.delete(entry)
    await session.flush()
    await recheck(session, nomination)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="nomination.entry.remove", target=f"nomination_entry:{entry_id}",
                       nomination=nomination.id, award=entry.award_code, name=entry.name)


async def explain(session: AsyncSession, actor: Member | None, entry_id: int, text: str) -> NominationEntry:
    """The unit's explanation for an entry the check doubts (or a fix after a return)."""
    entry, nomination = await get_entry(session, actor, entry_id)
    _editable(actor, nomination)
    if entry.status not in EDITABLE:
        raise DomainError("nomination.entry_not_editable")
    cleaned = nfc(text).strip()[:MAX_EXPLANATION]
    if len(cleaned) < 5:
        raise DomainError("nomination.explanation_short")
    entry.explanation = cleaned
    entry.updated_at = utcnow()
    session.add(entry)
    await audit.record(session, actor=actor.telegram_id if actor else None, action="nomination.entry.explain",
                       target=f"nomination_entry:{entry_id}", length=len(cleaned))
    return entry


async def attach(session: AsyncSession, actor: Member | None, *, entry_id: int | None = None,
                 nomination_id: int | None = None, role: FileRole, content: bytes, file_name: str,
                 telegram_file_id: str = "", max_bytes: int) -> None:
    """A báo cáo thành tích or evidence for an entry; biên bản or the signed tờ trình for the list."""
    if entry_id is not None:
        entry, nomination = await get_entry(session, actor, entry_id)
        if entry.status not in EDITABLE:
            raise DomainError("nomination.entry_not_editable")
        owner, owner_id = FileOwner.ENTRY, entry_id
    else:
        nomination = await get(session, actor, nomination_id or 0)
        owner, owner_id = FileOwner.NOMINATION, nomination.id or 0
    if role is FileRole.SIGNED_REQUEST:
        access.own_unit(actor, "nomination.edit", nomination.unit_id)
    else:
        _editable(actor, nomination)
    await files.store(session, owner_kind=owner, owner_id=owner_id, role=role, content=content,
                      file_name=file_name, telegram_file_id=telegram_file_id,
                      actor=actor.telegram_id if actor else None, max_bytes=max_bytes,
                      replace=role in (FileRole.ACHIEVEMENT_REPORT, FileRole.MINUTES,
                                       FileRole.SIGNED_REQUEST))


# -- checking ---------------------------------------------------------------------------------
async def recheck(session: AsyncSession, nomination: Nomination) -> list[CapProblem]:
    """Every live entry's verdict again (the register or the list may have changed), and the caps."""
    catalogue = await catalogue_of(session, nomination)
    entries = [e for e in await entries_of(session, nomination.id or 0) if e.status in LIVE]
    candidates = [Candidate(e.award_code, e.year, e.unit_id, e.person_id, rating=e.rating,
                            initiative_level=e.initiative_level, key=e.id) for e in entries]
    checked, caps = await eligibility.check(session, catalogue, candidates)
    by_id = {e.id: e for e in entries}
    for c in checked:
        entry = by_id[c.candidate.key]
        if entry.status in EDITABLE and (entry.verdict, entry.reason) != (c.verdict, c.vi):
            entry.verdict, entry.reason, entry.reason_en = c.verdict, c.vi, c.en
            session.add(entry)
    await session.flush()
    return caps


@dataclass(frozen=True, slots=True)
class Submitted:
    nomination: Nomination
    entries: list[NominationEntry]
    first_time: bool


async def submit(session: AsyncSession, actor: Member | None, nomination_id: int, *,
                 now: datetime) -> Submitted:
    """Send the list (its draft and returned entries) to review. Refused with the first thing
    missing: entries, biên bản, a báo cáo thành tích, an explanation, or a cap exceeded."""
    nomination = await get(session, actor, nomination_id)
    _editable(actor, nomination)
    caps = await recheck(session, nomination)
    entries = await entries_of(session, nomination_id)
    going = [e for e in entries if e.status in EDITABLE]
    if not going:
        raise DomainError("nomination.no_entries")
    if caps:
        cap = caps[0]
        raise DomainError("nomination.over_cap", reason_vi=cap.vi, reason_en=cap.en)
    if not await files.files_of(session, FileOwner.NOMINATION, nomination_id, FileRole.MINUTES):
        raise DomainError("nomination.no_minutes")
    attached = await files.files_of_many(session, FileOwner.ENTRY, [e.id or 0 for e in going])
    for entry in going:
        if not any(f.role is FileRole.ACHIEVEMENT_REPORT for f in attached.get(entry.id or 0, [])):
            raise DomainError("nomination.no_report", name=entry.name)
        if entry.verdict in (Verdict.DOUBTFUL, Verdict.NOT_ELIGIBLE) and not entry.explanation:
            raise DomainError("nomination.needs_explanation", name=entry.name, reason=entry.reason)
    first = nomination.times_submitted == 0
    if first and nomination.milestone_id is not None:
        milestone = await session.get(Milestone, nomination.milestone_id)
        nomination.late = milestone is not None and now > milestone.due_at
    by = actor.telegram_id if actor else None
    for entry in going:
        if entry.status == EntryStatus.RETURNED:
            entry.version += 1
        entry.status = EntryStatus.SUBMITTED
        entry.updated_at = now
        session.add(entry)
        await snapshot(session, entry, attached.get(entry.id or 0, []), by=by, at=now)
    nomination.status = NominationStatus.SUBMITTED
    nomination.times_submitted += 1
    nomination.submitted_by, nomination.submitted_at, nomination.updated_at = by, now, now
    session.add(nomination)
    await session.flush()
    if nomination.milestone_id is not None:  # nobody of the unit is nudged for it any more
        await nudges.withdraw(session, unit_id=nomination.unit_id,
                              milestone_ids=[nomination.milestone_id])
    await audit.record(session, actor=by, action="nomination.submit", target=f"nomination:{nomination_id}",
                       entries=[e.id for e in going], late=nomination.late, times=nomination.times_submitted)
    return Submitted(nomination, going, first)


async def snapshot(session: AsyncSession, entry: NominationEntry, attached: Sequence[Any], *,
                   by: int | None, at: datetime) -> None:
    """Keep this version of the entry as it stands (never changed afterwards)."""
    session.add(NominationEntryVersion(
        entry_id=entry.id or 0, number=entry.version, status=entry.status, by=by, at=at,
        snapshot={"award": entry.award_code, "name": entry.name, "verdict": entry.verdict.value
                  if entry.verdict else None, "reason": entry.reason, "explanation": entry.explanation,
                  "review_reason": entry.review_reason,
                  "rating": entry.rating.value if entry.rating else None,
                  "initiative_level": entry.initiative_level.value if entry.initiative_level else None,
                  "files": [{"sha256": f.sha256, "name": f.file_name, "role": f.role.value}
                            for f in attached]}))
    await session.flush()


async def versions_of(session: AsyncSession, entry_id: int) -> list[NominationEntryVersion]:
    query = select(NominationEntryVersion).where(NominationEntryVersion.entry_id == entry_id)
    rows = await session.exec(query.order_by(col(NominationEntryVersion.id)))
    return list(rows.all())

