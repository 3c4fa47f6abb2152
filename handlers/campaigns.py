"""Campaigns in chat: /campaigns, a campaign's card and its actions (launch, deadlines, close).

The guided creation (/campaign_new) is in :mod:`handlers.campaign_new`."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import document_header, menu
from handlers.campaign_render import VN, campaign_card, fit, milestone_name, target_line, when
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.labels import button_label
from handlers.router import Router
from handlers.texts import campaigns as _texts  # noqa: F401  (registers the texts)
from models import Campaign, CampaignStatus, Directive, Member, Milestone, Role, Unit
from services import campaigns
from services.errors import AccessDenied, DomainError

router = Router(name=__name__)

menu.add("campaigns", "menu.campaigns", menu.MEMBERS, order=30)

DUE_FLOW = "campaign_due"


def cb(*parts: Any) -> str:
    data = ":".join(str(p) for p in parts)
    assert len(data.encode()) <= 64, data
    return data


def int_at(data: list[str], i: int) -> int | None:
    return int(data[i]) if len(data) > i and data[i].isdigit() else None


def nav(t: Translator, *, back: bool = True, extra: list[Button] | None = None) -> Keyboard:
    row = [Button(t("nav.back"), callback_data="cn:back")] if back else []
    row.append(Button(t("nav.cancel"), callback_data="cn:cancel"))
    return ([extra] if extra else []) + [row]


def error_text(t: Translator, error: DomainError) -> Markup:
    return t(f"error.{error.code}", **error.params)


# -- /campaigns and a campaign's card ----------------------------------------------------------
@router.command("campaigns")
async def list_campaigns(ctx: Context, member: Member) -> None:
    if member.role == Role.STRANGER:
        raise AccessDenied("campaign.list")
    statuses = ((CampaignStatus.ACTIVE, CampaignStatus.DRAFT) if member.role in menu.LEADS
                else (CampaignStatus.ACTIVE,))
    found = await campaigns.visible_campaigns(ctx.session, member, statuses=statuses)
    if not found:
        await ctx.reply(ctx.t("cp.list_empty"))
        return
    lines = [ctx.t("cp.list_title", count=len(found))]
    keyboard: Keyboard = []
    now = ctx.now()
    for c in found[:20]:
        nxt = campaigns.next_milestone(await campaigns.milestones_of(ctx.session, c.id or 0), now)
        lines.append(ctx.t("cp.list_line", title=c.title, code=c.code,
                           status=ctx.t(f"cp.status.{c.status.value}"),
                           next=(ctx.t("cp.next", name=milestone_name(ctx.t, nxt.kind.value, nxt.title),
                                       due=when(nxt.due_at, ctx.config.timezone))
                                 if nxt else ctx.t("cp.no_next"))))
        keyboard.append([Button(button_label(f"{c.code} · {c.title}"), callback_data=cb("cp", "v", c.id))])
    await ctx.reply(fit(lines), keyboard)


async def card(ctx: Context, member: Member, campaign_id: int) -> tuple[Markup, Keyboard]:
    c = await campaigns.get(ctx.session, campaign_id)
    codes = await campaigns.field_codes_of(ctx.session, campaign_id)
    manager = campaigns.require_viewer(member, c, codes)
    lead = await ctx.session.get(Unit, c.lead_unit_id) if c.lead_unit_id else None
    text = campaign_card(ctx.t, c, codes=codes, fields=await campaigns.fields(ctx.session),
                         targets=await campaigns.targets_of(ctx.session, campaign_id),
                         milestones=await campaigns.milestones_of(ctx.session, campaign_id),
                         lead_unit=lead.name if lead else None, tz=ctx.config.timezone)
    kb: Keyboard = []
    if c.status == CampaignStatus.ACTIVE and member.unit_id is not None:
        kb.append([Button(ctx.t("cp.btn_register"), callback_data=cb("rg", "c", campaign_id)),
                   Button(ctx.t("cp.btn_report"), callback_data=cb("rp", "c", campaign_id))])
    if manager:
        row = []
        if c.status == CampaignStatus.DRAFT:
            row.append(Button(ctx.t("cp.btn_launch"), callback_data=cb("cp", "launch", campaign_id)))
        row.append(Button(ctx.t("cp.btn_due"), callback_data=cb("cp", "due", campaign_id)))
        kb.append(row)
        if c.status != CampaignStatus.CLOSED:
            from handlers.nudges import plan_row
            kb.append(plan_row(ctx.t, campaign_id))
        if c.status == CampaignStatus.CLOSED:
            kb.append([Button(ctx.t("cp.btn_reopen"), callback_data=cb("cp", "open", campaign_id))])
        else:
            kb.append([Button(ctx.t("cp.btn_close"), callback_data=cb("cp", "close", campaign_id))])
    return text, kb


@router.callback("cp")
async def campaign_action(ctx: Context, member: Member, data: list[str]) -> None:
    action, cid = (data[0] if data else ""), int_at(data, 1)
    if cid is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    now = ctx.now()
    if action == "v":
        await ctx.answer()
        await ctx.reply(*await card(ctx, member, cid))
    elif action in ("close", "open"):
        status = CampaignStatus.CLOSED if action == "close" else CampaignStatus.ACTIVE
        c = await campaigns.set_status(ctx.session, actor=member, campaign_id=cid, status=status,
                                       now=now)
        await ctx.answer(ctx.t("cp.closed" if action == "close" else "cp.reopened", title=c.title))
        await ctx.edit(*await card(ctx, member, cid))
    elif action == "launch":
        await launch(ctx, member, cid)
    elif action == "due":
        await ctx.answer()
        c = await campaigns.get(ctx.session, cid)
        campaigns.require_manager(member, await campaigns.field_codes_of(ctx.session, cid),
                                  action="campaign.change_due", target=f"campaign:{cid}")
        ms = await campaigns.milestones_of(ctx.session, cid)
        if not ms:
            await ctx.reply(ctx.t("cp.no_milestones"))
            return
        kb = [[Button(f"{m.code} · {when(m.due_at, ctx.config.timezone)}",
                      callback_data=cb("cp", "dm", m.id))] for m in ms]
        await ctx.reply(ctx.t("cp.due_pick", title=c.title), kb)
    elif action == "dm":
        milestone, c = await campaigns.get_milestone(ctx.session, cid)
        campaigns.require_manager(member, await campaigns.field_codes_of(ctx.session, c.id or 0),
                                  action="campaign.change_due", target=f"milestone:{cid}")
        await ctx.answer()
        await ctx.flow.start(DUE_FLOW, "date", {"milestone_id": cid})
        await ctx.reply(ctx.t("cp.due_ask", name=milestone_name(ctx.t, milestone.kind.value, milestone.title),
                              due=when(milestone.due_at, ctx.config.timezone)))
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)


async def launch_campaign(session: AsyncSession, *, actor: Member | None, campaign_id: int,
                          now: datetime, tz: ZoneInfo = VN) -> Directive:
    """Launch a campaign with its announcement (Vietnamese, the department's language): used by
    the card's button and by the command line (``thidua demo``; ``actor=None`` is the operator)."""
    c = await campaigns.get(session, campaign_id)
    targets = await campaigns.targets_of(session, campaign_id)
    ms = await campaigns.milestones_of(session, campaign_id)
    vi = Translator("vi")
    period = (f"{c.starts_on:%d/%m/%Y} – {c.ends_on:%d/%m/%Y}" if c.starts_on and c.ends_on
              else "—")
    first = campaigns.next_milestone(ms, now)
    lines = [vi("cp.announce", title=c.title, slogan=c.slogan or "—", period=period, code=c.code,
                first=(f"{milestone_name(vi, first.kind.value, first.title)} — "
                       f"{when(first.due_at, tz)}") if first else "—")]
    lines += [target_line(vi, t) for t in targets]
    lines.append(vi("cp.announce_footer"))
    lines.insert(0, Markup(await document_header.header(session, actor, kind=document_header.NOTICE) + "\n"))
    return await campaigns.launch(session, actor=actor, campaign_id=campaign_id,
                                  body_html=fit(lines, 3800), button_text=vi("cp.btn_register"),
                                  now=now)


async def announce_moved(session: AsyncSession, *, actor: Member | None, campaign: Campaign,
                         moved: list[tuple[Milestone, datetime]], now: datetime,
                         tz: ZoneInfo = VN) -> Directive | None:
    """Announce changed deadlines of a launched campaign (one message for all of them): used after
    an edit in chat and after ``thidua campaign import`` updated a campaign."""
    if not moved:
        return None
    vi = Translator("vi")
    lines = [await document_header.header(session, actor, kind=document_header.NOTICE) + "\n"]
    lines += [vi("cp.due_announce", title=campaign.title,
                name=milestone_name(vi, m.kind.value, m.title), old=when(previous, tz),
                new=when(m.due_at, tz)) for m, previous in moved]
    return await campaigns.announce_change(session, actor=actor, campaign=campaign,
                                           title=vi("cp.due_announce_title"),
                                           body_html=fit(lines, 3800), now=now)


async def launch(ctx: Context, member: Member, cid: int) -> None:
    directive = await launch_campaign(ctx.session, actor=member, campaign_id=cid, now=ctx.now(),
                                      tz=ctx.config.timezone)
    c = await campaigns.get(ctx.session, cid)
    await ctx.answer()
    if not directive.recipient_count:
        await ctx.reply(ctx.t("cp.launched_nobody", title=c.title))
        return
    await ctx.reply(ctx.t("cp.launched", title=c.title, count=directive.recipient_count,
                          number=directive.id))


@router.step(DUE_FLOW, "date")
async def due_date(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=100)
    if text is None:
        return
    try:
        due = campaigns.parse_due(text, now=ctx.now(), tz=ctx.config.timezone)
    except DomainError as error:
        await ctx.reply(error_text(ctx.t, error))
        return
    milestone, c, previous = await campaigns.change_due(
        ctx.session, actor=member, milestone_id=int(ctx.flow.data["milestone_id"]), due_at=due,
        now=ctx.now())
    await ctx.flow.clear()
    directive = await announce_moved(ctx.session, actor=member, campaign=c,
                                     moved=[(milestone, previous)], now=ctx.now(),
                                     tz=ctx.config.timezone)
    name = milestone_name(ctx.t, milestone.kind.value, milestone.title)
    from handlers.nudges import day_off_note
    note = await day_off_note(ctx, [due])
    await ctx.reply(ctx.t("cp.due_changed", name=name, due=when(due, ctx.config.timezone),
                          count=directive.recipient_count if directive else 0)
                    + (f"\n{note}" if note else ""))
