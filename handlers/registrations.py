"""Registration in chat: /register (an officer pledges for their unit) and /review (field leads)."""

from __future__ import annotations

from typing import Any

from handlers import far_values, menu, notices, prompts
from handlers.campaign_render import fit, num, when
from handlers.campaigns import cb, int_at
from handlers.chat import Button, Incoming, Keyboard, paginate
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.labels import button_label, toggle
from handlers.router import Router
from handlers.texts import campaigns as _texts  # noqa: F401  (registers the texts)
from models import (
    CampaignStatus,
    Member,
    Priority,
    Registration,
    RegistrationStatus,
    Role,
    Target,
    TargetKind,
    Unit,
)
from services import campaigns, members, registrations
from services.errors import DomainError
from services.registrations import TITLES
from services.reports import ValueRefused, parse_value, reporting_unit

router = Router(name=__name__)

menu.add("register", "menu.register", menu.MEMBERS, order=32)
menu.add("review", "menu.review", menu.LEADS, order=33)

FLOW = "register"
RETURN_FLOW = "review_return"
REVIEW_PAGE = 5


# -- /register ----------------------------------------------------------------------------------
@router.command("register")
async def register_command(ctx: Context, member: Member, args: str) -> None:
    reporting_unit(member, action="registration.submit")
    found = await campaigns.visible_campaigns(ctx.session, member)
    if args.strip():
        match = await campaigns.by_code(ctx.session, args.strip())
        if match is not None and match.status == CampaignStatus.ACTIVE:
            await start(ctx, member, match.id or 0)
            return
    if not found:
        await ctx.reply(ctx.t("rg.no_campaigns"))
        return
    kb: Keyboard = [[Button(button_label(f"{c.code} · {c.title}"), callback_data=cb("rg", "c", c.id))]
                    for c in found[:20]]
    await ctx.reply(ctx.t("rg.pick_campaign"), kb)


async def start(ctx: Context, member: Member, campaign_id: int) -> None:
    unit_id = reporting_unit(member, action="registration.submit")
    campaign = await campaigns.get(ctx.session, campaign_id)
    if campaign.status != CampaignStatus.ACTIVE:
        await ctx.reply(ctx.t("error.registration.campaign_not_active", title=campaign.title))
        return
    existing = await registrations.of_unit(ctx.session, unit_id, campaign_id)
    if existing is not None and existing.status == RegistrationStatus.APPROVED:
        await ctx.reply(ctx.t("error.registration.already_approved"))
        return
    previous = existing.commitments if existing else {}
    await ctx.flow.start(FLOW, "commit", {"campaign_id": campaign_id, "i": 0,
                                          "commitments": dict(previous),
                                          "titles": list(existing.titles) if existing else []})
    if existing is not None and existing.status == RegistrationStatus.RETURNED:
        await ctx.reply(ctx.t("rg.resubmit", reason=existing.return_reason or "—"))
    await prompt(ctx)


async def prompt(ctx: Context) -> None:
    t, d = ctx.t, ctx.flow.data
    targets = await campaigns.targets_of(ctx.session, int(d["campaign_id"]))
    if ctx.flow.step == "commit":
        i = int(d.get("i", 0))
        if i >= len(targets):
            await ctx.flow.goto("titles")
            await prompt(ctx)
            return
        target = targets[i]
        current = d["commitments"].get(str(target.id))
        kb: Keyboard = [[Button(t("rg.same_as_target"), callback_data="rg:same"),
                         Button(t("cn.skip"), callback_data="rg:skip")]]
        kb.append([Button(t("nav.back"), callback_data="rg:back"),
                   Button(t("nav.cancel"), callback_data="rg:x")])
        await prompts.show(ctx, t("rg.ask_commit", n=i + 1, total=len(targets), name=target.name,
                          goal=goal(t, target), hint=t(f"rp.hint.{target.kind.value}"),
                          current=amount(t, current, target) if current is not None else "—"),
                        kb)
    elif ctx.flow.step == "titles":
        chosen = set(d.get("titles") or [])
        kb = [[Button(toggle(code in chosen, t(f"award.{code}")),
                      callback_data=cb("rg", "t", code))] for code in TITLES]
        kb.append([Button(t("cn.next"), callback_data="rg:next")])
        kb.append([Button(t("nav.back"), callback_data="rg:back"),
                   Button(t("nav.cancel"), callback_data="rg:x")])
        await prompts.show(ctx, t("rg.ask_titles"), kb)
    else:
        await prompts.show(ctx, summary(t, targets, d), [
            [Button(t("rp.btn_send"), callback_data="rg:send")],
            [Button(t("nav.back"), callback_data="rg:back"),
             Button(t("nav.cancel"), callback_data="rg:x")]])


def goal(t: Translator, target: Target) -> str:
    if target.kind == TargetKind.YES_NO:
        return str(t("cp.goal_yes_no"))
    return amount(t, target.target_value, target)


def amount(t: Translator, value: float, target: Target) -> str:
    """``25 dịch vụ``, ``95%``, ``✓``: a value of ``target`` with its unit of measure."""
    shown = target.unit_of_measure and target.kind == TargetKind.NUMBER
    return num(t, value, target.kind) + (f" {target.unit_of_measure}" if shown else "")


def summary(t: Translator, targets: list[Target], d: dict[str, Any]) -> Markup:
    lines = [t("rg.summary_title")]
    for target in targets:
        v = d["commitments"].get(str(target.id))
        lines.append(t("rg.commit_line", code=target.code, name=target.name,
                       value=amount(t, v, target) if v is not None else t("rg.no_commit")))
    titles = [str(t(f"award.{c}")) for c in d.get("titles") or []]
    lines.append(t("rg.titles_line", titles=", ".join(titles) or "—"))
    return fit(lines)


@router.callback("rg")
async def register_button(ctx: Context, member: Member, data: list[str]) -> None:
    action = data[0] if data else ""
    if action == "c":
        cid = int_at(data, 1)
        if not ctx.msg.is_private:
            # The announcement's button, pressed in a staff group: registering is a private talk.
            await ctx.answer(ctx.t("rg.private_only"), alert=True)
            return
        await ctx.answer()
        if cid is None:
            return
        await start(ctx, member, cid)
        return
    if not ctx.flow.active(FLOW):
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if await prompts.refuse_outdated(ctx):
        return
    await ctx.answer()
    d = ctx.flow.data
    step = ctx.flow.step
    targets = await campaigns.targets_of(ctx.session, int(d["campaign_id"]))
    i = int(d.get("i", 0))
    unsure: dict[str, Any] = d.get("unsure") or {}  # a value far above its target, being asked
    if action == "x":
        await ctx.flow.clear()
        await ctx.edit(ctx.t("rg.cancelled"))
        return
    if action == "back":
        if step == "commit":
            await ctx.flow.goto("commit", i=max(i - 1, 0))
        elif step == "titles":
            await ctx.flow.goto("commit", i=max(len(targets) - 1, 0))
        else:
            await ctx.flow.goto("titles")
    elif action in ("same", "skip") and step == "commit" and i < len(targets):
        commitments = dict(d["commitments"])
        if action == "same":
            commitments[str(targets[i].id)] = targets[i].target_value
        else:
            commitments.pop(str(targets[i].id), None)
        await ctx.flow.goto("commit", i=i + 1, commitments=commitments)
    elif action == "far" and step == "commit" and i < len(targets) and unsure.get("i") == i:
        commitments = {**d["commitments"], str(targets[i].id): float(unsure["v"])}
        await ctx.flow.goto("commit", i=i + 1, commitments=commitments, unsure=None)
    elif action == "again" and step == "commit":
        await ctx.flow.update(unsure=None)
    elif action == "t" and step == "titles" and len(data) > 1 and data[1] in TITLES:
        chosen = list(d.get("titles") or [])
        chosen = [c for c in chosen if c != data[1]] if data[1] in chosen else [*chosen, data[1]]
        await ctx.flow.goto("titles", titles=chosen)
    elif action == "next" and step == "titles":
        await ctx.flow.goto("confirm")
    elif action == "send" and step == "confirm":
        reg = await registrations.submit(
            ctx.session, actor=member, campaign_id=int(d["campaign_id"]),
            commitments={int(k): float(v) for k, v in d["commitments"].items()},
            titles=list(d.get("titles") or []), now=ctx.now())
        await ctx.flow.clear()
        await ctx.edit_keyboard(None)
        await ctx.reply(ctx.t("rg.submitted", number=reg.id,
                              late=ctx.t("rg.late_note") if reg.late else ""))
        await notices.registration_waiting(
            ctx, reg, await campaigns.get(ctx.session, reg.campaign_id),
            await ctx.session.get(Unit, reg.unit_id))
        return
    await prompt(ctx)


@router.step(FLOW)
async def register_text(ctx: Context, msg: Incoming, member: Member) -> None:
    if ctx.flow.step != "commit":
        await ctx.reply(ctx.t("rp.use_buttons"))
        return
    d = ctx.flow.data
    targets = await campaigns.targets_of(ctx.session, int(d["campaign_id"]))
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
        await ctx.reply(ctx.t(f"error.{refused.code}", **refused.params))
        return
    asked = far_values.question(ctx.t, value, target, prefix="rg", key=far_values.COMMITMENT)
    if asked is not None:
        # The question becomes the live prompt: its buttons edit it in place.
        await ctx.flow.update(unsure={"i": i, "v": value})
        await prompts.show(ctx, *asked)
        return
    await ctx.flow.goto("commit", i=i + 1,
                        commitments={**d["commitments"], str(target.id): value})
    await prompt(ctx)


async def read_value_text(ctx: Context, msg: Incoming) -> str | None:
    """A typed value: a sticker, photo or overlong text gets its own answer, the draft is kept."""
    if msg.text is None:
        await ctx.reply(ctx.t("rp.value_expected_text"))
        return None
    return await read_text(ctx, msg, limit=64)


# -- /review ------------------------------------------------------------------------------------
@router.command("review")
async def review_command(ctx: Context, member: Member) -> None:
    await ctx.reply(*await review_page(ctx, member, 1))


async def review_page(ctx: Context, member: Member, number: int) -> tuple[Markup, Keyboard | None]:
    items = await registrations.pending(ctx.session, member)
    if not items:
        return ctx.t("rv.empty"), None
    page = paginate(items, number, REVIEW_PAGE)
    t = ctx.t
    lines = [t("rv.title", count=len(items), page=page.number, pages=page.total_pages)]
    kb: Keyboard = []
    for item in page.items:
        reg, unit, campaign = item.registration, item.unit, item.campaign
        lines.append(t("rv.item", number=reg.id, unit=unit.name, campaign=campaign.title,
                       at=when(reg.submitted_at, ctx.config.timezone),
                       late=t("rp.late_mark") if reg.late else "", commitments=len(reg.commitments),
                       titles=", ".join(str(t(f"award.{c}")) for c in reg.titles) or "—"))
        kb.append([Button(t("rv.btn_view", number=reg.id), callback_data=cb("rv", "v", reg.id)),
                   Button(t("rv.btn_approve"), callback_data=cb("rv", "ok", reg.id)),
                   Button(t("rv.btn_return"), callback_data=cb("rv", "ret", reg.id))])
    navrow = []
    if page.has_prev:
        navrow.append(Button(t("nav.prev"), callback_data=cb("rv", "p", page.number - 1)))
    if page.has_next:
        navrow.append(Button(t("nav.next"), callback_data=cb("rv", "p", page.number + 1)))
    if navrow:
        kb.append(navrow)
    return fit(lines), kb


@router.callback("rv")
async def review_button(ctx: Context, member: Member, data: list[str]) -> None:
    action, rid = (data[0] if data else ""), int_at(data, 1)
    if rid is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if action == "p":
        await ctx.answer()
        await ctx.edit(*await review_page(ctx, member, rid))
    elif action == "v":
        reg = await registrations.get(ctx.session, member, rid)
        await ctx.answer()
        targets = await campaigns.targets_of(ctx.session, reg.campaign_id)
        await ctx.reply(summary(ctx.t, targets, {"commitments": reg.commitments,
                                                 "titles": reg.titles}))
    elif action == "ok":
        reg = await registrations.decide(ctx.session, actor=member, registration_id=rid,
                                         approve=True, now=ctx.now())
        await ctx.answer(ctx.t("rv.approved", number=rid))
        await tell_unit(ctx, reg)
        await ctx.edit(*await review_page(ctx, member, 1))
    elif action == "ret":
        members.require_role(member, Role.ADMIN, Role.FIELD_LEAD, action="registration.return")
        reg = await registrations.get(ctx.session, member, rid, action="registration.return")
        if reg.status != RegistrationStatus.PENDING:
            raise DomainError("registration.not_pending")
        await ctx.answer()
        await ctx.flow.start(RETURN_FLOW, "reason", {"registration_id": rid})
        await ctx.reply(ctx.t("rv.ask_reason", number=rid))
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)


@router.step(RETURN_FLOW, "reason")
async def return_reason(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=registrations.MAX_REASON)
    if text is None:
        return
    reg = await registrations.decide(ctx.session, actor=member,
                                     registration_id=int(ctx.flow.data["registration_id"]),
                                     approve=False, reason=text, now=ctx.now())
    await ctx.flow.clear()
    await ctx.reply(ctx.t("rv.returned", number=reg.id))
    await tell_unit(ctx, reg)


async def tell_unit(ctx: Context, reg: Registration) -> None:
    campaign = await campaigns.get(ctx.session, reg.campaign_id)
    for person in await registrations.unit_contacts(ctx.session, reg.unit_id):
        t = Translator(person.language)
        if reg.status == RegistrationStatus.APPROVED:
            text, kb = t("rg.told_approved", title=campaign.title, number=reg.id), None
        else:
            text = t("rg.told_returned", title=campaign.title, number=reg.id,
                     reason=reg.return_reason or "—")
            kb = [[Button(t("rg.btn_resubmit"), callback_data=cb("rg", "c", reg.campaign_id))]]
        await ctx.send(person.telegram_id, text, kb, priority=Priority.NOTICE,
                       dedupe_key=f"reg:{reg.id}:{reg.status.value}:{reg.times_submitted}:"
                                  f"{person.telegram_id}")
