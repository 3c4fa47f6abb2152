"""The audience picker shared by /broadcast (directives) and /spread (exemplar stories): everyone,
fields, units, roles and groups, and whether the chosen fields' subscribed groups come along.

Each flow gives the picker its own callback prefix and keeps the draft :class:`Audience` in its own
flow data. Buttons: ``<prefix>:m:<f|u|r|g|main>[:<page>]`` (a picker page; ``main`` is the flow's
own summary menu), ``<prefix>:all``, ``<prefix>:sub`` and ``<prefix>:<f|u|r|g>:<value>:<page>``
(toggles). What the sender may pick from is :func:`services.directives.audience_choices`, checked
again on every toggle, so a forged button cannot add a unit or group that was not offered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from handlers.chat import Button, Keyboard, paginate
from handlers.context import Context
from handlers.i18n import Markup
from handlers.labels import button_label, toggle
from handlers.texts import directives as _texts  # noqa: F401  (registers the texts)
from models import Role
from services.directives import Audience, AudienceChoices
from services.unit_fields import join_fields

PICK_PAGE = 8
ROLES = (Role.OFFICER, Role.FIELD_LEAD, Role.COUNCIL, Role.ADMIN)
MENUS = ("f", "u", "r", "g")
ACTIONS = frozenset({"m", "all", "sub", *MENUS})

Screen = tuple[Markup, Keyboard]


def _short(text: str, limit: int = 40) -> str:
    return button_label(text, limit)


def _page(data: list[str], index: int) -> int:
    return int(data[index]) if len(data) > index and data[index].isdigit() else 1


def _toggle(values: list[Any], value: Any) -> list[Any]:
    return [v for v in values if v != value] if value in values else [*values, value]


async def audience_summary(ctx: Context, audience: Audience, choices: AudienceChoices) -> Markup:
    """Who the draft goes to, one line a kind (names cut short, at most ten of each)."""
    t = ctx.t
    if audience.everyone:
        key = ("directives.summary_everyone_groups" if audience.include_subscribed_groups
               else "directives.summary_everyone")
        return t(key)
    parts: list[str] = []
    if audience.fields:
        names = {code: (en if t.is_en else vi) for code, vi, en in choices.fields}
        parts.append(t("directives.summary_fields",
                       items=join_fields(names.get(f, f) for f in audience.fields)))
    if audience.unit_ids:
        units = dict(choices.units)
        parts.append(t("directives.summary_units",
                       items=", ".join(_short(units.get(u, str(u))) for u in audience.unit_ids[:10])
                       + (" …" if len(audience.unit_ids) > 10 else "")))
    if audience.roles:
        parts.append(t("directives.summary_roles",
                       items=", ".join(str(t(f"role.{r.value}")) for r in audience.roles)))
    if audience.group_chat_ids:
        groups = dict(choices.groups)
        parts.append(t("directives.summary_groups",
                       items=", ".join(_short(groups.get(g, str(g)))
                                       for g in audience.group_chat_ids[:10])))
    if audience.fields and audience.include_subscribed_groups:
        parts.append(t("directives.summary_subscribed"))
    return Markup("\n".join(parts)) if parts else t("directives.summary_none")


@dataclass(frozen=True, slots=True)
class Picker:
    """The picker under one flow's callback ``prefix``."""

    prefix: str

    def rows(self, ctx: Context, choices: AudienceChoices, audience: Audience) -> Keyboard:
        """The buttons of the flow's summary menu that open the pickers (the flow adds its own)."""
        t, p = ctx.t, self.prefix
        rows: Keyboard = []
        if choices.everyone:
            rows.append([Button(toggle(audience.everyone, t("directives.btn_everyone")),
                                callback_data=f"{p}:all")])
        rows.append([Button(t("directives.btn_fields", n=len(audience.fields)),
                            callback_data=f"{p}:m:f"),
                     Button(t("directives.btn_units", n=len(audience.unit_ids)),
                            callback_data=f"{p}:m:u")])
        rows.append([Button(t("directives.btn_roles", n=len(audience.roles)),
                            callback_data=f"{p}:m:r"),
                     Button(t("directives.btn_groups", n=len(audience.group_chat_ids)),
                            callback_data=f"{p}:m:g")])
        rows.append([Button(t("directives.btn_subscribed_on" if audience.include_subscribed_groups
                              else "directives.btn_subscribed_off"), callback_data=f"{p}:sub")])
        return rows

    def page(self, ctx: Context, choices: AudienceChoices, audience: Audience, menu: str,
             page: int) -> Screen:
        """One page of toggles for ``menu`` (f fields, u units, r roles, g groups)."""
        t = ctx.t
        if menu == "f":
            items = [(code, en if t.is_en else vi, code in audience.fields)
                     for code, vi, en in choices.fields]
            title = t("directives.pick_fields")
        elif menu == "u":
            items = [(str(uid), name, uid in audience.unit_ids) for uid, name in choices.units]
            p = paginate(items, page, PICK_PAGE)
            title = t("directives.pick_units", page=p.number, pages=p.total_pages)
        elif menu == "r":
            items = [(r.value, str(t(f"role.{r.value}")), r in audience.roles) for r in ROLES]
            title = t("directives.pick_roles")
        else:
            items = [(str(cid), name or str(cid), cid in audience.group_chat_ids)
                     for cid, name in choices.groups]
            p = paginate(items, page, PICK_PAGE)
            title = t("directives.pick_groups", page=p.number, pages=p.total_pages)
        return self._toggles(ctx, title, items, page, menu)

    def _toggles(self, ctx: Context, title: Markup, items: list[tuple[str, str, bool]], page: int,
                 menu: str) -> Screen:
        p = paginate(items, page, PICK_PAGE)
        rows: Keyboard = [[Button(toggle(sel, _short(label)),
                                  callback_data=f"{self.prefix}:{menu}:{value}:{p.number}")]
                          for value, label, sel in p.items]
        nav: list[Button] = []
        if p.has_prev:
            nav.append(Button(ctx.t("nav.prev"),
                              callback_data=f"{self.prefix}:m:{menu}:{p.number - 1}"))
        if p.has_next:
            nav.append(Button(ctx.t("nav.next"),
                              callback_data=f"{self.prefix}:m:{menu}:{p.number + 1}"))
        if nav:
            rows.append(nav)
        rows.append([Button(ctx.t("nav.back"), callback_data=f"{self.prefix}:m:main")])
        if not items:
            title = Markup(f"{title}\n{ctx.t('directives.none_to_pick')}")
        return title, rows

    async def handle(self, ctx: Context, data: list[str], audience: Audience,
                     choices: AudienceChoices, *, save: Callable[[Audience], Awaitable[None]],
                     main: Callable[[Audience], Awaitable[Screen]]) -> bool:
        """Act on a picker button (``data`` after the prefix): open a page, or toggle and save
        the draft with ``save``; ``main`` draws the flow's summary menu. False when ``data`` is
        not the picker's, for the flow to handle."""
        action = data[0] if data else ""
        if action not in ACTIONS:
            return False
        if action == "m":
            menu = data[1] if len(data) > 1 else "main"
            await ctx.answer()
            if menu in MENUS:
                await ctx.edit(*self.page(ctx, choices, audience, menu, _page(data, 2)))
            else:
                await ctx.edit(*await main(audience))
            return True
        if not apply_toggle(action, data, audience, choices):
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return True
        await save(audience)
        await ctx.answer()
        if action in ("all", "sub"):
            await ctx.edit(*await main(audience))
        else:
            await ctx.edit(*self.page(ctx, choices, audience, action, _page(data, 2)))
        return True


def apply_toggle(action: str, data: list[str], audience: Audience,
                 choices: AudienceChoices) -> bool:
    """Change the draft audience; False when the button names something not on offer."""
    value = data[1] if len(data) > 1 else ""
    if action == "all":
        if not choices.everyone:
            return False
        audience.everyone = not audience.everyone
    elif action == "sub":
        audience.include_subscribed_groups = not audience.include_subscribed_groups
    elif action == "f":
        if value not in {code for code, _, _ in choices.fields}:
            return False
        audience.fields = _toggle(audience.fields, value)
    elif action == "u":
        if not value.isdigit() or int(value) not in {uid for uid, _ in choices.units}:
            return False
        audience.unit_ids = _toggle(audience.unit_ids, int(value))
    elif action == "r":
        if value not in {r.value for r in ROLES}:
            return False
        audience.roles = _toggle(audience.roles, Role(value))
    elif action == "g":
        try:
            chat_id = int(value)
        except ValueError:
            return False
        if chat_id not in {cid for cid, _ in choices.groups}:
            return False
        audience.group_chat_ids = _toggle(audience.group_chat_ids, chat_id)
    else:
        return False
    return True
