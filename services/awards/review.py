"""Reviewing nominations: approve, return to the unit with a reason, or reject with a reason;
what waits for whom (by status and by award), and each unit's counts against the caps."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    EntryStatus,
    FileOwner,
    Member,
    Nomination,
    NominationEntry,
    NominationStatus,
    Role,
    Unit,
    UnitField,
)
from services import audit
from services.awards import access, files
from services.awards.catalogue import Catalogue, current_catalogue
from services.awards.nominations import get_entry, snapshot
from services.errors import DomainError
from services.text import nfc

MAX_REASON = 1000


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


async def _may_review(session: AsyncSession, actor: Member, unit_id: int) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.FIELD_LEAD and actor.field_code:
        found = await session.exec(select(UnitField.unit_id).where(
            UnitField.unit_id == unit_id, UnitField.field_code == actor.field_code))
        return found.first() is not None
    return False


async def review_entry(session: AsyncSession, actor: Member | None, entry_id: int, decision: Decision, *,
                       reason: str = "", now: datetime) -> tuple[NominationEntry, Nomination]:
    """One reviewer's decision on one submitted entry. Returning and rejecting need a reason."""
    target = f"nomination_entry:{entry_id}"
    member = access.reviewer(actor, "nomination.review", target)
    entry, nomination = await get_entry(session, member, entry_id)
    if not await _may_review(session, member, entry.unit_id):
        raise access.AccessDenied("nomination.review", target=target)
    if entry.status != EntryStatus.SUBMITTED:
        raise DomainError("nomination.not_waiting", name=entry.name)
    text = nfc(reason).strip()[:MAX_REASON]
    if decision is not Decision.APPROVE and len(text) < 5:
        raise DomainError("nomination.reason_needed")
    entry.status = {Decision.APPROVE: EntryStatus.APPROVED, Decision.RETURN: EntryStatus.RETURNED,
                    Decision.REJECT: EntryStatus.REJECTED}[decision]
    entry.review_reason = text
    entry.reviewed_by, entry.reviewed_at, entry.updated_at = member.telegram_id, now, now
    session.add(entry)
    await snapshot(session, entry, await files.files_of(session, FileOwner.ENTRY, entry_id),
                   by=member.telegram_id, at=now)
    statuses = [s for (s,) in (await session.execute(select(NominationEntry.status).where(
        NominationEntry.nomination_id == nomination.id))).all()]
    if any(s == EntryStatus.RETURNED for s in statuses):
        nomination.status = NominationStatus.RETURNED
    elif all(s in (EntryStatus.APPROVED, EntryStatus.REJECTED, EntryStatus.DECIDED, EntryStatus.AWARDED)
             for s in statuses):
        nomination.status = NominationStatus.REVIEWED
    else:
        nomination.status = NominationStatus.SUBMITTED
    nomination.updated_at = now
    session.add(nomination)
    await session.flush()
    await audit.record(session, actor=member.telegram_id, action=f"nomination.{decision.value}",
                       target=target, nomination=nomination.id, version=entry.version, reason=text)
    return entry, nomination


async def reviewers_of(session: AsyncSession, unit_id: int) -> list[Member]:
    """Who reviews a unit's lists: the department and the leads of the unit's fields."""
    fields = select(UnitField.field_code).where(UnitField.unit_id == unit_id)
    rows = await session.exec(select(Member).where(
        col(Member.is_active).is_(True), col(Member.blocked_bot).is_(False),
        (col(Member.role) == Role.ADMIN)
        | ((col(Member.role) == Role.FIELD_LEAD) & col(Member.field_code).in_(fields))))
    return list(rows.all())


# -- what is waiting --------------------------------------------------------------------------
@dataclass(slots=True)
class UnitCount:
    unit_id: int
    code: str
    name: str
    by_award: Counter[str] = field(default_factory=Counter)
    caps: dict[str, int] = field(default_factory=dict)  # award → limit, for capped awards


@dataclass(slots=True)
class Overview:
    by_status: Counter[str] = field(default_factory=Counter)
    by_award: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    units: list[UnitCount] = field(default_factory=list)
    waiting: list[NominationEntry] = field(default_factory=list)  # submitted, oldest first
    late_units: int = 0


async def overview(session: AsyncSession, actor: Member | None, *, year: int | None = None,
                   waiting_limit: int = 10) -> Overview:
    """What the person may see, counted: entries by status and by award; for the department and
    field leads, each unit's entries per award against its caps; the oldest entries waiting."""
    member = access.active(actor, "nomination.view")
    if member.role not in (Role.ADMIN, Role.FIELD_LEAD, Role.OFFICER):
        raise access.AccessDenied("nomination.view")
    catalogue = await current_catalogue(session)
    scope = access.unit_scope(member, NominationEntry.unit_id)
    where = [scope]
    if year is not None:
        where.append(col(NominationEntry.year) == year)
    out = Overview()
    rows = await session.execute(
        select(NominationEntry.status, NominationEntry.award_code, func.count())
        .where(*where).group_by(col(NominationEntry.status), col(NominationEntry.award_code)))
    for status, code, n in rows:
        out.by_status[str(status.value if hasattr(status, "value") else status)] += int(n)
        out.by_award[code][str(status.value if hasattr(status, "value") else status)] += int(n)
    waiting = await session.exec(
        select(NominationEntry).where(*where, NominationEntry.status == EntryStatus.SUBMITTED)
        .order_by(col(NominationEntry.updated_at), col(NominationEntry.id)).limit(waiting_limit))
    out.waiting = list(waiting.all())
    late = await session.execute(select(func.count(func.distinct(Nomination.unit_id))).where(
        access.unit_scope(member, Nomination.unit_id), col(Nomination.late).is_(True)))
    out.late_units = int(late.scalar_one())
    if member.role in (Role.ADMIN, Role.FIELD_LEAD):
        out.units = await _unit_counts(session, member, catalogue, year)
    return out


async def _unit_counts(session: AsyncSession, member: Member, catalogue: Catalogue,
                       year: int | None) -> list[UnitCount]:
    live = (EntryStatus.SUBMITTED, EntryStatus.RETURNED, EntryStatus.APPROVED, EntryStatus.DECIDED,
            EntryStatus.AWARDED)
    where = [access.unit_scope(member, NominationEntry.unit_id), col(NominationEntry.status).in_(live)]
    if year is not None:
        where.append(col(NominationEntry.year) == year)
    rows = await session.execute(
        sa_select(col(NominationEntry.unit_id), col(Unit.code), col(Unit.name),
                  col(NominationEntry.award_code), col(NominationEntry.year), func.count())
        .join(Unit, col(Unit.id) == col(NominationEntry.unit_id)).where(*where)
        .group_by(col(NominationEntry.unit_id), col(Unit.code), col(Unit.name),
                  col(NominationEntry.award_code), col(NominationEntry.year)))
    units: dict[int, UnitCount] = {}
    pools: dict[tuple[int, str, int], int] = Counter()
    years: set[int] = set()
    for uid, code, name, award, y, n in rows:
        unit = units.setdefault(uid, UnitCount(uid, code, name))
        unit.by_award[award] += int(n)
        pools[(uid, award, y)] += int(n)
        years.add(y)
    capped = {a.code: a.caps for a in catalogue.awards.values() if a.caps}
    share_of = {cap["share_of"] for caps in capped.values() for cap in caps if cap.get("share_of")}
    if units and share_of:
        held = await session.execute(
            select(AwardRecord.unit_id, AwardRecord.award_code, AwardRecord.year, func.count())
            .where(col(AwardRecord.unit_id).in_(list(units)), col(AwardRecord.award_code).in_(share_of),
                   col(AwardRecord.year).in_(sorted(years)), col(AwardRecord.person_id).is_not(None))
            .group_by(col(AwardRecord.unit_id), col(AwardRecord.award_code), col(AwardRecord.year)))
        for uid, award, y, n in held:
            pools[(uid, award, y)] += int(n)
    for unit in units.values():
        for award, caps in capped.items():
            if not unit.by_award.get(award):
                continue
            limits = []
            for cap in caps:
                if cap.get("max_per_unit") is not None:
                    limits.append(int(cap["max_per_unit"]))
                else:
                    pool = max((pools.get((unit.unit_id, cap["share_of"], y), 0) for y in years), default=0)
                    limits.append(math.floor(float(cap["share"]) * pool + 1e-9))
            unit.caps[award] = min(limits)
    return sorted(units.values(), key=lambda u: u.code)
