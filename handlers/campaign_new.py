"""/campaign_new: the guided creation of a campaign, step by step, with back, summary and a draft
that survives (it is the conversation state)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import func, select

from handlers import menu, prompts
from handlers.campaign_render import field_names, fit, milestone_name, num, when
from handlers.campaigns import card, cb, error_text, nav
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator, escape
from handlers.labels import toggle
from handlers.router import Router
from handlers.texts import campaigns as _texts  # noqa: F401  (registers the texts)
from models import CampaignKind, Member, MilestoneKind, Role, TargetKind, Unit
from services import campaign_series, campaigns
from services.campaigns import CampaignSpec, MilestoneSpec, TargetSpec
from services.errors import AccessDenied, DomainError
from services.reports import YES_WORDS, ValueRefused, parse_value
from services.text import fold

router = Router(name=__name__)

menu.add("campaign_new", "menu.campaign_new", menu.LEADS, order=31)

NEW_FLOW = "campaign_new"
STEPS = ("title", "slogan", "fields", "kind", "period", "lead", "targets", "milestones", "confirm")
MAX_LINE = 300


# -- /campaign_new ------------------------------------------------------------------------------
@router.command("campaign_new")
async def new_campaign(ctx: Context, member: Member) -> None:
    if member.role not in (Role.ADMIN, Role.FIELD_LEAD) or not member.is_active:
        raise AccessDenied("campaign.create")
    if member.role == Role.FIELD_LEAD and not member.field_code:
        raise AccessDenied("campaign.create", reason="no_field")
    if ctx.flow.active(NEW_FLOW) and ctx.flow.data.get("title"):
        await ctx.reply(ctx.t("cn.resume"))
        await prompt(ctx, member, ctx.flow.step or "title")
        return
    fields = [member.field_code] if member.role == Role.FIELD_LEAD else []
    await ctx.flow.start(NEW_FLOW, "title", {"fields": fields, "targets": [], "milestones": []})
    await prompt(ctx, member, "title")


def steps_for(member: Member) -> list[str]:
    return [s for s in STEPS if not (s == "fields" and member.role == Role.FIELD_LEAD)]


async def go(ctx: Context, member: Member, step: str, **changes: Any) -> None:
    await ctx.flow.goto(step, **changes)
    await prompt(ctx, member, step)


async def advance(ctx: Context, member: Member, **changes: Any) -> None:
    order = steps_for(member)
    current = ctx.flow.step or "title"
    nxt = order[min(order.index(current) + 1, len(order) - 1)] if current in order else "title"
    if ctx.flow.data.get("editing") and current not in ("targets", "milestones"):
        nxt = "confirm"
    await go(ctx, member, nxt, **changes)


async def prompt(ctx: Context, member: Member, step: str) -> None:
    t, d = ctx.t, ctx.flow.data
    if step == "title":
        text = t("cn.ask_title")
        if d.get("title"):
            text = Markup(text + "\n" + t("cn.current_title", title=d["title"]))
        await prompts.show(ctx, text, nav(t, back=False))
    elif step in ("slogan", "period", "lead"):
        skip = [Button(t("cn.skip"), callback_data="cn:skip")]
        await prompts.show(ctx, t(f"cn.ask_{step}"), nav(t, extra=skip))
    elif step == "fields":
        chosen = set(d.get("fields") or [])
        rows: Keyboard = []
        for f in await campaigns.fields(ctx.session):
            rows.append([Button(toggle(f.code in chosen, f.name_en if t.is_en else f.name_vi),
                                callback_data=cb("cn", "f", f.code))])
        rows.append([Button(t("cn.all_fields"), callback_data="cn:f:*"),
                     Button(t("cn.next"), callback_data="cn:next")])
        await prompts.show(ctx, t("cn.ask_fields"), rows + nav(t))
    elif step == "kind":
        await prompts.show(ctx, t("cn.ask_kind"), nav(t, extra=[
            Button(t("cp.kind.theo_dot"), callback_data="cn:k:theo_dot"),
            Button(t("cp.kind.thuong_xuyen"), callback_data="cn:k:thuong_xuyen")]))
    elif step == "targets":
        lines = [t("cn.ask_targets")]
        lines += [t("cn.target_added", n=i + 1, name=x["name"], goal=x["goal"], unit=shown_unit(x),
                    weight=x["weight"]) for i, x in enumerate(d.get("targets") or [])]
        extra = [Button(t("cn.undo"), callback_data="cn:undo"),
                 Button(t("cn.next"), callback_data="cn:next")] if d.get("targets") else None
        lines.append(t("cn.targets_next") if d.get("targets") else t("cn.targets_first"))
        await prompts.show(ctx, fit(lines), nav(t, extra=extra))
    elif step == "milestones":
        lines = [t("cn.ask_milestones")]
        lines += [t("cn.milestone_added", name=milestone_name(t, m["kind"], m.get("title")),
                    due=Markup(escape(m["due_text"])
                               + (f"\n{m['day_off']}" if m.get("day_off") else "")))
                  for m in d.get("milestones") or []]
        extra = [Button(t("cn.undo"), callback_data="cn:undo"),
                 Button(t("cn.next"), callback_data="cn:next")] if d.get("milestones") else None
        lines.append(t("cn.targets_next") if d.get("milestones") else t("cn.milestones_first"))
        await prompts.show(ctx, fit(lines), nav(t, extra=extra))
    else:
        await prompts.show(ctx, await summary(ctx, d), [
            [Button(t("cn.save"), callback_data="cn:save")],
            [Button(t("cn.edit_title"), callback_data="cn:edit:title"),
             Button(t("cn.edit_targets"), callback_data="cn:edit:targets"),
             Button(t("cn.edit_milestones"), callback_data="cn:edit:milestones")],
            [Button(t("nav.back"), callback_data="cn:back"),
             Button(t("nav.cancel"), callback_data="cn:cancel")]])


async def summary(ctx: Context, d: dict[str, Any]) -> Markup:
    t = ctx.t
    period = f"{d['start']} – {d['end']}" if d.get("start") else "—"
    lines = [t("cn.summary_title"),
             t("cp.card", title=d.get("title", ""), code="…", status=t("cp.status.draft"),
               slogan=d.get("slogan") or "—", kind=t(f"cp.kind.{d.get('kind', 'theo_dot')}"),
               period=period, fields=field_names(t, d.get("fields") or [],
                                                 await campaigns.fields(ctx.session)),
               lead=d.get("lead_name") or "—"),
             t("cp.targets_title", count=len(d.get("targets") or []))]
    lines += [t("cn.target_added", n=i + 1, name=x["name"], goal=x["goal"], unit=shown_unit(x),
                weight=x["weight"]) for i, x in enumerate(d.get("targets") or [])]
    lines.append(t("cp.milestones_title", count=len(d.get("milestones") or [])))
    lines += [t("cn.milestone_added", name=milestone_name(t, m["kind"], m.get("title")),
                due=m["due_text"]) for m in d.get("milestones") or []]
    return fit(lines)


@router.callback("cn")
async def new_campaign_button(ctx: Context, member: Member, data: list[str]) -> None:
    if not ctx.flow.active(NEW_FLOW):
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if await prompts.refuse_outdated(ctx):
        return
    action = data[0] if data else ""
    d = ctx.flow.data
    step = ctx.flow.step or "title"
    order = steps_for(member)
    if action == "next" and step == "fields" and not d.get("fields"):
        await ctx.answer(ctx.t("error.campaign.fields_missing"), alert=True)
        return
    await ctx.answer()
    if action == "cancel":
        await ctx.flow.clear()
        await ctx.edit(ctx.t("cn.cancelled"))
    elif action == "back":
        i = order.index(step) if step in order else 0
        await go(ctx, member, order[max(i - 1, 0)], editing=False)
    elif action == "skip" and step in ("slogan", "period", "lead"):
        skipped: dict[str, dict[str, Any]] = {
            "slogan": {"slogan": ""},
            "period": {"start": None, "end": None, "start_iso": None, "end_iso": None},
            "lead": {"lead": None, "lead_name": None},
        }
        changes = skipped[step]
        await advance(ctx, member, **changes)
    elif action == "f" and step == "fields" and len(data) > 1:
        codes = [f.code for f in await campaigns.fields(ctx.session)]
        chosen = list(d.get("fields") or [])
        if data[1] == "*":
            chosen = codes if set(chosen) != set(codes) else []
        elif data[1] in codes:
            chosen = [c for c in chosen if c != data[1]] if data[1] in chosen else [*chosen, data[1]]
        await go(ctx, member, "fields", fields=chosen)
    elif action == "next" and step == "fields":
        await advance(ctx, member)
    elif action == "k" and step == "kind" and len(data) > 1 and data[1] in {k.value for k in CampaignKind}:
        await advance(ctx, member, kind=data[1])
    elif action == "undo" and step in ("targets", "milestones"):
        items = list(d.get(step) or [])[:-1]
        await go(ctx, member, step, **{step: items})
    elif action == "next" and step in ("targets", "milestones"):
        await go(ctx, member, "milestones" if step == "targets" and not d.get("editing") else "confirm")
    elif action == "edit" and step == "confirm" and len(data) > 1 and data[1] in STEPS:
        await go(ctx, member, data[1], editing=True)
    elif action == "save" and step == "confirm":
        await save(ctx, member, d)
    else:
        await prompt(ctx, member, step)


async def save(ctx: Context, member: Member, d: dict[str, Any]) -> None:
    if not d.get("targets"):
        await ctx.reply(ctx.t("error.campaign.targets_missing"))
        return
    spec = CampaignSpec(
        title=d.get("title", ""), slogan=d.get("slogan") or "",
        kind=CampaignKind(d.get("kind") or CampaignKind.TIME_BOXED.value),
        starts_on=date.fromisoformat(d["start_iso"]) if d.get("start_iso") else None,
        ends_on=date.fromisoformat(d["end_iso"]) if d.get("end_iso") else None,
        field_codes=list(d.get("fields") or []), lead_unit_code=d.get("lead"),
        targets=[TargetSpec(x["name"], x["unit"], float(x["value"]), float(x["weight_value"]),
                            TargetKind(x["kind"])) for x in d["targets"]],
        milestones=[MilestoneSpec(MilestoneKind(m["kind"]),
                                  campaigns.parse_due(m["due_text"], now=ctx.now(),
                                                      tz=ctx.config.timezone), m.get("title") or "")
                    for m in d.get("milestones") or []],
    )
    try:
        result = await campaigns.save(ctx.session, spec, actor=member, now=ctx.now())
    except AccessDenied:
        raise
    except DomainError as error:
        await ctx.reply(error_text(ctx.t, error))
        return
    await ctx.flow.clear()
    c = result.campaign
    await ctx.reply(ctx.t("cn.saved", title=c.title, code=c.code))
    await ctx.reply(*await card(ctx, member, c.id or 0))


@router.step(NEW_FLOW)
async def new_campaign_text(ctx: Context, msg: Incoming, member: Member) -> None:
    step = ctx.flow.step or "title"
    limit = 2000 if step in ("targets", "milestones") else MAX_LINE
    text = await read_text(ctx, msg, limit=limit)
    if text is None:
        return
    t = ctx.t
    if step == "title":
        await advance(ctx, member, title=text)
    elif step == "slogan":
        await advance(ctx, member, slogan=text)
    elif step == "period":
        try:
            start, end = campaigns.parse_period(text, today=ctx.local(ctx.now()).date(),
                                                allow_past=False)
        except DomainError as error:
            await ctx.reply(error_text(t, error))
            return
        await advance(ctx, member, start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}",
                      start_iso=start.isoformat(), end_iso=end.isoformat())
    elif step == "lead":
        unit = (await ctx.session.exec(select(Unit).where(
            func.upper(Unit.code) == text.upper()))).first()
        if unit is None:
            await ctx.reply(t("error.campaign.unknown_unit", ref=text[:32]))
            return
        await advance(ctx, member, lead=unit.code, lead_name=unit.name)
    elif step == "targets":
        await add_lines(ctx, member, text, "targets", parse_target_line)
    elif step == "milestones":
        await add_lines(ctx, member, text, "milestones", parse_milestone_line)
    else:
        await prompt(ctx, member, step)


async def add_lines(ctx: Context, member: Member, text: str, key: str, parse: Any) -> None:
    items = list(ctx.flow.data.get(key) or [])
    added = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            parsed = parse(ctx, line.strip())
            added.extend(parsed if isinstance(parsed, list) else [parsed])
        except DomainError as error:
            await ctx.reply(ctx.t("cn.line_error", n=n, line=line.strip()[:100],
                                  reason=error_text(ctx.t, error)))
            return
    if key == "milestones":  # a deadline on a day off is said in the same reply
        from handlers.nudges import day_off_note
        for item in added:
            note = await day_off_note(ctx, [datetime.fromisoformat(item.pop("due_iso"))])
            if note:
                item["day_off"] = str(note)
    limit = campaigns.MAX_TARGETS if key == "targets" else campaigns.MAX_MILESTONES
    if len(items) + len(added) > limit:
        await ctx.reply(ctx.t("error.campaign.too_many", what=key, limit=limit))
        return
    await go(ctx, member, key, **{key: items + added})


def shown_unit(target: dict[str, Any]) -> str:
    """The unit after the goal, except where the goal already carries it ("90%", not "90% %")."""
    kind = target.get("kind")
    if kind in (TargetKind.PERCENT.value, TargetKind.YES_NO.value) or not target["unit"]:
        return ""
    return " " + str(target["unit"])


def parse_target_line(ctx: Context, line: str) -> dict[str, Any]:
    """``Tên chỉ tiêu; đơn vị tính; chỉ tiêu; trọng số`` (trọng số tùy chọn, mặc định 1)."""
    parts = [p.strip() for p in line.replace("|", ";").split(";")]
    if len(parts) < 3 or not parts[0]:
        raise DomainError("cn.target_format")
    name, unit, goal = parts[0][:300], parts[1][:50], parts[2]
    if not any(ch.isalnum() for ch in name):
        raise DomainError("campaign.target_name_letters", target=name[:20])
    weight_text = parts[3] if len(parts) > 3 and parts[3] else "1"
    if fold(goal) in YES_WORDS or fold(goal) in ("co/khong", "yes/no"):
        kind, value = TargetKind.YES_NO, 1.0
    else:
        kind = TargetKind.PERCENT if unit == "%" or goal.endswith("%") else TargetKind.NUMBER
        value = parse_value(goal, kind)
        if value <= 0:
            raise ValueRefused("report.value_zero_target")
    weight = parse_value(weight_text, TargetKind.NUMBER)
    if not (0 < weight <= 1000):
        raise DomainError("campaign.target_weight_bad", target=name[:40])
    return {"name": name, "unit": "%" if kind == TargetKind.PERCENT else unit, "value": value,
            "kind": kind.value, "weight_value": weight,
            "goal": ctx.t("cp.goal_yes_no") if kind == TargetKind.YES_NO
            else num(ctx.t, value, kind), "weight": num(ctx.t, weight, TargetKind.NUMBER)}


def parse_milestone_line(ctx: Context, line: str) -> list[dict[str, Any]]:
    """``sơ kết; 17:00 30/06/2027; Sơ kết 6 tháng`` (tên tùy chọn). ``hàng tháng`` / ``hàng quý``
    make a series: one milestone a month (a quarter) from that deadline to the period's end."""
    parts = [p.strip() for p in line.replace("|", ";").split(";")]
    if len(parts) < 2:
        raise DomainError("cn.milestone_format")
    kind = campaigns.milestone_kind(parts[0])
    if kind is None:
        raise DomainError("cn.milestone_kind", text=parts[0][:40])
    tz = ctx.config.timezone
    due = campaigns.parse_due(parts[1], now=ctx.now(), tz=tz)
    if due < ctx.now():
        raise DomainError("cn.milestone_past")
    d = ctx.flow.data
    starts = date.fromisoformat(d["start_iso"]) if d.get("start_iso") else None
    ends = date.fromisoformat(d["end_iso"]) if d.get("end_iso") else None
    if starts is not None and due.astimezone(tz).date() < starts:
        raise DomainError("cn.milestone_before_start", start=f"{starts:%d/%m/%Y}")
    if ends is not None and due.astimezone(tz).date() > ends:
        raise DomainError("cn.milestone_after_end", end=f"{ends:%d/%m/%Y}")
    title = parts[2][:200] if len(parts) > 2 else ""
    series = campaign_series.expand(MilestoneSpec(kind, due, title), ends=ends, tz=tz,
                                    name=series_name(ctx.t))
    return [{"kind": m.kind.value, "title": m.title, "due_text": when(m.due_at, tz),
             "due_iso": m.due_at.isoformat()} for m in series]


def series_name(t: Translator) -> campaign_series.SeriesName:
    """Names for the milestones of a series in ``t``'s language ("Báo cáo tháng 4/2027")."""
    def name(kind: MilestoneKind, local: datetime) -> str:
        return str(t(f"cn.series_{kind.value}", month=local.month, year=local.year,
                     quarter=(local.month - 1) // 3 + 1))
    return name

