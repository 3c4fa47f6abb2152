"""Where the durable path spends its time: wall-clock timers around the runtime's steps and a count
of SQL statements, installed by wrapping methods in this process (the bot's code is not changed).

Timers are wall time of one await each (they include waiting for the database thread and, when
other tasks run meanwhile, their time too); the inbox worker and the sender's fetch/flush are each
one sequential loop, so their totals read as "how long that loop was busy in this step".
"""

from __future__ import annotations

import functools
import time
from collections import Counter, defaultdict
from typing import Any

TIMES: dict[str, list[float]] = defaultdict(list)
SIZES: dict[str, list[int]] = defaultdict(list)
SQL: Counter[str] = Counter()
_installed = False


def _timed_async(owner: Any, name: str, label: str, size_of: Any = None) -> None:
    original = getattr(owner, name, None)
    if original is None:  # the code moved: time what is still there
        print(f"  (breakdown: {getattr(owner, '__name__', owner)}.{name} not found, not timed)")
        return

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            result = await original(*args, **kwargs)
        finally:
            TIMES[label].append(time.perf_counter() - t)
        if size_of is not None:
            SIZES[label].append(size_of(result, args))
        return result

    setattr(owner, name, wrapper)


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    import importlib

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    import bot.polling as polling
    from bot.inbox import InboxWorker
    from bot.sender import OutboxSender
    from handlers.flow import Flow
    from services import members, outbox

    try:
        flood: Any = importlib.import_module("services.flood")
    except ImportError:
        flood = type("missing", (), {})

    _timed_async(polling, "store_updates", "poller: store_updates (1 txn per getUpdates)",
                 lambda r, a: r)
    _timed_async(InboxWorker, "process_batch", "worker: process_batch (1 txn)", lambda r, a: r)
    _timed_async(InboxWorker, "_claim", "worker:  _claim (SELECT pending)", lambda r, a: len(r))
    _timed_async(InboxWorker, "_handle", "worker:  _handle (per update)")
    _timed_async(InboxWorker, "_run_handler", "worker:   _run_handler (middlewares+route)")
    _timed_async(Flow, "load", "worker:   Flow.load")
    _timed_async(members, "meet", "worker:   members.meet")
    _timed_async(flood, "check", "worker:   flood.check (upsert)")
    _timed_async(outbox, "enqueue", "worker:   outbox.enqueue (+flush)")
    _timed_async(OutboxSender, "_fetch", "sender: _fetch (SELECT pending outbox)",
                 lambda r, a: len(r[0]))
    _timed_async(OutboxSender, "_flush", "sender: _flush (batched UPDATE)",
                 lambda r, a: 0)
    _timed_async(OutboxSender, "_call", "sender: _call (HTTP send via gateway)")

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
               executemany: bool) -> None:
        words = statement.split()
        verb = words[0].upper() if words else "?"
        table = "?"
        up = [w.upper() for w in words[:40]]
        for key in ("FROM", "INTO", "UPDATE"):
            if key in up:
                i = up.index(key)
                if i + 1 < len(words):
                    table = words[i + 1].strip('"(')
                    break
        if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"):
            table = ""
        SQL[f"{verb} {table}".strip()] += 1


def reset() -> None:
    TIMES.clear()
    SIZES.clear()
    SQL.clear()


def report(updates: int, wall: float) -> None:
    print(f"\n--- breakdown of the durable run ({updates} updates incl. warm-up, {wall:.2f} s wall)"
          " ---")
    print(f"  {'step':<52} {'calls':>7} {'total s':>8} {'mean ms':>8} {'per upd ms':>10}")
    for label in sorted(TIMES):
        ts = TIMES[label]
        total = sum(ts)
        print(f"  {label:<52} {len(ts):7d} {total:8.2f} {total / len(ts) * 1000:8.2f} "
              f"{total / max(updates, 1) * 1000:10.3f}")
    for label, sizes in sorted(SIZES.items()):
        if sizes and any(sizes):
            nz = [s for s in sizes if s]
            print(f"  size of {label}: mean {sum(sizes) / len(sizes):.1f}, "
                  f"non-empty mean {sum(nz) / max(len(nz), 1):.1f}, max {max(sizes)}, "
                  f"empty calls {len(sizes) - len(nz)}")
    total_sql = sum(SQL.values())
    print(f"  SQL statements: {total_sql} ({total_sql / max(updates, 1):.1f} per update)")
    for stmt, n in SQL.most_common(16):
        print(f"    {n:7d}  {n / max(updates, 1):5.2f}/upd  {stmt}")
