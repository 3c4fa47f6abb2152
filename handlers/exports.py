"""/export: spreadsheets of the movement's data, sent as documents through the outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from handlers import menu
from handlers.campaign_render import when
from handlers.chat import Button, Keyboard
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.router import Router
from handlers.texts import stats as _texts  # noqa: F401  (registers the texts)
from models import Directive, Member
from services import outbox_files
from services.exports import choices, movement, records
from services.exports.scope import ExportScope, export_scope

router = Router(name=__name__)
menu.add("export", "menu.export", menu.LEADS, order=38)


@dataclass(frozen=True, slots=True)
class Narrow:
    """What a file is narrowed to; None everywhere means the whole history."""

    campaign_id: int | None = None
    year: int | None = None


Maker = Callable[[Context, ExportScope, Narrow], Awaitable[bytes]]
CAMPAIGN, YEAR = "campaign", "year"  # what each kind is narrowed by

KINDS: dict[str, tuple[str, str, str, Maker]] = {
    # code: (kind, file name stem, narrowed by, maker)
    "r": ("reports", "bao-cao-tien-do", CAMPAIGN,
          lambda ctx, s, n: movement.reports(ctx.session, s, campaign_id=n.campaign_id)),
    "g": ("registrations", "dang-ky-thi-dua", CAMPAIGN,
          lambda ctx, s, n: movement.registrations(ctx.session, s, campaign_id=n.campaign_id)),
    "l": ("late", "nop-muon-chua-nop", CAMPAIGN,
          lambda ctx, s, n: movement.late_list(ctx.session, s, now=ctx.now(),
                                               campaign_id=n.campaign_id)),
    "n": ("nominations", "de-nghi-khen-thuong", YEAR,
          lambda ctx, s, n: records.nominations(ctx.session, s, year=n.year)),
    "a": ("awards", "so-khen-thuong", YEAR,
          lambda ctx, s, n: records.award_register(ctx.session, s, year=n.year)),
    "u": ("audit", "nhat-ky-thao-tac", YEAR,
          lambda ctx, s, n: records.audit_log(ctx.session, s, year=n.year)),
}
DIRECTIVE = "v"  # the directive register: narrowed to one directive, picked from a list


def stamp(moment: datetime, ctx: Context) -> str:
    return ctx.local(moment).strftime("%Y%m%d-%H%M")


async def send_export(ctx: Context, member: Member, code: str, narrow: Narrow) -> None:
    kind, stem, _, make = KINDS[code]
    scope = await export_scope(ctx.session, member, f"export.{kind}")
    suffix = ""
    if narrow.campaign_id is not None:
        campaign = await choices.campaign_for(ctx.session, scope, narrow.campaign_id)
        what = ctx.t("export.of_campaign", what=ctx.t(f"export.k.{kind}"), code=campaign.code)
        suffix = f"-{campaign.code.lower()}"
    elif narrow.year is not None:
        what = ctx.t("export.of_year", what=ctx.t(f"export.k.{kind}"), year=narrow.year)
        suffix = f"-{narrow.year}"
    else:
        what = ctx.t(f"export.k.{kind}")
    data = await make(ctx, scope, narrow)
    name = f"{stem}{suffix}-{stamp(ctx.now(), ctx)}.xlsx"
    caption = ctx.t("export.caption", what=what, when=when(ctx.now(), ctx.config.timezone))
    await outbox_files.enqueue_document(ctx.session, ctx.msg.chat_id, data, name, caption=caption,
                                        source_update_id=ctx.msg.update_id)
    await ctx.audit(f"export.{kind}", outcome="ok", bytes=len(data), field=scope.field_code,
                    campaign=narrow.campaign_id, year=narrow.year)


@router.command("export")
async def export_command(ctx: Context, member: Member, args: str) -> None:
    scope = await export_scope(ctx.session, member, "export.menu")
    parts = args.split()
    if parts:
        if len(parts) == 2 and parts[0].lower() in ("directive", "vanban") and parts[1].isdigit():
            await send_directive(ctx, member, int(parts[1][:9]))
            return
        codes = {kind: code for code, (kind, _, _, _) in KINDS.items()}
        if len(parts) == 1 and parts[0].lower() in codes:
            await send_export(ctx, member, codes[parts[0].lower()], Narrow())
            return
        await ctx.reply(ctx.t("export.bad_args", text=args.strip()[:40]))
        return
    kb: Keyboard = []
    for code, (kind, _, _, _) in KINDS.items():
        if kind == "audit" and scope.unit_ids is not None:
            continue
        kb.append([Button(ctx.t(f"export.k.{kind}"), callback_data=f"xp:{code}")])
    kb.append([Button(ctx.t("export.k.directive"), callback_data=f"xp:{DIRECTIVE}")])
    await ctx.reply(ctx.t("export.pick"), kb)


async def send_directive(ctx: Context, member: Member, directive_id: int) -> None:
    scope = await export_scope(ctx.session, member, "export.directive")
    data = await records.directive_register(ctx.session, scope, directive_id)
    directive = await ctx.session.get(Directive, directive_id)
    number = (directive.number or f"#{directive_id}") if directive else f"#{directive_id}"
    await outbox_files.enqueue_document(
        ctx.session, ctx.msg.chat_id, data, f"van-ban-{directive_id}-{stamp(ctx.now(), ctx)}.xlsx",
        caption=ctx.t("export.directive_caption", number=number), source_update_id=ctx.msg.update_id)
    await ctx.audit("export.directive", target=f"directive:{directive_id}", bytes=len(data))


def _pager(code: str, page: int, more: bool, t: Translator) -> list[Button]:
    nav: list[Button] = []
    if page > 0:
        nav.append(Button(t("nav.prev"), callback_data=f"xp:{code}:p{page - 1}"))
    if more:
        nav.append(Button(t("nav.next"), callback_data=f"xp:{code}:p{page + 1}"))
    return nav


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def narrow_picker(ctx: Context, member: Member, code: str, page: int
                        ) -> tuple[Markup, Keyboard]:
    """The second step: which campaign, year or directive the file is about."""
    t = ctx.t
    if code == DIRECTIVE:
        scope = await export_scope(ctx.session, member, "export.directive")
        directives, more = await choices.directive_page(ctx.session, scope, page)
        kb: Keyboard = [[Button(_short(f"{d.number or '#' + str(d.id)} — {d.title}", 60),
                                callback_data=f"xp:{code}:d{d.id}")] for d in directives]
        nav = _pager(code, page, more, t)
        return (t("export.pick_directive") if directives or page else t("export.no_directives"),
                kb + ([nav] if nav else []))
    kind, _, narrowed_by, _ = KINDS[code]
    scope = await export_scope(ctx.session, member, f"export.{kind}")
    what = t(f"export.k.{kind}")
    if narrowed_by == YEAR:
        years = choices.years(ctx.now())
        kb = [[Button(str(y), callback_data=f"xp:{code}:y{y}") for y in years[:3]],
              [Button(str(y), callback_data=f"xp:{code}:y{y}") for y in years[3:]],
              [Button(t("export.every_year"), callback_data=f"xp:{code}:all")]]
        return t("export.pick_year", what=what), kb
    campaigns, more = await choices.campaign_page(ctx.session, scope, page)
    kb = [[Button(_short(f"{c.code} — {c.title}", 60), callback_data=f"xp:{code}:c{c.id}")]
          for c in campaigns]
    nav = _pager(code, page, more, t)
    kb += [nav] if nav else []
    kb.append([Button(t("export.every_campaign"), callback_data=f"xp:{code}:all")])
    return t("export.pick_campaign", what=what), kb


def _number(text: str, prefix: str) -> int | None:
    """The number after ``prefix`` in a button's data, or None if it is not one we would send."""
    if not text.startswith(prefix) or not text[1:].isdigit() or len(text) > 10:
        return None
    return int(text[1:])


@router.callback("xp")
async def export_button(ctx: Context, member: Member, data: list[str]) -> None:
    code = data[0] if data else ""
    if (code not in KINDS and code != DIRECTIVE) or len(data) > 2:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    arg = data[1] if len(data) == 2 else "p0"
    page = _number(arg, "p")
    if page is not None:
        await ctx.answer()
        await ctx.edit(*await narrow_picker(ctx, member, code, min(page, 1000)))
        return
    if code == DIRECTIVE:
        directive_id = _number(arg, "d")
        if directive_id is None:
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return
        await send_directive(ctx, member, directive_id)
        await ctx.answer()
        return
    narrowed_by = KINDS[code][2]
    if arg == "all":
        narrow = Narrow()
    elif narrowed_by == CAMPAIGN and (cid := _number(arg, "c")) is not None:
        narrow = Narrow(campaign_id=cid)
    elif narrowed_by == YEAR and (year := _number(arg, "y")) is not None and choices.valid_year(year):
        narrow = Narrow(year=year)
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await send_export(ctx, member, code, narrow)
    await ctx.answer()
