"""Directives: /broadcast (compose, pick the audience, schedule, confirm), /directives (the register),
and the "✅ Đã nhận" button every person receives with a directive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers import document_header, menu
from handlers.audience import Picker, audience_summary
from handlers.chat import Button, ContentKind, Incoming, Keyboard
from handlers.context import Context
from handlers.i18n import Markup, Translator
from handlers.labels import button_label
from handlers.router import Router
from handlers.texts import directives as _texts  # noqa: F401  (registers the texts)
from handlers.texts import ops as _ops_texts  # noqa: F401  (registers the texts)
from models import (
    Directive,
    DirectiveStatus,
    Member,
    OutboxMethod,
    Priority,
)
from services import directive_register, directives, members, outbox
from services.directives import Audience, AudienceChoices
from services.errors import DomainError
from services.when import format_short, format_when, parse_when

router = Router(name=__name__)

menu.add("broadcast", "menu.broadcast", menu.LEADS, order=40)
menu.add("directives", "menu.directives", menu.LEADS, order=41)

FLOW = "broadcast"
LIST_PAGE = 8
MAX_NAMES = 60  # names shown per directive in the "not yet acknowledged" list
DETAIL_LIMIT = 3500
ACCEPTED = (ContentKind.TEXT, ContentKind.DOCUMENT, ContentKind.PHOTO)


def _short(text: str, limit: int = 40) -> str:
    return button_label(text, limit)


# -- /broadcast ----------------------------------------------------------------------------------
@router.command("broadcast")
async def broadcast(ctx: Context, member: Member) -> None:
    await directives.require_sender(ctx.session, member)
    await ctx.flow.start(FLOW, "content")
    await ctx.reply(ctx.t("directives.ask_content"))


@router.step(FLOW, "content")
async def receive_content(ctx: Context, msg: Incoming, member: Member) -> None:
    if msg.content not in ACCEPTED or msg.message_id is None:
        await ctx.reply(ctx.t("directives.content_kind"))
        return
    choices = await directives.audience_choices(ctx.session, member)
    audience = Audience()
    if not choices.everyone and len(choices.own_fields) == 1:
        audience.fields = sorted(choices.own_fields)  # a field lead's one field, preselected
    await ctx.flow.goto(
        "audience",
        src_chat=msg.chat_id, src_msg=msg.message_id, kind=msg.content.value,
        snippet=_short(msg.text or "", 80),
        file_name=_short(msg.file.file_name or "", 60) if msg.file else "",
        audience=audience.to_json(), number=None, title="", send_at=None,
    )
    await ctx.reply(*await audience_menu(ctx, choices, audience))


def _audience(ctx: Context) -> Audience:
    return Audience.from_json(ctx.flow.data.get("audience"))


PICKER = Picker("bc")


async def audience_menu(ctx: Context, choices: AudienceChoices,
                        draft: Audience) -> tuple[Markup, Keyboard]:
    t = ctx.t
    rows = PICKER.rows(ctx, choices, draft)
    rows.append([Button(t("nav.cancel"), callback_data="bc:x"),
                 Button(t("directives.btn_continue"), callback_data="bc:next")])
    return t("directives.audience_title",
             summary=await audience_summary(ctx, draft, choices)), rows


@router.callback("bc")
async def compose_button(ctx: Context, member: Member, data: list[str]) -> None:
    if not ctx.flow.active(FLOW) or ctx.flow.step == "content" or not data:
        await ctx.answer(ctx.t("directives.flow_gone"), alert=True)
        return
    action = data[0]
    if action == "x":
        await ctx.flow.clear()
        await ctx.answer()
        await ctx.edit(ctx.t("common.cancelled"))
        return
    choices = await directives.audience_choices(ctx.session, member)
    draft = _audience(ctx)
    if action == "m":
        await ctx.flow.goto("audience")  # back from the preview to the recipients

    async def save(changed: Audience) -> None:
        await ctx.flow.update(audience=changed.to_json())

    async def main(changed: Audience) -> tuple[Markup, Keyboard]:
        return await audience_menu(ctx, choices, changed)

    if await PICKER.handle(ctx, data, draft, choices, save=save, main=main):
        return
    if action == "next":
        if draft.is_empty():
            await ctx.answer(ctx.t("directives.no_audience"), alert=True)
            return
        await show_preview(ctx, choices, draft, edit=True)
        return
    if action == "meta":
        await ctx.flow.goto("meta")
        await ctx.answer()
        await ctx.reply(ctx.t("directives.ask_meta"))
        return
    if action == "when":
        await ctx.flow.goto("when")
        await ctx.answer()
        await ctx.reply(ctx.t("directives.ask_when"))
        return
    if action == "now":
        await ctx.flow.update(send_at=None)
        await show_preview(ctx, choices, draft, edit=True)
        return
    if action == "ok":
        await confirm(ctx, member, draft)
        return
    await ctx.answer(ctx.t("common.stale_button"), alert=True)


def _content(ctx: Context, data: dict[str, Any]) -> Markup:
    kind = data.get("kind")
    if kind == ContentKind.DOCUMENT.value:
        return ctx.t("directives.content_document", name=data.get("file_name") or "…")
    if kind == ContentKind.PHOTO.value:
        return ctx.t("directives.content_photo", snippet=data.get("snippet") or "…")
    return ctx.t("directives.content_text", snippet=data.get("snippet") or "…")


def _send_at(data: dict[str, Any]) -> datetime | None:
    raw = data.get("send_at")
    return datetime.fromisoformat(raw) if raw else None


async def show_preview(ctx: Context, choices: AudienceChoices, audience: Audience, *,
                       edit: bool) -> None:
    t = ctx.t
    recipients = await directives.resolve_audience(ctx.session, audience)
    if not recipients:
        await ctx.answer(t("directives.empty_audience"), alert=True)
        return
    await ctx.flow.goto("preview")
    data = ctx.flow.data
    send_at = _send_at(data)
    people = sum(1 for r in recipients if r.is_person)
    text = t(
        "directives.preview",
        content=_content(ctx, data),
        number=data.get("number") or t("directives.not_set"),
        title=data.get("title") or t("directives.not_set"),
        summary=await audience_summary(ctx, audience, choices),
        people=people, groups=len(recipients) - people,
        when=format_when(send_at, language=ctx.lang.value, tz=ctx.config.timezone)
        if send_at else t("directives.when_now"),
    )
    keyboard: Keyboard = [
        [Button(t("directives.btn_meta"), callback_data="bc:meta"),
         Button(t("directives.btn_now") if send_at else t("directives.btn_when"),
                callback_data="bc:now" if send_at else "bc:when")],
        [Button(t("directives.btn_audience"), callback_data="bc:m:main")],
        [Button(t("nav.cancel"), callback_data="bc:x"),
         Button(t("directives.btn_confirm_at" if send_at else "directives.btn_confirm_now"),
                callback_data="bc:ok")],
    ]
    if edit:
        await ctx.answer()
        await ctx.edit(text, keyboard)
    else:
        await ctx.reply(text, keyboard)


@router.step(FLOW, "meta")
async def receive_meta(ctx: Context, msg: Incoming, member: Member) -> None:
    if msg.content != ContentKind.TEXT or not msg.text or not msg.text.strip():
        await ctx.reply(ctx.t("directives.ask_meta"))
        return
    text = " ".join(msg.text.split())
    number: str | None
    if text == "-":
        number, title = None, ""
    elif "|" in text:
        head, _, tail = text.partition("|")
        number, title = head.strip() or None, tail.strip()
    else:
        first, _, rest = text.partition(" ")
        looks_like_number = "/" in first and any(ch.isdigit() for ch in first)
        number, title = (first, rest.strip()) if looks_like_number else (None, text)
    if (number and len(number) > directives.MAX_NUMBER) or len(title) > directives.MAX_TITLE:
        await ctx.reply(ctx.t("directives.meta_too_long", number_limit=directives.MAX_NUMBER,
                              title_limit=directives.MAX_TITLE))
        return
    await ctx.flow.update(number=number, title=title)
    choices = await directives.audience_choices(ctx.session, member)
    await show_preview(ctx, choices, _audience(ctx), edit=False)


@router.step(FLOW, "when")
async def receive_when(ctx: Context, msg: Incoming, member: Member) -> None:
    if msg.content != ContentKind.TEXT or not msg.text:
        await ctx.reply(ctx.t("directives.ask_when"))
        return
    try:
        moment = parse_when(msg.text, now=ctx.now(), tz=ctx.config.timezone,
                            language=ctx.lang.value)
    except DomainError as error:
        await ctx.reply(ctx.t(f"error.{error.code}", **error.params))
        return
    await ctx.flow.update(send_at=moment.isoformat())
    choices = await directives.audience_choices(ctx.session, member)
    await show_preview(ctx, choices, _audience(ctx), edit=False)


@router.step(FLOW, None)
async def other_step(ctx: Context) -> None:
    """Text sent while the draft waits for a button: say what the draft is waiting for."""
    await ctx.reply(ctx.t("directives.use_buttons"))


async def confirm(ctx: Context, member: Member, audience: Audience) -> None:
    data = ctx.flow.data
    send_at = _send_at(data)
    try:
        directive = await directives.create_directive(
            ctx.session, actor=member, title=data.get("title") or "",
            number=data.get("number"), body_html=None, source_chat_id=data.get("src_chat"),
            source_message_id=data.get("src_msg"), audience=audience, send_at=send_at,
            now=ctx.now(), header_html=await document_header.header(
                ctx.session, member, number=data.get("number"), title=data.get("title")))
    except DomainError as error:
        if error.code.startswith("access"):
            raise
        # Keep the draft (e.g. the scheduled time passed while it waited): say why, stay here.
        await ctx.answer(str(ctx.t(f"error.{error.code}", **error.params))[:200], alert=True)
        return
    await ctx.flow.clear()
    await ctx.answer()
    if send_at is None:
        await ctx.edit(ctx.t("directives.started", number=directive.id,
                             count=directive.recipient_count))
    else:
        await ctx.edit(ctx.t("directives.scheduled", number=directive.id,
                             when=format_when(send_at, language=ctx.lang.value,
                                              tz=ctx.config.timezone)))


# -- the "✅ Đã nhận" button ---------------------------------------------------------------------
def acked_keyboard(ctx: Context, directive: Directive, recipient_id: int, when: datetime,
                   *, original: bool) -> Keyboard:
    rows: Keyboard = []
    if original:
        for row in directive.extra_buttons or []:
            rows.append([Button.from_json(b) for b in row])
    label = ctx.t("directives.acked_button", time=format_short(when, tz=ctx.config.timezone))
    rows.append([Button(label, callback_data=directives.ack_data(recipient_id))])
    return rows


@router.callback("ack")
async def acknowledge(ctx: Context, msg: Incoming, member: Member, data: list[str]) -> None:
    if not data or not data[0].isdigit():
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    ack = await directive_register.acknowledge(ctx.session, actor=member, recipient_id=int(data[0]),
                                               now=ctx.now())
    recipient = ack.recipient
    assert recipient.id is not None and recipient.acknowledged_at is not None
    when = format_short(recipient.acknowledged_at, tz=ctx.config.timezone)
    if not ack.newly:
        await ctx.answer(ctx.t("directives.ack_already", time=when))
        return
    await ctx.answer(ctx.t("directives.ack_thanks"))
    # Every copy the person got (the directive and its reminder) shows the acknowledgement.
    pressed_done = False
    for outbox_id, message_id in await directive_register.recipient_with_copies(ctx.session, recipient):
        keyboard = acked_keyboard(ctx, ack.directive, recipient.id, recipient.acknowledged_at,
                                  original=outbox_id == recipient.outbox_id)
        if message_id == msg.message_id:
            await ctx.edit_keyboard(keyboard)
            pressed_done = True
        else:
            await outbox.enqueue(ctx.session, recipient.chat_id, OutboxMethod.EDIT_MESSAGE_KEYBOARD,
                                 {"message_id": message_id,
                                  "keyboard": [[b.to_json() for b in row] for row in keyboard]},
                                 priority=Priority.REPLY, source_update_id=msg.update_id)
    if not pressed_done:
        await ctx.edit_keyboard(acked_keyboard(ctx, ack.directive, recipient.id,
                                               recipient.acknowledged_at, original=True))


# -- /directives: the register -------------------------------------------------------------------
def _label(d: Directive, t: Translator, tz: Any) -> str:
    """Its số hiệu and trích yếu; without either, when it was sent ("văn bản gửi 08:06 30/11")."""
    parts = [p for p in (d.number, _short(d.title, 80)) if p]
    if parts:
        return " · ".join(parts)
    return str(t("directives.untitled", when=format_short(d.send_at or d.created_at, tz=tz)))


def _status(ctx: Context, d: Directive) -> Markup:
    if d.status == DirectiveStatus.SCHEDULED:
        return ctx.t("directives.status_scheduled",
                     when=format_when(d.send_at, language=ctx.lang.value, tz=ctx.config.timezone))
    return ctx.t(f"directives.status_{d.status.value}")


def _rate(counts: directive_register.DeliveryCounts) -> str:
    return f"{counts.ack_rate * 100:.0f}"


@router.command("directives")
async def list_command(ctx: Context, member: Member, args: str) -> None:
    page = int(args) if args.strip().isdigit() else 1
    await ctx.reply(*await list_page(ctx, member, page))


async def list_page(ctx: Context, member: Member, page: int) -> tuple[Markup, Keyboard | None]:
    page = max(1, min(page, 1000))
    rows, more = await directive_register.list_directives(ctx.session, actor=member, limit=LIST_PAGE,
                                                          offset=(page - 1) * LIST_PAGE)
    if not rows:
        return ctx.t("directives.list_empty"), None
    counts = await directive_register.delivery_counts(ctx.session, [d.id for d in rows if d.id])
    lines = [ctx.t("directives.list_title", page=page)]
    keyboard: Keyboard = []
    tz = ctx.config.timezone
    for d in rows:
        assert d.id is not None
        c = counts[d.id]
        # Failures and blocked chats are named only when there are some.
        problems = "".join(str(ctx.t(f"directives.list_{name}", n=n)) for name, n in
                           (("failed", c.failed), ("blocked", c.blocked)) if n)
        lines.append(ctx.t("directives.list_line", id=d.id, label=_label(d, ctx.t, tz),
                           status=_status(ctx, d), sent=c.sent, total=c.recipients,
                           problems=Markup(problems), acked=c.acknowledged,
                           people=c.people_sent, rate=_rate(c)))  # groups do not acknowledge
        if c.uncertain:
            lines.append(ctx.t("delivery.list_uncertain", n=c.uncertain))
        keyboard.append([Button(f"#{d.id} {_short(_label(d, ctx.t, tz), 30)}",
                                callback_data=f"dr:o:{d.id}")])
    nav: list[Button] = []
    if page > 1:
        nav.append(Button(ctx.t("nav.prev"), callback_data=f"dr:p:{page - 1}"))
    if more:
        nav.append(Button(ctx.t("nav.next"), callback_data=f"dr:p:{page + 1}"))
    if nav:
        keyboard.append(nav)
    return Markup("\n".join(lines)), keyboard


async def detail(ctx: Context, member: Member, directive_id: int) -> tuple[Markup, Keyboard]:
    report = await directive_register.delivery_report(ctx.session, actor=member, directive_id=directive_id)
    d, c = report.directive, report.counts
    assert d.id is not None
    t = ctx.t
    lines = [t("directives.detail", id=d.id, label=_label(d, t, ctx.config.timezone),
               status=_status(ctx, d),
               total=c.recipients, people=c.people, groups=c.groups, sent=c.sent,
               pending=c.pending, failed=c.failed, blocked=c.blocked, cancelled=c.cancelled,
               migrated=t("directives.migrated_line", n=c.migrated) if c.migrated else Markup(""),
               acked=c.acknowledged, people_sent=c.people_sent,
               rate=_rate(c))]
    if c.uncertain:
        lines.append(t("delivery.uncertain", n=c.uncertain))
    if d.reminded_at is not None:
        lines.append(t("directives.reminded_at", when=format_short(d.reminded_at,
                                                                   tz=ctx.config.timezone)))
    if report.unacknowledged:
        lines.append(t("directives.unacked_title"))
        shown = 0
        length = sum(len(line) for line in lines)
        for group in report.unacknowledged:
            names = [name for _, name in group.people]
            room = max(0, MAX_NAMES - shown)
            line = t("directives.unacked_line", unit=group.unit_name or t("directives.no_unit"),
                     names=", ".join(names[:room]))
            if room == 0 or length + len(line) > DETAIL_LIMIT:
                break
            lines.append(line)
            length += len(line)
            shown += min(room, len(names))
        hidden = report.unacknowledged_count - shown
        if hidden > 0:
            lines.append(t("directives.and_more", n=hidden))
    keyboard: Keyboard = []
    if (report.unacknowledged_count and d.reminded_at is None
            and d.status in (DirectiveStatus.SENDING, DirectiveStatus.SENT)):
        keyboard.append([Button(t("directives.btn_remind", n=report.unacknowledged_count),
                                callback_data=f"dr:r:{d.id}")])
    if d.status in (DirectiveStatus.SCHEDULED, DirectiveStatus.SENDING):
        key = "directives.btn_cancel" if d.status == DirectiveStatus.SCHEDULED \
            else "directives.btn_stop"
        keyboard.append([Button(t(key), callback_data=f"dr:c:{d.id}")])
    keyboard.append([Button(t("directives.btn_list"), callback_data="dr:p:1"),
                     Button(t("directives.btn_refresh"), callback_data=f"dr:o:{d.id}")])
    return Markup("\n".join(lines)), keyboard


@router.callback("dr")
async def register_button(ctx: Context, member: Member, data: list[str]) -> None:
    action = data[0] if data else ""
    arg = int(data[1]) if len(data) > 1 and data[1].isdigit() else None
    if arg is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    if action == "p":
        await ctx.answer()
        await ctx.edit(*await list_page(ctx, member, arg))
    elif action == "o":
        await ctx.answer()
        await ctx.edit(*await detail(ctx, member, arg))
    elif action == "r":
        await remind(ctx, member, arg)
    elif action == "c":
        await directives.get_directive(ctx.session, member, arg, action="directive.cancel")
        await ctx.answer()
        await ctx.edit(ctx.t("directives.cancel_confirm", id=arg),
                       [[Button(ctx.t("nav.back"), callback_data=f"dr:o:{arg}"),
                         Button(ctx.t("directives.btn_cancel_yes"), callback_data=f"dr:cy:{arg}")]])
    elif action == "cy":
        await directives.cancel_scheduled(ctx.session, actor=member, directive_id=arg, now=ctx.now())
        await ctx.answer(ctx.t("directives.cancelled", id=arg))
        await ctx.edit(*await detail(ctx, member, arg))
    else:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)


async def remind(ctx: Context, member: Member, directive_id: int) -> None:
    targets = await directive_register.remind_unacknowledged(ctx.session, actor=member,
                                                             directive_id=directive_id, now=ctx.now())
    directive = await directives.get_directive(ctx.session, member, directive_id)
    label = f"#{directive_id} {_label(directive, ctx.t, ctx.config.timezone)}"
    for r in targets:
        person = await members.get_by_telegram_id(ctx.session, r.chat_id)
        t = Translator(person.language if person else ctx.lang)
        assert r.id is not None
        await outbox.enqueue(
            ctx.session, r.chat_id, OutboxMethod.SEND_MESSAGE,
            {"text": t("directives.reminder", label=label),
             "keyboard": [[{"text": directives.ACK_LABELS[t.language],
                            "callback_data": directives.ack_data(r.id)}]]},
            priority=Priority.BULK,
            dedupe_key=directive_register.reminder_dedupe_key(directive_id, r.chat_id),
            ref=f"directive-remind:{directive_id}")
    await ctx.answer(ctx.t("directives.reminded", n=len(targets)))
    await ctx.edit(*await detail(ctx, member, directive_id))
