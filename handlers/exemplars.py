"""/exemplars: an officer registers an exemplary person or collective of their unit (who, field,
story, photo, evidence files); everyone sees the lists they may; the department marks an
exemplar to be spread (nhân rộng)."""

from __future__ import annotations

from datetime import date

from handlers import menu
from handlers.award_files import received, refusal
from handlers.campaign_render import fit
from handlers.campaigns import cb, int_at
from handlers.chat import Button, ContentKind, Incoming, Keyboard
from handlers.common import read_text
from handlers.context import Context
from handlers.i18n import Translator
from handlers.person_input import read_person
from handlers.router import Router
from handlers.texts import awards as _texts  # noqa: F401  (registers the texts)
from models import EmulationField, FileOwner, FileRole, Member, Role, Unit
from services.awards import exemplars, files
from services.errors import DomainError
from services.units import list_fields

router = Router(name=__name__)
menu.add("exemplars", "menu.exemplars", frozenset({Role.OFFICER, Role.FIELD_LEAD, Role.ADMIN}), order=59)
FLOW = "exemplar"


def field_name(t: Translator, fields: dict[str, EmulationField], code: str | None) -> str:
    f = fields.get(code or "")
    return (f.name_en if t.is_en else f.name_vi) if f else "—"


@router.command("exemplars")
async def exemplars_command(ctx: Context, member: Member, args: str) -> None:
    await show_list(ctx, member, field_code=args.strip() or None)


async def show_list(ctx: Context, member: Member, field_code: str | None = None) -> None:
    found = await exemplars.listing(ctx.session, member, field_code=field_code)
    fields = {f.code: f for f in await list_fields(ctx.session)}
    units = {u.id: u for u in [await ctx.session.get(Unit, uid) for uid in {e.unit_id for e in found}] if u}
    t = ctx.t
    lines = [t("ex.head", count=len(found))]
    kb: Keyboard = []
    for e in found[:20]:
        unit = units.get(e.unit_id)
        lines.append(t("ex.line", id=e.id, name=e.name, unit=unit.code if unit else "—",
                       field=field_name(t, fields, e.field_code), spread=" ⭐" if e.spread else ""))
        kb.append([Button(f"{e.id}. {e.name}"[:60], callback_data=cb("ex", "v", e.id))])
    if member.role in (Role.OFFICER, Role.ADMIN) and member.unit_id is not None:
        kb.append([Button(t("ex.btn_new"), callback_data="ex:new")])
    await ctx.reply(fit(lines), kb or None)


async def show_one(ctx: Context, member: Member, exemplar_id: int) -> None:
    e = await exemplars.get(ctx.session, member, exemplar_id)
    fields = {f.code: f for f in await list_fields(ctx.session)}
    unit = await ctx.session.get(Unit, e.unit_id)
    kept = await files.files_of(ctx.session, FileOwner.EXEMPLAR, exemplar_id)
    t = ctx.t
    text = fit([t("ex.card", name=e.name, unit=unit.name if unit else "—",
                  field=field_name(t, fields, e.field_code), story=e.story[:2500],
                  spread=t("ex.spread_yes") if e.spread else t("ex.spread_no"),
                  files=", ".join(f.file_name for f in kept) or "—")])
    kb: Keyboard = [[Button(f"📎 {f.file_name}"[:60], callback_data=cb("nr", "f", f.id))] for f in kept[:8]]
    if member.role == Role.ADMIN:
        kb.append([Button(t("ex.btn_unspread") if e.spread else t("ex.btn_spread"),
                          callback_data=cb("ex", "s", e.id, 0 if e.spread else 1))])
    await ctx.reply(text, kb or None)


@router.callback("ex")
async def exemplar_button(ctx: Context, member: Member, data: list[str]) -> None:
    action = data[0] if data else ""
    ref = int_at(data, 1)
    await ctx.answer()
    if action == "new":
        from services.awards import access

        access.own_unit(member, "exemplar.add")
        await ctx.flow.start(FLOW, "who", {})
        await ctx.reply(ctx.t("ex.ask_who"), [[Button(ctx.t("ex.btn_collective"), callback_data="ex:coll")]])
    elif action == "coll" and ctx.flow.active(FLOW):
        await ctx.flow.update(collective=True, name="")
        await ask_field(ctx)
    elif action == "f" and ctx.flow.active(FLOW) and len(data) > 1:
        await ctx.flow.goto("story", field=data[1] if data[1] != "-" else None)
        await ctx.reply(ctx.t("ex.ask_story", minimum=exemplars.MIN_STORY, limit=exemplars.MAX_STORY))
    elif action == "nophoto" and ctx.flow.active(FLOW):
        await ctx.flow.goto("files")
        await ask_files(ctx)
    elif action == "done" and ctx.flow.active(FLOW):
        exemplar_id = ctx.flow.data.get("exemplar_id")
        await ctx.flow.clear()
        if exemplar_id:
            await ctx.reply(ctx.t("ex.saved"))
            await show_one(ctx, member, int(exemplar_id))
    elif action == "v" and ref is not None:
        await show_one(ctx, member, ref)
    elif action == "s" and ref is not None:
        spread = int_at(data, 2) == 1
        e = await exemplars.mark_spread(ctx.session, member, ref, spread=spread, now=ctx.now())
        await ctx.reply(ctx.t("ex.marked" if spread else "ex.unmarked", name=e.name))
    else:
        await ctx.reply(ctx.t("common.stale_button"))


@router.step(FLOW, "who")
async def who_given(ctx: Context, msg: Incoming, member: Member) -> None:
    person = await read_person(ctx, msg)
    if person is None:
        return
    name, born = person
    if len(name.strip()) < 2:
        await ctx.reply(ctx.t("error.exemplar.name_needed"))
        return
    await ctx.flow.update(collective=False, name=name.strip(), born=born.isoformat() if born else None)
    await ask_field(ctx)


async def ask_field(ctx: Context) -> None:
    await ctx.flow.goto("field")
    fields = await list_fields(ctx.session)
    kb: Keyboard = [[Button((f.name_en if ctx.t.is_en else f.name_vi)[:60],
                            callback_data=cb("ex", "f", f.code))] for f in fields]
    await ctx.reply(ctx.t("ex.ask_field"), kb)


@router.step(FLOW, "story")
async def story_given(ctx: Context, msg: Incoming, member: Member) -> None:
    text = await read_text(ctx, msg, limit=exemplars.MAX_STORY)
    if text is None:
        return
    d = ctx.flow.data
    born = date.fromisoformat(d["born"]) if d.get("born") else None
    try:
        e = await exemplars.register(ctx.session, member, name=d.get("name") or "",
                                     collective=bool(d.get("collective")), birth_date=born,
                                     field_code=d.get("field"), story=text, now=ctx.now())
    except DomainError as error:
        await ctx.reply(refusal(ctx, error))
        return
    await ctx.flow.goto("photo", exemplar_id=e.id)
    await ctx.reply(ctx.t("ex.ask_photo"), [[Button(ctx.t("ex.btn_no_photo"), callback_data="ex:nophoto")]])


@router.step(FLOW, "photo")
async def photo_given(ctx: Context, msg: Incoming, member: Member) -> None:
    got = await received(ctx, msg, photo=True)
    if got is None:
        return
    if not await keep(ctx, member, FileRole.PHOTO, got):
        return
    await ctx.flow.goto("files")
    await ask_files(ctx)


async def ask_files(ctx: Context) -> None:
    await ctx.reply(ctx.t("ex.ask_files", size=f"{ctx.config.max_file_bytes / 1048576:.0f}"),
                    [[Button(ctx.t("nm.btn_files_done"), callback_data="ex:done")]])


@router.step(FLOW, "files")
async def evidence_given(ctx: Context, msg: Incoming, member: Member) -> None:
    got = await received(ctx, msg, photo=msg.content == ContentKind.PHOTO)
    if got is None or not await keep(ctx, member, FileRole.EVIDENCE, got):
        return
    await ctx.reply(ctx.t("nm.file_kept_more", name=got[1]),
                    [[Button(ctx.t("nm.btn_files_done"), callback_data="ex:done")]])


async def keep(ctx: Context, member: Member, role: FileRole, got: tuple[bytes, str, str]) -> bool:
    content, name, file_id = got
    try:
        await exemplars.attach(ctx.session, member, int(ctx.flow.data["exemplar_id"]), role=role,
                               content=content, file_name=name, telegram_file_id=file_id,
                               max_bytes=ctx.config.max_file_bytes)
    except DomainError as error:
        await ctx.reply(refusal(ctx, error))
        return False
    return True

