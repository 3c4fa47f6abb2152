"""Queueing calls to Telegram as outbox rows, in the caller's transaction.

Nothing here talks to Telegram: the runtime's sender drains the rows. Because the rows commit with
the change that caused them, a message is sent if and only if its cause was saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import OutboxMessage, OutboxMethod, OutboxStatus, Priority

# Keyboards travel as JSON: rows of {"text": …, "callback_data": …} or {"text": …, "url": …}.
KeyboardJSON = list[list[dict[str, str]]]


def _row(
    chat_id: int,
    method: OutboxMethod,
    payload: dict[str, Any],
    *,
    priority: int,
    dedupe_key: str | None,
    ref: str | None,
    not_before: datetime | None,
    source_update_id: int | None,
    not_after: datetime | None = None,
) -> OutboxMessage:
    return OutboxMessage(
        chat_id=chat_id,
        method=method,
        payload={k: v for k, v in payload.items() if v is not None},
        priority=priority,
        dedupe_key=dedupe_key,
        ref=ref,
        not_before=not_before,
        not_after=not_after,
        source_update_id=source_update_id,
    )


async def enqueue(
    session: AsyncSession,
    chat_id: int,
    method: OutboxMethod,
    payload: dict[str, Any],
    *,
    priority: int = Priority.REPLY,
    dedupe_key: str | None = None,
    ref: str | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    source_update_id: int | None = None,
    known_new: bool = False,
) -> OutboxMessage | None:
    """Add one outbox row. With a ``dedupe_key`` already queued, adds nothing and returns None;
    ``known_new`` skips that look-up when the caller knows the key cannot be queued yet.
    A row still waiting at ``not_after`` is cancelled by the sender, not sent late.

    The row is inserted at the session's next flush (rows of a whole batch of updates go in one
    multi-row INSERT); call ``session.flush()`` first if you need its ``id`` at once.
    """
    if dedupe_key is not None and not known_new:
        exists = await session.exec(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if exists.first() is not None:
            return None
    row = _row(
        chat_id,
        method,
        payload,
        priority=priority,
        dedupe_key=dedupe_key,
        ref=ref,
        not_before=not_before,
        not_after=not_after,
        source_update_id=source_update_id,
    )
    session.add(row)
    return row


async def enqueue_text(
    session: AsyncSession,
    chat_id: int,
    text: str,
    keyboard: KeyboardJSON | None = None,
    **options: Any,
) -> OutboxMessage | None:
    """Queue a plain HTML text message (the text must already be escaped where it quotes people)."""
    return await enqueue(
        session, chat_id, OutboxMethod.SEND_MESSAGE, {"text": text, "keyboard": keyboard}, **options
    )


async def enqueue_many(
    session: AsyncSession,
    rows: Iterable[tuple[int, OutboxMethod, dict[str, Any], str | None]],
    *,
    priority: int = Priority.BULK,
    ref: str | None = None,
    not_before: datetime | None = None,
) -> int:
    """Queue many rows at once (a broadcast): ``(chat_id, method, payload, dedupe_key)`` each.

    Rows whose dedupe key is already queued are skipped, so a broadcast that is resumed after a
    crash never gives anyone a second copy. Returns how many rows were added.
    """
    pending = list(rows)
    keys = [key for *_, key in pending if key is not None]
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        result = await session.exec(
            select(OutboxMessage.dedupe_key).where(col(OutboxMessage.dedupe_key).in_(chunk))
        )
        known.update(k for k in result.all() if k is not None)
    added = 0
    for chat_id, method, payload, key in pending:
        if key is not None and key in known:
            continue
        if key is not None:
            known.add(key)
        session.add(
            _row(
                chat_id,
                method,
                payload,
                priority=priority,
                dedupe_key=key,
                ref=ref,
                not_before=not_before,
                source_update_id=None,
            )
        )
        added += 1
    await session.flush()
    return added


async def cancel(session: AsyncSession, *, ref: str) -> int:
    """Cancel every still-pending row of ``ref`` (e.g. a directive withdrawn mid-broadcast)."""
    result = await session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.ref) == ref, col(OutboxMessage.status) == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED, error="cancelled")
    )
    return int(result.rowcount or 0)
