"""The first conversation anyone has: /start, /help, /lang, /cancel, /feedback, /audit."""

from __future__ import annotations

from handlers import audit_view, main_menu, menu
from handlers.chat import Button, ContentKind, Incoming, IncomingKind, Keyboard
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.router import Router
from handlers.texts import common as _texts  # noqa: F401  (registers the texts)
from models import Language, Member, Role
from services import audit, feedback, members

router = Router(name=__name__)

menu.add("start", "menu.start", menu.EVERYONE, order=0)
menu.add("help", "menu.help", menu.EVERYONE, order=1)
menu.add("menu", "menu.menu", menu.MEMBERS, order=2)
menu.add("lang", "menu.lang", menu.EVERYONE, order=90)
menu.add("cancel", "menu.cancel", menu.MEMBERS, order=91)
menu.add("feedback", "menu.feedback", menu.MEMBERS, order=92)
menu.add("audit", "menu.audit", menu.ADMINS, order=80)

FEEDBACK_FLOW = "feedback"
AUDIT_PAGE = 15


def language_keyboard() -> Keyboard:
    return [[Button("🇻🇳 Tiếng Việt", callback_data="lang:vi"),
             Button("🇬🇧 English", callback_data="lang:en")]]


@router.command("start")
async def start(ctx: Context, member: Member) -> None:
    await ctx.flow.clear()
    if member.role == Role.STRANGER:
        await ctx.reply(ctx.t("common.welcome", name=member.full_name),
                        language_keyboard())
    else:
        await ctx.reply(ctx.t("common.welcome_member", name=member.full_name,
                              role=ctx.t(f"role.{member.role}")),
                        await main_menu.keyboard(ctx.session, member, ctx.t))


def help_text(member: Member, t: Translator) -> Markup:
    lines: list[str] = [t("common.help_title", role=t(f"role.{member.role}"))]
    lines += [f"/{cmd} — {desc}" for cmd, desc in menu.commands_for(member.role, t)]
    if member.role == Role.STRANGER:
        lines += ["", t("common.help_stranger_hint")]
    return Markup("\n".join(lines))


@router.command("help")
async def show_help(ctx: Context, member: Member) -> None:
    await ctx.reply(help_text(member, ctx.t))


@router.command("lang", where="any")
async def choose_language(ctx: Context) -> None:
    await ctx.reply(ctx.t("common.lang_choose"), language_keyboard())


@router.callback("lang")
async def set_language(ctx: Context, member: Member, data: list[str]) -> None:
    if not data or data[0] not in {lang.value for lang in Language}:
        await ctx.answer(ctx.t("common.stale_button"))
        return
    changed = await members.set_language(ctx.session, member, Language(data[0]))
    ctx.use_language(member.language)
    await ctx.answer()
    await ctx.edit(ctx.t("common.lang_set"))
    if changed:
        await menu.refresh(ctx.session, member)


@router.command("cancel", where="any")
async def cancel(ctx: Context) -> None:
    ended = await ctx.flow.clear()
    await ctx.reply(ctx.t("common.cancelled" if ended else "common.nothing_to_cancel"))


@router.command("feedback")
async def ask_feedback(ctx: Context) -> None:
    await ctx.flow.start(FEEDBACK_FLOW, "text")
    await ctx.reply(ctx.t("feedback.ask", limit=ctx.config.max_text_chars))


async def read_text(ctx: Context, msg: Incoming, *, limit: int | None = None) -> str | None:
    """The text of a flow step, or None after telling the person what is wrong with it."""
    limit = limit or ctx.config.max_text_chars
    if msg.content not in (ContentKind.TEXT,) or msg.text is None:
        await ctx.reply(ctx.t("common.text_expected"))
        return None
    text = msg.text.strip()
    if not text:
        await ctx.reply(ctx.t("common.text_empty"))
        return None
    if len(text) > limit:
        await ctx.reply(ctx.t("common.text_too_long", length=len(text), limit=limit))
        return None
    return text


@router.step(FEEDBACK_FLOW, "text")
async def receive_feedback(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg)
    if text is None:
        return
    item = await feedback.submit(ctx.session, member, text)
    await ctx.flow.clear()
    await ctx.reply(ctx.t("feedback.thanks", number=item.id, text=item.text))
    for admin in await members.active_admins(ctx.session):
        if admin.telegram_id == member.telegram_id or admin.blocked_bot:
            continue
        note = Translator(admin.language)("feedback.to_admin", number=item.id,
                                          name=member.full_name, text=item.text)
        await ctx.send(admin.telegram_id, note, dedupe_key=f"feedback:{item.id}:{admin.id}")


@router.command("audit")
async def show_audit(ctx: Context, member: Member, args: str) -> None:
    members.require_admin(member, action="audit.view")
    page = int(args) if args.strip().isdigit() else 1
    await ctx.reply(*await audit_page(ctx, page))


@router.callback("audit")
async def turn_audit_page(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="audit.view")
    page = int(data[0]) if data and data[0].isdigit() else 1
    await ctx.answer()
    await ctx.edit(*await audit_page(ctx, page))


async def audit_page(ctx: Context, page: int) -> tuple[Markup, Keyboard | None]:
    page = max(1, min(page, 1000))
    entries = await audit.latest(ctx.session, limit=AUDIT_PAGE + 1, offset=(page - 1) * AUDIT_PAGE)
    has_next = len(entries) > AUDIT_PAGE
    entries = entries[:AUDIT_PAGE]
    if not entries:
        return ctx.t("audit.empty"), None
    lines = [ctx.t("audit.title", page=page, pages=f"{page}+" if has_next else page)]
    actors, targets = await audit_view.names(ctx.session, entries)
    lines += [audit_view.line(ctx.t, e, ctx.local(e.at).strftime("%H:%M %d/%m"), actors, targets)
              for e in entries]
    nav: list[Button] = []
    if page > 1:
        nav.append(Button(ctx.t("nav.prev"), callback_data=f"audit:{page - 1}"))
    if has_next:
        nav.append(Button(ctx.t("nav.next"), callback_data=f"audit:{page + 1}"))
    return Markup("\n".join(lines)), [nav] if nav else None


@router.unknown_command
async def unknown_command(ctx: Context, msg: Incoming) -> None:
    await ctx.reply(ctx.t("common.unknown_command", command=(msg.command or "")[:64]))


@router.unknown_message
async def stray_message(ctx: Context) -> None:
    await ctx.reply(ctx.t("common.stray_message"))


@router.unknown_callback
async def stale_button(ctx: Context) -> None:
    await ctx.answer(ctx.t("common.stale_button"), alert=True)


__all__ = ["IncomingKind", "read_text", "router"]
