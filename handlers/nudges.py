"""Deadline nudges in chat: the nudge's buttons ("Báo cáo ngay", "Nhắc lại sau"), "remind these
units now" under /missing, a campaign's nudge plan and offsets, /calendar for admins, and the
day-off warning other flows add to a deadline they save."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from handlers import menu, registrations, reports
from handlers.campaign_render import when
from handlers.campaigns import cb, int_at
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.router import Router
from handlers.texts import nudges as _texts  # noqa: F401  (registers the texts)
from models import CampaignStatus, DayKind, Member, Milestone, MilestoneKind, Role
from services import campaigns, nudge_requests, nudges, workdays
from services.campaign_dates import parse_date
from services.errors import AccessDenied, DomainError
from services.when import WEEKDAYS_EN, WEEKDAYS_VI, format_when
from services.workdays import DayOff

router = Router(name=__name__)
menu.add("calendar", "menu.calendar", menu.ADMINS, order=90)

OFFSETS_FLOW = "nudge_offsets"

# "Báo cáo ngay" opens the flow of the milestone's kind; the awards area registers its own
# (nomination files) with register_opener.
Opener = Callable[[Context, Member, Milestone], Awaitable[None]]
_openers: dict[MilestoneKind, Opener] = {}


def register_opener(kind: MilestoneKind, opener: Opener) -> None:
    _openers[kind] = opener


async def _open_registration(ctx: Context, member: Member, m: Milestone) -> None:
    await registrations.start(ctx, member, m.campaign_id)


async def _open_report(ctx: Context, member: Member, m: Milestone) -> None:
    await reports.begin(ctx, member, m.id or 0)


register_opener(MilestoneKind.REGISTRATION, _open_registration)
for _kind in (MilestoneKind.MIDTERM, MilestoneKind.FINAL, MilestoneKind.MONTHLY,
              MilestoneKind.QUARTERLY):
    register_opener(_kind, _open_report)


def _day_label(t: Translator, moment: datetime, ctx: Context) -> str:
    local = ctx.local(moment)
    names = WEEKDAYS_EN if t.is_en else WEEKDAYS_VI
    return f"{names[local.weekday()]} {local:%d/%m}"


# -- the nudge's buttons --------------------------------------------------------------------------
@router.callback("ng")
async def nudge_button(ctx: Context, member: Member, data: list[str]) -> None:
    action, ref = (data[0] if data else ""), int_at(data, 1)
    if ref is None or member is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if action == "r":
        await report_now(ctx, member, ref)
    elif action == "s":
        await snooze_menu(ctx, member, ref)
    elif action in ("sl", "sm"):
        choice = nudge_requests.SNOOZE_LATER if action == "sl" else nudge_requests.SNOOZE_MORNING
        at = await nudge_requests.snooze(ctx.session, actor=member, milestone_id=ref, choice=choice,
                                 now=ctx.now())
        text = ctx.t("ng.snoozed", at=format_when(at, language=ctx.lang.value,
                                                  tz=ctx.config.timezone))
        await ctx.answer(text)
        await ctx.edit_keyboard([[Button(ctx.t("nudge.btn_report"), callback_data=cb("ng", "r", ref))]])
        await ctx.reply(text)
    elif action == "p":
        await push(ctx, member, ref)
    elif action == "plan":
        await ctx.answer()
        await ctx.reply(*await plan_view(ctx, member, ref))
    elif action == "o":
        c = await campaigns.get(ctx.session, ref)
        campaigns.require_manager(member, await campaigns.field_codes_of(ctx.session, ref),
                                  action="nudge.set_offsets", target=f"campaign:{ref}")
        await ctx.answer()
        await ctx.flow.start(OFFSETS_FLOW, "offsets", {"campaign_id": c.id})
        await ctx.reply(ctx.t("ng.offsets_ask"))
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)


async def report_now(ctx: Context, member: Member, milestone_id: int) -> None:
    m, c = await campaigns.get_milestone(ctx.session, milestone_id)
    await ctx.answer()
    if c.status != CampaignStatus.ACTIVE:
        await ctx.reply(ctx.t("error.nudge.campaign_closed", title=c.title))
        return
    opener = _openers.get(m.kind)
    if opener is None:
        await ctx.reply(ctx.t("ng.no_flow", department=ctx.config.organisation.department))
        return
    await opener(ctx, member, m)


async def snooze_menu(ctx: Context, member: Member, milestone_id: int) -> None:
    if member.unit_id is None:
        raise AccessDenied("nudge.snooze", target=f"milestone:{milestone_id}")
    await ctx.answer()
    calendar = await workdays.load(ctx.session)
    choices = nudge_requests.snooze_choices(ctx.now(), calendar)
    row: list[Button] = []
    if nudge_requests.SNOOZE_LATER in choices:
        at = ctx.local(choices[nudge_requests.SNOOZE_LATER])
        row.append(Button(ctx.t("ng.btn_later", at=f"{at:%H:%M}"),
                          callback_data=cb("ng", "sl", milestone_id)))
    morning = choices[nudge_requests.SNOOZE_MORNING]
    row.append(Button(ctx.t("ng.btn_morning", day=_day_label(ctx.t, morning, ctx),
                            at=f"{ctx.local(morning):%H:%M}"),
                      callback_data=cb("ng", "sm", milestone_id)))
    await ctx.edit_keyboard([row, [Button(ctx.t("nudge.btn_report"),
                                          callback_data=cb("ng", "r", milestone_id))]])


async def push(ctx: Context, member: Member, milestone_id: int) -> None:
    try:
        count, at = await nudge_requests.push(ctx.session, actor=member, milestone_id=milestone_id,
                                      now=ctx.now())
    except DomainError as error:
        if isinstance(error, AccessDenied):
            raise
        params = {k: when(v, ctx.config.timezone) if isinstance(v, datetime) else v
                  for k, v in error.params.items()}
        text = ctx.t(f"error.{error.code}", **params)
        await ctx.answer(text, alert=True)
        return
    text = ctx.t("ng.pushed", count=count, at=when(at, ctx.config.timezone))
    await ctx.answer()
    await ctx.reply(text)


def push_row(t: Translator, milestone_id: int) -> list[Button]:
    """The "Nhắc ngay các đơn vị này" button /missing shows under its list."""
    return [Button(t("ng.btn_push"), callback_data=cb("ng", "p", milestone_id))]


def plan_row(t: Translator, campaign_id: int) -> list[Button]:
    """The campaign card's button (for those who manage it) to see the nudge plan."""
    return [Button(t("ng.btn_plan"), callback_data=cb("ng", "plan", campaign_id))]


# -- the plan -------------------------------------------------------------------------------------
def offset_words(t: Translator, offset: int) -> str:
    if offset < 0:
        return t("ng.offset_before", n=-offset)
    if offset == 0:
        return t("ng.offset_day")
    return t("ng.offset_after", n=offset)


def offsets_text(offsets: Iterable[int]) -> str:
    return ", ".join(f"{o:+d}" if o else "0" for o in offsets)


async def plan_view(ctx: Context, member: Member, campaign_id: int) -> tuple[Markup, Keyboard]:
    campaigns.require_manager(member, await campaigns.field_codes_of(ctx.session, campaign_id),
                              action="nudge.plan", target=f"campaign:{campaign_id}")
    c, offsets, plans = await nudge_requests.preview(ctx.session, campaign_id, ctx.now())
    t, tz = ctx.t, ctx.config.timezone
    cfg = nudges.config()
    lines = [t("ng.plan_title", title=c.title, code=c.code, offsets=offsets_text(offsets),
               at=f"{cfg.send_at:%H:%M}")]
    for p in plans:
        name = p.milestone.title or t(f"ms.{p.milestone.kind.value}")
        due = when(p.milestone.due_at, tz)
        if not p.checked:
            lines.append(t("ng.plan_unchecked", name=name, due=due))
            continue
        lines.append(t("ng.plan_milestone", name=name, due=due, units=p.units, reach=p.reach))
        for n in p.nudges:
            offset = "—" if n.offset >= nudges.PUSH_BASE else offset_words(t, n.offset)
            status = (t(f"ng.status.{n.status}", sent=n.sent) if n.status != "dropped"
                      else t("ng.status.skipped"))
            lines.append(t("ng.plan_line", when=format_when(n.at, language=t.language.value, tz=tz),
                           offset=offset, status=status))
    text = "\n".join(lines)
    if len(text) > 3900:
        text = text[:3900].rsplit("\n", 1)[0] + "\n…"
    kb: Keyboard = [[Button(t("ng.btn_offsets"), callback_data=cb("ng", "o", campaign_id))]]
    return Markup(text), kb


@router.step(OFFSETS_FLOW, "offsets")
async def offsets_text_step(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=100)
    if text is None:
        return
    cid = int(ctx.flow.data["campaign_id"])
    try:
        offsets = await nudges.set_offsets(ctx.session, actor=member, campaign_id=cid,
                                           offsets=text, now=ctx.now())
    except AccessDenied:
        raise
    except DomainError as error:
        await ctx.reply(ctx.t(f"error.{error.code}", **error.params))
        return
    await ctx.flow.clear()
    await ctx.reply(ctx.t("ng.offsets_saved", offsets=offsets_text(offsets)))
    await ctx.reply(*await plan_view(ctx, member, cid))


# -- a deadline on a day off ------------------------------------------------------------------------
def day_off_line(t: Translator, off: DayOff) -> Markup:
    if off.kind == "weekend":
        name = (WEEKDAYS_EN if t.is_en else WEEKDAYS_VI)[off.day.weekday()]
        name = f"{t('ng.weekend_sat')} ({name})"
    elif off.kind == "announced":
        name = off.name or t("ng.announced")
    else:
        name = off.name
    return t("ng.day_off", name=name, day=off.day.strftime("%d/%m/%Y"))


async def day_off_note(ctx: Context, moments: Iterable[datetime]) -> Markup:
    """Warnings for deadlines on days off, to add to the reply that saved them ("" if none)."""
    offs = await workdays.deadline_warnings(ctx.session, moments, ctx.config.timezone)
    return Markup("\n".join(day_off_line(ctx.t, off) for off in offs))


# -- /calendar ----------------------------------------------------------------------------------------
@router.command("calendar")
async def calendar_command(ctx: Context, member: Member, args: str) -> None:
    if member is None or member.role == Role.STRANGER:
        raise AccessDenied("calendar.view")
    parts = args.split(maxsplit=2)
    now = ctx.now()
    if not parts or parts[0].isdigit():
        year = int(parts[0]) if parts and len(parts[0]) == 4 else ctx.local(now).year
        await ctx.reply(await year_text(ctx, year))
        return
    action = parts[0].lower()
    if action not in ("off", "work", "clear") or len(parts) < 2:
        await ctx.reply(ctx.t("cal.usage"))
        return
    if member.role != Role.ADMIN:
        raise AccessDenied(f"calendar.{action}")
    try:
        day = parse_date(parts[1], today=ctx.local(now).date())
    except DomainError:
        await ctx.reply(ctx.t("error.calendar.bad_date", text=parts[1][:20]))
        return
    reason = parts[2] if len(parts) > 2 else ""
    shown = day.strftime("%d/%m/%Y")
    if action == "clear":
        done = await workdays.clear_day(ctx.session, actor=member, day=day)
        await ctx.reply(ctx.t("cal.cleared" if done else "cal.not_marked", day=shown))
        return
    kind = DayKind.OFF if action == "off" else DayKind.WORK
    row = await workdays.set_day(ctx.session, actor=member, day=day, kind=kind, reason=reason,
                                 now=now)
    if kind == DayKind.OFF:
        await ctx.reply(ctx.t("cal.added_off", day=shown,
                              reason=f" ({row.reason})" if row.reason else ""))
    else:
        await ctx.reply(ctx.t("cal.added_work", day=shown))


async def year_text(ctx: Context, year: int) -> Markup:
    view = await workdays.year_view(ctx.session, year)
    t = ctx.t
    lines = [t("cal.title", year=year, working=view.working_days), "", t("cal.offs")]
    lines += [t("cal.line", day=off.day.strftime("%d/%m/%Y"), name=off.name or t("ng.announced"))
              for off in view.days_off] or [t("cal.none")]
    lines += ["", t("cal.works")]
    names = WEEKDAYS_EN if t.is_en else WEEKDAYS_VI
    lines += [t("cal.work_line", day=d.strftime("%d/%m/%Y"), weekday=names[d.weekday()])
              for d in view.workdays] or [t("cal.none")]
    return Markup("\n".join(lines))
