"""/export: spreadsheets of the movement's data, sent as documents through the outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from handlers import menu
from handlers.campaign_render import when
from handlers.chat import Button, Keyboard
from handlers.context import Context
from handlers.router import Router
from handlers.texts import stats as _texts  # noqa: F401  (registers the texts)
from models import Directive, Member
from services import outbox_files
from services.exports import movement, records
from services.exports.scope import ExportScope, export_scope

router = Router(name=__name__)
menu.add("export", "menu.export", menu.LEADS, order=38)

Maker = Callable[[Context, ExportScope], Awaitable[bytes]]


KINDS: dict[str, tuple[str, str, Maker]] = {
    # code: (kind, file name stem, maker)
    "r": ("reports", "bao-cao-tien-do", lambda ctx, s: movement.reports(ctx.session, s)),
    "g": ("registrations", "dang-ky-thi-dua", lambda ctx, s: movement.registrations(ctx.session, s)),
    "l": ("late", "nop-muon-chua-nop", lambda ctx, s: movement.late_list(ctx.session, s, now=ctx.now())),
    "n": ("nominations", "de-nghi-khen-thuong", lambda ctx, s: records.nominations(ctx.session, s)),
    "a": ("awards", "so-khen-thuong", lambda ctx, s: records.award_register(ctx.session, s)),
    "u": ("audit", "nhat-ky-thao-tac", lambda ctx, s: records.audit_log(ctx.session, s)),
}


def stamp(moment: datetime, ctx: Context) -> str:
    return ctx.local(moment).strftime("%Y%m%d-%H%M")


async def send_export(ctx: Context, member: Member, code: str) -> None:
    kind, stem, make = KINDS[code]
    scope = await export_scope(ctx.session, member, f"export.{kind}")
    data = await make(ctx, scope)
    name = f"{stem}-{stamp(ctx.now(), ctx)}.xlsx"
    caption = ctx.t("export.caption", what=ctx.t(f"export.k.{kind}"),
                    when=when(ctx.now(), ctx.config.timezone))
    await outbox_files.enqueue_document(ctx.session, ctx.msg.chat_id, data, name, caption=caption,
                                        source_update_id=ctx.msg.update_id)
    await ctx.audit(f"export.{kind}", outcome="ok", bytes=len(data), field=scope.field_code)


@router.command("export")
async def export_command(ctx: Context, member: Member, args: str) -> None:
    scope = await export_scope(ctx.session, member, "export.menu")
    parts = args.split()
    if parts:
        if len(parts) == 2 and parts[0].lower() in ("directive", "vanban") and parts[1].isdigit():
            await send_directive(ctx, member, int(parts[1][:9]))
            return
        codes = {kind: code for code, (kind, _, _) in KINDS.items()}
        if len(parts) == 1 and parts[0].lower() in codes:
            await send_export(ctx, member, codes[parts[0].lower()])
            return
        await ctx.reply(ctx.t("export.bad_args", text=args.strip()[:40]))
        return
    kb: Keyboard = []
    for code, (kind, _, _) in KINDS.items():
        if kind == "audit" and scope.unit_ids is not None:
            continue
        kb.append([Button(ctx.t(f"export.k.{kind}"), callback_data=f"xp:{code}")])
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


@router.callback("xp")
async def export_button(ctx: Context, member: Member, data: list[str]) -> None:
    if len(data) != 1 or data[0] not in KINDS:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await send_export(ctx, member, data[0])
    await ctx.answer()
