"""/decision: an admin records the award decision (số, ngày, người ký) for a group of entries
passed by the council (or for awards it does not vote on); the people and units are congratulated.

Buttons ``kd:<award code>`` pick the group; the decision is then typed in one line.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlmodel import col, select

from handlers import menu
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Translator
from handlers.router import Router
from handlers.texts import council as _texts  # noqa: F401  (registers the texts)
from models import Member, OutboxMethod, Priority
from services import members, outbox
from services.awards import council, decisions

router = Router(name=__name__)

menu.add("decision", "menu.decision", menu.ADMINS, order=51)

FLOW = "council_decision"
MAX_NAMES = 30


@router.command("decision")
async def start(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="council.decision")
    ready = await decisions.decidable(ctx.session, ctx.config.council)
    if not ready:
        await ctx.reply(ctx.t("decision.none"))
        return
    _, names = await council.thresholds(ctx.session, ctx.config.council)
    groups: dict[str, int] = defaultdict(int)
    for info in ready:
        groups[info.entry.award_code] += 1
    rows: Keyboard = [[Button(str(ctx.t("decision.group", award=names.get(code, code), n=n)),
                              callback_data=f"kd:{code}")] for code, n in groups.items()]
    await ctx.reply(ctx.t("decision.pick", n=len(ready)), rows)


@router.callback("kd")
async def pick(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="council.decision")
    code = data[0] if data else ""
    ready = [i for i in await decisions.decidable(ctx.session, ctx.config.council)
             if i.entry.award_code == code]
    if not ready:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    _, names = await council.thresholds(ctx.session, ctx.config.council)
    await ctx.flow.start(FLOW, "text", {"code": code,
                                        "entries": [i.entry.id for i in ready]})
    shown = "\n".join(f"• {i.nominee} ({i.unit_name})" for i in ready[:MAX_NAMES])
    if len(ready) > MAX_NAMES:
        shown += f"\n… (+{len(ready) - MAX_NAMES})"
    await ctx.answer()
    await ctx.reply(ctx.t("decision.ask", award=names.get(code, code), n=len(ready), names=shown))


@router.step(FLOW, "text")
async def receive(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=400)
    if text is None:
        return
    rules = ctx.config.council
    decision = decisions.parse_decision(text, today=ctx.local(ctx.now()).date())
    awarded = await decisions.record_decision(ctx.session, member,
                                              entry_ids=ctx.flow.data.get("entries", []),
                                              decision=decision, rules=rules, now=ctx.now())
    await ctx.flow.clear()
    _, names = await council.thresholds(ctx.session, rules)
    await congratulate(ctx, awarded, names, decision)
    await ctx.reply(ctx.t("decision.done", number=decision.number,
                          date=f"{decision.decided_on:%d/%m/%Y}", signer=decision.signer,
                          n=len(awarded)))


async def congratulate(ctx: Context, awarded: list[decisions.Awarded], names: dict[str, str],
                       decision: decisions.DecisionInput) -> int:
    ids = {a.nominee_member_id for a in awarded if a.nominee_member_id is not None}
    people = {m.id: m for m in (await ctx.session.exec(
        select(Member).where(col(Member.id).in_(ids)))).all()} if ids else {}
    officer_ids = {chat for a in awarded for chat in a.officer_chat_ids}
    officers = {m.telegram_id: m for m in (await ctx.session.exec(
        select(Member).where(col(Member.telegram_id).in_(officer_ids)))).all()} \
        if officer_ids else {}
    rows: list[tuple[int, OutboxMethod, dict[str, Any], str | None]] = []
    when = f"{decision.decided_on:%d/%m/%Y}"
    for a in awarded:
        award = names.get(a.entry.award_code, a.entry.award_code)
        person = people.get(a.nominee_member_id)
        if person is not None:
            t = Translator(person.language)
            rows.append((person.telegram_id, OutboxMethod.SEND_MESSAGE,
                         {"text": str(t("decision.congrats_person", award=award,
                                        year=a.entry.year, number=decision.number, date=when))},
                         f"congrats:{a.record.id}:{person.telegram_id}"))
        for chat in a.officer_chat_ids:
            officer = officers.get(chat)
            t = Translator(officer.language if officer else "vi")
            rows.append((chat, OutboxMethod.SEND_MESSAGE,
                         {"text": str(t("decision.congrats_unit", name=a.entry.name,
                                        award=award, year=a.entry.year,
                                        number=decision.number, date=when))},
                         f"congrats:{a.record.id}:{chat}"))
    return await outbox.enqueue_many(ctx.session, rows, priority=Priority.NOTICE,
                                     ref=f"decision:{decision.number}"[:64])
