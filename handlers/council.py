"""Council sessions for admins: /council (the list), opening one (title, members, chair,
secretary, awards), a session's card, attendance, closing (count, minutes, results sent).

Buttons all start with ``ks:`` and name the session by id; the service checks roles and state.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlmodel import col, select

from handlers import menu
from handlers.chat import Button, Incoming, Keyboard, keyboard_to_json
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.router import Router
from handlers.texts import council as _texts  # noqa: F401  (registers the texts)
from models import (
    CouncilItem,
    CouncilStatus,
    Member,
    NominationEntry,
    OutboxMethod,
    Priority,
    Role,
)
from services import members, outbox
from services.awards import ballot_box, council, files
from services.awards.ballot import Comparison, Quorum, parse_share

router = Router(name=__name__)

menu.add("council", "menu.council", menu.ADMINS, order=50)

FLOW = "council_new"
CHUNK = 3500  # characters per results message


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ints(data: list[str], n: int) -> list[int] | None:
    if len(data) < n or not all(d.lstrip("-").isdigit() for d in data[:n]):
        return None
    return [int(d) for d in data[:n]]


# -- the list ------------------------------------------------------------------------------------
@router.command("council")
async def list_sessions(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="council.list")
    sessions = await council.list_sessions(ctx.session)
    rows: Keyboard = [[Button(f"#{s.id} {_short(s.title)} · {ctx.t(f'council.status.{s.status.value}')}",
                              callback_data=f"ks:v:{s.id}")] for s in sessions]
    rows.append([Button(ctx.t("council.btn_new"), callback_data="ks:new")])
    text = ctx.t("council.list_title") if sessions else ctx.t("council.list_empty")
    await ctx.reply(text, rows)


# -- opening -------------------------------------------------------------------------------------
async def _members_menu(ctx: Context) -> tuple[Markup, Keyboard]:
    data = ctx.flow.data
    people = await council.council_members(ctx.session)
    chosen = set(data.get("members", []))
    names = {m.id: m.full_name or f"#{m.id}" for m in people}
    rows: Keyboard = []
    for m in people[:60]:
        mark = "👑 " if m.id == data.get("chair") else "✍️ " if m.id == data.get("secretary") else ""
        rows.append([Button(f"{'✅' if m.id in chosen else '⬜'} {mark}{_short(names[m.id])}",
                            callback_data=f"ks:m:{m.id}")])
    rows.append([Button(ctx.t("council.btn_chair"), callback_data="ks:pc"),
                 Button(ctx.t("council.btn_secretary"), callback_data="ks:ps")])
    rows.append([Button(ctx.t("nav.cancel"), callback_data="ks:x"),
                 Button(ctx.t("council.btn_continue"), callback_data="ks:awards")])
    nobody = ctx.t("council.nobody")
    text = ctx.t("council.pick_members", title=data.get("title", ""), n=len(chosen),
                 chair=names.get(data.get("chair"), nobody),
                 secretary=names.get(data.get("secretary"), nobody))
    return text, rows


async def _awards_menu(ctx: Context) -> tuple[Markup, Keyboard]:
    data = ctx.flow.data
    waiting = await council.votable_entries(ctx.session, ctx.config.council)
    _, names = await council.thresholds(ctx.session, ctx.config.council)
    counts: dict[str, int] = defaultdict(int)
    for info in waiting:
        counts[info.entry.award_code] += 1
    chosen = set(data.get("awards", []))
    rows: Keyboard = [[Button(f"{'✅' if code in chosen else '⬜'} {_short(names.get(code, code))}"
                              f" ({n})", callback_data=f"ks:a:{code}")]
                      for code, n in counts.items()]
    rows.append([Button(ctx.t("nav.back"), callback_data="ks:mm"),
                 Button(ctx.t("council.btn_open"), callback_data="ks:ok")])
    return ctx.t("council.pick_awards", title=data.get("title", ""), n=len(waiting)), rows


@router.callback("ks")
async def session_button(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="council.manage")
    action = data[0] if data else ""
    if action == "new":
        if not await council.council_members(ctx.session):
            await ctx.answer(ctx.t("council.no_council_members"), alert=True)
            return
        await ctx.flow.start(FLOW, "title")
        await ctx.answer()
        await ctx.reply(ctx.t("council.ask_title"))
        return
    if action in ("v", "att", "pt", "close", "closeok", "cancel", "res"):
        await _session_action(ctx, member, action, data[1:])
        return
    if not ctx.flow.active(FLOW) or ctx.flow.step != "pick":
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await _pick_action(ctx, member, action, data[1:])


@router.step(FLOW, "title")
async def receive_title(ctx: Context, msg: Incoming) -> None:
    title = await read_text(ctx, msg, limit=council.MAX_TITLE)
    if title is None:
        return
    people = await council.council_members(ctx.session)
    waiting = await council.votable_entries(ctx.session, ctx.config.council)
    if not waiting:
        await ctx.flow.clear()
        await ctx.reply(ctx.t("council.no_entries_waiting"))
        return
    await ctx.flow.goto("pick", title=title, members=[m.id for m in people],
                        chair=None, secretary=None, choosing=None,
                        awards=sorted({i.entry.award_code for i in waiting}))
    await ctx.reply(*await _members_menu(ctx))


async def _pick_action(ctx: Context, member: Member, action: str, args: list[str]) -> None:
    data = ctx.flow.data
    if action == "x":
        await ctx.flow.clear()
        await ctx.answer()
        await ctx.edit(ctx.t("common.cancelled"))
        return
    if action in ("pc", "ps"):
        await ctx.flow.update(choosing="chair" if action == "pc" else "secretary")
        await ctx.answer(ctx.t("council.pick_chair" if action == "pc" else "council.pick_secretary"),
                         alert=True)
        return
    if action == "m":
        ids = _ints(args, 1)
        allowed = {m.id for m in await council.council_members(ctx.session)}
        if ids is None or ids[0] not in allowed:
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return
        chosen: list[int] = list(data.get("members", []))
        role = data.get("choosing")
        if role:
            if ids[0] not in chosen:
                chosen.append(ids[0])
            await ctx.flow.update(**{role: ids[0]}, choosing=None, members=chosen)
        else:
            chosen = [m for m in chosen if m != ids[0]] if ids[0] in chosen else [*chosen, ids[0]]
            await ctx.flow.update(members=chosen)
        await ctx.answer()
        await ctx.edit(*await _members_menu(ctx))
        return
    if action == "mm":
        await ctx.answer()
        await ctx.edit(*await _members_menu(ctx))
        return
    if action == "awards":
        await ctx.answer()
        await ctx.edit(*await _awards_menu(ctx))
        return
    if action == "a" and args:
        awards: list[str] = list(data.get("awards", []))
        code = args[0]
        awards = [a for a in awards if a != code] if code in awards else [*awards, code]
        await ctx.flow.update(awards=awards)
        await ctx.answer()
        await ctx.edit(*await _awards_menu(ctx))
        return
    if action == "ok":
        await _open(ctx, member)
        return
    await ctx.answer(ctx.t("common.stale_button"), alert=True)


async def _open(ctx: Context, member: Member) -> None:
    data = ctx.flow.data
    rules = ctx.config.council
    chosen_awards = set(data.get("awards", []))
    waiting = await council.votable_entries(ctx.session, rules)
    entry_ids = [i.entry.id for i in waiting
                 if i.entry.award_code in chosen_awards and i.entry.id is not None]
    cs = await council.open_session(
        ctx.session, member, title=data.get("title", ""), member_ids=data.get("members", []),
        chair_id=data.get("chair") or 0, secretary_id=data.get("secretary"), entry_ids=entry_ids,
        rules=rules, now=ctx.now())
    await ctx.flow.clear()
    assert cs.id is not None
    await invite_members(ctx, cs.id)
    await ctx.answer()
    await ctx.edit(ctx.t("council.opened", id=cs.id, title=cs.title, members=cs.member_count,
                         entries=len(entry_ids)),
                   [[Button(ctx.t("council.btn_attendance"), callback_data=f"ks:att:{cs.id}")]])


async def invite_members(ctx: Context, session_id: int) -> int:
    """Each member gets the invitation privately: the session, what is on it, the ballot button."""
    view = await council.load(ctx.session, session_id, ctx.config.council)
    people = {m.id: m for m in (await ctx.session.exec(select(Member).where(
        col(Member.id).in_([s.member_id for s in view.seats])))).all()}
    counts: dict[str, int] = defaultdict(int)
    for item in view.items:
        counts[item.award_code] += 1
    rows = []
    for seat in view.seats:
        person = people.get(seat.member_id)
        if person is None:
            continue
        t = Translator(person.language)
        org = ctx.config.organisation
        awards = "; ".join(f"{view.award_names.get(c, c)} ({n})" for c, n in counts.items())
        text = t("ballot.invite", council=org.council_en if t.is_en else org.council,
                 title=view.session.title, entries=len(view.items), awards=awards,
                 role=t("ballot.role_chair" if seat.is_chair else "ballot.role_member"))
        keyboard = [[Button(t("ballot.btn_open"), callback_data=f"kb:{session_id}:1:n")]]
        rows.append((person.telegram_id, OutboxMethod.SEND_MESSAGE,
                     {"text": str(text), "keyboard": keyboard_to_json(keyboard)},
                     f"council-invite:{session_id}:{person.telegram_id}"))
    return await outbox.enqueue_many(ctx.session, rows, priority=Priority.NOTICE,
                                     ref=f"council:{session_id}")


# -- a session's card ------------------------------------------------------------------------------
async def _card(ctx: Context, session_id: int) -> tuple[Markup, Keyboard]:
    view = await council.load(ctx.session, session_id, ctx.config.council)
    cs = view.session
    quorum = Quorum(parse_share(cs.quorum_share), Comparison(cs.quorum_compare))
    votes = await ballot_box.progress(ctx.session, session_id)
    text = ctx.t("council.view", id=cs.id, title=cs.title,
                 status=ctx.t(f"council.status.{cs.status.value}"), members=len(view.seats),
                 present=sum(1 for s in view.seats if s.present),
                 needed=quorum.needed(len(view.seats)), entries=len(view.items), votes=votes)
    rows: Keyboard = []
    if cs.status == CouncilStatus.OPEN:
        rows.append([Button(ctx.t("council.btn_attendance"), callback_data=f"ks:att:{cs.id}")])
        rows.append([Button(ctx.t("council.btn_close"), callback_data=f"ks:close:{cs.id}")])
        rows.append([Button(ctx.t("council.btn_cancel_session"), callback_data=f"ks:cancel:{cs.id}")])
    elif cs.status == CouncilStatus.CLOSED:
        rows.append([Button(ctx.t("council.btn_results"), callback_data=f"ks:res:{cs.id}")])
    return text, rows


async def _attendance(ctx: Context, session_id: int) -> tuple[Markup, Keyboard]:
    view = await council.load(ctx.session, session_id, ctx.config.council)
    rows: Keyboard = [[Button(f"{'✅' if s.present else '⬜'} "
                              f"{'👑 ' if s.is_chair else ''}{_short(view.names.get(s.member_id, ''))}",
                              callback_data=f"ks:pt:{session_id}:{s.member_id}")]
                      for s in view.seats]
    rows.append([Button(ctx.t("nav.back"), callback_data=f"ks:v:{session_id}")])
    written = ctx.t("council.written_yes" if view.session.written_votes else "council.written_no")
    return ctx.t("council.attendance", written=written), rows


async def _session_action(ctx: Context, member: Member, action: str, args: list[str]) -> None:
    ids = _ints(args, 1)
    if ids is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    session_id = ids[0]
    rules = ctx.config.council
    if action == "v":
        await ctx.answer()
        await ctx.edit(*await _card(ctx, session_id))
    elif action == "att":
        await ctx.answer()
        await ctx.edit(*await _attendance(ctx, session_id))
    elif action == "pt":
        pair = _ints(args, 2)
        if pair is None:
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return
        view = await council.load(ctx.session, session_id, rules)
        seat = view.seat(pair[1])
        if seat is None:
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return
        await council.set_presence(ctx.session, member, session_id, pair[1], not seat.present)
        await ctx.answer()
        await ctx.edit(*await _attendance(ctx, session_id))
    elif action == "close":
        await ctx.answer()
        await ctx.edit(ctx.t("council.confirm_close", id=session_id),
                       [[Button(ctx.t("nav.back"), callback_data=f"ks:v:{session_id}"),
                         Button(ctx.t("council.btn_confirm_close"),
                                callback_data=f"ks:closeok:{session_id}")]])
    elif action == "closeok":
        result = await council.close_session(ctx.session, member, session_id, rules=rules,
                                             now=ctx.now(), org=ctx.config.organisation,
                                             tz=ctx.config.timezone)
        await ctx.answer()
        await announce(ctx, result)
        await ctx.edit(*await _card(ctx, session_id))
    elif action == "cancel":
        await council.cancel_session(ctx.session, member, session_id, now=ctx.now())
        await ctx.answer()
        await ctx.edit(ctx.t("council.cancelled_session", id=session_id))
    elif action == "res":
        view = await council.load(ctx.session, session_id, rules)
        await ctx.answer()
        for chunk in result_chunks(ctx.t, view):
            await ctx.reply(chunk)


# -- results ---------------------------------------------------------------------------------------
def _verdict(t: Translator, item: CouncilItem) -> str:
    if item.passed is None:
        return "—"
    return str(t("council.passed" if item.passed else "council.failed")) + (
        str(t("council.by_chair")) if item.by_chair else "")


def result_chunks(t: Translator, view: council.SessionView) -> list[str]:
    cs = view.session
    if not cs.quorum_met:
        quorum = Quorum(parse_share(cs.quorum_share), Comparison(cs.quorum_compare))
        return [str(t("council.no_quorum", id=cs.id, title=cs.title, present=cs.present_count,
                      members=cs.member_count, needed=quorum.needed(cs.member_count)))]
    passed = sum(1 for i in view.items if i.passed)
    head = str(t("council.results_head", id=cs.id, title=cs.title, present=cs.present_count,
                 members=cs.member_count, passed=passed, failed=len(view.items) - passed))
    lines = [str(t("council.result_line", pos=i.position, name=i.nominee, unit=i.unit_name,
                   award=view.award_names.get(i.award_code, i.award_code), yes=i.yes or 0,
                   no=i.no or 0, abstain=i.abstain or 0,
                   share=f"{i.share_pct or 0:.2f}", verdict=Markup(_verdict(t, i))))
             for i in view.items]
    return _chunks(head, lines)


def _chunks(head: str, lines: list[str]) -> list[str]:
    chunks: list[str] = []
    current = head
    for line in lines:
        if len(current) + len(line) + 1 > CHUNK:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}"
    chunks.append(current)
    return chunks


async def announce(ctx: Context, result: council.CloseResult) -> int:
    """Results to the members and the department (all admins), each unit its own; enqueued."""
    view = result.view
    cs = view.session
    assert cs.id is not None
    admins = (await ctx.session.exec(select(Member).where(
        Member.role == Role.ADMIN, col(Member.is_active).is_(True)))).all()
    seat_people = (await ctx.session.exec(select(Member).where(
        col(Member.id).in_([s.member_id for s in view.seats])))).all()
    people = {m.telegram_id: m for m in [*seat_people, *admins]}
    rows: list[tuple[int, OutboxMethod, dict[str, Any], str | None]] = []
    by_language: dict[str, list[str]] = {}
    signers = {s.member_id for s in view.seats if s.is_chair or s.is_secretary}
    sha = await files.store_generated(ctx.session, cs.minutes_docx) if cs.minutes_docx else None
    for chat_id, person in people.items():
        t = Translator(person.language)
        chunks = by_language.setdefault(t.language.value, result_chunks(t, view))
        for n, chunk in enumerate(chunks):
            rows.append((chat_id, OutboxMethod.SEND_MESSAGE, {"text": chunk},
                         f"council-result:{cs.id}:{chat_id}:{n}"))
        if sha is not None and (person.role == Role.ADMIN or person.id in signers):
            # The minutes as a DOCX upload (the sender reads the kept bytes).
            rows.append((chat_id, OutboxMethod.SEND_DOCUMENT,
                         {"blob": sha, "file_name": f"bien-ban-phien-hop-{cs.id}.docx",
                          "caption": str(t("council.minutes_caption", id=cs.id))},
                         f"council-minutes:{cs.id}:{chat_id}"))
    if result.quorum_met:
        rows.extend(await _unit_rows(ctx, view))
    return await outbox.enqueue_many(ctx.session, rows, priority=Priority.NOTICE,
                                     ref=f"council:{cs.id}")


async def _unit_rows(ctx: Context, view: council.SessionView,
                     ) -> list[tuple[int, OutboxMethod, dict[str, Any], str | None]]:
    cs = view.session
    units = dict((await ctx.session.exec(select(CouncilItem.entry_id, NominationEntry.unit_id)
                                         .join(NominationEntry, col(NominationEntry.id)
                                               == CouncilItem.entry_id)
                                         .where(CouncilItem.session_id == cs.id))).all())
    by_unit: dict[int, list[CouncilItem]] = defaultdict(list)
    for item in view.items:
        if item.entry_id in units:
            by_unit[units[item.entry_id]].append(item)
    officers = (await ctx.session.exec(select(Member).where(
        col(Member.unit_id).in_(list(by_unit)), Member.role == Role.OFFICER,
        col(Member.is_active).is_(True)))).all()
    rows: list[tuple[int, OutboxMethod, dict[str, Any], str | None]] = []
    for officer in officers:
        t = Translator(officer.language)
        lines = [str(t("council.unit_line", name=i.nominee,
                       award=view.award_names.get(i.award_code, i.award_code),
                       verdict=Markup(_verdict(t, i)))) for i in by_unit[officer.unit_id or 0]]
        for n, chunk in enumerate(_chunks(str(t("council.unit_results_head", title=cs.title)),
                                          lines)):
            rows.append((officer.telegram_id, OutboxMethod.SEND_MESSAGE, {"text": chunk},
                         f"council-unit:{cs.id}:{officer.telegram_id}:{n}"))
    return rows
