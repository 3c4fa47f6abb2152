"""Progress reports in chat: the /report walk-through, the one-line /report, and revisions."""

from __future__ import annotations

from typing import Any

from handlers import far_values, menu
from handlers.campaign_render import fit, milestone_name, num, percent, revision_text, when
from handlers.campaigns import cb, int_at
from handlers.chat import Button, ContentKind, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.labels import button_label
from handlers.registrations import goal, read_value_text
from handlers.router import Router
from handlers.texts import campaigns as _texts  # noqa: F401  (registers the texts)
from handlers.texts import robust as _robust_texts  # noqa: F401  (registers the texts)
from models import CampaignStatus, Member, Target, TargetKind
from services import campaigns, report_drafts, reports
from services.errors import DomainError
from services.progress import TargetProgress, unit_score
from services.reports import (
    MAX_FILES,
    MAX_NARRATIVE,
    MAX_NOTE,
    FileEntry,
    ValueEntry,
    ValueRefused,
    parse_value,
)

router = Router(name=__name__)

menu.add("report", "menu.report", menu.MEMBERS, order=34)

FLOW = "report"


def kb_nav(t: Translator, *extra: list[Button]) -> Keyboard:
    return [*extra, [Button(t("nav.back"), callback_data="rp:back"),
                     Button(t("nav.cancel"), callback_data="rp:x")]]


# -- /report ------------------------------------------------------------------------------------
@router.command("report")
async def report_command(ctx: Context, member: Member, args: str) -> None:
    reports.reporting_unit(member, action="report.submit")
    if args.strip():
        await quick(ctx, member, args)
        return
    if ctx.flow.active(FLOW) and ctx.flow.data.get("milestone_id"):
        await ctx.reply(ctx.t("rp.resume"), [[Button(ctx.t("rp.btn_restart"),
                                                     callback_data="rp:restart")]])
        await prompt(ctx)
        return
    await choose_campaign(ctx, member)


async def choose_campaign(ctx: Context, member: Member) -> None:
    found = [c for c in await campaigns.visible_campaigns(ctx.session, member)
             if await reports.reportable_milestones(ctx.session, c.id or 0)]
    if not found:
        await ctx.reply(ctx.t("rp.no_campaigns"))
        return
    if len(found) == 1:
        await choose_milestone(ctx, member, found[0].id or 0)
        return
    kb: Keyboard = [[Button(button_label(f"{c.code} · {c.title}"), callback_data=cb("rp", "c", c.id))]
                    for c in found[:20]]
    await ctx.reply(ctx.t("rp.pick_campaign"), kb)


async def choose_milestone(ctx: Context, member: Member, campaign_id: int) -> None:
    unit_id = reports.reporting_unit(member, action="report.submit")
    c = await campaigns.get(ctx.session, campaign_id)
    if c.status != CampaignStatus.ACTIVE:
        await ctx.reply(ctx.t("error.report.campaign_not_active", title=c.title))
        return
    kb: Keyboard = []
    for m in await reports.reportable_milestones(ctx.session, campaign_id):
        existing = await reports.existing_report(ctx.session, unit_id, m.id or 0)
        mark = f" ✓{existing.revisions}" if existing else ""
        label = f"{m.code} · {milestone_name(ctx.t, m.kind.value, m.title)} · " \
                f"{when(m.due_at, ctx.config.timezone)[:11]}{mark}"
        kb.append([Button(button_label(label), callback_data=cb("rp", "m", m.id))])
    await ctx.reply(ctx.t("rp.pick_milestone", title=c.title), kb)


async def begin(ctx: Context, member: Member, milestone_id: int) -> None:
    milestone, unit_id = await reports.check_milestone(ctx.session, member, milestone_id)
    last = await report_drafts.last_submission(ctx.session, unit_id, milestone_id)
    await ctx.flow.start(FLOW, "value", {"campaign_id": milestone.campaign_id,
                                         "milestone_id": milestone_id, "i": 0,
                                         "values": last.values if last else {},
                                         "narrative": last.narrative if last else "",
                                         "files": last.files if last else [],
                                         "revising": last.number if last else 0})
    late = ctx.now() > milestone.due_at
    text = ctx.t("rp.begin", name=milestone_name(ctx.t, milestone.kind.value, milestone.title),
                 due=when(milestone.due_at, ctx.config.timezone),
                 late=ctx.t("rp.late_warning") if late else "")
    if last is not None:
        text = Markup(text + "\n" + ctx.t("rp.revision_begin", n=last.number,
                                          number=last.number + 1, files=len(last.files)))
    await ctx.reply(text)
    await prompt(ctx)


async def targets_of(ctx: Context) -> list[Target]:
    return await campaigns.targets_of(ctx.session, int(ctx.flow.data["campaign_id"]))


async def prompt(ctx: Context) -> None:
    t, d, step = ctx.t, ctx.flow.data, ctx.flow.step
    targets = await targets_of(ctx)
    if step == "value":
        i = int(d.get("i", 0))
        if i >= len(targets):
            await ctx.flow.goto("narrative")
            await prompt(ctx)
            return
        target = targets[i]
        current = d["values"].get(str(target.id))
        extra = [Button(t("rp.btn_skip"), callback_data="rp:skip")]
        if current is not None:
            extra.insert(0, Button(button_label(t("rp.btn_keep", value=shown(t, current, target))),
                                   callback_data="rp:keep"))
        text = t("rp.ask_value", n=i + 1, total=len(targets), name=target.name,
                 goal=goal(t, target), hint=t(f"rp.hint.{target.kind.value}"))
        if current is not None and d.get("revising"):
            text = Markup(text + "\n" + t("rp.previous_value", value=shown(t, current, target)))
        await ctx.reply(text, kb_nav(t, extra))
    elif step == "note":
        target = targets[int(d.get("i", 0))]
        await ctx.reply(t("rp.ask_note", name=target.name, limit=MAX_NOTE), kb_nav(t))
    elif step == "narrative":
        extra = [Button(t("rp.btn_no_narrative"), callback_data="rp:nonarr")]
        if d.get("narrative"):
            extra.insert(0, Button(t("rp.btn_keep_narrative"), callback_data="rp:keepnarr"))
        await ctx.reply(t("rp.ask_narrative", limit=MAX_NARRATIVE), kb_nav(t, extra))
    elif step == "files":
        await ctx.reply(t("rp.ask_files", count=len(d.get("files") or []), limit=MAX_FILES,
                          size=mb(ctx.config.max_file_bytes)),
                        kb_nav(t, [Button(t("rp.btn_files_done"), callback_data="rp:done")]))
    else:
        await ctx.reply(summary(t, targets, d), [
            [Button(t("rp.btn_send"), callback_data="rp:send"),
             Button(t("rp.btn_edit"), callback_data="rp:edit"),
             Button(t("rp.btn_cancel"), callback_data="rp:x")]])


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def shown(t: Translator, entry: dict[str, Any], target: Target) -> str:
    return "—" if entry.get("s") else num(t, entry.get("v"), target.kind)


def summary(t: Translator, targets: list[Target], d: dict[str, Any]) -> Markup:
    lines = [t("rp.summary_title")]
    items = []
    for target in targets:
        e = d["values"].get(str(target.id)) or {"s": True, "n": ""}
        if e.get("s"):
            lines.append(t("rp.value_skipped", code=target.code, name=target.name, note=e.get("n") or "—"))
            items.append(TargetProgress(target, None, True))
        else:
            p = TargetProgress(target, e.get("v"))
            items.append(p)
            lines.append(t("rp.value_line", code=target.code, name=target.name,
                           value=num(t, e.get("v"), target.kind), completion=percent(p.completion)))
    lines.append(t("rp.score", score=percent(unit_score(items))))
    narrative = d.get("narrative") or ""
    lines.append(t("rp.narrative_shown", text=(narrative[:800] + ("…" if len(narrative) > 800 else ""))
                   or "—"))
    names = [f.get("name") or f.get("kind") for f in d.get("files") or []]
    lines.append(t("rp.files_shown", names=", ".join(names) or "—"))
    return fit(lines)


async def next_after_value(ctx: Context, i: int, **changes: Any) -> None:
    if ctx.flow.data.get("editing"):
        await ctx.flow.goto("confirm", **changes)
    else:
        await ctx.flow.goto("value", i=i + 1, **changes)
    await prompt(ctx)


@router.callback("rp")
async def report_button(ctx: Context, member: Member, data: list[str]) -> None:
    action = data[0] if data else ""
    t = ctx.t
    if action in ("c", "m", "restart"):
        ref = int_at(data, 1)
        await ctx.answer()
        if action == "restart":
            await ctx.flow.clear()
            await choose_campaign(ctx, member)
        elif ref is not None and action == "c":
            await choose_milestone(ctx, member, ref)
        elif ref is not None:
            await begin(ctx, member, ref)
        return
    if not ctx.flow.active(FLOW):
        await ctx.answer(t("common.stale_button"), alert=True)
        return
    await ctx.answer()
    d, step = ctx.flow.data, ctx.flow.step
    targets = await targets_of(ctx)
    i = int(d.get("i", 0))
    if action == "x":
        await ctx.flow.clear()
        await ctx.reply(t("rp.cancelled"))
        return
    if action == "back":
        if step == "value" and i == 0 and not d.get("editing"):
            # Back from the first target: choose the milestone again (the draft stays until then).
            await choose_milestone(ctx, member, int(d["campaign_id"]))
            return
        if step == "value" and i > 0 and not d.get("editing"):
            await ctx.flow.goto("value", i=i - 1)
        elif step in ("note", "value"):
            await ctx.flow.goto("value" if step == "note" else step)
        elif step == "narrative":
            await ctx.flow.goto("value", i=max(len(targets) - 1, 0))
        elif step == "files":
            await ctx.flow.goto("narrative")
        elif step == "confirm":
            await ctx.flow.goto("files")
    elif action == "keep" and step == "value":
        await next_after_value(ctx, i)
        return
    elif (action == "far" and step == "value" and d.get("unsure") and i < len(targets)
          and d["unsure"].get("i") == i):
        entry = {k: v for k, v in d["unsure"].items() if k != "i"}
        await ctx.edit_keyboard(None)
        await ctx.flow.update(unsure=None)
        await next_after_value(ctx, i, values={**d["values"], str(targets[i].id): entry})
        return
    elif action == "again" and step == "value":
        await ctx.edit_keyboard(None)
        await ctx.flow.update(unsure=None)
    elif action == "skip" and step == "value":
        await ctx.flow.goto("note")
    elif action in ("nonarr", "keepnarr") and step == "narrative":
        await ctx.flow.goto("confirm" if d.get("editing") else "files",
                            **({"narrative": ""} if action == "nonarr" else {}))
    elif action == "done" and step == "files":
        await ctx.flow.goto("confirm")
    elif action == "edit" and step == "confirm":
        kb: Keyboard = [[Button(button_label(f"{x.code} · {x.name}"), callback_data=cb("rp", "e", n))]
                        for n, x in enumerate(targets[:40])]
        kb.append([Button(t("rp.btn_edit_narrative"), callback_data="rp:e:n"),
                   Button(t("rp.btn_edit_files"), callback_data="rp:e:f")])
        await ctx.reply(t("rp.edit_pick"), kb)
        return
    elif action == "e" and step == "confirm" and len(data) > 1:
        if data[1] == "n":
            await ctx.flow.goto("narrative", editing=True)
        elif data[1] == "f":
            await ctx.flow.goto("files", files=[], editing=True)
        elif data[1].isdigit() and int(data[1]) < len(targets):
            await ctx.flow.goto("value", i=int(data[1]), editing=True)
    elif action == "send" and step == "confirm":
        await send(ctx, member, targets)
        return
    await prompt(ctx)


async def send(ctx: Context, member: Member, targets: list[Target]) -> None:
    d = ctx.flow.data
    values = []
    for target in targets:
        e = d["values"].get(str(target.id))
        if e is None:
            await ctx.flow.goto("value", i=targets.index(target))
            await ctx.reply(ctx.t("error.report.value_missing", target=target.name))
            await prompt(ctx)
            return
        values.append(ValueEntry(target.id or 0, e.get("v"), e.get("r", ""), bool(e.get("s")),
                                 e.get("n", "")))
    report, revision = await reports.submit(
        ctx.session, actor=member, milestone_id=int(d["milestone_id"]), values=values,
        narrative=d.get("narrative") or "",
        files=[FileEntry.from_json(f) for f in d.get("files") or []], now=ctx.now())
    await ctx.flow.clear()
    await receipt(ctx, report.id or 0, revision.id or 0, revision.number, revision.late)


async def receipt(ctx: Context, report_id: int, receipt_no: int, number: int, late: bool) -> None:
    await ctx.reply(ctx.t("rp.receipt", receipt=receipt_no, number=number,
                          at=when(ctx.now(), ctx.config.timezone),
                          late=ctx.t("rp.late_note") if late else ""),
                    [[Button(ctx.t("rp.btn_view"), callback_data=cb("rr", report_id, number))]])


@router.step(FLOW)
async def report_input(ctx: Context, msg: Incoming, member: Member) -> None:
    step, d, t = ctx.flow.step, ctx.flow.data, ctx.t
    if step == "value":
        targets = await targets_of(ctx)
        i = int(d.get("i", 0))
        if i >= len(targets):
            await prompt(ctx)
            return
        target = targets[i]
        text = await read_value_text(ctx, msg)
        if text is None:
            return
        try:
            value = parse_value(text, target.kind)
        except ValueRefused as refused:
            await ctx.reply(t(f"error.{refused.code}", **refused.params))
            return
        entry = {"v": value, "r": text[:64], "s": False, "n": ""}
        asked = far_values.question(t, value, target, prefix="rp")
        if asked is not None:
            await ctx.flow.update(unsure={**entry, "i": i})
            await ctx.reply(*asked)
            return
        await next_after_value(ctx, i, values={**d["values"], str(target.id): entry})
    elif step == "note":
        text = await read_text(ctx, msg, limit=MAX_NOTE)
        if text is None:
            return
        targets = await targets_of(ctx)
        i = int(d.get("i", 0))
        entry = {"v": None, "r": "", "s": True, "n": text}
        await next_after_value(ctx, i, values={**d["values"], str(targets[i].id): entry})
    elif step == "narrative":
        text = await read_text(ctx, msg, limit=MAX_NARRATIVE)
        if text is None:
            return
        await ctx.flow.goto("confirm" if d.get("editing") else "files", narrative=text)
        await prompt(ctx)
    elif step == "files":
        await add_file(ctx, msg)
    else:
        await ctx.reply(t("rp.use_buttons"))


async def add_file(ctx: Context, msg: Incoming) -> None:
    t, files = ctx.t, list(ctx.flow.data.get("files") or [])
    f = msg.file
    if f is None or msg.content not in (ContentKind.DOCUMENT, ContentKind.PHOTO):
        await ctx.reply(t("rp.file_expected"))
        return
    if f.size is None:
        # Telegram gives every file's size; without one the limit cannot be checked.
        await ctx.reply(t("rp.file_size_unknown", name=f.file_name or t("rp.photo"),
                          limit=mb(ctx.config.max_file_bytes)))
        return
    if f.size > ctx.config.max_file_bytes:
        size = num(t, round(f.size / 1024 / 1024, 1), TargetKind.NUMBER)
        await ctx.reply(t("rp.file_too_big", name=f.file_name or t("rp.photo"), size=size,
                          limit=mb(ctx.config.max_file_bytes)))
        return
    if len(files) >= MAX_FILES:
        await ctx.reply(t("error.report.too_many_files", limit=MAX_FILES))
        return
    entry = FileEntry(f.file_id, f.file_unique_id, f.file_name or "", f.mime_type or "",
                      "photo" if msg.content == ContentKind.PHOTO else "document", f.size)
    files.append(entry.to_json())
    await ctx.flow.update(files=files)
    await ctx.reply(t("rp.file_added", name=f.file_name or t("rp.photo"), count=len(files)),
                    [[Button(t("rp.btn_files_done"), callback_data="rp:done")]])


# -- one line -----------------------------------------------------------------------------------
async def quick(ctx: Context, member: Member, args: str) -> None:
    try:
        parsed = await reports.parse_quick(ctx.session, member, args)
    except DomainError as error:
        if error.code == "access_denied":
            raise
        await ctx.reply(ctx.t(f"error.{error.code}", **error.params))
        await ctx.reply(ctx.t("rp.quick_help"))
        return
    # A one-line correction changes figures only: the last narrative and files carry over.
    last = (await report_drafts.last_submission(ctx.session, member.unit_id, parsed.milestone.id)
            if member.unit_id is not None and parsed.milestone.id is not None else None)
    report, revision = await reports.submit(
        ctx.session, actor=member, milestone_id=parsed.milestone.id or 0, values=parsed.values,
        narrative=parsed.narrative or (last.narrative if last else ""),
        files=[FileEntry.from_json(f) for f in last.files] if last else (), now=ctx.now())
    await receipt(ctx, report.id or 0, revision.id or 0, revision.number, revision.late)


# -- revisions ----------------------------------------------------------------------------------
@router.callback("rr")
async def view_revision(ctx: Context, member: Member, data: list[str]) -> None:
    report_id, number = int_at(data, 0), int_at(data, 1)
    if report_id is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    view = await reports.revision_view(ctx.session, member, report_id, number or None)
    campaign = await campaigns.get(ctx.session, view.report.campaign_id)
    await ctx.answer()
    n, total = view.revision.number, view.report.revisions
    row = []
    if n > 1:
        row.append(Button(ctx.t("rp.btn_older"), callback_data=cb("rr", report_id, n - 1, "e")))
    if n < total:
        row.append(Button(ctx.t("rp.btn_newer"), callback_data=cb("rr", report_id, n + 1, "e")))
    text = revision_text(ctx.t, view, campaign, ctx.config.timezone)
    if len(data) > 2 and data[2] == "e":
        await ctx.edit(text, [row] if row else None)
    else:
        await ctx.reply(text, [row] if row else None)
