"""Members in chat: /members (paged, filtered), a member's card, /role, /deactivate and /me."""

from __future__ import annotations

from handlers import menu
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, Translator, escape
from handlers.people import (
    cb,
    error_text,
    field_name,
    field_names,
    int_arg,
    nav_row,
    page_of,
    query_token,
    refresh_menu,
    role_name,
    short,
    tell,
    unit_label,
)
from handlers.router import Router
from models import Member, Role
from services import members, roles, units
from services.errors import AccessDenied, DomainError
from services.roles import RoleChange

router = Router(name=__name__)

menu.add("me", "menu.me", menu.MEMBERS, order=3)
menu.add("members", "menu.members", menu.ADMINS, order=30)
menu.add("role", "menu.role", menu.ADMINS, order=31)
menu.add("deactivate", "menu.deactivate", menu.ADMINS, order=32)

UNIT_FLOW = "member_unit"
ROLE_ORDER = (Role.OFFICER, Role.FIELD_LEAD, Role.COUNCIL, Role.ADMIN, Role.STRANGER)


# -- telling the person --------------------------------------------------------------------------
async def after_change(ctx: Context, change: RoleChange) -> None:
    """Tell the person what changed (in their language) and refresh their command menu."""
    person = change.member
    t = Translator(person.language)
    if change.previous_active and not person.is_active:
        await tell(ctx.session, person, "members.you_deactivated", source_update_id=ctx.msg.update_id)
    elif not change.previous_active and person.is_active and person.role == change.previous_role:
        await tell(ctx.session, person, "members.you_reactivated",
                   source_update_id=ctx.msg.update_id)
    elif change.role_changed:
        await tell(ctx.session, person, "members.you_role", source_update_id=ctx.msg.update_id,
                   role=await role_detail(ctx, person, t))
    if change.previous_unit_id != person.unit_id and person.role != Role.STRANGER:
        unit = await units.get(ctx.session, person.unit_id) if person.unit_id else None
        await tell(ctx.session, person, "members.you_unit", source_update_id=ctx.msg.update_id,
                   unit=unit_label(unit, t))
    if change.role_changed:
        await refresh_menu(ctx.session, person)


async def role_detail(ctx: Context, person: Member, t: Translator) -> Markup:
    text = role_name(person.role, t)
    if person.role == Role.FIELD_LEAD and person.field_code:
        fields = await units.list_fields(ctx.session)
        names = field_names([person.field_code], fields, t)
        return Markup(f"{text} — {escape(names)}")
    return text


# -- /me -----------------------------------------------------------------------------------------
@router.command("me")
async def show_me(ctx: Context, member: Member) -> None:
    t = ctx.t
    unit = await units.get(ctx.session, member.unit_id) if member.unit_id else None
    all_fields = await units.list_fields(ctx.session)
    codes: list[str] = []
    if member.field_code:
        codes.append(member.field_code)
    if unit is not None:
        codes += [c for c in await units.fields_of(ctx.session, unit.id or 0) if c not in codes]
    await ctx.reply(t("members.me", name=member.full_name or "—",
                      username=f"@{member.username}" if member.username else "—",
                      role=await role_detail(ctx, member, t), unit=unit_label(unit, t),
                      fields=field_names(codes, all_fields, t),
                      language=t("members.language_name"),
                      status=t("members.active") if member.is_active else t("members.inactive")))


# -- /members ------------------------------------------------------------------------------------
def _filter(data: list[str]) -> tuple[str, str]:
    kind = data[1] if len(data) > 1 else "-"
    value = data[2] if len(data) > 2 else ""
    return kind, value


async def members_page(ctx: Context, member: Member, kind: str, value: str, number: int
                       ) -> tuple[Markup, Keyboard]:
    t = ctx.t
    per_page = ctx.config.page_size
    unit_id: int | None = None
    field_code: str | None = None
    role: Role | None = None
    query = ""
    label = ""
    if kind == "r" and value in {r.value for r in Role}:
        role = Role(value)
        label = str(role_name(role, t))
    elif kind == "f":
        fields = await units.list_fields(ctx.session)
        field = next((f for f in fields if f.code == value), None)
        if field is not None:
            field_code, label = field.code, field_name(field, t)
    elif kind == "u":
        unit = await units.get(ctx.session, int(value)) if value.isdigit() else None
        if unit is not None:
            unit_id, label = unit.id, f"{unit.code} — {unit.name}"
    elif kind == "q":
        query, label = value, f"“{value}”"
    _, total = await roles.list_members(ctx.session, member, unit_id=unit_id, field_code=field_code,
                                        role=role, query=query, limit=0)
    page = page_of(total, number, per_page)
    found, total = await roles.list_members(ctx.session, member, unit_id=unit_id,
                                            field_code=field_code, role=role, query=query,
                                            offset=(page.number - 1) * per_page, limit=per_page)
    lines: list[str] = [t("members.title", total=total, page=page.number, pages=page.total_pages)]
    if label:
        lines.append(t("members.filter", label=label))
    lines.append("")
    unit_ids = {m.unit_id for m in found if m.unit_id}
    unit_of = {uid: u for uid in unit_ids if (u := await units.get(ctx.session, uid))}
    for m in found:
        mark = "" if m.is_active else " ⛔"
        unit = unit_of.get(m.unit_id or 0)
        lines.append(t("members.line", name=m.full_name or m.telegram_id,
                       role=role_name(m.role, t), unit=unit_label(unit, t) if unit else "—")
                     + mark)
    if not found:
        lines.append(t("members.none"))
    lines += ["", t("members.hint")]
    # A person is picked by name; the unit's code tells two people of the same name apart.
    keyboard: Keyboard = [[Button(short(" · ".join(
        [m.full_name or str(m.telegram_id)] + ([unit_of[m.unit_id].code] if m.unit_id in unit_of
                                               else []))),
                                  callback_data=cb("mv", m.id))] for m in found]
    nav = nav_row(t, page, lambda n: cb("ml", n, kind, value))
    if nav:
        keyboard.append(nav)
    keyboard.append([Button(short(str(role_name(r, t)), 24), callback_data=cb("ml", 1, "r", r.value))
                     for r in (Role.OFFICER, Role.FIELD_LEAD)])
    keyboard.append([Button(short(str(role_name(r, t)), 24), callback_data=cb("ml", 1, "r", r.value))
                     for r in (Role.COUNCIL, Role.ADMIN)])
    if kind != "-":
        keyboard.append([Button(t("members.btn_all"), callback_data="ml:1:-")])
    return Markup("\n".join(lines)), keyboard


@router.command("members")
async def list_members(ctx: Context, member: Member, args: str) -> None:
    members.require_admin(member, action="member.list")
    query = " ".join(args.split())
    kind, value = "-", ""
    if query:
        unit = await units.get_by_code(ctx.session, query)
        fields = await units.list_fields(ctx.session)
        field_code = units.resolve_field(query, fields)
        if unit is not None:
            kind, value = "u", str(unit.id)
        elif field_code is not None:
            kind, value = "f", field_code
        else:
            kind, value = "q", query_token(query)
    await ctx.reply(*await members_page(ctx, member, kind, value, 1))


@router.callback("ml")
async def turn_members_page(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="member.list")
    kind, value = _filter(data)
    await ctx.answer()
    await ctx.edit(*await members_page(ctx, member, kind, value, int_arg(data, 0, 1) or 1))


# -- one member ----------------------------------------------------------------------------------
async def member_card(ctx: Context, person: Member) -> tuple[Markup, Keyboard]:
    t = ctx.t
    unit = await units.get(ctx.session, person.unit_id) if person.unit_id else None
    text = t("members.card", number=person.id, name=person.full_name or "—",
             username=f"@{person.username}" if person.username else "—",
             telegram_id=person.telegram_id, role=await role_detail(ctx, person, t),
             unit=unit_label(unit, t),
             status=t("members.active") if person.is_active else t("members.inactive"))
    keyboard: Keyboard = [
        [Button(t("members.btn_role"), callback_data=cb("mr", person.id)),
         Button(t("members.btn_unit"), callback_data=cb("mu", person.id))],
        [Button(t("members.btn_deactivate"), callback_data=cb("md", person.id)) if person.is_active
         else Button(t("members.btn_reactivate"), callback_data=cb("ma", person.id))],
    ]
    return text, keyboard


async def _person(ctx: Context, member: Member, data: list[str], action: str) -> Member:
    members.require_admin(member, action=action)
    person_id = int_arg(data, 0, 0) or 0
    return await roles.get_member(ctx.session, person_id)


@router.callback("mv")
async def view_member(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.view")
    await ctx.answer()
    await ctx.edit(*await member_card(ctx, person))


@router.callback("mr")
async def pick_new_role(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.role")
    t = ctx.t
    keyboard: Keyboard = [[Button(role_name(r, t), callback_data=cb("ms", person.id, r.value))]
                          for r in ROLE_ORDER if r != person.role or r == Role.FIELD_LEAD]
    keyboard.append([Button(t("nav.back"), callback_data=cb("mv", person.id))])
    await ctx.answer()
    await ctx.edit(t("members.pick_role", name=person.full_name or person.telegram_id), keyboard)


@router.callback("ms")
async def set_new_role(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.role")
    try:
        role = Role(data[1])
    except (IndexError, ValueError):
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if role == Role.FIELD_LEAD and len(data) < 3:
        fields = await units.list_fields(ctx.session)
        keyboard: Keyboard = [[Button(field_name(f, ctx.t),
                                      callback_data=cb("ms", person.id, role.value, f.code))]
                              for f in fields]
        await ctx.answer()
        await ctx.edit(ctx.t("members.pick_field", name=person.full_name or person.telegram_id),
                       keyboard)
        return
    field_code = data[2] if role == Role.FIELD_LEAD else None
    change = await roles.change_role(ctx.session, member, person.id or 0, role,
                                     field_code=field_code, now=ctx.now())
    await after_change(ctx, change)
    await ctx.answer(ctx.t("members.saved"))
    await ctx.edit(*await member_card(ctx, change.member))


@router.callback("md")
async def confirm_deactivate(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.deactivate")
    await ctx.answer()
    await ctx.edit(ctx.t("members.confirm_deactivate", name=person.full_name or person.telegram_id),
                   [[Button(ctx.t("nav.confirm"), callback_data=cb("mdy", person.id)),
                     Button(ctx.t("nav.back"), callback_data=cb("mv", person.id))]])


@router.callback("mdy")
async def do_deactivate(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.deactivate")
    change = await roles.deactivate(ctx.session, member, person.id or 0, now=ctx.now())
    await after_change(ctx, change)
    await ctx.answer(ctx.t("members.saved"))
    await ctx.edit(*await member_card(ctx, change.member))


@router.callback("ma")
async def do_reactivate(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.reactivate")
    change = await roles.set_active(ctx.session, member, person.id or 0, True, now=ctx.now())
    await after_change(ctx, change)
    await ctx.answer(ctx.t("members.saved"))
    await ctx.edit(*await member_card(ctx, change.member))


@router.callback("mu")
async def ask_new_unit(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.unit")
    await ctx.flow.start(UNIT_FLOW, "unit", {"member_id": person.id})
    await ctx.answer()
    await ctx.reply(ctx.t("members.ask_unit", name=person.full_name or person.telegram_id))


@router.step(UNIT_FLOW, "unit")
async def receive_unit(ctx: Context, msg: Incoming, member: Member) -> None:
    members.require_admin(member, action="member.unit")
    text = await read_text(ctx, msg, limit=100)
    if text is None:
        return
    person_id = int(ctx.flow.data.get("member_id", 0))
    unit = await units.get_by_code(ctx.session, text)
    if unit is None:
        found, _ = await units.search(ctx.session, text, include_inactive=False, limit=8)
        if not found:
            await ctx.reply(ctx.t("units.none_found", query=text))
            return
        await ctx.reply(ctx.t("members.pick_unit"),
                        [[Button(short(f"{u.code} · {u.name}"),
                                 callback_data=cb("mus", person_id, u.id))] for u in found])
        return
    await _move(ctx, member, person_id, unit.id or 0)


@router.callback("mus")
async def choose_unit(ctx: Context, member: Member, data: list[str]) -> None:
    person = await _person(ctx, member, data, "member.unit")
    unit_id = int_arg(data, 1, 0) or 0
    await ctx.answer()
    await _move(ctx, member, person.id or 0, unit_id)


async def _move(ctx: Context, member: Member, person_id: int, unit_id: int) -> None:
    try:
        change = await roles.change_unit(ctx.session, member, person_id, unit_id, now=ctx.now())
    except AccessDenied:
        raise
    except DomainError as error:
        await ctx.reply(error_text(error, ctx.t))
        return
    if ctx.flow.active(UNIT_FLOW):
        await ctx.flow.clear()
    await after_change(ctx, change)
    await ctx.reply(*await member_card(ctx, change.member))


# -- /role and /deactivate with arguments --------------------------------------------------------
@router.command("role")
async def role_command(ctx: Context, member: Member, args: str) -> None:
    members.require_admin(member, action="member.role")
    parts = args.split()
    if len(parts) < 2:
        await ctx.reply(ctx.t("members.role_usage"))
        return
    person = await roles.find_member(ctx.session, parts[0])
    if person is None:
        await ctx.reply(ctx.t("error.member.not_found"))
        return
    try:
        role = Role(parts[1].lower())
    except ValueError:
        await ctx.reply(ctx.t("members.role_usage"))
        return
    field_code = None
    unit_id = None
    if len(parts) > 2:
        fields = await units.list_fields(ctx.session)
        if role == Role.FIELD_LEAD:
            field_code = units.resolve_field(" ".join(parts[2:]), fields)
            if field_code is None:
                await ctx.reply(ctx.t("error.unit.field_unknown", field=" ".join(parts[2:])[:60]))
                return
        else:
            unit = await units.get_by_code(ctx.session, parts[2])
            if unit is None:
                await ctx.reply(ctx.t("error.unit.not_found", unit_code=parts[2][:40]))
                return
            unit_id = unit.id
    change = await roles.change_role(ctx.session, member, person.id or 0, role,
                                     field_code=field_code, unit_id=unit_id, now=ctx.now())
    await after_change(ctx, change)
    await ctx.reply(*await member_card(ctx, change.member))


@router.command("deactivate")
async def deactivate_command(ctx: Context, member: Member, args: str) -> None:
    members.require_admin(member, action="member.deactivate")
    if not args.strip():
        await ctx.reply(ctx.t("members.deactivate_usage"))
        return
    person = await roles.find_member(ctx.session, args.split()[0])
    if person is None:
        await ctx.reply(ctx.t("error.member.not_found"))
        return
    change = await roles.deactivate(ctx.session, member, person.id or 0, now=ctx.now())
    await after_change(ctx, change)
    await ctx.reply(*await member_card(ctx, change.member))
