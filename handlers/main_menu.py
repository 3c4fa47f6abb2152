"""The main menu: inline buttons of what a person can do now, shown on /start and /menu.

A registry, so that every area adds its own entries from its own module::

    main_menu.add("review", "mm.review", main_menu.LEADS, handler=review_command,
                  count=pending_count, order=20)

A press runs the entry's handler as if the command had been typed (``args`` empty); the handler
and the services it calls still check the person's role, the menu only decides what is offered.
``count`` (optional) puts a number after the label ("Duyệt đăng ký (3)"); 0 shows no number.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.chat import Button, Keyboard
from handlers.context import Context
from handlers.i18n import Translator
from handlers.labels import button_label
from handlers.router import HandlerFn, Route, Router, _route
from handlers.texts import main_menu as _texts  # noqa: F401  (registers the texts)
from models import Member, Role

router = Router(name=__name__)

EVERYONE = frozenset(Role)
MEMBERS = frozenset({Role.OFFICER, Role.COUNCIL, Role.FIELD_LEAD, Role.ADMIN})
OFFICERS = frozenset({Role.OFFICER})
LEADS = frozenset({Role.FIELD_LEAD, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})

CountFn = Callable[[AsyncSession, Member], Awaitable[int]]
PER_ROW = 2


@dataclass(frozen=True, slots=True)
class MenuItem:
    key: str  # short, unique: the button's callback data is ``mm:<key>``
    label_key: str  # a text key of handlers.i18n
    roles: frozenset[Role]
    route: Route
    count: CountFn | None = None
    order: int = 100


_items: dict[str, MenuItem] = {}


def add(key: str, label_key: str, roles: frozenset[Role], *, handler: HandlerFn,
        count: CountFn | None = None, order: int = 100) -> None:
    if len(f"mm:{key}".encode()) > 64 or ":" in key:
        raise ValueError(f"menu key {key!r} cannot be used as callback data")
    if key in _items and _items[key].route.handler is not handler:
        raise ValueError(f"menu entry {key!r} is registered twice")
    _items[key] = MenuItem(key, label_key, roles, _route(handler, "private"), count, order)


def items_for(role: Role) -> list[MenuItem]:
    return sorted((i for i in _items.values() if role in i.roles), key=lambda i: (i.order, i.key))


async def keyboard(session: AsyncSession, member: Member, t: Translator) -> Keyboard | None:
    """The person's menu, with counts; None when there is nothing to offer (a stranger)."""
    if not member.is_active:
        return None
    buttons: list[Button] = []
    for item in items_for(member.role):
        label = str(t(item.label_key))
        if item.count is not None:
            n = await item.count(session, member)
            if n:
                label = f"{label} ({n})"
        buttons.append(Button(button_label(label), callback_data=f"mm:{item.key}"))
    if not buttons:
        return None
    return [buttons[i:i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]


async def show(ctx: Context, member: Member) -> None:
    kb = await keyboard(ctx.session, member, ctx.t)
    if kb is None:
        await ctx.reply(ctx.t("mm.nothing"))
        return
    await ctx.reply(ctx.t("mm.title"), kb)


@router.command("menu")
async def menu_command(ctx: Context, member: Member) -> None:
    await ctx.flow.clear()
    await show(ctx, member)


@router.callback("mm")
async def menu_button(ctx: Context, member: Member, data: list[str]) -> None:
    item = _items.get(data[0]) if data else None
    if item is None or member.role not in item.roles or not member.is_active:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if not ctx.msg.is_private:
        await ctx.answer(ctx.t("common.private_only"), alert=True)
        return
    await ctx.answer()
    await ctx.flow.clear()
    await item.route(ctx)
