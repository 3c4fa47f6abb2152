"""/stats: the movement's figures as a chart, with buttons that redraw it in place."""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass

from handlers import menu
from handlers.chat import Button, Keyboard, keyboard_to_json
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.router import Router
from handlers.texts import stats as _texts  # noqa: F401  (registers the texts)
from models import Campaign, Member
from services import campaigns, charts, outbox_files, stats
from services.stats import ChartData, Period, View
from services.stats_facts import LOCAL, campaigns_in

router = Router(name=__name__)
menu.add("stats", "menu.stats", menu.MEMBERS, order=37)

VIEW_CODES = {"c": View.COMPLETION, "t": View.TIMELINESS, "r": View.RANKING, "a": View.AWARDS,
              "d": View.DIRECTIVES, "u": View.UNITS}
CODE_OF = {v: k for k, v in VIEW_CODES.items()}
MAX_CAMPAIGN_BUTTONS = 3


@dataclass(frozen=True, slots=True)
class Choice:
    """What the chart shows; travels in the buttons as ``sx:<view>:<period>:<field>``."""

    view: View
    period: Period
    field: str | None

    def data(self, **change: object) -> str:
        view = change.get("view", self.view)
        period = change.get("period", self.period)
        field = change.get("field", self.field)
        assert isinstance(view, View) and isinstance(period, Period)
        p = f"c{period.campaign_id}" if period.campaign_id is not None else f"y{period.year}"
        out = f"sx:{CODE_OF[view]}:{p}:{field or '-'}"
        assert len(out.encode()) <= 64
        return out


def parse_choice(data: list[str]) -> Choice | None:
    """A pressed button's choice, or None for anything forged or stale."""
    if len(data) != 3 or data[0] not in VIEW_CODES or len(data[1]) < 2:
        return None
    kind, number = data[1][0], data[1][1:]
    if not number.isdigit() or len(number) > 9:
        return None
    period = Period(campaign_id=int(number)) if kind == "c" else (
        Period(year=int(number)) if kind == "y" and 2000 <= int(number) <= 2100 else None)
    if period is None:
        return None
    field = None if data[2] == "-" else data[2][:32]
    return Choice(VIEW_CODES[data[0]], period, field)


def localise(data: ChartData, t: Translator) -> None:
    """Fill the labels the service left as keys, in the person's language."""
    for s in data.series:
        if s.key is not None and (s.key != "field_average" or not s.label):
            s.label = str(t(f"stats.s.{s.key}"))
    if data.view == View.RANKING and data.summarised:
        data.categories[-1] = str(t("stats.s.others", count=data.summarised))
    if data.highlight is not None and data.view in (View.RANKING, View.AWARDS):
        data.categories[1] = str(t("stats.s.field_average"))
        if not data.categories[0]:
            data.categories[0] = str(t("stats.s.own_unit"))
    if "own" in data.params:
        data.params["own"] = str(t(f"stats.own.{data.params['own']}"))
    if data.kind == "grid":
        data.labels = {state: str(t(f"stats.s.{state}")) for state in charts.STATES}


async def period_label(ctx: Context, period: Period) -> str:
    if period.campaign_id is not None:
        campaign = await ctx.session.get(Campaign, period.campaign_id)
        return str(ctx.t("stats.period.campaign", code=campaign.code if campaign else "?"))
    return str(ctx.t("stats.period.year", year=period.year))


async def chart(ctx: Context, member: Member, choice: Choice) -> tuple[bytes, Markup, Keyboard]:
    """The picture, its caption and its buttons for one choice."""
    data = await stats.view(ctx.session, member, choice.view, choice.period,
                            field_code=choice.field, now=ctx.now())
    localise(data, ctx.t)
    title = ctx.t(f"stats.title.{choice.view.value}", period=await period_label(ctx, choice.period),
                  field=data.params.get("field", ""))
    # The title is drawn, not sent as HTML: a field named "A & B" must not read "A &amp; B".
    png = await asyncio.to_thread(charts.render, data, html.unescape(title))
    caption = ctx.t("stats.empty") if data.empty else ctx.t(data.headline, **data.params)
    return png, caption, await keyboard(ctx, member, choice)


async def keyboard(ctx: Context, member: Member, choice: Choice) -> Keyboard:
    t = ctx.t
    year = choice.period.year or ctx.now().astimezone(LOCAL).year
    if choice.period.campaign_id is not None:
        year = await stats.period_year(ctx.session, choice.period, ctx.now())
    scope = await stats.scope_of(ctx.session, member, choice.field)
    in_year: list[Campaign] = await campaigns_in(ctx.session, campaign_id=None, year=year,
                                                 field_codes=scope.allowed_fields)
    many_fields = len(scope.allowed_fields) > 1
    views: list[Button] = []
    for v in View:
        if v == View.UNITS and scope.own_unit_only:
            continue  # an officer never sees other units' rows
        field = choice.field
        if v == View.UNITS and field is None and many_fields:
            period_ids = ([choice.period.campaign_id] if choice.period.campaign_id is not None
                          else [c.id or 0 for c in in_year])
            field = await stats.first_covered_field(ctx.session, period_ids, scope.allowed_fields)
        views.append(Button(("• " if v == choice.view else "") + t(f"stats.v.{v.value}"),
                            callback_data=choice.data(view=v, field=field)))
    kb: Keyboard = [views[:3], views[3:]]
    periods = [Button("◂ " + t("stats.btn.year", year=year - 1),
                      callback_data=choice.data(period=Period(year=year - 1))),
               Button(("• " if choice.period.campaign_id is None else "") + t("stats.btn.year", year=year),
                      callback_data=choice.data(period=Period(year=year))),
               Button(t("stats.btn.year", year=year + 1) + " ▸",
                      callback_data=choice.data(period=Period(year=year + 1)))]
    kb.append(periods)
    shown = sorted(in_year, key=lambda c: c.id or 0)[-MAX_CAMPAIGN_BUTTONS:]
    if shown:
        kb.append([Button(("• " if c.id == choice.period.campaign_id else "") + c.code[:20],
                          callback_data=choice.data(period=Period(campaign_id=c.id)))
                   for c in shown])
    if many_fields:
        names = await stats.field_names(ctx.session, member.language)
        # "All fields" is no choice for an officer (one unit) nor for the grid (one field's units).
        every = scope.unit_id is None and choice.view != View.UNITS
        cycle: list[str | None] = ([None] if every else []) + list(scope.allowed_fields)
        at = cycle.index(choice.field) if choice.field in cycle else 0
        nxt = cycle[(at + 1) % len(cycle)]
        label = (t("stats.btn.field_all") if choice.field is None
                 else t("stats.btn.field", name=names.get(choice.field, choice.field)[:30]))
        kb.append([Button(label, callback_data=choice.data(field=nxt or "-"))])
    return kb


async def initial_choice(ctx: Context, member: Member, args: str) -> Choice | None:
    arg = args.strip()
    year = ctx.now().astimezone(LOCAL).year
    if not arg:
        return Choice(View.COMPLETION, Period(year=year), None)
    if arg.isdigit() and 2000 <= int(arg) <= 2100:
        return Choice(View.COMPLETION, Period(year=int(arg)), None)
    campaign = await campaigns.by_code(ctx.session, arg)
    if campaign is None:
        return None
    return Choice(View.COMPLETION, Period(campaign_id=campaign.id), None)


@router.command("stats")
async def stats_command(ctx: Context, member: Member, args: str) -> None:
    await stats.scope_of(ctx.session, member)  # refuses strangers before any work
    choice = await initial_choice(ctx, member, args)
    if choice is None:
        await ctx.reply(ctx.t("stats.bad_args", text=args.strip()[:40]))
        return
    png, caption, kb = await chart(ctx, member, choice)
    await outbox_files.enqueue_photo(ctx.session, ctx.msg.chat_id, png, caption=caption,
                                     keyboard=keyboard_to_json(kb), filename="thong-ke.png",
                                     source_update_id=ctx.msg.update_id)


@router.callback("sx")
async def stats_button(ctx: Context, member: Member, data: list[str]) -> None:
    choice = parse_choice(data)
    if choice is None or ctx.msg.message_id is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    png, caption, kb = await chart(ctx, member, choice)
    await ctx.answer()
    await outbox_files.edit_photo(ctx.session, ctx.msg.chat_id, ctx.msg.message_id, png,
                                  caption=caption, keyboard=keyboard_to_json(kb),
                                  filename="thong-ke.png", source_update_id=ctx.msg.update_id)
