"""Storing updates in the inbox: every update is kept, the unreadable ones set aside.

Receiving (polling or the webhook) stores what Telegram sent before confirming it. An update the
bot cannot understand — an object without ``chat``, a chat id that is a string, ``null`` where a
message should be, JSON nested absurdly deep — is stored too, with its raw JSON, as
``set_aside``: confirmed like any other, reported in the log with its update id, never handled,
and never in the way of the updates after it. One that has no usable ``update_id`` at all gets a
negative id derived from its content, so a redelivery of the same thing is still one row.
"""

from __future__ import annotations

import hashlib
import logging
import reprlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import func, select

from bot.updates import MAX_DEPTH, as_id, depth, screen, update_keys
from models import InboxStatus, InboxUpdate, SessionFactory
from models.base import utcnow
from models.db import read_only, write_gate

log = logging.getLogger(__name__)

_PREVIEW = reprlib.Repr()  # bounded depth and length, so any value has a short preview
_PREVIEW.maxlevel, _PREVIEW.maxdict, _PREVIEW.maxlist = 6, 30, 30
_PREVIEW.maxstring, _PREVIEW.maxother = 400, 200
MAX_RAW_TEXT = 20_000


def synthetic_id(raw: Any, text: str | None = None) -> int:
    """A stable negative id for something without a usable ``update_id`` (Telegram's are > 0)."""
    basis = text if text is not None else _PREVIEW.repr(raw)
    digest = hashlib.sha256(basis.encode("utf-8", "replace")).digest()
    return -(int.from_bytes(digest[:8], "big") >> 2) - 1


def inbox_row(raw: Any, *, text: str | None = None, problem: str | None = None) -> dict[str, Any]:
    """The inbox row for one received update: pending if the bot can read it, else set aside.

    ``text`` is the body as received when it is known (the webhook); ``problem`` says why it is
    unreadable when the caller already knows (it could not even be decoded)."""
    now = utcnow()
    if problem is None:
        problem = screen(raw)
    update_id = as_id(raw.get("update_id")) if isinstance(raw, dict) else None
    if problem is None and update_id is not None:
        chat_id, user_id = update_keys(raw)
        return {"update_id": update_id, "chat_id": chat_id, "user_id": user_id, "payload": raw,
                "status": InboxStatus.PENDING.value, "attempts": 0, "error": None,
                "received_at": now, "handled_at": None}
    problem = problem or "no update_id"
    if update_id is None:
        update_id = synthetic_id(raw, text)
    if isinstance(raw, dict) and depth(raw) <= MAX_DEPTH:
        payload: dict[str, Any] = raw
    else:
        shown = text if text is not None else _PREVIEW.repr(raw)
        payload = {"set_aside_raw": shown[:MAX_RAW_TEXT]}
    log.warning("update %s set aside, not handled: %s", update_id, problem)
    return {"update_id": update_id, "chat_id": None, "user_id": None, "payload": payload,
            "status": InboxStatus.SET_ASIDE.value, "attempts": 0, "error": problem[:1000],
            "received_at": now, "handled_at": now}


async def _insert(session_factory: SessionFactory, rows: list[dict[str, Any]]) -> int:
    async with write_gate(session_factory), session_factory() as session, session.begin():
        dialect = session.bind.dialect.name if session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = insert(InboxUpdate).values(rows).on_conflict_do_nothing(index_elements=["update_id"])
        result = await session.execute(stmt)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def store_rows(session_factory: SessionFactory, rows: list[dict[str, Any]]) -> int:
    """Insert the rows, dropping any update_id already stored. Returns how many were new.

    Should the batch fail for a reason the screening missed, each row is tried on its own and a
    row that still fails is stored set aside with a plain payload: one bad update never keeps the
    others out. A database that cannot be reached raises, for the caller to retry."""
    if not rows:
        return 0
    # Duplicates inside one batch (a repeated update) would make one statement fail.
    unique = list({row["update_id"]: row for row in reversed(rows)}.values())[::-1]
    try:
        return await _insert(session_factory, unique)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        log.warning("storing %d updates failed (%r); storing them one by one", len(unique), exc)
    stored = 0
    for row in unique:
        try:
            stored += await _insert(session_factory, [row])
        except (OperationalError, InterfaceError):
            raise
        except Exception as exc:
            problem = f"could not be stored: {exc!r}"[:1000]
            log.warning("update %s set aside, not handled: %s", row["update_id"], problem)
            stored += await _insert(session_factory, [{
                **row, "chat_id": None, "user_id": None, "status": InboxStatus.SET_ASIDE.value,
                "payload": {"set_aside_raw": _PREVIEW.repr(row["payload"])},
                "error": problem, "handled_at": utcnow()}])
    return stored


async def store_updates(session_factory: SessionFactory, updates: Iterable[Any]) -> int:
    """Store what getUpdates or the webhook delivered, whatever its shape."""
    return await store_rows(session_factory, [inbox_row(raw) for raw in updates])


async def count_by_status(session_factory: SessionFactory) -> dict[InboxStatus, int]:
    """How many inbox rows are in each state (set-aside ones included), for operators."""
    async with session_factory() as session:
        await read_only(session)
        result = await session.exec(
            select(InboxUpdate.status, func.count()).group_by(InboxUpdate.status))
        counts = {status: 0 for status in InboxStatus}
        for status, n in result.all():
            counts[InboxStatus(status)] = int(n)
        return counts
