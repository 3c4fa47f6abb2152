"""/nominations for reviewers (the department, and a field lead for their field): what waits,
counted by status and by award, each unit against its caps; each entry reviewed with its check,
the unit's explanation and its files; approve, return with a reason, reject with a reason."""

from __future__ import annotations

from sqlmodel import col, select

from handlers.award_files import send_kept
from handlers.campaign_render import fit
from handlers.campaigns import cb, int_at
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Translator
from handlers.nominations import award_name, entry_line
from handlers.router import Router
from handlers.texts import awards as _texts  # noqa: F401  (registers the texts)
from models import AwardFile, EntryStatus, FileOwner, Member, Nomination, NominationEntry, Priority, Unit
from services.awards import access, files, nominations, review
from services.awards.catalogue import current_catalogue
from services.awards.review import Decision
from services.registrations import unit_contacts

router = Router(name=__name__)
REASON_FLOW = "nom_review"


async def show_overview(ctx: Context, member: Member) -> None:
    seen = await review.overview(ctx.session, member)
    catalogue = await current_catalogue(ctx.session)
    t = ctx.t
    lines = [t("nr.head")]
    statuses = ("submitted", "returned", "approved", "rejected")
    lines.append(t("nr.by_status", items=", ".join(f"{t(f'nm.status.{s}')}: {seen.by_status.get(s, 0)}"
                                                    for s in statuses)))
    for code, counts in sorted(seen.by_award.items()):
        lines.append(t("nr.award_line", award=award_name(t, catalogue, code),
                       waiting=counts.get("submitted", 0), approved=counts.get("approved", 0),
                       returned=counts.get("returned", 0)))
    if seen.units:
        lines.append(t("nr.units_head"))
        for unit in seen.units[:30]:
            parts = []
            for code, n in sorted(unit.by_award.items()):
                cap = unit.caps.get(code)
                mark = "" if cap is None else (f"/{cap}" + (" ⚠️" if n > cap else ""))
                parts.append(f"{award_name(t, catalogue, code)} {n}{mark}")
            lines.append(t("nr.unit_line", code=unit.code, items="; ".join(parts)))
    if seen.late_units:
        lines.append(t("nr.late_units", count=seen.late_units))
    kb: Keyboard = []
    if seen.waiting:
        lines.append(t("nr.waiting_head"))
        for e in seen.waiting:
            kb.append([Button(f"{e.name} · {award_name(t, catalogue, e.award_code)}"[:60],
                              callback_data=cb("nr", "e", e.id))])
    else:
        lines.append(t("nr.nothing_waiting"))
    await ctx.reply(fit(lines), kb or None)


async def show_for_review(ctx: Context, member: Member, entry_id: int) -> None:
    entry, nomination = await nominations.get_entry(ctx.session, member, entry_id)
    catalogue = await nominations.catalogue_of(ctx.session, nomination)
    unit = await ctx.session.get(Unit, entry.unit_id)
    kept = await files.files_of(ctx.session, FileOwner.ENTRY, entry_id)
    kept = [*kept, *await files.files_of(ctx.session, FileOwner.NOMINATION, nomination.id or 0)]
    t = ctx.t
    lines = [t("nr.entry_head", unit=unit.name if unit else "—", number=nomination.id,
               version=entry.version, late=t("nm.late") if nomination.late else ""),
             entry_line(t, catalogue, 1, entry).replace("1. ", "", 1)]
    kb: Keyboard = [[Button(f"📎 {f.file_name}"[:60], callback_data=cb("nr", "f", f.id))] for f in kept[:8]]
    if entry.status == EntryStatus.SUBMITTED:
        kb.append([Button(t("nr.btn_approve"), callback_data=cb("nr", "ok", entry_id)),
                   Button(t("nr.btn_return"), callback_data=cb("nr", "ret", entry_id)),
                   Button(t("nr.btn_reject"), callback_data=cb("nr", "rej", entry_id))])
    await ctx.reply(fit(lines), kb)


async def show_nomination(ctx: Context, member: Member, nomination_id: int) -> None:
    nomination = await nominations.get(ctx.session, member, nomination_id)
    catalogue = await nominations.catalogue_of(ctx.session, nomination)
    entries = await nominations.entries_of(ctx.session, nomination_id)
    unit = await ctx.session.get(Unit, nomination.unit_id)
    lines = [ctx.t("nr.list_head", unit=unit.name if unit else "—", number=nomination_id,
                   late=ctx.t("nm.late") if nomination.late else "")]
    lines += [entry_line(ctx.t, catalogue, n, e) for n, e in enumerate(entries, start=1)]
    kb: Keyboard = [[Button(f"{n}. {e.name}"[:60], callback_data=cb("nr", "e", e.id))]
                    for n, e in enumerate(entries[:20], start=1) if e.status == EntryStatus.SUBMITTED]
    await ctx.reply(fit(lines), kb or None)


@router.callback("nr")
async def review_button(ctx: Context, member: Member, data: list[str]) -> None:
    action = data[0] if data else ""
    ref = int_at(data, 1)
    if ref is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await ctx.answer()
    if action == "n":
        await show_nomination(ctx, member, ref)
    elif action == "e":
        await show_for_review(ctx, member, ref)
    elif action == "f":
        await send_file(ctx, member, ref)
    elif action == "ok":
        entry, nomination = await review.review_entry(ctx.session, member, ref, Decision.APPROVE,
                                                      now=ctx.now())
        await ctx.reply(ctx.t("nr.approved", name=entry.name))
        await tell_unit(ctx, entry)
        await next_waiting(ctx, member, nomination)
    elif action in ("ret", "rej"):
        access.reviewer(member, "nomination.review", f"nomination_entry:{ref}")
        await nominations.get_entry(ctx.session, member, ref)
        await ctx.flow.start(REASON_FLOW, "reason", {"entry_id": ref, "decision": action})
        await ctx.reply(ctx.t("nr.ask_reason_return" if action == "ret" else "nr.ask_reason_reject"))
    else:
        await ctx.reply(ctx.t("common.stale_button"))


@router.step(REASON_FLOW, "reason")
async def reason_given(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=review.MAX_REASON)
    if text is None:
        return
    d = ctx.flow.data
    decision = Decision.RETURN if d["decision"] == "ret" else Decision.REJECT
    entry, nomination = await review.review_entry(ctx.session, member, int(d["entry_id"]), decision,
                                                  reason=text, now=ctx.now())
    await ctx.flow.clear()
    await ctx.reply(ctx.t("nr.returned" if decision is Decision.RETURN else "nr.rejected", name=entry.name))
    await tell_unit(ctx, entry)
    await next_waiting(ctx, member, nomination)


async def next_waiting(ctx: Context, member: Member, nomination: Nomination) -> None:
    waiting = (await ctx.session.exec(select(NominationEntry).where(
        NominationEntry.nomination_id == nomination.id, NominationEntry.status == EntryStatus.SUBMITTED)
        .order_by(col(NominationEntry.id)).limit(1))).first()
    if waiting is not None:
        await show_for_review(ctx, member, waiting.id or 0)


async def tell_unit(ctx: Context, entry: NominationEntry) -> None:
    catalogue = await current_catalogue(ctx.session)
    for person in await unit_contacts(ctx.session, entry.unit_id):
        t = Translator(person.language)
        key = {EntryStatus.APPROVED: "nr.told_approved", EntryStatus.RETURNED: "nr.told_returned",
               EntryStatus.REJECTED: "nr.told_rejected"}[entry.status]
        kb = [[Button(t("nm.btn_open_entry"), callback_data=cb("nm", "e", entry.id))]]
        text = t(key, name=entry.name, award=award_name(t, catalogue, entry.award_code),
                 reason=entry.review_reason or "—")
        await ctx.send(person.telegram_id, text, kb,
                       priority=Priority.NOTICE,
                       dedupe_key=f"nomentry:{entry.id}:{entry.version}:{entry.status.value}:{person.telegram_id}")


async def send_file(ctx: Context, member: Member, file_id: int) -> None:
    kept = await ctx.session.get(AwardFile, file_id)
    if kept is None or kept.removed:
        await ctx.reply(ctx.t("common.stale_button"))
        return
    if kept.owner_kind == FileOwner.ENTRY:
        await nominations.get_entry(ctx.session, member, kept.owner_id)
    elif kept.owner_kind == FileOwner.NOMINATION:
        await nominations.get(ctx.session, member, kept.owner_id)
    else:
        from services.awards import exemplars

        await exemplars.get(ctx.session, member, kept.owner_id)
    await send_kept(ctx, ctx.msg.chat_id, kept.sha256, kept.file_name)
    await ctx.audit("awards.file.download", f"award_file:{file_id}")


def unit_name(t: Translator, unit: Unit | None) -> str:
    return unit.name if unit else "—"
