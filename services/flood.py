"""The flood guard: a person who sends too much in a short window is told once, then ignored.

State is a table (``flood_counter``), counted with one atomic upsert per update, so it works the
same across worker processes and survives restarts. Windows are fixed: the first update opens a
window of ``window_seconds``; updates up to ``max_updates`` in it are handled normally (nothing
before the limit is lost); the first one over the limit gets a single warning; the rest of the
window is ignored.

The count is written in the caller's transaction: an update whose handling is rolled back is
not counted. The runtime should therefore call :func:`check` outside the handler's savepoint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import case
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from models import FloodCounter


class Verdict(StrEnum):
    ALLOW = "allow"
    WARN = "warn"  # the first update over the limit: answer once
    DROP = "drop"  # further updates in the same window: ignore


@dataclass(frozen=True, slots=True)
class FloodState:
    verdict: Verdict
    count: int
    retry_after: int  # whole seconds until the window passes


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


async def check(session: AsyncSession, user_id: int, *, now: datetime, max_updates: int,
                window_seconds: float) -> FloodState:
    """Count one update from ``user_id`` and say whether to handle, warn or drop it."""
    if max_updates <= 0 or window_seconds <= 0:
        return FloodState(Verdict.ALLOW, 0, 0)
    now_ms = _ms(now)
    window_ms = int(window_seconds * 1000)
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = FloodCounter.__table__  # type: ignore[attr-defined]
    expired = table.c.window_start_ms <= now_ms - window_ms
    stmt = insert(table).values(user_id=user_id, window_start_ms=now_ms, count=1)
    upsert = stmt.on_conflict_do_update(
        index_elements=["user_id"],
        set_={
            "count": case((expired, 1), else_=table.c.count + 1),
            "window_start_ms": case((expired, now_ms), else_=table.c.window_start_ms),
        },
    ).returning(table.c.count, table.c.window_start_ms)
    count, start_ms = (await session.execute(upsert)).one()
    retry_after = max(1, math.ceil((start_ms + window_ms - now_ms) / 1000))
    if count <= max_updates:
        return FloodState(Verdict.ALLOW, count, retry_after)
    verdict = Verdict.WARN if count == max_updates + 1 else Verdict.DROP
    return FloodState(verdict, count, retry_after)


async def check_many(session: AsyncSession, counts: dict[int, int], *, now: datetime,
                     max_updates: int, window_seconds: float) -> dict[int, list[FloodState]]:
    """Count a whole batch of updates in one statement: ``counts`` is updates per user.

    Returns, per user, one state per update in arrival order, exactly as calling :func:`check`
    once per update would.
    """
    if not counts:
        return {}
    if max_updates <= 0 or window_seconds <= 0:
        return {user: [FloodState(Verdict.ALLOW, 0, 0)] * n for user, n in counts.items()}
    now_ms = _ms(now)
    window_ms = int(window_seconds * 1000)
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = FloodCounter.__table__  # type: ignore[attr-defined]
    stmt = insert(table).values([{"user_id": user, "window_start_ms": now_ms, "count": n}
                                 for user, n in counts.items()])
    expired = table.c.window_start_ms <= now_ms - window_ms
    upsert = stmt.on_conflict_do_update(
        index_elements=["user_id"],
        set_={
            "count": case((expired, stmt.excluded.count), else_=table.c.count + stmt.excluded.count),
            "window_start_ms": case((expired, now_ms), else_=table.c.window_start_ms),
        },
    ).returning(table.c.user_id, table.c.count, table.c.window_start_ms)
    states: dict[int, list[FloodState]] = {}
    for user, total, start_ms in (await session.execute(upsert)).all():
        n = counts[user]
        retry_after = max(1, math.ceil((start_ms + window_ms - now_ms) / 1000))
        per_update = []
        for count in range(total - n + 1, total + 1):
            if count <= max_updates:
                verdict = Verdict.ALLOW
            elif count == max_updates + 1:
                verdict = Verdict.WARN
            else:
                verdict = Verdict.DROP
            per_update.append(FloodState(verdict, count, retry_after))
        states[user] = per_update
    return states
