"""Casting and reading back one's own votes in an open session (the secret ballot).

A vote arrives as a button ``kv:<session>:<position>:<token>``: the token is an HMAC of the
member, the item and the choice under the session's keys (services/awards/seal.py), so the stored
update says nothing to anyone without the keys, and a button copied from someone else's chat, another
session or another entry does not open. Every refusal is audited (never with the choice).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import and_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import InboxUpdate, Member, NominationEntry, Verdict
from models.council import CouncilBallot, CouncilItem, CouncilSeat, CouncilSession, CouncilStatus
from services import audit
from services.awards.ballot import Choice, CouncilRules, Threshold
from services.awards.council import current_catalogue_key
from services.awards.seal import Sealer

PREFIX = "kv"


class Refusal(StrEnum):
    NO_SESSION = "no_session"  # unknown session (a forged button)
    CLOSED = "closed"  # the session is closed or cancelled
    NOT_MEMBER = "not_member"
    NO_ITEM = "no_item"  # the entry is not on this session (a forged button)
    FORGED = "forged"  # the token does not open for this member and entry
    OWN_ENTRY = "own_entry"  # the member is the nominee
    ABSENT = "absent"  # absent, and this council takes no written votes
    NO_ABSTAIN = "no_abstain"  # "không biểu quyết" is not allowed for this award


@dataclass(slots=True)
class VoteOutcome:
    refusal: Refusal | None
    council: CouncilSession | None = None
    item: Card | None = None
    changed: bool = False  # the member had another choice before
    # The member's choices on the ballot page of the entry voted on (``page_size`` entries), this
    # vote included: read in the statement that finds the vote to replace, so the reply's page
    # needs no second read.
    page_votes: dict[int, Choice] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True, slots=True)
class Card:
    """What a ballot shows of one item. Items and their entries do not change while a session
    is open, so the cards of a session are read once per process (a vote must answer fast)."""

    id: int
    position: int
    award_code: str
    nominee: str
    unit_name: str
    nominee_member_id: int | None
    verdict: str | None
    reason: str


_cards: OrderedDict[tuple[str, int, str], list[Card]] = OrderedDict()
CARDS_KEPT = 16


async def cards(session: AsyncSession, council: CouncilSession) -> list[Card]:
    """The session's items in position order (cached per session and database)."""
    assert council.id is not None
    key = (str(getattr(session.bind, "url", "")), council.id, council.opened_at.isoformat())
    found = _cards.get(key)
    if found is not None:
        _cards.move_to_end(key)
        return found
    rows = (await session.exec(
        select(CouncilItem, NominationEntry.verdict, NominationEntry.reason)
        .join(NominationEntry, col(NominationEntry.id) == CouncilItem.entry_id)
        .where(CouncilItem.session_id == council.id).order_by(col(CouncilItem.position)))).all()
    found = [Card(i.id or 0, i.position, i.award_code, i.nominee, i.unit_name,
                  i.nominee_member_id, Verdict(v).value if v is not None else None, r or "")
             for i, v, r in rows]
    _cards[key] = found
    while len(_cards) > CARDS_KEPT:
        _cards.popitem(last=False)
    return found


@dataclass(slots=True)
class Seated:
    """An open ballot's context for one member: the session, their seat (None: not a member) and
    the current award catalogue's (version, hash), read in one statement."""

    council: CouncilSession
    seat: CouncilSeat | None
    catalogue: tuple[int | None, str | None]


async def seated(session: AsyncSession, council_id: int, member_id: int | None) -> Seated | None:
    """The session, the member's seat on it and the catalogue key in one round trip: a vote on
    a 200-entry session must answer fast, and every statement is a trip to the database."""
    version, sha = current_catalogue_key()
    found = (await session.exec(
        select(CouncilSession, CouncilSeat, version, sha)
        .outerjoin(CouncilSeat, and_(col(CouncilSeat.session_id) == CouncilSession.id,
                                     col(CouncilSeat.member_id) == member_id))
        .where(CouncilSession.id == council_id))).first()
    if found is None:
        return None
    council, seat, v, h = found
    return Seated(council, seat, (v, h))


def sealer_of(council: CouncilSession, rules: CouncilRules) -> Sealer:
    assert council.secret is not None
    return Sealer(rules.ballot_secret, council.secret)


def button_data(sealer: Sealer, council_id: int, member_id: int, item: CouncilItem | Card,
                choice: Choice) -> str:
    assert item.id is not None
    return f"{PREFIX}:{council_id}:{item.position}:{sealer.button_token(member_id, item.id, choice)}"


async def _refuse(session: AsyncSession, member: Member | None, council_id: int | None,
                  refusal: Refusal, council: CouncilSession | None = None) -> VoteOutcome:
    await audit.record(session, actor=member.telegram_id if member else None,
                       action="council.vote", target=f"council:{council_id}", outcome="refused",
                       reason=refusal.value)
    return VoteOutcome(refusal, council)


def page_of(cards_: Sequence[Card], item: Card, page_size: int) -> list[Card]:
    """The cards shown on one ballot page with ``item`` (positions run 1, 2, … in order)."""
    first = (item.position - 1) // page_size * page_size
    return list(cards_[first:first + page_size])


async def cast(session: AsyncSession, *, member: Member | None, data: Sequence[str],
               rules: CouncilRules, thresholds: dict[str, Threshold], update_id: int | None,
               now: datetime, page_size: int = 1) -> VoteOutcome:
    """Record (or replace) ``member``'s choice from the button's ``data`` (after the prefix).
    The outcome carries the member's choices on the ``page_size`` entries of the voted one's page."""
    if len(data) != 3 or not data[0].isdigit() or not data[1].isdigit():
        return await _refuse(session, member, None, Refusal.NO_SESSION)
    council_id, position, token = int(data[0]), int(data[1]), data[2]
    council = await session.get(CouncilSession, council_id)
    if council is None:
        return await _refuse(session, member, council_id, Refusal.NO_SESSION)
    if council.status != CouncilStatus.OPEN or council.secret is None:
        return await _refuse(session, member, council_id, Refusal.CLOSED, council)
    seat = (await session.get(CouncilSeat, (council_id, member.id))
            if member is not None and member.id is not None else None)
    if member is None or member.id is None or seat is None:
        return await _refuse(session, member, council_id, Refusal.NOT_MEMBER, council)
    all_cards = await cards(session, council)
    item = next((c for c in all_cards if c.position == position), None)
    if item is None:
        return await _refuse(session, member, council_id, Refusal.NO_ITEM, council)
    sealer = sealer_of(council, rules)
    choice = sealer.choice_of_token(member.id, item.id, token)
    if choice is None:
        return await _refuse(session, member, council_id, Refusal.FORGED, council)
    if item.nominee_member_id == member.id:
        return await _refuse(session, member, council_id, Refusal.OWN_ENTRY, council)
    if not seat.present and not council.written_votes:
        return await _refuse(session, member, council_id, Refusal.ABSENT, council)
    rule = thresholds.get(item.award_code, rules.default_threshold)
    if choice == Choice.ABSTAIN and not rule.allow_abstain:
        return await _refuse(session, member, council_id, Refusal.NO_ABSTAIN, council)
    slot = sealer.slot(member.id, item.id)
    # The row to replace and the member's other votes on the same page, in one statement.
    slots = {sealer.slot(member.id, c.id): c.id for c in page_of(all_cards, item, page_size)}
    slots[slot] = item.id
    rows = (await session.exec(select(CouncilBallot).where(
        CouncilBallot.session_id == council_id, col(CouncilBallot.slot).in_(list(slots))))).all()
    page_votes: dict[int, Choice] = {}
    row: CouncilBallot | None = None
    for found in rows:
        if found.slot == slot:
            row = found
        elif (opened := sealer.open(member.id, slots[found.slot], found.sealed)) is not None:
            page_votes[slots[found.slot]] = opened
    changed = row is not None
    if row is None:
        row = CouncilBallot(session_id=council_id, slot=slot, sealed="")
    row.sealed = sealer.seal(member.id, item.id, choice)
    page_votes[item.id] = choice
    session.add(row)
    if update_id is not None:
        # The stored update held the pressed message (with the previous tick): keep only its id.
        await session.exec(update(InboxUpdate).where(col(InboxUpdate.update_id) == update_id)
                           .values(payload={"update_id": update_id, "scrubbed": "council-ballot"})
                           .execution_options(synchronize_session=False))
    # Who voted on what stays out of the trail: the session only.
    await audit.record(session, actor=member.telegram_id, action="council.vote",
                       target=f"council:{council_id}")
    return VoteOutcome(None, council, item, changed, page_votes)


async def own_votes(session: AsyncSession, council: CouncilSession, member_id: int,
                    item_ids: Sequence[int], rules: CouncilRules) -> dict[int, Choice]:
    """The member's current choices on ``item_ids`` (item id → choice): only they can be read
    back, and only by the bot holding the server secret while the session is open."""
    if council.secret is None or not item_ids:
        return {}
    sealer = sealer_of(council, rules)
    slots = {sealer.slot(member_id, i): i for i in item_ids}
    rows = (await session.exec(select(CouncilBallot).where(
        CouncilBallot.session_id == council.id, col(CouncilBallot.slot).in_(list(slots))))).all()
    out: dict[int, Choice] = {}
    for row in rows:
        item_id = slots[row.slot]
        choice = sealer.open(member_id, item_id, row.sealed)
        if choice is not None:
            out[item_id] = choice
    return out


async def progress(session: AsyncSession, council_id: int) -> int:
    """How many votes are in (all members together): the sealed tally shows nothing more."""
    from sqlmodel import func

    return int((await session.exec(select(func.count()).select_from(CouncilBallot).where(
        CouncilBallot.session_id == council_id))).one())
