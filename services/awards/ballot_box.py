"""Casting and reading back one's own votes in an open session (the secret ballot).

A vote arrives as a button ``kv:<session>:<position>:<token>``: the token is an HMAC of the
member, the item and the choice under the session's keys (services/awards/seal.py), so the stored
update says nothing to anyone without the keys, and a button copied from someone else's chat, another
session or another entry does not open. Every refusal is audited (never with the choice).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import InboxUpdate, Member, NominationEntry, Verdict
from models.council import CouncilBallot, CouncilItem, CouncilSeat, CouncilSession, CouncilStatus
from services import audit
from services.awards.ballot import Choice, CouncilRules, Threshold
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


async def cast(session: AsyncSession, *, member: Member | None, data: Sequence[str],
               rules: CouncilRules, thresholds: dict[str, Threshold], update_id: int | None,
               now: datetime) -> VoteOutcome:
    """Record (or replace) ``member``'s choice from the button's ``data`` (after the prefix)."""
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
    item = next((c for c in await cards(session, council) if c.position == position), None)
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
    row = (await session.exec(select(CouncilBallot).where(
        CouncilBallot.session_id == council_id, CouncilBallot.slot == slot))).first()
    changed = row is not None
    if row is None:
        row = CouncilBallot(session_id=council_id, slot=slot, sealed="")
    row.sealed = sealer.seal(member.id, item.id, choice)
    session.add(row)
    if update_id is not None:
        # The stored update held the pressed message (with the previous tick): keep only its id.
        await session.exec(update(InboxUpdate).where(col(InboxUpdate.update_id) == update_id)
                           .values(payload={"update_id": update_id, "scrubbed": "council-ballot"})
                           .execution_options(synchronize_session=False))
    # Who voted on what stays out of the trail: the session only.
    await audit.record(session, actor=member.telegram_id, action="council.vote",
                       target=f"council:{council_id}")
    return VoteOutcome(None, council, item, changed)


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
