"""Invites in chat: /invite (pick a unit and a role), revoking, and joining by link or /join CODE."""

from __future__ import annotations

from handlers import menu, notices
from handlers.chat import Button, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Markup, escape
from handlers.people import (
    cb,
    field_name,
    int_arg,
    nav_row,
    page_of,
    query_token,
    refresh_menu,
    role_name,
    short,
    unit_label,
)
from handlers.router import Router
from models import Invite, Member, Role, Unit
from services import invites, members, units
from services.errors import DomainError

router = Router(name=__name__)

menu.add("invite", "menu.invite", menu.LEADS, order=22)
menu.add("join", "menu.join", frozenset({Role.STRANGER}), order=2)

JOIN_FLOW = "join"
ADMIN_ROLES = (Role.OFFICER, Role.COUNCIL, Role.FIELD_LEAD, Role.ADMIN)


def invite_link(ctx: Context, code: str) -> str:
    return f"https://t.me/{ctx.config.bot_username}?start={code}"


# -- /invite: pick a unit ------------------------------------------------------------------------
async def unit_picker(ctx: Context, member: Member, query: str, number: int
                      ) -> tuple[Markup, Keyboard]:
    per_page = ctx.config.page_size
    _, total = await units.visible_units(ctx.session, member, query, limit=0,
                                         action="invite.create")
    page = page_of(total, number, per_page)
    found, total = await units.visible_units(ctx.session, member, query,
                                             offset=(page.number - 1) * per_page, limit=per_page,
                                             action="invite.create")
    t = ctx.t
    keyboard: Keyboard = [[Button(short(f"{u.code} · {u.name}"), callback_data=cb("iu", u.id))]
                          for u in found if u.is_active]
    if member.role == Role.ADMIN:
        keyboard.append([Button(t("invites.btn_no_unit"), callback_data="iu:0")])
    token = query_token(query)
    nav = nav_row(t, page, lambda n: cb("ip", n, token))
    if nav:
        keyboard.append(nav)
    if not found:
        text = t("units.none_found", query=query) if query else t("units.empty")
    else:
        text = t("invites.pick_unit", total=total, page=page.number, pages=page.total_pages)
    return Markup(text + "\n" + t("invites.search_hint")), keyboard


@router.command("invite")
async def start_invite(ctx: Context, member: Member, args: str) -> None:
    members.require_role(member, Role.ADMIN, Role.FIELD_LEAD, action="invite.create")
    await ctx.reply(*await unit_picker(ctx, member, " ".join(args.split())[:40], 1))


@router.callback("ip")
async def turn_picker_page(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_role(member, Role.ADMIN, Role.FIELD_LEAD, action="invite.create")
    await ctx.answer()
    await ctx.edit(*await unit_picker(ctx, member, data[1] if len(data) > 1 else "",
                                      int_arg(data, 0, 1) or 1))


async def _unit_for_invite(ctx: Context, member: Member, unit_id: int) -> Unit | None:
    """The unit named in button data, re-checked: a field lead only reaches their field's units."""
    if unit_id == 0:
        members.require_admin(member, action="invite.create")
        return None
    return await units.require_unit_scope(ctx.session, member, unit_id, action="invite.create")


# -- pick a role (and a field for a field lead) --------------------------------------------------
@router.callback("iu")
async def pick_role(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_role(member, Role.ADMIN, Role.FIELD_LEAD, action="invite.create")
    unit_id = int_arg(data, 0, -1)
    if unit_id is None or unit_id < 0:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    unit = await _unit_for_invite(ctx, member, unit_id)
    t = ctx.t
    roles: tuple[Role, ...] = ADMIN_ROLES if member.role == Role.ADMIN else (Role.OFFICER,)
    if unit is None:
        roles = tuple(r for r in roles if r != Role.OFFICER)
    keyboard: Keyboard = [[Button(role_name(r, t), callback_data=cb("ir", unit_id, r.value))]
                          for r in roles]
    await ctx.answer()
    await ctx.edit(t("invites.pick_role", unit=unit_label(unit, t)), keyboard)


@router.callback("ir")
async def choose_role(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_role(member, Role.ADMIN, Role.FIELD_LEAD, action="invite.create")
    unit_id = int_arg(data, 0, -1)
    try:
        role = Role(data[1]) if len(data) > 1 else None
    except ValueError:
        role = None
    if unit_id is None or unit_id < 0 or role is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    unit = await _unit_for_invite(ctx, member, unit_id)
    if role == Role.FIELD_LEAD:
        members.require_admin(member, action="invite.create")
        fields = await units.list_fields(ctx.session)
        unit_fields = set(await units.fields_of(ctx.session, unit_id)) if unit else set()
        ordered = sorted(fields, key=lambda f: (f.code not in unit_fields, f.position))
        keyboard: Keyboard = [[Button(field_name(f, ctx.t), callback_data=cb("if", unit_id, f.code))]
                              for f in ordered]
        await ctx.answer()
        await ctx.edit(ctx.t("invites.pick_field", unit=unit_label(unit, ctx.t)), keyboard)
        return
    await _create(ctx, member, unit, role, None)


@router.callback("if")
async def choose_field(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="invite.create")
    unit_id = int_arg(data, 0, -1)
    if unit_id is None or unit_id < 0 or len(data) < 2:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    unit = await _unit_for_invite(ctx, member, unit_id)
    await _create(ctx, member, unit, Role.FIELD_LEAD, data[1])


async def _create(ctx: Context, member: Member, unit: Unit | None, role: Role,
                  field_code: str | None) -> None:
    invite = await invites.create_invite_for(ctx.session, actor=member, unit=unit, role=role,
                                             field_code=field_code,
                                             ttl_days=ctx.config.invite_ttl_days, now=ctx.now())
    await ctx.answer()
    await ctx.edit(await invite_text(ctx, invite, unit),
                   [[Button(ctx.t("invites.btn_revoke"), callback_data=cb("ix", invite.id))]])


async def invite_text(ctx: Context, invite: Invite, unit: Unit | None) -> Markup:
    t = ctx.t
    detail = role_name(invite.role, t)
    if invite.field_code:
        field = next((f for f in await units.list_fields(ctx.session)
                      if f.code == invite.field_code), None)
        if field is not None:
            detail = Markup(f"{detail} — {escape(field_name(field, t))}")
    return t("invites.created", unit=unit_label(unit, t), role=detail,
             link=invite_link(ctx, invite.code), code=invite.code,
             expires=ctx.local(invite.expires_at).strftime("%H:%M %d/%m/%Y"))


@router.callback("ix")
async def revoke_invite(ctx: Context, member: Member, data: list[str]) -> None:
    invite_id = int_arg(data, 0, 0) or 0
    await invites.revoke(ctx.session, member, invite_id, now=ctx.now())
    await ctx.answer(ctx.t("invites.revoked"))
    await ctx.edit(ctx.t("invites.revoked_text"))


# -- joining -------------------------------------------------------------------------------------
async def join_with(ctx: Context, member: Member, code: str) -> None:
    try:
        done = await invites.redeem(ctx.session, member, code, now=ctx.now())
    except DomainError as error:
        # A wrong code: say what is wrong; the person may try another (the flow stays open).
        await ctx.reply(ctx.t(f"error.{error.code}", **error.params))
        return
    await ctx.flow.clear()
    t = ctx.t
    role = role_name(done.member.role, t)
    if done.invite.field_code:
        field = next((f for f in await units.list_fields(ctx.session)
                      if f.code == done.invite.field_code), None)
        if field is not None:
            role = Markup(f"{role} — {escape(field_name(field, t))}")
    commands = "\n".join(f"/{name} — {escape(desc)}"
                         for name, desc in menu.commands_for(done.member.role, t))
    await ctx.reply(t("invites.welcome", name=member.full_name or t("people.comrade"), role=role,
                      unit=unit_label(done.unit, t), commands=Markup(commands)))
    await refresh_menu(ctx.session, done.member)
    await notices.invite_used(ctx, done.member, done.invite.created_by, done.invite.id or 0,
                              done.unit)
    await notices.running_campaigns(ctx, done.member)


@router.deep_link
async def join_by_link(ctx: Context, member: Member, args: str) -> None:
    await join_with(ctx, member, args.strip())


@router.command("join")
async def join_command(ctx: Context, member: Member, args: str) -> None:
    if args.strip():
        await join_with(ctx, member, args.strip().split()[0])
        return
    await ctx.flow.start(JOIN_FLOW, "code")
    await ctx.reply(ctx.t("invites.ask_code"))


@router.step(JOIN_FLOW, "code")
async def receive_join_code(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=200)
    if text is None:
        return
    await join_with(ctx, member, text.split()[0])
