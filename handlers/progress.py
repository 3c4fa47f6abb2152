"""Progress in chat: /status (a unit's registrations, reports, what is due) and /missing."""

from __future__ import annotations

from sqlmodel import func, select

from handlers import menu
from handlers.campaign_render import fit, milestone_name, missing_lines, status_text, when
from handlers.campaigns import cb, int_at
from handlers.chat import Button, Keyboard, paginate
from handlers.context import Context
from handlers.i18n import Markup
from handlers.router import Router
from handlers.texts import campaigns as _texts  # noqa: F401  (registers the texts)
from models import Member, Role, Unit
from services import campaigns, progress, reports
from services.errors import AccessDenied

router = Router(name=__name__)

menu.add("status", "menu.status", menu.MEMBERS, order=35)
menu.add("missing", "menu.missing", menu.LEADS, order=36)

MISSING_LINES = 40
OVERVIEW_CAMPAIGNS = 10


# -- /status ------------------------------------------------------------------------------------
@router.command("status")
async def status_command(ctx: Context, member: Member, args: str) -> None:
    if member.role == Role.STRANGER:
        raise AccessDenied("status.view")
    unit_id = member.unit_id
    if args.strip():
        unit = (await ctx.session.exec(select(Unit).where(
            func.upper(Unit.code) == args.strip().upper()[:32]))).first()
        if unit is None:
            await ctx.reply(ctx.t("st.unknown_unit", code=args.strip()[:32]))
            return
        unit_id = unit.id
    if unit_id is None and member.role in (Role.ADMIN, Role.FIELD_LEAD):
        await ctx.reply(await overview(ctx, member))
        return
    if unit_id is None:
        await ctx.reply(ctx.t("st.no_unit"))
        return
    now = ctx.now()
    status = await progress.unit_status(ctx.session, member, now=now, unit_id=unit_id)
    kb: Keyboard = []
    for line in status.campaigns:
        for m in line.milestones:
            if m.report is not None and len(kb) < 20:
                kb.append([Button(ctx.t("st.btn_view", code=line.campaign.code, ms=m.milestone.code),
                                  callback_data=cb("rr", m.report.id, 0))])
    await ctx.reply(status_text(ctx.t, status, now, ctx.config.timezone), kb or None)


async def overview(ctx: Context, member: Member) -> Markup:
    """/status for an admin (or a field lead without a unit): every running campaign in their
    scope, with how many units have reported at each milestone."""
    t = ctx.t
    found = await campaigns.visible_campaigns(ctx.session, member)
    if not found:
        return t("st.overview_empty")
    lines = [t("st.overview_title", count=len(found))]
    for c in found[:OVERVIEW_CAMPAIGNS]:
        lines.append(t("st.overview_campaign", title=c.title, code=c.code))
        for m in await reports.reportable_milestones(ctx.session, c.id or 0):
            view = await progress.missing(ctx.session, member, m.id or 0)
            lines.append(t("st.overview_milestone", code=m.code,
                           name=milestone_name(t, m.kind.value, m.title),
                           due=when(m.due_at, ctx.config.timezone),
                           done=view.expected - view.missing, expected=view.expected))
    lines.append(t("st.overview_hint"))
    return fit(lines)


# -- /missing -----------------------------------------------------------------------------------
@router.command("missing")
async def missing_command(ctx: Context, member: Member, args: str) -> None:
    parts = args.split()
    if len(parts) >= 2:
        campaign = await campaigns.by_code(ctx.session, parts[0])
        ms = [m for m in await campaigns.milestones_of(ctx.session, campaign.id or 0)
              if m.code.upper() == parts[1].upper()] if campaign else []
        if not ms:
            await ctx.reply(ctx.t("mi.unknown", text=" ".join(parts[:2])[:70]))
            return
        await ctx.reply(*await missing_page(ctx, member, ms[0].id or 0, 1))
        return
    choices = await progress.milestones_for_missing(ctx.session, member)
    kb: Keyboard = []
    for c, ms in choices:
        for m in ms:
            if len(kb) >= 30:
                break
            kb.append([Button(f"{c.code} · {m.code} · {when(m.due_at, ctx.config.timezone)[:11]}",
                              callback_data=cb("mi", m.id, 1))])
    if not kb:
        await ctx.reply(ctx.t("mi.no_campaigns"))
        return
    await ctx.reply(ctx.t("mi.pick"), kb)


async def missing_page(ctx: Context, member: Member, milestone_id: int, number: int
                       ) -> tuple[Markup, Keyboard | None]:
    view = await progress.missing(ctx.session, member, milestone_id)
    t = ctx.t
    header = t("mi.title", campaign=view.campaign.title,
               milestone=milestone_name(t, view.milestone.kind.value, view.milestone.title),
               due=when(view.milestone.due_at, ctx.config.timezone), missing=view.missing,
               expected=view.expected)
    if view.expected == 0:
        header = t("mi.title_nobody", campaign=view.campaign.title,
                   milestone=milestone_name(t, view.milestone.kind.value, view.milestone.title),
                   due=when(view.milestone.due_at, ctx.config.timezone))
        return Markup(header + "\n\n" + t("mi.nobody")), None
    if not view.groups:
        return Markup(header + "\n\n" + t("mi.none")), None
    page = paginate(missing_lines(t, view), number, MISSING_LINES)
    text = Markup("\n".join([header, t("mi.page", page=page.number, pages=page.total_pages), "",
                             *page.items]))
    row = []
    if page.has_prev:
        row.append(Button(t("nav.prev"), callback_data=cb("mi", milestone_id, page.number - 1)))
    if page.has_next:
        row.append(Button(t("nav.next"), callback_data=cb("mi", milestone_id, page.number + 1)))
    from handlers.nudges import push_row
    return text, ([row] if row else []) + [push_row(t, milestone_id)]


@router.callback("mi")
async def missing_button(ctx: Context, member: Member, data: list[str]) -> None:
    milestone_id, number = int_at(data, 0), int_at(data, 1) or 1
    if milestone_id is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    text, kb = await missing_page(ctx, member, milestone_id, number)
    await ctx.answer()
    await ctx.edit(text, kb)
