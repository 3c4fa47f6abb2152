"""Staff groups: the bot joining and leaving, supergroup upgrades, /subscribe, /unsubscribe, /groups."""

from __future__ import annotations

from handlers import menu
from handlers.chat import Button, Incoming, IncomingKind, Keyboard
from handlers.context import Context
from handlers.i18n import Markup
from handlers.labels import toggle
from handlers.people import field_name, field_names, int_arg, nav_row, page_of
from handlers.router import Router
from models import EmulationField, Member
from services import groups, members, units
from services.recipients import mark_unreachable

router = Router(name=__name__)

menu.add("groups", "menu.groups", menu.ADMINS, order=40)
menu.add("subscribe", "menu.subscribe", menu.LEADS, order=41)
menu.add("unsubscribe", "menu.unsubscribe", menu.LEADS, order=42)


# -- the bot's membership ------------------------------------------------------------------------
@router.event(IncomingKind.BOT_ADDED)
async def bot_added(ctx: Context, msg: Incoming) -> None:
    if msg.is_private:
        return  # a person unblocked the bot; their next message says so
    await groups.record_added(ctx.session, chat_id=msg.chat_id, title=msg.chat_title,
                              chat_type=msg.chat_type, actor_id=msg.actor_user_id)
    if msg.is_group:
        # Channels get no greeting: the bot may not be allowed to post there.
        await ctx.reply(ctx.t("groups.hello"))


@router.event(IncomingKind.BOT_REMOVED)
async def bot_removed(ctx: Context, msg: Incoming) -> None:
    if msg.is_private:
        await mark_unreachable(ctx.session, msg.chat_id, "blocked by the user")
        return
    await groups.record_removed(ctx.session, chat_id=msg.chat_id, actor_id=msg.actor_user_id)


@router.event(IncomingKind.CHAT_MIGRATED)
async def chat_migrated(ctx: Context, msg: Incoming) -> None:
    if msg.migrate_to_chat_id is not None:
        await groups.migrate(ctx.session, msg.chat_id, msg.migrate_to_chat_id)


# -- subscriptions -------------------------------------------------------------------------------
async def _manager(ctx: Context, member: Member, action: str) -> Member:
    """Both checks, on every command and every button: Telegram admin of this group, and an
    admin or field lead of the bot."""
    user_id = ctx.msg.user_id or 0
    is_admin = await ctx.is_chat_admin(ctx.msg.chat_id, user_id)
    return groups.require_group_manager(member, is_chat_admin=is_admin, action=action,
                                        chat_id=ctx.msg.chat_id)


async def _fields(ctx: Context, member: Member) -> list[EmulationField]:
    fields = await units.list_fields(ctx.session)
    allowed = set(groups.allowed_fields(member, [f.code for f in fields]))
    return [f for f in fields if f.code in allowed]


async def _subscribe_keyboard(ctx: Context, member: Member) -> tuple[Markup, Keyboard]:
    group = await groups.ensure(ctx.session, chat_id=ctx.msg.chat_id, title=ctx.msg.chat_title,
                                chat_type=ctx.msg.chat_type)
    chosen = set(await groups.fields_of(ctx.session, group.id or 0))
    keyboard: Keyboard = [[Button(toggle(f.code in chosen, field_name(f, ctx.t)),
                                  callback_data=f"gs:{f.code}")]
                          for f in await _fields(ctx, member)]
    keyboard.append([Button(ctx.t("units.btn_done"), callback_data="gd")])
    return ctx.t("groups.pick_fields"), keyboard


async def outside_group(ctx: Context) -> bool:
    """/subscribe and /unsubscribe belong in a group: in a private chat, say so (once)."""
    if ctx.msg.is_private:
        await ctx.reply(ctx.t("groups.private_subscribe"))
        return True
    return not ctx.msg.is_group


@router.command("subscribe", where="any")
async def subscribe(ctx: Context, member: Member) -> None:
    if await outside_group(ctx):
        return
    await _manager(ctx, member, "group.subscribe")
    await ctx.reply(*await _subscribe_keyboard(ctx, member))


@router.callback("gs")
async def toggle_subscription(ctx: Context, member: Member, data: list[str]) -> None:
    await _manager(ctx, member, "group.subscribe")
    code = data[0] if data else ""
    group = await groups.ensure(ctx.session, chat_id=ctx.msg.chat_id, title=ctx.msg.chat_title,
                                chat_type=ctx.msg.chat_type)
    subscribed = code not in await groups.fields_of(ctx.session, group.id or 0)
    await groups.set_subscription(ctx.session, member, chat_id=ctx.msg.chat_id, field_code=code,
                                  subscribed=subscribed, is_chat_admin=True)
    await ctx.answer(ctx.t("groups.subscribed" if subscribed else "groups.unsubscribed"))
    _, keyboard = await _subscribe_keyboard(ctx, member)
    await ctx.edit_keyboard(keyboard)


@router.callback("gd")
async def subscription_done(ctx: Context, member: Member) -> None:
    await _manager(ctx, member, "group.subscribe")
    group = await groups.ensure(ctx.session, chat_id=ctx.msg.chat_id, title=ctx.msg.chat_title,
                                chat_type=ctx.msg.chat_type)
    codes = await groups.fields_of(ctx.session, group.id or 0)
    fields = await units.list_fields(ctx.session)
    await ctx.answer()
    await ctx.edit(ctx.t("groups.now_subscribed", fields=field_names(
        sorted(codes, key=lambda c: next((f.position for f in fields if f.code == c), 99)),
        fields, ctx.t)))


@router.command("unsubscribe", where="any")
async def unsubscribe(ctx: Context, member: Member) -> None:
    if await outside_group(ctx):
        return
    await _manager(ctx, member, "group.unsubscribe")
    group = await groups.ensure(ctx.session, chat_id=ctx.msg.chat_id, title=ctx.msg.chat_title,
                                chat_type=ctx.msg.chat_type)
    chosen = set(await groups.fields_of(ctx.session, group.id or 0))
    mine = [f for f in await _fields(ctx, member) if f.code in chosen]
    if not mine:
        await ctx.reply(ctx.t("groups.nothing_to_unsubscribe"))
        return
    keyboard: Keyboard = [[Button(f"✖ {field_name(f, ctx.t)}", callback_data=f"gu:{f.code}")]
                          for f in mine]
    if len(mine) > 1:
        keyboard.append([Button(ctx.t("groups.btn_all"), callback_data="gu:*")])
    await ctx.reply(ctx.t("groups.pick_unsubscribe"), keyboard)


@router.callback("gu")
async def remove_subscription(ctx: Context, member: Member, data: list[str]) -> None:
    await _manager(ctx, member, "group.unsubscribe")
    code = data[0] if data else ""
    fields = await units.list_fields(ctx.session)
    codes = [f.code for f in fields] if code == "*" else [code]
    if code == "*":
        codes = groups.allowed_fields(member, codes)
    for c in codes:
        await groups.set_subscription(ctx.session, member, chat_id=ctx.msg.chat_id, field_code=c,
                                      subscribed=False, is_chat_admin=True)
    group = await groups.ensure(ctx.session, chat_id=ctx.msg.chat_id, title=ctx.msg.chat_title,
                                chat_type=ctx.msg.chat_type)
    left = await groups.fields_of(ctx.session, group.id or 0)
    await ctx.answer(ctx.t("groups.unsubscribed"))
    await ctx.edit(ctx.t("groups.now_subscribed", fields=field_names(left, fields, ctx.t)))


# -- /groups -------------------------------------------------------------------------------------
async def groups_page(ctx: Context, member: Member, number: int) -> tuple[Markup, Keyboard | None]:
    t = ctx.t
    per_page = ctx.config.page_size
    _, total = await groups.list_groups(ctx.session, member, limit=0)
    page = page_of(total, number, per_page)
    rows, total = await groups.list_groups(ctx.session, member,
                                           offset=(page.number - 1) * per_page, limit=per_page)
    if not rows:
        return t("groups.empty"), None
    fields = await units.list_fields(ctx.session)
    lines: list[str] = [t("groups.title", total=total, page=page.number, pages=page.total_pages), ""]
    for group, codes in rows:
        status = t("groups.active") if group.is_active else t("groups.inactive")
        lines.append(t("groups.line", title=group.title or group.chat_id, status=status,
                       fields=field_names(codes, fields, t)))
    nav = nav_row(t, page, lambda n: f"gl:{n}")
    return Markup("\n".join(lines)), [nav] if nav else None


@router.command("groups")
async def list_groups(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="group.list")
    await ctx.reply(*await groups_page(ctx, member, 1))


@router.callback("gl")
async def turn_groups_page(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="group.list")
    await ctx.answer()
    await ctx.edit(*await groups_page(ctx, member, int_arg(data, 0, 1) or 1))

