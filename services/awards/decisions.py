"""The decision that follows the council (số quyết định, ngày, người ký): each decided entry
becomes an award in the register, which next year's eligibility checks read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, Role
from models.awards import AwardRecord, EntryStatus, NominationEntry
from services import audit, members
from services.awards import register
from services.awards.ballot import CouncilRules
from services.awards.council import EntryInfo, describe_entries, thresholds
from services.errors import DomainError
from services.text import clean_line

MAX_NUMBER = 64
MAX_SIGNER = 200
_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class DecisionInput:
    number: str
    decided_on: date
    signer: str


def parse_decision(text: str, *, today: date) -> DecisionInput:
    """``"123/QĐ-BKHCN; 05/12/2026; Nguyễn Văn A"``: number, date (dd/mm/yyyy), signer."""
    parts = [p.strip() for p in (text or "").split(";")]
    if len(parts) != 3 or not all(parts):
        raise DomainError("decision.format")
    number = clean_line(parts[0], limit=MAX_NUMBER + 1)
    signer = clean_line(parts[2], limit=MAX_SIGNER + 1)
    members.ensure(len(number) <= MAX_NUMBER, "decision.number_too_long", limit=MAX_NUMBER)
    members.ensure(len(signer) <= MAX_SIGNER, "decision.signer_too_long", limit=MAX_SIGNER)
    match = _DATE.match(parts[1])
    if match is None:
        raise DomainError("decision.bad_date", text=parts[1])
    day, month, year = (int(g) for g in match.groups())
    try:
        decided_on = date(year, month, day)
    except ValueError:
        raise DomainError("decision.bad_date", text=parts[1]) from None
    members.ensure(decided_on <= today, "decision.future_date")
    return DecisionInput(number, decided_on, signer)


async def decidable(session: AsyncSession, rules: CouncilRules) -> list[EntryInfo]:
    """Entries waiting for a decision: passed by the council, or approved for an award the council
    does not vote on."""
    by_code, _ = await thresholds(session, rules)
    entries = (await session.exec(select(NominationEntry).where(
        (col(NominationEntry.status) == EntryStatus.DECIDED)
        | ((col(NominationEntry.status) == EntryStatus.APPROVED)
           & col(NominationEntry.award_code).not_in(list(by_code))))
        .order_by(col(NominationEntry.award_code), col(NominationEntry.id)))).all()
    return await describe_entries(session, entries)


@dataclass(frozen=True, slots=True)
class Awarded:
    entry: NominationEntry
    record: AwardRecord
    nominee_member_id: int | None
    officer_chat_ids: list[int]  # the unit's officers, to congratulate


async def record_decision(session: AsyncSession, actor: Member | None, *,
                          entry_ids: Sequence[int], decision: DecisionInput, rules: CouncilRules,
                          now: datetime) -> list[Awarded]:
    """Write the decision for ``entry_ids`` (admins; actor None = the CLI) into the register."""
    if actor is not None:
        members.require_admin(actor, action="council.decision")
    wanted = list(dict.fromkeys(entry_ids))
    members.ensure(bool(wanted), "decision.nothing")
    ready = {info.entry.id: info for info in await decidable(session, rules)}
    members.ensure(all(e in ready for e in wanted), "decision.not_ready")
    unit_ids = {ready[e].entry.unit_id for e in wanted}
    officers: dict[int, list[int]] = {}
    for m in (await session.exec(select(Member).where(
            col(Member.unit_id).in_(unit_ids), Member.role == Role.OFFICER,
            col(Member.is_active).is_(True)))).all():
        if m.unit_id is not None:
            officers.setdefault(m.unit_id, []).append(m.telegram_id)
    out: list[Awarded] = []
    for entry_id in wanted:
        info = ready[entry_id]
        entry = info.entry
        record = await register.record_award(
            session, award_code=entry.award_code, year=entry.year, unit_id=entry.unit_id,
            person_id=entry.person_id, decision_number=decision.number,
            decision_date=decision.decided_on, signer=decision.signer,
            catalogue_version=entry.catalogue_version, nomination_entry_id=entry.id,
            actor=actor.telegram_id if actor else None)
        entry.status = EntryStatus.AWARDED
        entry.updated_at = now
        session.add(entry)
        out.append(Awarded(entry, record, info.person_member_id, officers.get(entry.unit_id, [])))
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="council.decision", target=f"decision:{decision.number}",
                       entries=wanted, date=decision.decided_on.isoformat(),
                       signer=decision.signer)
    await session.flush()
    return out
