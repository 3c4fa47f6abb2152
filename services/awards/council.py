"""Council sessions: open one over approved entries, mark attendance, close and count.

The votes themselves are in :mod:`services.awards.ballot_box`; the rules in
:mod:`services.awards.ballot`; the minutes in :mod:`services.documents.council_minutes`.
Texts are the handlers' business: these functions return data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ScalarSelect, delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, OutboxMessage, OutboxStatus, Role, Unit
from models.awards import CatalogueVersion, EntryStatus, NominationEntry, Person
from models.council import CouncilBallot, CouncilItem, CouncilSeat, CouncilSession, CouncilStatus
from services import audit, members
from services.awards import catalogue
from services.awards.ballot import (
    Choice,
    Comparison,
    CouncilRules,
    Count,
    Quorum,
    Threshold,
    decide,
    parse_share,
    threshold_from,
)
from services.awards.seal import Sealer, new_session_secret
from services.documents import council_minutes
from services.errors import DomainError
from services.organisation import DEFAULT_ORGANISATION, Organisation
from services.text import clean_line, fold

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_TITLE = 300
MAX_ITEMS = 500
MAX_MEMBERS = 60


def ballot_ref(session_id: int) -> str:
    """The outbox ``ref`` of every ballot message of a session: scrubbed at close."""
    return f"council-ballot:{session_id}"


@dataclass(slots=True)
class SessionView:
    session: CouncilSession
    seats: list[CouncilSeat]
    items: list[CouncilItem]
    names: dict[int, str] = field(default_factory=dict)  # member id → name
    thresholds: dict[str, Threshold] = field(default_factory=dict)  # award code → rule
    award_names: dict[str, str] = field(default_factory=dict)

    @property
    def chair(self) -> CouncilSeat | None:
        return next((s for s in self.seats if s.is_chair), None)

    @property
    def secretary(self) -> CouncilSeat | None:
        return next((s for s in self.seats if s.is_secretary), None)

    def seat(self, member_id: int | None) -> CouncilSeat | None:
        return next((s for s in self.seats if s.member_id == member_id), None)

    def item_at(self, position: int) -> CouncilItem | None:
        return next((i for i in self.items if i.position == position), None)


@dataclass(slots=True)
class EntryInfo:
    """What a member sees of an entry: who, which award, the eligibility verdict."""

    entry: NominationEntry
    nominee: str
    unit_name: str
    person_member_id: int | None


_cache: dict[tuple[int, str | None, Threshold], tuple[dict[str, Threshold], dict[str, str]]] = {}


def current_catalogue_key() -> tuple[ScalarSelect[int], ScalarSelect[str]]:
    """The current catalogue's version and hash as scalar subqueries, for a caller that reads them
    in a statement of its own (a vote reads its session, seat and these in one round trip)."""
    latest = (select(CatalogueVersion).where(col(CatalogueVersion.is_current).is_(True))
              .order_by(col(CatalogueVersion.version).desc()).limit(1).subquery())
    return (select(latest.c.version).scalar_subquery(),
            select(latest.c.sha256).scalar_subquery())


async def thresholds(session: AsyncSession, rules: CouncilRules, *,
                     current: tuple[int | None, str | None] | None = None,
                     ) -> tuple[dict[str, Threshold], dict[str, str]]:
    """Each catalogue award's council rule (only awards put to the council) and every award's
    name. A catalogue version never changes once stored, so the answer is kept per version;
    ``current`` is its (version, hash) when the caller has read them already."""
    if current is None:
        current = (await session.exec(
            select(CatalogueVersion.version, CatalogueVersion.sha256)
            .where(col(CatalogueVersion.is_current).is_(True))
            .order_by(col(CatalogueVersion.version).desc()).limit(1))).first()
    key = ((current[0], current[1], rules.default_threshold)
           if current is not None and current[0] is not None else None)
    if key is not None and key in _cache:
        return _cache[key]
    rules_by_code: dict[str, Threshold] = {}
    names: dict[str, str] = {}
    for award in (await catalogue.current_catalogue(session)).awards.values():
        rule = threshold_from({"council_share": award.council_share,
                               "council_base": award.council_base.value,
                               "council_strictly_greater": award.council_strictly_greater,
                               "secret_ballot": award.secret_ballot}, rules.default_threshold)
        if rule is not None:
            rules_by_code[award.code] = rule
        names[award.code] = award.name
    if key is not None:
        _cache[key] = (rules_by_code, names)
    return rules_by_code, names


def rule_for(view: SessionView, code: str, rules: CouncilRules) -> Threshold:
    return view.thresholds.get(code, rules.default_threshold)


# -- reading -----------------------------------------------------------------------------------------
async def load(session: AsyncSession, session_id: int, rules: CouncilRules) -> SessionView:
    council = await session.get(CouncilSession, session_id)
    if council is None:
        raise DomainError("council.not_found")
    seats = list((await session.exec(
        select(CouncilSeat).where(CouncilSeat.session_id == session_id)
        .order_by(col(CouncilSeat.is_chair).desc(), col(CouncilSeat.member_id)))).all())
    items = list((await session.exec(
        select(CouncilItem).where(CouncilItem.session_id == session_id)
        .order_by(col(CouncilItem.position)))).all())
    names = dict((await session.exec(
        select(Member.id, Member.full_name).where(
            col(Member.id).in_([s.member_id for s in seats])))).all())
    by_code, award_names = await thresholds(session, rules)
    return SessionView(council, seats, items, {k: v for k, v in names.items() if k is not None},
                       by_code, award_names)


async def list_sessions(session: AsyncSession, *, limit: int = 20) -> Sequence[CouncilSession]:
    return (await session.exec(select(CouncilSession)
                               .order_by(col(CouncilSession.id).desc()).limit(limit))).all()


async def sessions_of(session: AsyncSession, member: Member) -> Sequence[CouncilSession]:
    """The sessions a member sits on, newest first."""
    return (await session.exec(
        select(CouncilSession).join(CouncilSeat, col(CouncilSeat.session_id) == CouncilSession.id)
        .where(CouncilSeat.member_id == member.id)
        .order_by(col(CouncilSession.id).desc()).limit(20))).all()


async def council_members(session: AsyncSession) -> Sequence[Member]:
    """Everyone who may sit on a session: active members with the council role."""
    return (await session.exec(
        select(Member).where(Member.role == Role.COUNCIL, col(Member.is_active).is_(True))
        .order_by(col(Member.full_name), col(Member.id)))).all()


async def votable_entries(session: AsyncSession, rules: CouncilRules) -> list[EntryInfo]:
    """Approved entries for awards the council votes on, not yet on a (not cancelled) session,
    in award then name order."""
    by_code, _ = await thresholds(session, rules)
    taken = select(CouncilItem.entry_id).join(
        CouncilSession, col(CouncilSession.id) == CouncilItem.session_id).where(
        CouncilSession.status != CouncilStatus.CANCELLED)
    entries = (await session.exec(
        select(NominationEntry).where(NominationEntry.status == EntryStatus.APPROVED,
                                      col(NominationEntry.award_code).in_(list(by_code)),
                                      col(NominationEntry.id).not_in(taken))
        .order_by(col(NominationEntry.award_code), col(NominationEntry.id)))).all()
    return await describe_entries(session, entries)


async def describe_entries(session: AsyncSession,
                           entries: Sequence[NominationEntry]) -> list[EntryInfo]:
    person_ids = {e.person_id for e in entries if e.person_id is not None}
    people = {p.id: p for p in (await session.exec(
        select(Person).where(col(Person.id).in_(person_ids)))).all()} if person_ids else {}
    unit_ids = {e.unit_id for e in entries}
    units = dict((await session.exec(select(Unit.id, Unit.name).where(
        col(Unit.id).in_(unit_ids)))).all()) if unit_ids else {}
    # A member who is the nominee: the same unit and name (accents and case aside).
    member_of: dict[tuple[str, int | None], int] = {}
    if people:
        for m in (await session.exec(select(Member).where(
                col(Member.unit_id).in_({p.unit_id for p in people.values()})))).all():
            if m.id is not None:
                member_of[(fold(m.full_name), m.unit_id)] = m.id
    out: list[EntryInfo] = []
    for e in entries:
        person = people.get(e.person_id) if e.person_id is not None else None
        member_id = (member_of.get((fold(person.full_name), person.unit_id))
                     if person is not None else None)
        out.append(EntryInfo(e, e.name, units.get(e.unit_id, ""), member_id))
    return out


# -- opening -----------------------------------------------------------------------------------------
async def open_session(
    session: AsyncSession,
    actor: Member | None,
    *,
    title: str,
    member_ids: Sequence[int],
    chair_id: int,
    secretary_id: int | None = None,
    entry_ids: Sequence[int] | None = None,
    rules: CouncilRules,
    now: datetime,
) -> CouncilSession:
    """Open a session (admins; actor None = the CLI) over approved entries, grouped by award."""
    if actor is not None:
        members.require_admin(actor, action="council.open")
    title = clean_line(title or "", limit=MAX_TITLE + 1)
    members.ensure(bool(title), "council.title_missing")
    members.ensure(len(title) <= MAX_TITLE, "council.title_too_long", limit=MAX_TITLE)
    chosen = list(dict.fromkeys(member_ids))
    members.ensure(bool(chosen), "council.no_members")
    members.ensure(len(chosen) <= MAX_MEMBERS, "council.too_many_members", limit=MAX_MEMBERS)
    eligible = {m.id for m in await council_members(session)}
    members.ensure(all(m in eligible for m in chosen), "council.not_council_member")
    members.ensure(chair_id in chosen, "council.chair_missing")
    members.ensure(secretary_id is None or secretary_id in chosen, "council.secretary_missing")
    available = await votable_entries(session, rules)
    if entry_ids is not None:
        wanted = set(entry_ids)
        picked = [info for info in available if info.entry.id in wanted]
        members.ensure(len(picked) == len(wanted), "council.entry_not_available")
    else:
        picked = available
    members.ensure(bool(picked), "council.no_entries")
    members.ensure(len(picked) <= MAX_ITEMS, "council.too_many_entries", limit=MAX_ITEMS)
    council = CouncilSession(
        title=title, secret=new_session_secret(), written_votes=rules.written_votes,
        quorum_share=f"{rules.quorum.share.numerator}/{rules.quorum.share.denominator}",
        quorum_compare=rules.quorum.comparison.value,
        opened_by=actor.id if actor else None, opened_at=now, member_count=len(chosen))
    session.add(council)
    await session.flush()
    assert council.id is not None
    session.add_all([CouncilSeat(session_id=council.id, member_id=m, is_chair=m == chair_id,
                                 is_secretary=m == secretary_id) for m in chosen])
    order = {code: n for n, code in enumerate(await catalogue_order(session))}
    picked.sort(key=lambda i: (order.get(i.entry.award_code, len(order)), i.entry.award_code,
                               fold(i.nominee), i.entry.id or 0))
    session.add_all([CouncilItem(
        session_id=council.id, entry_id=info.entry.id, position=n, award_code=info.entry.award_code,
        nominee=info.nominee[:300], unit_name=info.unit_name[:300],
        nominee_member_id=info.person_member_id)
        for n, info in enumerate(picked, start=1) if info.entry.id is not None])
    await audit.record(session, actor=actor.telegram_id if actor else None, action="council.open",
                       target=f"council:{council.id}", title=title, members=len(chosen),
                       entries=len(picked))
    await session.flush()
    return council


async def catalogue_order(session: AsyncSession) -> list[str]:
    return list((await catalogue.current_catalogue(session)).awards)


async def set_presence(session: AsyncSession, actor: Member | None, session_id: int,
                       member_id: int, present: bool) -> CouncilSeat:
    if actor is not None:
        members.require_admin(actor, action="council.attendance")
    council = await session.get(CouncilSession, session_id)
    members.ensure(council is not None and council.status == CouncilStatus.OPEN,
                   "council.not_open")
    seat = await session.get(CouncilSeat, (session_id, member_id))
    if seat is None:
        raise DomainError("council.not_a_seat")
    seat.present = present
    session.add(seat)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="council.attendance", target=f"council:{session_id}",
                       member_id=member_id, present=present)
    return seat


# -- closing -----------------------------------------------------------------------------------------
@dataclass(slots=True)
class CloseResult:
    view: SessionView
    quorum_met: bool
    present: int
    needed: int
    passed: list[CouncilItem]
    failed: list[CouncilItem]


def may_vote(seat: CouncilSeat, item: CouncilItem, written_votes: bool) -> bool:
    """A seat votes on an item unless it is the nominee, or absent where writing is not allowed."""
    if item.nominee_member_id is not None and item.nominee_member_id == seat.member_id:
        return False
    return seat.present or written_votes


async def close_session(session: AsyncSession, actor: Member | None, session_id: int, *,
                        rules: CouncilRules, now: datetime, org: Organisation = DEFAULT_ORGANISATION,
                        tz: ZoneInfo = VN) -> CloseResult:
    """Count the votes, keep only the counts, forget who voted what. Runs once: a second close
    (two admins at the same moment) finds the session no longer open and is refused."""
    if actor is not None:
        members.require_admin(actor, action="council.close")
    claimed = await session.exec(
        update(CouncilSession)
        .where(col(CouncilSession.id) == session_id, col(CouncilSession.status) == CouncilStatus.OPEN)
        .values(status=CouncilStatus.CLOSED, closed_at=now,
                closed_by=actor.id if actor else None)
        .execution_options(synchronize_session=False))
    if (claimed.rowcount or 0) != 1:
        await audit.record(session, actor=actor.telegram_id if actor else None,
                           action="council.close", target=f"council:{session_id}",
                           outcome="refused", reason="not_open")
        raise DomainError("council.not_open")
    council = await session.get(CouncilSession, session_id, populate_existing=True)
    assert council is not None and council.secret is not None
    view = await load(session, session_id, rules)
    quorum = Quorum(parse_share(council.quorum_share), Comparison(council.quorum_compare))
    present = sum(1 for s in view.seats if s.present)
    quorum_met = quorum.met(members=len(view.seats), present=present)
    rows = {b.slot: b.sealed for b in (await session.exec(
        select(CouncilBallot).where(CouncilBallot.session_id == session_id))).all()}
    sealer = Sealer(rules.ballot_secret, council.secret)
    chair = view.chair
    passed: list[CouncilItem] = []
    failed: list[CouncilItem] = []
    for item in view.items:
        assert item.id is not None
        tally = {Choice.YES: 0, Choice.NO: 0, Choice.ABSTAIN: 0}
        chair_choice: Choice | None = None
        voters = [s for s in view.seats if may_vote(s, item, council.written_votes)]
        for seat in voters:
            sealed = rows.get(sealer.slot(seat.member_id, item.id))
            choice = sealer.open(seat.member_id, item.id, sealed) if sealed else None
            if choice is None:
                continue
            tally[choice] += 1
            if chair is not None and seat.member_id == chair.member_id:
                chair_choice = choice
        rule = rule_for(view, item.award_code, rules)
        item.eligible = len(voters)
        item.yes, item.no, item.abstain = tally[Choice.YES], tally[Choice.NO], tally[Choice.ABSTAIN]
        item.rule = f"{rule.describe()}|{rule.base.value}"
        if quorum_met:
            verdict = decide(Count(item.yes, item.no, item.abstain, item.eligible, chair_choice),
                             rule)
            item.passed, item.tie, item.by_chair = verdict.passed, verdict.tie, verdict.by_chair
            item.share_pct = round(verdict.percent, 2)
            (passed if verdict.passed else failed).append(item)
        session.add(item)
    # Forget: the sealed rows, the session secret, and every ballot message's text.
    await session.exec(delete(CouncilBallot).where(
        col(CouncilBallot.session_id) == session_id))  # type: ignore[call-overload]
    await scrub_ballot_messages(session, session_id, cancel_pending=True)
    council.secret = None
    council.present_count = present
    council.quorum_met = quorum_met
    session.add(council)
    if quorum_met:
        entry_ids = [i.entry_id for i in passed]
        if entry_ids:
            await session.exec(update(NominationEntry)
                               .where(col(NominationEntry.id).in_(entry_ids))
                               .values(status=EntryStatus.DECIDED)
                               .execution_options(synchronize_session=False))
    await audit.record(session, actor=actor.telegram_id if actor else None, action="council.close",
                       target=f"council:{session_id}", quorum_met=quorum_met, present=present,
                       members=len(view.seats), passed=len(passed), failed=len(failed))
    result = CloseResult(view, quorum_met, present, quorum.needed(len(view.seats)), passed, failed)
    council.minutes_docx = council_minutes.render(minutes_of(result, now), org, tz)
    session.add(council)
    await session.flush()
    return result


def minutes_of(result: CloseResult, now: datetime) -> council_minutes.Minutes:
    view = result.view
    chair, secretary = view.chair, view.secretary

    def role(seat: CouncilSeat) -> str:
        return "Chủ tịch" if seat.is_chair else "Thư ký" if seat.is_secretary else ""

    rows = [council_minutes.MinutesRow(
        position=i.position, nominee=i.nominee, unit_name=i.unit_name,
        award=view.award_names.get(i.award_code, i.award_code), rule=i.rule,
        yes=i.yes or 0, no=i.no or 0, abstain=i.abstain or 0, share_pct=i.share_pct,
        passed=i.passed, by_chair=i.by_chair) for i in view.items]
    return council_minutes.Minutes(
        session_id=view.session.id or 0, title=view.session.title,
        opened_at=view.session.opened_at, closed_at=view.session.closed_at or now,
        members=[(view.names.get(s.member_id, f"#{s.member_id}"), s.present, role(s))
                 for s in view.seats],
        quorum_met=result.quorum_met, present=result.present, needed=result.needed, rows=rows,
        chair=view.names.get(chair.member_id, "") if chair else "",
        secretary=view.names.get(secretary.member_id, "") if secretary else "")


async def scrub_ballot_messages(session: AsyncSession, session_id: int, *,
                                cancel_pending: bool) -> int:
    """Blank the stored text of ballot messages already sent (and, at close, cancel the rest):
    the member has them in Telegram; the outbox keeps no copy of whose choice was what."""
    ref = ballot_ref(session_id)
    if cancel_pending:
        await session.exec(update(OutboxMessage)
                           .where(col(OutboxMessage.ref) == ref,
                                  col(OutboxMessage.status) == OutboxStatus.PENDING)
                           .values(status=OutboxStatus.CANCELLED, error="council closed")
                           .execution_options(synchronize_session=False))
    result = await session.exec(update(OutboxMessage)
                                .where(col(OutboxMessage.ref) == ref,
                                       col(OutboxMessage.status) != OutboxStatus.PENDING)
                                .values(payload={"scrubbed": True})
                                .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


async def cancel_session(session: AsyncSession, actor: Member | None, session_id: int, *,
                         now: datetime) -> CouncilSession:
    if actor is not None:
        members.require_admin(actor, action="council.cancel")
    council = await session.get(CouncilSession, session_id)
    members.ensure(council is not None and council.status == CouncilStatus.OPEN,
                   "council.not_open")
    assert council is not None
    council.status = CouncilStatus.CANCELLED
    council.secret = None
    council.closed_at = now
    session.add(council)
    await session.exec(delete(CouncilBallot).where(
        col(CouncilBallot.session_id) == session_id))  # type: ignore[call-overload]
    await scrub_ballot_messages(session, session_id, cancel_pending=True)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="council.cancel", target=f"council:{session_id}")
    return council
