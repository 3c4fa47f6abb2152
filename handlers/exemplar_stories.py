"""Spreading exemplars: /spread (admins publish an awarded person's or collective's story through
the directive path) and /stories (everyone browses the published stories by field and year).

Buttons: ``kp:…`` composing (record, audience toggles, publish), ``ke:…`` browsing,
``kx:<story>`` a story's card (also on every published copy), ``kx:<story>:r`` the story itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select

from handlers import menu
from handlers.chat import Button, ContentKind, Incoming, Keyboard, paginate
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.labels import toggle
from handlers.router import Router
from handlers.texts import council as _texts  # noqa: F401  (registers the texts)
from models import (
    AwardRecord,
    EmulationField,
    Exemplar,
    ExemplarStory,
    Member,
    OutboxMethod,
    Person,
    RecordSource,
    Unit,
    UnitField,
)
from services import directives, members, outbox
from services.awards import council, stories
from services.directives import Audience

router = Router(name=__name__)

# "/exemplars" belongs to the exemplar register (handlers/exemplars.py, the awards issue).
menu.add("spread", "menu.spread", menu.ADMINS, order=52)
menu.add("stories", "menu.exemplar_stories", menu.MEMBERS, order=53)

FLOW = "story_publish"
RECORDS = 20
PAGE = 8


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- publishing ----------------------------------------------------------------------------------
async def _subject(ctx: Context, record: AwardRecord) -> stories.Subject:
    _, names = await council.thresholds(ctx.session, ctx.config.council)
    unit = await ctx.session.get(Unit, record.unit_id)
    person = await ctx.session.get(Person, record.person_id) if record.person_id else None
    name = person.full_name if person else (unit.name if unit else "")
    # The exemplar registered for them, preferring one the department marked to spread.
    exemplar = (await ctx.session.exec(select(Exemplar).where(
        Exemplar.unit_id == record.unit_id,
        (Exemplar.person_id == person.id) if person is not None
        else col(Exemplar.person_id).is_(None))
        .order_by(col(Exemplar.spread).desc(), col(Exemplar.id).desc()))).first()
    field_code = exemplar.field_code if exemplar is not None else None
    if field_code is None:
        field_code = (await ctx.session.exec(select(UnitField.field_code).where(
            UnitField.unit_id == record.unit_id).order_by(col(UnitField.field_code)))).first()
    return stories.Subject(record, name, record.unit_id, field_code,
                           names.get(record.award_code, record.award_code),
                           exemplar.id if exemplar is not None else None)


@router.command("spread")
async def spread(ctx: Context, member: Member) -> None:
    members.require_admin(member, action="exemplar.publish")
    records = (await ctx.session.exec(select(AwardRecord).where(
        AwardRecord.source == RecordSource.DECISION)
        .order_by(col(AwardRecord.id).desc()).limit(RECORDS))).all()
    if not records:
        await ctx.reply(ctx.t("story.none"))
        return
    rows: Keyboard = []
    for record in records:
        subject = await _subject(ctx, record)
        rows.append([Button(f"{_short(subject.name, 30)} · {_short(subject.award_name, 24)} "
                            f"{record.year}", callback_data=f"kp:r:{record.id}")])
    await ctx.reply(ctx.t("story.pick"), rows)


async def _audience_menu(ctx: Context) -> tuple[Markup, Keyboard]:
    d = ctx.flow.data
    t = ctx.t
    choices = await directives.audience_choices(ctx.session, ctx.member)
    field_names = {code: (en if t.is_en else vi) for code, vi, en in choices.fields}
    groups = dict(choices.groups)
    none = str(t("story.none_chosen"))
    text = t("story.audience",
             fields=", ".join(field_names.get(f, f) for f in d.get("fields", [])) or none,
             groups=", ".join(_short(groups.get(g, str(g))) for g in d.get("groups", [])) or none,
             everyone=t("story.yes" if d.get("everyone") else "story.no"),
             ack=t("story.yes" if d.get("ack", True) else "story.no"))
    rows: Keyboard = [[Button(t("story.btn_fields"), callback_data="kp:mf"),
                       Button(t("story.btn_groups"), callback_data="kp:mg")],
                      [Button(("✅ " if d.get("everyone") else "") + str(t("story.btn_everyone")),
                              callback_data="kp:all"),
                       Button(toggle(bool(d.get("ack", True)), str(t("story.btn_ack"))),
                              callback_data="kp:ack")],
                      [Button(t("nav.cancel"), callback_data="kp:x"),
                       Button(t("story.btn_publish"), callback_data="kp:ok")]]
    return text, rows


async def _picker(ctx: Context, kind: str, page: int) -> tuple[Markup, Keyboard]:
    d = ctx.flow.data
    choices = await directives.audience_choices(ctx.session, ctx.member)
    if kind == "f":
        items = [(code, en if ctx.t.is_en else vi, code in d.get("fields", []))
                 for code, vi, en in choices.fields]
    else:
        items = [(str(cid), title or str(cid), cid in d.get("groups", []))
                 for cid, title in choices.groups]
    p = paginate(items, page, PAGE)
    rows: Keyboard = [[Button(("✅ " if sel else "") + _short(label),
                              callback_data=f"kp:t{kind}:{value}:{p.number}")]
                      for value, label, sel in p.items]
    nav = []
    if p.has_prev:
        nav.append(Button(ctx.t("nav.prev"), callback_data=f"kp:m{kind}:{p.number - 1}"))
    if p.has_next:
        nav.append(Button(ctx.t("nav.next"), callback_data=f"kp:m{kind}:{p.number + 1}"))
    if nav:
        rows.append(nav)
    rows.append([Button(ctx.t("nav.back"), callback_data="kp:main")])
    return ctx.t("story.btn_fields" if kind == "f" else "story.btn_groups"), rows


@router.callback("kp")
async def compose(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_admin(member, action="exemplar.publish")
    action = data[0] if data else ""
    if action == "r" and len(data) > 1 and data[1].isdigit():
        record = await ctx.session.get(AwardRecord, int(data[1]))
        if record is None:
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return
        subject = await _subject(ctx, record)
        await ctx.flow.start(FLOW, "content", {"record": record.id, "fields":
                                               [subject.field_code] if subject.field_code else [],
                                               "groups": [], "everyone": False, "ack": True})
        await ctx.answer()
        await ctx.reply(ctx.t("story.ask_content", name=subject.name, award=subject.award_name,
                              year=record.year))
        return
    if not ctx.flow.active(FLOW) or ctx.flow.step != "audience":
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    d = ctx.flow.data
    if action == "x":
        await ctx.flow.clear()
        await ctx.answer()
        await ctx.edit(ctx.t("common.cancelled"))
    elif action in ("mf", "mg"):
        page = int(data[1]) if len(data) > 1 and data[1].isdigit() else 1
        await ctx.answer()
        await ctx.edit(*await _picker(ctx, action[1], page))
    elif action in ("tf", "tg") and len(data) > 1:
        choices = await directives.audience_choices(ctx.session, member)
        key = "fields" if action == "tf" else "groups"
        value: str | int = data[1]
        offered = ({c for c, _, _ in choices.fields} if action == "tf"
                   else {str(c) for c, _ in choices.groups})
        if data[1] not in offered:
            await ctx.answer(ctx.t("common.stale_button"), alert=True)
            return
        if action == "tg":
            value = int(data[1])
        current = list(d.get(key, []))
        current = [v for v in current if v != value] if value in current else [*current, value]
        await ctx.flow.update(**{key: current})
        page = int(data[2]) if len(data) > 2 and data[2].isdigit() else 1
        await ctx.answer()
        await ctx.edit(*await _picker(ctx, action[1], page))
    elif action in ("all", "ack"):
        key = "everyone" if action == "all" else "ack"
        await ctx.flow.update(**{key: not d.get(key, action == "ack")})
        await ctx.answer()
        await ctx.edit(*await _audience_menu(ctx))
    elif action == "main":
        await ctx.answer()
        await ctx.edit(*await _audience_menu(ctx))
    elif action == "ok":
        await _publish(ctx, member)
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)


@router.step(FLOW, "content")
async def receive_story(ctx: Context, msg: Incoming) -> None:
    if msg.content not in (ContentKind.TEXT, ContentKind.PHOTO) or msg.message_id is None:
        await ctx.reply(ctx.t("story.content_kind"))
        return
    text = (msg.text or "").strip()
    if len(text) > stories.MAX_SUMMARY:
        await ctx.reply(ctx.t("error.story.too_long", limit=stories.MAX_SUMMARY))
        return
    await ctx.flow.goto("audience", src_chat=msg.chat_id, src_msg=msg.message_id,
                        photo=msg.content == ContentKind.PHOTO, summary=text)
    await ctx.reply(*await _audience_menu(ctx))


async def _publish(ctx: Context, member: Member) -> None:
    d = ctx.flow.data
    audience = Audience(everyone=bool(d.get("everyone")), fields=list(d.get("fields", [])),
                        group_chat_ids=list(d.get("groups", [])),
                        include_subscribed_groups=True)
    if audience.is_empty():
        await ctx.answer(ctx.t("story.no_audience"), alert=True)
        return
    record = await ctx.session.get(AwardRecord, int(d.get("record", 0)))
    if record is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    subject = await _subject(ctx, record)
    label = str(Translator("vi")("story.button", award=_short(subject.award_name, 40),
                                 year=record.year))
    story = await stories.publish(
        ctx.session, member, subject=subject, summary=str(d.get("summary", "")),
        source_chat_id=int(d["src_chat"]), source_message_id=int(d["src_msg"]),
        has_photo=bool(d.get("photo")), audience=audience, ask_ack=bool(d.get("ack", True)),
        button_label=label, now=ctx.now())
    await ctx.flow.clear()
    count = len(await directives.resolve_audience(ctx.session, audience))
    await ctx.answer()
    await ctx.edit(ctx.t("story.published", name=story.subject, n=count))


# -- browsing --------------------------------------------------------------------------------------
async def _field_names(ctx: Context) -> dict[str, str]:
    rows = (await ctx.session.exec(select(EmulationField))).all()
    return {f.code: (f.name_en if ctx.t.is_en else f.name_vi) for f in rows}


@router.command("stories")
async def browse(ctx: Context, member: Member) -> None:
    members.require_role(member, *menu.MEMBERS, action="exemplar.browse")
    await ctx.reply(*await _fields_menu(ctx))


async def _fields_menu(ctx: Context) -> tuple[Markup, Keyboard]:
    fields, _ = await stories.facets(ctx.session)
    names = await _field_names(ctx)
    total = sum(n for _, n in fields)
    rows: Keyboard = [[Button(f"{ctx.t('story.all_fields')} ({total})", callback_data="ke:y:*")]]
    rows += [[Button(f"{_short(names.get(code, '') if code else str(ctx.t('story.no_field')))} "
                     f"({n})", callback_data=f"ke:y:{code or '-'}")] for code, n in fields]
    return ctx.t("story.browse_fields"), rows


@router.callback("ke")
async def browse_button(ctx: Context, member: Member, data: list[str]) -> None:
    members.require_role(member, *menu.MEMBERS, action="exemplar.browse")
    action = data[0] if data else ""
    names = await _field_names(ctx)
    field = data[1] if len(data) > 1 else "*"
    if field not in names and field not in ("*", "-"):
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    field_label = (str(ctx.t("story.all_fields")) if field == "*" else
                   str(ctx.t("story.no_field")) if field == "-" else names[field])
    if action == "f":
        await ctx.answer()
        await ctx.edit(*await _fields_menu(ctx))
    elif action == "y":
        _, years = await stories.facets(ctx.session)
        rows: Keyboard = [[Button(ctx.t("story.all_years"), callback_data=f"ke:l:{field}:0:1")]]
        rows += [[Button(str(y), callback_data=f"ke:l:{field}:{y}:1")] for y in years[:20]]
        rows.append([Button(ctx.t("nav.back"), callback_data="ke:f")])
        await ctx.answer()
        await ctx.edit(ctx.t("story.browse_years", field=field_label), rows)
    elif action == "l" and len(data) > 3 and data[2].isdigit() and data[3].isdigit():
        year = int(data[2]) or None
        page = max(1, int(data[3]))
        if field == "-":
            found, total = await _no_field(ctx, year, page)
        else:
            found, total = await stories.browse(
                ctx.session, field_code=None if field == "*" else field, year=year,
                offset=(page - 1) * PAGE, limit=PAGE)
        rows = [[Button(f"{_short(s.subject, 28)} · {_short(s.award_name, 22)} {s.year}",
                        callback_data=f"kx:{s.id}")] for s in found]
        nav = []
        if page > 1:
            nav.append(Button(ctx.t("nav.prev"), callback_data=f"ke:l:{field}:{data[2]}:{page - 1}"))
        if page * PAGE < total:
            nav.append(Button(ctx.t("nav.next"), callback_data=f"ke:l:{field}:{data[2]}:{page + 1}"))
        if nav:
            rows.append(nav)
        rows.append([Button(ctx.t("nav.back"), callback_data=f"ke:y:{field}")])
        head = ctx.t("story.browse_list", field=field_label, year=year or ctx.t("story.all_years"),
                     n=total)
        await ctx.answer()
        await ctx.edit(head if found else Markup(f"{head}\n{ctx.t('story.browse_empty')}"), rows)
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)


async def _no_field(ctx: Context, year: int | None, page: int,
                    ) -> tuple[Sequence[ExemplarStory], int]:
    query = select(ExemplarStory).where(col(ExemplarStory.field_code).is_(None))
    if year is not None:
        query = query.where(ExemplarStory.year == year)
    rows = list((await ctx.session.exec(query.order_by(col(ExemplarStory.id).desc()))).all())
    return rows[(page - 1) * PAGE: page * PAGE], len(rows)


@router.callback("kx")
async def story_card(ctx: Context, data: list[str]) -> None:
    if not data or not data[0].isdigit():
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    story = await ctx.session.get(ExemplarStory, int(data[0]))
    if story is None:
        await ctx.answer(ctx.t("story.not_found"), alert=True)
        return
    unit = await ctx.session.get(Unit, story.unit_id) if story.unit_id else None
    names = await _field_names(ctx)
    decision = ctx.t("story.decision", number=story.decision_number) if story.decision_number \
        else ""
    card = ctx.t("story.card", name=story.subject, unit=unit.name if unit else "",
                 award=story.award_name, year=story.year, decision=decision,
                 field=names.get(story.field_code or "", "—"), summary=_short(story.summary, 600))
    if not ctx.msg.is_private:
        # In a group, the button answers with a short note (Telegram allows 200 characters).
        await ctx.answer(_short(f"{story.subject} – {story.award_name} {story.year}"
                                f"{' – ' + story.decision_number if story.decision_number else ''}",
                                190), alert=True)
        return
    await ctx.answer()
    if len(data) > 1 and data[1] == "r" and story.source_chat_id and story.source_message_id:
        await outbox.enqueue(ctx.session, ctx.msg.chat_id, OutboxMethod.COPY_MESSAGE,
                             {"from_chat_id": story.source_chat_id,
                              "message_id": story.source_message_id},
                             source_update_id=ctx.msg.update_id)
        return
    await ctx.reply(card, [[Button(ctx.t("story.btn_read"), callback_data=f"kx:{story.id}:r")]])
