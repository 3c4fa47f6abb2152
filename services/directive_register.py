"""The directive register: what became of each copy, and what the sender does about it.

A person acknowledges ("Đã nhận"); the sender sees counts per directive (from the recipient rows
and their outbox rows), a report of who has not acknowledged by unit, the register page by page,
and may remind the silent ones once. Composing and releasing is :mod:`services.directives`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Directive,
    DirectiveRecipient,
    DirectiveStatus,
    Member,
    OutboxMessage,
    OutboxStatus,
    Role,
    Unit,
)
from services import audit, members
from services.directives import SENDERS, can_manage, dedupe_key, get_directive
from services.errors import AccessDenied, NotFound

# Reasons the sender writes for a 403 (bot blocked by a person, removed from a group).
UNREACHABLE_REASONS = ("blocked", "kicked")


# -- acknowledgements ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Acknowledgement:
    recipient: DirectiveRecipient
    directive: Directive
    newly: bool  # False when the person had already acknowledged (a second press)


async def acknowledge(session: AsyncSession, *, actor: Member, recipient_id: int,
                      now: datetime) -> Acknowledgement:
    """The person presses "Đã nhận". Only the recipient themselves may; a second press changes nothing."""
    recipient = await session.get(DirectiveRecipient, recipient_id)
    if recipient is None or recipient.member_id is None or recipient.member_id != actor.id \
            or recipient.chat_id != actor.telegram_id:
        raise AccessDenied("directive.ack", target=f"directive_recipient:{recipient_id}")
    directive = await session.get(Directive, recipient.directive_id)
    if directive is None:
        raise NotFound("directive")
    if recipient.acknowledged_at is not None:
        return Acknowledgement(recipient, directive, newly=False)
    recipient.acknowledged_at = now
    session.add(recipient)
    await audit.record(session, actor=actor.telegram_id, action="directive.ack",
                       target=f"directive:{directive.id}", recipient=recipient_id)
    await session.flush()
    return Acknowledgement(recipient, directive, newly=True)


# -- reports ---------------------------------------------------------------------------------------
@dataclass
class DeliveryCounts:
    recipients: int = 0
    people: int = 0
    groups: int = 0
    pending: int = 0
    sent: int = 0
    failed: int = 0  # failed for a reason other than the ones below
    blocked: int = 0  # the person blocked the bot, or the bot was removed from the group
    cancelled: int = 0
    uncertain: int = 0  # timed out twice: may have been delivered ("có thể đã nhận")
    migrated: int = 0  # groups that became supergroups and were followed (counted as sent, too)
    people_sent: int = 0
    acknowledged: int = 0

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.blocked + self.cancelled + self.uncertain

    @property
    def ack_rate(self) -> float:
        """Acknowledged ÷ people it reached (groups cannot acknowledge)."""
        return self.acknowledged / self.people_sent if self.people_sent else 0.0


@dataclass(frozen=True, slots=True)
class Unacknowledged:
    unit_id: int | None
    unit_name: str
    people: list[tuple[int, str]]  # (member id, name)


@dataclass
class DeliveryReport:
    directive: Directive
    counts: DeliveryCounts
    unacknowledged: list[Unacknowledged]

    @property
    def unacknowledged_count(self) -> int:
        return sum(len(u.people) for u in self.unacknowledged)


def is_unreachable(error: str | None) -> bool:
    return bool(error) and str(error).split(":", 1)[0].strip().lower() in UNREACHABLE_REASONS


async def delivery_counts(session: AsyncSession, directive_ids: Iterable[int],
                          ) -> dict[int, DeliveryCounts]:
    """Counts for many directives at once (the /directives list), from recipients and outbox rows."""
    ids = list(directive_ids)
    counts = {i: DeliveryCounts() for i in ids}
    if not ids:
        return counts
    # Seven columns: beyond sqlmodel's typed select(), so SQLAlchemy's.
    result = await session.exec(  # type: ignore[call-overload]
        sa_select(col(DirectiveRecipient.directive_id), col(DirectiveRecipient.chat_id),
                  col(DirectiveRecipient.member_id), col(DirectiveRecipient.acknowledged_at),
                  col(OutboxMessage.status), col(OutboxMessage.error), col(OutboxMessage.chat_id))
        .join(OutboxMessage, col(OutboxMessage.id) == DirectiveRecipient.outbox_id, isouter=True)
        .where(col(DirectiveRecipient.directive_id).in_(ids))
    )
    for directive_id, chat_id, member_id, acked_at, status, error, sent_chat in result.all():
        c = counts[directive_id]
        c.recipients += 1
        is_person = member_id is not None or chat_id > 0
        if is_person:
            c.people += 1
        else:
            c.groups += 1
        if acked_at is not None:
            c.acknowledged += 1
        status = OutboxStatus(status) if status is not None else OutboxStatus.CANCELLED
        if status == OutboxStatus.PENDING:
            c.pending += 1
        elif status == OutboxStatus.SENT:
            c.sent += 1
            if is_person:
                c.people_sent += 1
        elif status == OutboxStatus.CANCELLED:
            c.cancelled += 1
        elif status == OutboxStatus.UNCERTAIN:
            c.uncertain += 1
        elif is_unreachable(error):
            c.blocked += 1
        else:
            c.failed += 1
        if sent_chat is not None and sent_chat != chat_id:
            c.migrated += 1
    return counts


async def delivery_report(session: AsyncSession, *, actor: Member | None,
                          directive_id: int) -> DeliveryReport:
    """Counts, and by unit the people it reached who have not acknowledged."""
    directive = await get_directive(session, actor, directive_id, action="directive.report")
    counts = (await delivery_counts(session, [directive_id]))[directive_id]
    pending_people = await _unacknowledged(session, directive_id)
    by_unit: dict[int | None, list[tuple[int, str]]] = {}
    for recipient, member in pending_people:
        assert member.id is not None
        by_unit.setdefault(recipient.unit_id, []).append((member.id, member.full_name))
    unit_ids = [u for u in by_unit if u is not None]
    names: dict[int, str] = {}
    if unit_ids:
        rows = await session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(unit_ids)))
        names = {uid: name for uid, name in rows.all() if uid is not None}
    groups = [Unacknowledged(uid, names.get(uid, "") if uid is not None else "", people)
              for uid, people in by_unit.items()]
    groups.sort(key=lambda g: (g.unit_id is None, g.unit_name.casefold()))
    return DeliveryReport(directive, counts, groups)


async def _unacknowledged(session: AsyncSession, directive_id: int,
                          ) -> Sequence[tuple[DirectiveRecipient, Member]]:
    """People the directive reached (sent) who have not pressed "Đã nhận"."""
    result = await session.exec(
        select(DirectiveRecipient, Member)
        .join(Member, col(Member.id) == DirectiveRecipient.member_id)
        .join(OutboxMessage, col(OutboxMessage.id) == DirectiveRecipient.outbox_id)
        .where(DirectiveRecipient.directive_id == directive_id,
               col(DirectiveRecipient.acknowledged_at).is_(None),
               OutboxMessage.status == OutboxStatus.SENT)
        .order_by(col(Member.full_name))
    )
    return result.all()


async def list_directives(session: AsyncSession, *, actor: Member | None,
                          statuses: Iterable[DirectiveStatus] | None = None,
                          limit: int = 10, offset: int = 0) -> tuple[list[Directive], bool]:
    """The register, newest first, as far as the actor may see it. Returns (page, has_more)."""
    members.require_role(actor, *SENDERS, action="directive.list")
    assert actor is not None
    query = select(Directive).order_by(col(Directive.id).desc())
    if statuses is not None:
        query = query.where(col(Directive.status).in_(list(statuses)))
    if actor.role == Role.ADMIN:
        rows = list((await session.exec(query.offset(offset).limit(limit + 1))).all())
    else:
        visible = [d for d in (await session.exec(query.limit(2000))).all()
                   if await can_manage(session, actor, d)]
        rows = visible[offset: offset + limit + 1]
    return rows[:limit], len(rows) > limit


# -- reminders -------------------------------------------------------------------------------------
async def remind_unacknowledged(session: AsyncSession, *, actor: Member | None, directive_id: int,
                                now: datetime) -> list[DirectiveRecipient]:
    """Mark, once per directive, the people to remind; the caller queues the reminder messages.

    Returns exactly those the directive reached who have not acknowledged. A second call raises
    ``directive.already_reminded``.
    """
    directive = await get_directive(session, actor, directive_id, action="directive.remind")
    members.ensure(directive.reminded_at is None, "directive.already_reminded")
    members.ensure(directive.status in (DirectiveStatus.SENDING, DirectiveStatus.SENT),
                   "directive.not_sent")
    claimed = await session.exec(
        update(Directive)
        .where(col(Directive.id) == directive_id, col(Directive.reminded_at).is_(None))
        .values(reminded_at=now)
    )
    members.ensure(bool(claimed.rowcount), "directive.already_reminded")
    await session.refresh(directive)
    targets = [recipient for recipient, _member in await _unacknowledged(session, directive_id)]
    for recipient in targets:
        recipient.reminded_at = now
    session.add_all(targets)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="directive.remind", target=f"directive:{directive_id}",
                       people=len(targets))
    await session.flush()
    return targets


def reminder_dedupe_key(directive_id: int, chat_id: int) -> str:
    return f"directive:{directive_id}:remind:{chat_id}"


async def recipient_with_copies(session: AsyncSession, recipient: DirectiveRecipient,
                                ) -> list[tuple[int, int]]:
    """(outbox row id, Telegram message id) of every sent copy a person got: the directive and its
    reminder. The acknowledgement edits each one's button."""
    keys = [dedupe_key(recipient.directive_id, recipient.chat_id),
            reminder_dedupe_key(recipient.directive_id, recipient.chat_id)]
    rows = await session.exec(
        select(OutboxMessage.id, OutboxMessage.message_id)
        .where(col(OutboxMessage.dedupe_key).in_(keys), OutboxMessage.status == OutboxStatus.SENT,
               col(OutboxMessage.message_id).is_not(None))
    )
    return [(rid, mid) for rid, mid in rows.all() if rid is not None and mid is not None]


__all__ = [
    "Acknowledgement",
    "DeliveryCounts",
    "DeliveryReport",
    "Unacknowledged",
    "acknowledge",
    "delivery_counts",
    "delivery_report",
    "is_unreachable",
    "list_directives",
    "recipient_with_copies",
    "remind_unacknowledged",
    "reminder_dedupe_key",
]
