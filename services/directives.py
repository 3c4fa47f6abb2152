"""Directives: the audience, compose, schedule, release to the outbox, cancel.

A directive goes to its recipients as one outbox row each, keyed ``directive:{id}:{chat_id}``, and
one ``DirectiveRecipient`` row each (unique per chat): releasing twice, or resuming after a crash,
never gives anyone a second copy. What is due lives in the ``directive`` table; the scheduler's
sweep (:func:`release_due`) releases it, however late it runs. What became of the copies
(acknowledgements, counts, reports, reminders) is :mod:`services.directive_register`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    ChatGroup,
    Directive,
    DirectiveKind,
    DirectiveRecipient,
    DirectiveStatus,
    EmulationField,
    GroupField,
    Language,
    Member,
    OutboxMessage,
    OutboxMethod,
    Priority,
    Role,
    Unit,
    UnitField,
)
from services import audit, members, outbox
from services.errors import AccessDenied, DomainError, NotFound
from services.text import clean_line

# The acknowledgement button goes out with every directive to a person, so its label lives with
# the release (which also runs from the scheduler, outside any conversation).
ACK_LABELS = {Language.VI: "✅ Đã nhận", Language.EN: "✅ Received"}
ACK_PREFIX = "ack"
MAX_TITLE = 300
MAX_NUMBER = 64
MAX_BODY = 4096
RELEASE_BATCH = 20
SENDERS = (Role.ADMIN, Role.FIELD_LEAD)
MEMBER_ROLES = (Role.OFFICER, Role.COUNCIL, Role.FIELD_LEAD, Role.ADMIN)


def ref_of(directive_id: int) -> str:
    """The outbox ``ref`` of a directive's deliveries (one row per recipient)."""
    return f"directive:{directive_id}"


def dedupe_key(directive_id: int, chat_id: int) -> str:
    return f"directive:{directive_id}:{chat_id}"


def ack_data(recipient_id: int) -> str:
    return f"{ACK_PREFIX}:{recipient_id}"


# -- audience ----------------------------------------------------------------------------------
@dataclass
class Audience:
    """Who a directive goes to.

    ``everyone``: every active member (and, with ``include_subscribed_groups``, every active staff
    group). Otherwise the member filters narrow one another — fields AND units AND roles, each a
    choice of any of its values — and groups are those named in ``group_chat_ids`` plus, with
    ``include_subscribed_groups``, those subscribed to any of ``fields``.
    """

    everyone: bool = False
    fields: list[str] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    group_chat_ids: list[int] = field(default_factory=list)
    include_subscribed_groups: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "everyone": self.everyone,
            "fields": sorted(set(self.fields)),
            "unit_ids": sorted({int(u) for u in self.unit_ids}),
            "roles": sorted({Role(r).value for r in self.roles}),
            "group_chat_ids": sorted({int(c) for c in self.group_chat_ids}),
            "include_subscribed_groups": self.include_subscribed_groups,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Audience:
        data = data or {}
        return cls(
            everyone=bool(data.get("everyone", False)),
            fields=[str(f) for f in data.get("fields", [])],
            unit_ids=[int(u) for u in data.get("unit_ids", [])],
            roles=[Role(r) for r in data.get("roles", [])],
            group_chat_ids=[int(c) for c in data.get("group_chat_ids", [])],
            include_subscribed_groups=bool(data.get("include_subscribed_groups", True)),
        )

    @property
    def selects_members(self) -> bool:
        return self.everyone or bool(self.fields or self.unit_ids or self.roles)

    def is_empty(self) -> bool:
        return not self.selects_members and not self.group_chat_ids


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    member_id: int | None = None
    chat_group_id: int | None = None
    unit_id: int | None = None
    language: Language = Language.VI

    @property
    def is_person(self) -> bool:
        return self.member_id is not None


async def resolve_audience(session: AsyncSession, audience: Audience) -> list[Recipient]:
    """The people (active, reachable, with a role) and staff groups an audience names, once each."""
    found: dict[int, Recipient] = {}
    if audience.selects_members:
        query = select(Member).where(
            col(Member.is_active).is_(True),
            col(Member.blocked_bot).is_(False),
            col(Member.role).in_(MEMBER_ROLES),
        )
        if not audience.everyone:
            if audience.fields:
                in_field_units = select(UnitField.unit_id).where(
                    col(UnitField.field_code).in_(audience.fields))
                query = query.where(
                    col(Member.field_code).in_(audience.fields)
                    | col(Member.unit_id).in_(in_field_units)
                )
            if audience.unit_ids:
                query = query.where(col(Member.unit_id).in_(audience.unit_ids))
            if audience.roles:
                query = query.where(col(Member.role).in_(audience.roles))
        for m in (await session.exec(query.order_by(col(Member.id)))).all():
            assert m.id is not None
            found.setdefault(m.telegram_id, Recipient(m.telegram_id, member_id=m.id,
                                                      unit_id=m.unit_id, language=m.language))

    group_query = None
    if audience.everyone and audience.include_subscribed_groups:
        group_query = select(ChatGroup).where(col(ChatGroup.is_active).is_(True))
    else:
        conditions = []
        if audience.group_chat_ids:
            conditions.append(col(ChatGroup.chat_id).in_(audience.group_chat_ids))
        if audience.fields and audience.include_subscribed_groups:
            subscribed = select(GroupField.chat_group_id).where(
                col(GroupField.field_code).in_(audience.fields))
            conditions.append(col(ChatGroup.id).in_(subscribed))
        if conditions:
            either = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
            group_query = select(ChatGroup).where(col(ChatGroup.is_active).is_(True), either)
    if group_query is not None:
        for g in (await session.exec(group_query.order_by(col(ChatGroup.id)))).all():
            found.setdefault(g.chat_id, Recipient(g.chat_id, chat_group_id=g.id))
    return list(found.values())


async def own_fields(session: AsyncSession, member: Member) -> set[str]:
    """The fields a field lead speaks for: their own, and those their unit leads."""
    fields = {member.field_code} if member.field_code else set()
    if member.unit_id is not None:
        led = await session.exec(select(EmulationField.code).where(
            EmulationField.lead_unit_id == member.unit_id))
        fields.update(led.all())
    return fields


async def require_sender(session: AsyncSession, actor: Member | None) -> Member:
    """Admins, and field leads who lead at least one field, may broadcast."""
    member = members.require_role(actor, *SENDERS, action="directive.create")
    if member.role == Role.FIELD_LEAD and not await own_fields(session, member):
        raise AccessDenied("directive.create", reason="no_field")
    return member


async def check_audience_scope(session: AsyncSession, actor: Member, audience: Audience) -> None:
    """A field lead reaches only their own fields: named fields, and groups subscribed to them."""
    if actor.role == Role.ADMIN:
        return
    mine = await own_fields(session, actor)
    if audience.everyone or not audience.fields or not set(audience.fields) <= mine:
        raise AccessDenied("directive.create", target="audience", fields=sorted(audience.fields))
    if audience.group_chat_ids:
        allowed = await session.exec(
            select(ChatGroup.chat_id).join(GroupField, col(GroupField.chat_group_id) == ChatGroup.id)
            .where(col(GroupField.field_code).in_(mine))
        )
        if not set(audience.group_chat_ids) <= set(allowed.all()):
            raise AccessDenied("directive.create", target="audience.groups")


@dataclass
class AudienceChoices:
    """What a sender may pick from: (code, name) fields, (id, name) units, (chat id, title) groups."""

    fields: list[tuple[str, str, str]]  # (code, Vietnamese name, English name)
    units: list[tuple[int, str]]
    groups: list[tuple[int, str]]
    everyone: bool  # only admins may address everyone
    own_fields: set[str]


async def audience_choices(session: AsyncSession, actor: Member | None) -> AudienceChoices:
    sender = await require_sender(session, actor)
    is_admin = sender.role == Role.ADMIN
    mine = set() if is_admin else await own_fields(session, sender)
    field_query = select(EmulationField).order_by(col(EmulationField.position),
                                                  col(EmulationField.code))
    fields = [(f.code, f.name_vi, f.name_en) for f in (await session.exec(field_query)).all()
              if is_admin or f.code in mine]
    unit_rows = await session.exec(select(Unit).where(col(Unit.is_active).is_(True))
                                   .order_by(col(Unit.name)))
    units = [(u.id, u.name) for u in unit_rows.all() if u.id is not None]
    group_query = select(ChatGroup).where(col(ChatGroup.is_active).is_(True))
    if not is_admin:
        subscribed = select(GroupField.chat_group_id).where(col(GroupField.field_code).in_(mine))
        group_query = group_query.where(col(ChatGroup.id).in_(subscribed))
    groups = [(g.chat_id, g.title) for g in
              (await session.exec(group_query.order_by(col(ChatGroup.title)))).all()]
    return AudienceChoices(fields, units, groups, is_admin, mine)


# -- compose and release -------------------------------------------------------------------------
async def create_directive(
    session: AsyncSession,
    *,
    actor: Member | None,
    title: str,
    number: str | None,
    body_html: str | None,
    source_chat_id: int | None,
    source_message_id: int | None,
    audience: Audience,
    send_at: datetime | None,
    now: datetime,
    extra_buttons: list[list[dict[str, str]]] | None = None,
    kind: str = "directive",
    ref: str | None = None,
    header_html: str | None = None,
) -> Directive:
    """Register a directive; with ``send_at`` None (or due), release it to the outbox at once.

    ``actor`` None is the system itself (e.g. a campaign launch run by a job). ``body_html`` is
    safe HTML built by the caller; otherwise the message ``source_chat_id``/``source_message_id``
    is copied as it was written.
    """
    if actor is not None:
        await require_sender(session, actor)
        await check_audience_scope(session, actor, audience)
    kind_value = DirectiveKind(kind)
    title = clean_line(title or "", limit=MAX_TITLE + 1)
    number = (clean_line(number, limit=MAX_NUMBER + 1) or None) if number else None
    members.ensure(len(title) <= MAX_TITLE, "directive.title_too_long", limit=MAX_TITLE)
    members.ensure(number is None or len(number) <= MAX_NUMBER, "directive.number_too_long",
                   limit=MAX_NUMBER)
    has_copy = source_chat_id is not None and source_message_id is not None
    members.ensure(bool(body_html) or has_copy, "directive.no_body")
    members.ensure(not body_html or len(body_html) <= MAX_BODY, "directive.body_too_long",
                   limit=MAX_BODY)
    members.ensure(not audience.is_empty(), "directive.no_audience")
    if send_at is not None:
        members.ensure(send_at.tzinfo is not None, "directive.bad_time")
        members.ensure(send_at > now, "directive.time_passed")
    directive = Directive(
        number=number,
        title=title,
        kind=kind_value,
        ref=ref,
        body_html=body_html or None,
        header_html=(header_html or None) if not body_html else None,
        source_chat_id=None if body_html else source_chat_id,
        source_message_id=None if body_html else source_message_id,
        extra_buttons=extra_buttons or None,
        audience=audience.to_json(),
        created_by=actor.telegram_id if actor is not None else None,
        created_at=now,
        send_at=send_at or now,
        status=DirectiveStatus.SCHEDULED,
    )
    session.add(directive)
    await session.flush()
    assert directive.id is not None
    await audit.record(session, actor=directive.created_by, action="directive.create",
                       target=f"directive:{directive.id}", kind=kind_value.value,
                       number=number, send_at=directive.send_at.isoformat(),
                       audience=directive.audience)
    if send_at is None:
        await _claim_and_release(session, directive, now)
    return directive


async def release_due(session: AsyncSession, *, now: datetime) -> int:
    """The sweep: release every scheduled directive whose time has come. Returns how many.

    Idempotent: a directive is claimed by a conditional update (scheduled → sending), and its
    rows are keyed per recipient, so running twice, in parallel, or late sends each copy once.
    """
    due = await session.exec(
        select(Directive)
        .where(Directive.status == DirectiveStatus.SCHEDULED, col(Directive.send_at) <= now)
        .order_by(col(Directive.send_at), col(Directive.id))
        .limit(RELEASE_BATCH)
    )
    released = 0
    for directive in due.all():
        if await _claim_and_release(session, directive, now):
            released += 1
    return released


async def _claim_and_release(session: AsyncSession, directive: Directive, now: datetime) -> bool:
    assert directive.id is not None
    claimed = await session.exec(
        update(Directive)
        .where(col(Directive.id) == directive.id,
               col(Directive.status) == DirectiveStatus.SCHEDULED)
        .values(status=DirectiveStatus.SENDING, released_at=now)
    )
    if not claimed.rowcount:
        return False
    await session.refresh(directive)
    count = await _enqueue_copies(session, directive)
    directive.recipient_count = count
    session.add(directive)
    await audit.record(session, actor=None, action="directive.release",
                       target=f"directive:{directive.id}", recipients=count,
                       late_seconds=max(0, int((now - directive.send_at).total_seconds())))
    await session.flush()
    return True


def _ack_keyboard(directive: Directive, recipient: Recipient, recipient_id: int,
                  ) -> list[list[dict[str, str]]] | None:
    rows = [list(row) for row in (directive.extra_buttons or [])]
    if recipient.is_person and directive.kind != DirectiveKind.EXEMPLAR_INFO:
        rows.append([{"text": ACK_LABELS.get(recipient.language, ACK_LABELS[Language.VI]),
                      "callback_data": ack_data(recipient_id)}])
    return rows or None


def delivery_payload(directive: Directive, keyboard: list[list[dict[str, str]]] | None,
                     ) -> tuple[OutboxMethod, dict[str, Any]]:
    if directive.body_html:
        return OutboxMethod.SEND_MESSAGE, {"text": directive.body_html, "keyboard": keyboard}
    return OutboxMethod.COPY_MESSAGE, {"from_chat_id": directive.source_chat_id,
                                       "message_id": directive.source_message_id,
                                       "keyboard": keyboard}


async def _enqueue_copies(session: AsyncSession, directive: Directive) -> int:
    """One recipient row and one outbox row per recipient not already given this directive."""
    assert directive.id is not None
    targets = await resolve_audience(session, Audience.from_json(directive.audience))
    existing = set((await session.exec(
        select(DirectiveRecipient.chat_id).where(DirectiveRecipient.directive_id == directive.id)
    )).all())
    fresh = [r for r in targets if r.chat_id not in existing]
    rows = [DirectiveRecipient(directive_id=directive.id, chat_id=r.chat_id, member_id=r.member_id,
                               chat_group_id=r.chat_group_id, unit_id=r.unit_id) for r in fresh]
    session.add_all(rows)
    await session.flush()
    copies = []
    for target, row in zip(fresh, rows, strict=True):
        assert row.id is not None
        if directive.header_html:  # the header first: the copy follows it in the same chat
            copies.append((target.chat_id, OutboxMethod.SEND_MESSAGE,
                           {"text": directive.header_html, "keyboard": None},
                           dedupe_key(directive.id, target.chat_id) + ":h"))
        method, payload = delivery_payload(directive, _ack_keyboard(directive, target, row.id))
        copies.append((target.chat_id, method, payload, dedupe_key(directive.id, target.chat_id)))
    await outbox.enqueue_many(session, copies, priority=Priority.BULK, ref=ref_of(directive.id))
    ids = dict((await session.exec(
        select(OutboxMessage.dedupe_key, OutboxMessage.id)
        .where(OutboxMessage.ref == ref_of(directive.id))
    )).all())
    for row in rows:
        row.outbox_id = ids.get(dedupe_key(directive.id, row.chat_id))
    session.add_all(rows)
    await session.flush()
    return len(existing) + len(fresh)


# -- managing: who may see a directive, withdrawing it ---------------------------------------------
async def get_directive(session: AsyncSession, actor: Member | None, directive_id: int,
                        *, action: str = "directive.view") -> Directive:
    directive = await session.get(Directive, directive_id)
    if directive is None:
        raise NotFound("directive", number=directive_id)
    if not await can_manage(session, actor, directive):
        raise AccessDenied(action, target=f"directive:{directive_id}")
    return directive


async def can_manage(session: AsyncSession, actor: Member | None, directive: Directive) -> bool:
    """Admins see and manage every directive; a field lead those they sent or of their own fields."""
    if actor is None or not actor.is_active or actor.role not in SENDERS:
        return False
    if actor.role == Role.ADMIN or directive.created_by == actor.telegram_id:
        return True
    fields = set(Audience.from_json(directive.audience).fields)
    return bool(fields) and fields <= await own_fields(session, actor)


async def cancel_scheduled(session: AsyncSession, *, actor: Member | None, directive_id: int,
                           now: datetime) -> Directive:
    """Withdraw a scheduled directive (or stop one mid-broadcast: its pending copies are cancelled)."""
    directive = await get_directive(session, actor, directive_id, action="directive.cancel")
    members.ensure(directive.status in (DirectiveStatus.SCHEDULED, DirectiveStatus.DRAFT,
                                        DirectiveStatus.SENDING), "directive.not_cancellable")
    previous = directive.status
    claimed = await session.exec(
        update(Directive)
        .where(col(Directive.id) == directive_id, col(Directive.status) == previous)
        .values(status=DirectiveStatus.CANCELLED, cancelled_at=now)
    )
    members.ensure(bool(claimed.rowcount), "directive.not_cancellable")
    stopped = await outbox.cancel(session, ref=ref_of(directive_id))
    await session.refresh(directive)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="directive.cancel", target=f"directive:{directive_id}",
                       previous=previous.value, stopped=stopped)
    await session.flush()
    return directive


__all__ = [
    "ACK_LABELS",
    "Audience",
    "AudienceChoices",
    "DomainError",
    "Recipient",
    "audience_choices",
    "can_manage",
    "cancel_scheduled",
    "create_directive",
    "get_directive",
    "release_due",
    "resolve_audience",
]
