"""Message bodies that many outbox rows share: a round of nudges says the same to 30,000 people
but for the unit's name, so its text and buttons are stored once per language and each row keeps
only its own values. Writing a few bytes a row instead of a kilobyte is most of what a morning's
sweep saves; the sender puts each row's values in when it reads the rows.

A body's text marks where a row's value goes as ``⟦name⟧`` (:func:`mark`); values are put in as
they are, so they must already be escaped for the message's HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import OutboxBody

BODY_TABLE: Any = OutboxBody.__table__  # type: ignore[attr-defined]


def mark(name: str) -> str:
    """Where a row's value called ``name`` goes in a body's text."""
    return f"\u27e6{name}\u27e7"


def filled(body: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The whole payload of a row: its body with the row's values put in."""
    text = str(body.get("text", ""))
    for name, value in values.items():
        text = text.replace(mark(name), str(value))
    return {**body, "text": text}


async def stored(session: AsyncSession, payloads: dict[str, dict[str, Any]],
                 now: datetime) -> dict[str, int]:
    """The ids of the bodies stored under these keys, storing the payloads of those not stored.

    Bodies are never changed: asking again with a key gets the body first stored under it."""
    if not payloads:
        return {}
    pg = session.bind is not None and session.bind.dialect.name == "postgresql"
    upsert = pg_insert if pg else sqlite_insert
    await session.execute(upsert(BODY_TABLE).values(
        [{"key": key, "payload": payload, "created_at": now} for key, payload in payloads.items()]
    ).on_conflict_do_nothing(index_elements=["key"]))
    rows = (await session.exec(select(OutboxBody.key, OutboxBody.id).where(
        col(OutboxBody.key).in_(list(payloads))))).all()
    return {key: body_id or 0 for key, body_id in rows}


async def load(session: AsyncSession, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = (await session.exec(select(OutboxBody).where(col(OutboxBody.id).in_(wanted)))).all()
    return {b.id or 0: b.payload for b in rows}

