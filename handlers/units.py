"""Units in chat: /units (paged, searchable), a unit's card and its edits, and /unit_add."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers import menu
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, escape
from handlers.labels import toggle
from handlers.people import (
    cb,
    error_text,
    field_name,
    field_names,
    int_arg,
    nav_row,
    page_of,
    query_token,
    short,
)
from handlers.router import Router
from models import Member, Role, Unit, UnitKind
from services import members, units
from services.errors import AccessDenied, DomainError

router = Router(name=__name__)

menu.add("units", "menu.units", menu.LEADS, order=20)
menu.add("unit_add", "menu.unit_add", menu.ADMINS, order=21)

ADD_FLOW = "unit_add"
EDIT_FLOW = "unit_edit"
KINDS = (UnitKind.AGENCY, UnitKind.PUBLIC_SERVICE, UnitKind.ENTERPRISE)


# -- the list ------------------------------------------------------------------------------------
async def units_page(ctx: Context, member: Member, query: str, number: int
                     ) -> tuple[Markup, Keyboard | None]:
    per_page = ctx.config.page_size
    _, total = await units.visible_units(ctx.session, member, query, limit=0)
    page = page_of(total, number, per_page)
    found, total = await units.visible_units(ctx.session, member, query,
                                             offset=(page.number - 1) * per_page, limit=per_page)
    t = ctx.t
    if not found:
        text = t("units.none_found", query=query) if query else t("units.empty")
        return text, None
    title = (t("units.title_search", query=query, total=total, page=page.number,
               pages=page.total_pages) if query
             else t("units.title", total=total, page=page.number, pages=page.total_pages))
    lines: list[str] = [title, ""]
    for u in found:
        mark = "" if u.is_active else " " + t("units.inactive_mark")
        lines.append(f"• <code>{escape(u.code)}</code> {escape(u.name)}{mark}")
    lines += ["", t("units.search_hint")]
    keyboard: Keyboard = [[Button(short(f"{u.code} · {u.name}"), callback_data=cb("uv", u.id))]
                          for u in found]
    token = query_token(query)
    nav = nav_row(t, page, lambda n: cb("ul", n, token))
    if nav:
        keyboard.append(nav)
    return Markup("\n".join(lines)), keyboard


def units_query(query: str) -> str:
    return " ".join(query.split())[:40]


@router.command("units")
async def list_units(ctx: Context, member: Member, args: str) -> None:
    members.require_role(member, *menu.LEADS, action="units.list")
    await ctx.reply(*await units_page(ctx, member, units_query(args), 1))


@router.callback("ul")
async def turn_units_page(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_role(member, *menu.LEADS, action="units.list")
    number = int_arg(data, 0, 1) or 1
    query = data[1] if len(data) > 1 else ""
    await ctx.answer()
    await ctx.edit(*await units_page(ctx, member, query, number))


# -- one unit ------------------------------------------------------------------------------------
async def unit_card(ctx: Context, member: Member, unit: Unit) -> tuple[Markup, Keyboard]:
    t = ctx.t
    fields = await units.list_fields(ctx.session)
    codes = await units.fields_of(ctx.session, unit.id or 0)
    parent = await units.get(ctx.session, unit.parent_id) if unit.parent_id else None
    leads = [f for f in fields if f.lead_unit_id == unit.id]
    text = t("units.card", code=unit.code, name=unit.name, kind=t(f"unit_kind.{unit.kind}"),
             parent=f"{parent.code} — {parent.name}" if parent else t("people.none"),
             fields=field_names(codes, fields, t),
             members=await units.member_count(ctx.session, unit.id or 0),
             status=t("units.active") if unit.is_active else t("units.inactive"))
    if leads:
        text = Markup(text + "\n" + t("units.lead_of", fields=field_names(
            [f.code for f in leads], fields, t)))
    keyboard: Keyboard = [[Button(t("units.btn_invite"), callback_data=cb("iu", unit.id))]]
    if member.role == Role.ADMIN:
        keyboard += [
            [Button(t("units.btn_name"), callback_data=cb("ue", unit.id, "name")),
             Button(t("units.btn_kind"), callback_data=cb("ue", unit.id, "kind"))],
            [Button(t("units.btn_parent"), callback_data=cb("ue", unit.id, "parent")),
             Button(t("units.btn_fields"), callback_data=cb("ue", unit.id, "fields"))],
            [Button(t("units.btn_deactivate") if unit.is_active else t("units.btn_activate"),
                    callback_data=cb("ue", unit.id, "active"))],
        ]
    return text, keyboard


@router.callback("uv")
async def view_unit(ctx: Context, member: Member, data: list[str]) -> None:
    unit_id = int_arg(data, 0, 0) or 0
    unit = await units.require_unit_scope(ctx.session, member, unit_id, action="unit.view")
    await ctx.answer()
    await ctx.edit(*await unit_card(ctx, member, unit))


async def unit_to_change(ctx: Context, member: Member, data: list[str],
                         action: str) -> tuple[Unit, int]:
    """The unit a button names and its id, once the presser is shown to be an admin allowed to
    change it."""
    members.require_admin(member, action=action)
    unit_id = int_arg(data, 0, 0) or 0
    return await units.require_unit_scope(ctx.session, member, unit_id, action=action), unit_id


@router.callback("ue")
async def edit_unit(ctx: Context, member: Member, data: list[str]) -> None:
    unit, unit_id = await unit_to_change(ctx, member, data, "unit.edit")
    what = data[1] if len(data) > 1 else ""
    t = ctx.t
    await ctx.answer()
    if what == "name":
        await ctx.flow.start(EDIT_FLOW, "name", {"unit_id": unit.id})
        await ctx.reply(t("units.ask_new_name", code=unit.code, name=unit.name,
                          limit=units.NAME_MAX))
    elif what == "parent":
        await ctx.flow.start(EDIT_FLOW, "parent", {"unit_id": unit.id})
        await ctx.reply(t("units.ask_new_parent", code=unit.code))
    elif what == "kind":
        await ctx.edit(t("units.ask_kind_for", code=unit.code), kind_keyboard(ctx, "uk", unit.id))
    elif what == "fields":
        await ctx.edit(t("units.ask_fields_for", code=unit.code),
                       await fields_keyboard(ctx, set(await units.fields_of(ctx.session, unit_id)),
                                             lambda code: cb("uf", unit.id, code),
                                             cb("uv", unit.id)))
    elif what == "active":
        unit = await units.update_unit(ctx.session, member, unit_id, is_active=not unit.is_active)
        await ctx.edit(*await unit_card(ctx, member, unit))
    else:
        await ctx.edit(*await unit_card(ctx, member, unit))


def kind_keyboard(ctx: Context, prefix: str, unit_id: int | None = None) -> Keyboard:
    return [[Button(ctx.t(f"unit_kind.{k}"),
                    callback_data=cb(prefix, unit_id, k.value) if unit_id else cb(prefix, k.value))]
            for k in KINDS]


async def fields_keyboard(ctx: Context, chosen: set[str], data_for: Callable[[str], str],
                          done_data: str) -> Keyboard:
    keyboard: Keyboard = []
    for f in await units.list_fields(ctx.session):
        keyboard.append([Button(toggle(f.code in chosen, field_name(f, ctx.t)),
                                callback_data=data_for(f.code))])
    keyboard.append([Button(ctx.t("units.btn_done"), callback_data=done_data)])
    return keyboard


@router.callback("uk")
async def set_unit_kind(ctx: Context, member: Member, data: list[str]) -> None:
    unit, unit_id = await unit_to_change(ctx, member, data, "unit.edit")
    kind = units.parse_kind(data[1] if len(data) > 1 else "")
    if kind is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    unit = await units.update_unit(ctx.session, member, unit_id, kind=kind)
    await ctx.answer(ctx.t("units.saved"))
    await ctx.edit(*await unit_card(ctx, member, unit))


@router.callback("uf")
async def toggle_unit_field(ctx: Context, member: Member, data: list[str]) -> None:
    unit, unit_id = await unit_to_change(ctx, member, data, "unit.fields")
    field_code = data[1] if len(data) > 1 else ""
    await units.toggle_field(ctx.session, member, unit_id, field_code)
    await ctx.answer(ctx.t("units.saved"))
    chosen = set(await units.fields_of(ctx.session, unit_id))
    await ctx.edit_keyboard(await fields_keyboard(ctx, chosen, lambda code: cb("uf", unit.id, code),
                                                  cb("uv", unit.id)))


@router.step(EDIT_FLOW, "name")
async def receive_new_name(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=units.NAME_MAX)
    if text is None:
        return
    await save_unit_edit(ctx, member, name=text)


@router.step(EDIT_FLOW, "parent")
async def receive_new_parent(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=64)
    if text is None:
        return
    await save_unit_edit(ctx, member, parent_code=None if text.strip() in ("-", "0") else text)


async def save_unit_edit(ctx: Context, member: Member, **change: Any) -> None:
    """Apply a typed change to the unit the edit flow is on; a refused value is explained and
    the person may type it again."""
    unit_id = int(ctx.flow.data.get("unit_id", 0))
    await units.require_unit_scope(ctx.session, member, unit_id, action="unit.edit")
    try:
        unit = await units.update_unit(ctx.session, member, unit_id, **change)
    except AccessDenied:
        raise
    except DomainError as error:
        await ctx.reply(error_text(error, ctx.t))
        return
    await ctx.flow.clear()
    await ctx.reply(*await unit_card(ctx, member, unit))


# -- /unit_add -----------------------------------------------------------------------------------
@router.command("unit_add")
async def start_unit_add(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    await ctx.flow.start(ADD_FLOW, "code", {"fields": []})
    await ctx.reply(ctx.t("units.ask_code", limit=units.CODE_MAX))


@router.step(ADD_FLOW, "code")
async def receive_code(ctx: Context, msg: Incoming, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    text = await read_text(ctx, msg, limit=64)
    if text is None:
        return
    try:
        code = await units.validate_new_code(ctx.session, text)
    except DomainError as error:
        await ctx.reply(error_text(error, ctx.t))
        return
    await ctx.flow.goto("name", code=code)
    await ctx.reply(ctx.t("units.ask_name", code=code, limit=units.NAME_MAX))


@router.step(ADD_FLOW, "name")
async def receive_name(ctx: Context, msg: Incoming, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    text = await read_text(ctx, msg, limit=units.NAME_MAX)
    if text is None:
        return
    try:
        name = units.validate_name(text)
    except DomainError as error:
        await ctx.reply(error_text(error, ctx.t))
        return
    await ctx.flow.goto("kind", name=name)
    await ctx.reply(ctx.t("units.ask_kind"), kind_keyboard(ctx, "uak"))


@router.step(ADD_FLOW, "kind")
@router.step(ADD_FLOW, "fields")
@router.step(ADD_FLOW, "confirm")
async def expect_button(ctx: Context) -> None:
    await ctx.reply(ctx.t("units.use_buttons"))


@router.callback("uak")
async def choose_kind(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="unit.add")
    kind = units.parse_kind(data[0] if data else "")
    if not ctx.flow.active(ADD_FLOW) or kind is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await ctx.flow.goto("parent", kind=kind.value)
    await ctx.answer()
    await ctx.edit(ctx.t("units.kind_chosen", kind=ctx.t(f"unit_kind.{kind}")))
    await ctx.reply(ctx.t("units.ask_parent"),
                    [[Button(ctx.t("units.btn_no_parent"), callback_data="uap")]])


@router.step(ADD_FLOW, "parent")
async def receive_parent(ctx: Context, msg: Incoming, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    text = await read_text(ctx, msg, limit=64)
    if text is None:
        return
    parent = await units.get_by_code(ctx.session, text)
    if parent is None:
        await ctx.reply(ctx.t("error.unit.parent_not_found", unit_code=text[:40]),
                        [[Button(ctx.t("units.btn_no_parent"), callback_data="uap")]])
        return
    await ask_fields(ctx, parent.code)


@router.callback("uap")
async def no_parent(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    if not ctx.flow.active(ADD_FLOW) or ctx.flow.step != "parent":
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await ctx.answer()
    await ask_fields(ctx, None)


async def ask_fields(ctx: Context, parent_code: str | None) -> None:
    await ctx.flow.goto("fields", parent=parent_code)
    chosen = set(ctx.flow.data.get("fields", []))
    await ctx.reply(ctx.t("units.ask_fields"),
                    await fields_keyboard(ctx, chosen, lambda code: cb("uaf", code), "uad"))


@router.callback("uaf")
async def toggle_draft_field(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="unit.add")
    if not ctx.flow.active(ADD_FLOW) or ctx.flow.step != "fields" or not data:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    known = {f.code for f in await units.list_fields(ctx.session)}
    chosen: list[str] = list(ctx.flow.data.get("fields", []))
    code = data[0]
    if code not in known:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
    await ctx.flow.update(fields=chosen)
    await ctx.answer()
    await ctx.edit_keyboard(await fields_keyboard(ctx, set(chosen), lambda c: cb("uaf", c), "uad"))


@router.callback("uad")
async def draft_fields_done(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    if not ctx.flow.active(ADD_FLOW) or ctx.flow.step != "fields":
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if not ctx.flow.data.get("fields"):
        await ctx.answer(ctx.t("error.unit.fields_missing"), alert=True)
        return
    await ctx.flow.goto("confirm")
    d = ctx.flow.data
    t = ctx.t
    fields = await units.list_fields(ctx.session)
    text = t("units.confirm", code=d["code"], name=d["name"], kind=t(f"unit_kind.{d['kind']}"),
             parent=d.get("parent") or t("people.none"),
             fields=field_names(d.get("fields", []), fields, t))
    await ctx.answer()
    await ctx.edit(text, [[Button(t("nav.confirm"), callback_data="uas"),
                           Button(t("nav.cancel"), callback_data="uac")]])


@router.callback("uac")
async def cancel_draft(ctx: Context, member: Member) -> None:
    await ctx.answer()
    if ctx.flow.active(ADD_FLOW):
        await ctx.flow.clear()
    await ctx.edit(ctx.t("common.cancelled"))


@router.callback("uas")
async def save_draft(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="unit.add")
    if not ctx.flow.active(ADD_FLOW) or ctx.flow.step != "confirm":
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    d = ctx.flow.data
    draft = units.UnitDraft(code=d["code"], name=d["name"], kind=UnitKind(d["kind"]),
                            parent_code=d.get("parent"), field_codes=tuple(d.get("fields", [])))
    try:
        unit = await units.add_unit(ctx.session, member, draft)
    except AccessDenied:
        raise
    except DomainError as error:
        # e.g. someone else took the code meanwhile: keep the draft, let them start over.
        await ctx.answer()
        await ctx.reply(error_text(error, ctx.t))
        return
    await ctx.flow.clear()
    await ctx.answer(ctx.t("units.saved"))
    await ctx.edit(ctx.t("units.added", code=unit.code, name=unit.name),
                   [[Button(ctx.t("units.btn_view"), callback_data=cb("uv", unit.id)),
                     Button(ctx.t("units.btn_invite"), callback_data=cb("iu", unit.id))]])
