"""The secret ballot in private chat: a member's pages of entries, their votes, the files.

Buttons: ``kb:<session>:<page>`` (a page), ``kv:<session>:<position>:<token>`` (a vote; the token
is opaque, see services/awards/seal.py), ``kf:<session>:<position>`` (the entry's files).
Every ballot message goes out with the outbox ref of its session, so that closing blanks them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from handlers import award_files, menu
from handlers.chat import Button, Keyboard, keyboard_to_json
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.router import Router
from handlers.texts import council as _texts  # noqa: F401  (registers the texts)
from models import (
    AwardFile,
    CouncilItem,
    CouncilSeat,
    CouncilSession,
    CouncilStatus,
    FileOwner,
    Member,
    OutboxMethod,
    Role,
)
from services import outbox
from services.awards import ballot_box, council
from services.awards.ballot import Choice, CouncilRules, Threshold
from services.awards.ballot_box import Refusal

router = Router(name=__name__)

menu.add("ballot", "menu.council", frozenset({Role.COUNCIL}), order=20)

PAGE = 5
MAX_FILES = 10
REFUSALS = {
    Refusal.CLOSED: "ballot.closed",
    Refusal.NOT_MEMBER: "ballot.not_member",
    Refusal.OWN_ENTRY: "ballot.own_entry",
    Refusal.ABSENT: "ballot.absent",
    Refusal.NO_ABSTAIN: "ballot.no_abstain",
}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class Ballot:
    """What a ballot page needs, read lightly (a vote must answer fast on a 200-entry session)."""

    session: CouncilSession
    seat: CouncilSeat | None
    cards: list[ballot_box.Card]  # in position order
    thresholds: dict[str, Threshold]
    award_names: dict[str, str]


async def load_ballot(ctx: Context, session_id: int, member: Member) -> Ballot | None:
    found = await ballot_box.seated(ctx.session, session_id, member.id)
    if found is None:
        return None
    by_code, names = await council.thresholds(ctx.session, ctx.config.council,
                                              current=found.catalogue)
    return Ballot(found.council, found.seat, await ballot_box.cards(ctx.session, found.council),
                  by_code, names)


async def ballot_page(ctx: Context, ballot: Ballot, member: Member, page: int,
                      rules: CouncilRules, t: Translator, *, count_all: bool = True,
                      mine: dict[int, Choice] | None = None) -> tuple[Markup, Keyboard]:
    """One page of a member's ballot: each entry, its eligibility, the member's vote, buttons.
    ``count_all`` adds how many entries the member has voted on (all 200 read back: page turns
    do it; a vote's reply shows the page only, with ``mine`` as the vote read them)."""
    cs = ballot.session
    assert cs.id is not None and member.id is not None
    pages = max(1, -(-len(ballot.cards) // PAGE))
    page = min(max(1, page), pages)
    items = ballot.cards[(page - 1) * PAGE: page * PAGE]
    if mine is None:
        read = ballot.cards if count_all else items
        mine = await ballot_box.own_votes(ctx.session, cs, member.id, [c.id for c in read], rules)
    sealer = ballot_box.sealer_of(cs, rules)
    seat = ballot.seat
    absent = t("ballot.absent_note") if seat and not seat.present else ""
    lines: list[str] = [
        t("ballot.page_head", title=cs.title, page=page, pages=pages, mine=len(mine),
          total=len(ballot.cards), absent=absent) if count_all else
        t("ballot.page_head_short", title=cs.title, page=page, pages=pages, absent=absent)]
    rows: Keyboard = []
    for item in items:
        assert item.id is not None
        award = ballot.award_names.get(item.award_code, item.award_code)
        if item.nominee_member_id == member.id:
            lines.append(t("ballot.item_own", pos=item.position, name=item.nominee,
                           unit=item.unit_name, award=award))
            continue
        verdict = item.verdict or "none"
        reason = f" — {_short(item.reason, 160)}" if item.reason else ""
        choice = mine.get(item.id)
        lines.append(t("ballot.item", pos=item.position, name=item.nominee, unit=item.unit_name,
                       award=award, verdict=t(f"ballot.verdict.{verdict}"), reason=reason,
                       mine=t(f"ballot.choice.{choice.value}" if choice else "ballot.choice.none")))
        rule = ballot.thresholds.get(item.award_code, rules.default_threshold)
        options = [Choice.YES, Choice.NO] + ([Choice.ABSTAIN] if rule.allow_abstain else [])
        row = [Button(("☑️ " if choice == c else "") + str(t(f"ballot.btn_{c.value}",
                                                               pos=item.position)),
                      callback_data=ballot_box.button_data(sealer, cs.id, member.id, item, c))
               for c in options]
        row.append(Button(str(t("ballot.btn_files", pos=item.position)),
                          callback_data=f"kf:{cs.id}:{item.position}"))
        rows.append(row)
    nav: list[Button] = []
    if page > 1:
        nav.append(Button(t("nav.prev"), callback_data=f"kb:{cs.id}:{page - 1}"))
    nav.append(Button(t("ballot.btn_refresh"), callback_data=f"kb:{cs.id}:{page}"))
    if page < pages:
        nav.append(Button(t("nav.next"), callback_data=f"kb:{cs.id}:{page + 1}"))
    rows.append(nav)
    return Markup("\n\n".join(lines)), rows


async def _show(ctx: Context, text: str, keyboard: Keyboard | None, cs: CouncilSession,
                *, edit: bool) -> None:
    """Send or edit a ballot message under the session's ref (blanked at close)."""
    assert cs.id is not None
    ref = council.ballot_ref(cs.id)
    kb = keyboard_to_json(keyboard)
    if edit and ctx.msg.message_id is not None and ctx.msg.callback_id is not None:
        # An edit of this page still waiting (Telegram allows about one a second per chat) is
        # superseded by this one in the sender, which cancels it unsent (bot/sender.py); the
        # council sweep then blanks its text. No look-up here: a vote answers in fewer trips.
        await outbox.enqueue(ctx.session, ctx.msg.chat_id, OutboxMethod.EDIT_MESSAGE_TEXT,
                             {"message_id": ctx.msg.message_id, "text": text, "keyboard": kb},
                             ref=ref, source_update_id=ctx.msg.update_id)
    else:
        await outbox.enqueue(ctx.session, ctx.msg.chat_id, OutboxMethod.SEND_MESSAGE,
                             {"text": text, "keyboard": kb}, ref=ref,
                             source_update_id=ctx.msg.update_id)


async def _open_ballot(ctx: Context, member: Member, session_id: int) -> Ballot | None:
    ballot = await load_ballot(ctx, session_id, member)
    if ballot is None or ballot.seat is None:
        await ctx.answer(ctx.t("ballot.not_member"), alert=True)
        await ctx.audit("council.ballot", f"council:{session_id}", outcome="refused",
                        reason="not_member")
        return None
    if ballot.session.status != CouncilStatus.OPEN:
        await ctx.answer()
        await ctx.reply(ctx.t("ballot.session_closed", title=ballot.session.title))
        return None
    return ballot


@router.command("ballot")
async def my_sessions(ctx: Context, member: Member) -> None:
    sessions = [s for s in await council.sessions_of(ctx.session, member)
                if s.status == CouncilStatus.OPEN]
    if not sessions:
        await ctx.reply(ctx.t("ballot.none"))
        return
    rows = [[Button(f"🗳 {_short(s.title, 50)}", callback_data=f"kb:{s.id}:1:n")]
            for s in sessions]
    await ctx.reply(ctx.t("ballot.my_sessions"), rows)


@router.callback("kb")
async def turn_page(ctx: Context, member: Member, data: list[str]) -> None:
    if len(data) not in (2, 3) or not all(d.isdigit() for d in data[:2]):
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    ballot = await _open_ballot(ctx, member, int(data[0]))
    if ballot is None:
        return
    await ctx.answer()
    text, keyboard = await ballot_page(ctx, ballot, member, int(data[1]), ctx.config.council,
                                       ctx.t)
    # "kb:<id>:1:n" (the invitation's button) sends the ballot; page turns edit it in place.
    await _show(ctx, text, keyboard, ballot.session, edit=len(data) == 2)


@router.callback("kv")
async def cast_vote(ctx: Context, member: Member, data: list[str]) -> None:
    rules = ctx.config.council
    session_id = int(data[0]) if data and data[0].isdigit() else 0
    ballot = await load_ballot(ctx, session_id, member) if session_id else None
    outcome = await ballot_box.cast(ctx.session, member=member, data=data, rules=rules,
                                    thresholds=ballot.thresholds if ballot else {},
                                    update_id=ctx.msg.update_id, now=ctx.now(),
                                    page_size=PAGE)
    if not outcome.ok:
        assert outcome.refusal is not None
        await ctx.answer(ctx.t(REFUSALS.get(outcome.refusal, "ballot.refused")), alert=True)
        return
    await ctx.answer(ctx.t("ballot.recorded"))
    assert outcome.item is not None and ballot is not None
    page = (outcome.item.position - 1) // PAGE + 1
    text, keyboard = await ballot_page(ctx, ballot, member, page, rules, ctx.t, count_all=False,
                                       mine=outcome.page_votes)
    await _show(ctx, text, keyboard, ballot.session, edit=True)


@router.callback("kf")
async def send_files(ctx: Context, member: Member, data: list[str]) -> None:
    if len(data) != 2 or not all(d.isdigit() for d in data):
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    ballot = await _open_ballot(ctx, member, int(data[0]))
    if ballot is None:
        return
    item = (await ctx.session.exec(select(CouncilItem).where(
        CouncilItem.session_id == ballot.session.id,
        CouncilItem.position == int(data[1])))).first()
    if item is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        await ctx.audit("council.files", f"council:{data[0]}", outcome="refused", reason="no_item")
        return
    files = (await ctx.session.exec(select(AwardFile).where(
        AwardFile.owner_kind == FileOwner.ENTRY, AwardFile.owner_id == item.entry_id,
        col(AwardFile.removed).is_(False)).order_by(col(AwardFile.id)).limit(MAX_FILES))).all()
    if not files:
        await ctx.answer(ctx.t("ballot.no_files"), alert=True)
        return
    await ctx.answer(ctx.t("ballot.files_sent", n=len(files), pos=item.position))
    for f in files:
        # The bytes the bot keeps, uploaded: a Telegram file id may have expired.
        await award_files.send_kept(ctx, ctx.msg.chat_id, f.sha256, f.file_name or "file")
