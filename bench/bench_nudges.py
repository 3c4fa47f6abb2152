"""Deadline nudges at scale: N units × 3 officers × 12 milestones; the morning sweep that plans
every milestone and queues one deadline's nudges (3 × N rows in ``nudge`` and ``outbox_message``).

One sweep (the scheduler's ``nudges.sweep`` job, run as the scheduler runs it) queues every nudge
that is due: on SQLite in ``NudgeConfig.parts`` short write transactions, so people's replies get
the write lock in between; on PostgreSQL in one. Prints, on SQLite and on PostgreSQL, for two
sizes: the sweep's wall time, its longest transaction, how many transactions and SQL statements
it ran (counted by a SQLAlchemy ``before_cursor_execute`` event; an executemany counts once) —
the count must not grow with the number of units — and what a second sweep finds (nothing).

    .venv/bin/python bench/bench_nudges.py [--units 10000] [--small 1000] [--no-pg]
    .venv/bin/python bench/bench_nudges.py --deliver [--units 10000] [--limit 300] [--inproc]

``--deliver`` runs the real runtime (its own scheduler queues the nudges) against the emulator
enforcing L, in a process of its own (``--inproc``: in the bot's), while 30 people ask /help in
turn (as ``bench_broadcast.py`` does): prints the achieved rate ÷ L of the nudges alone and with
the replies (they share L), duplicates, missing nudges, and the replies' p50/p99.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select, text  # noqa: E402
from sqlmodel import col  # noqa: E402

from bench.common import (  # noqa: E402
    ASKERS,
    TOKEN,
    load,
    machine,
    make_emu,
    pct,
    pg_db,
    pg_unreachable_reason,
    quiet_logs,
    sqlite_db,
)
from models import (  # noqa: E402
    Campaign,
    CampaignField,
    CampaignStatus,
    Member,
    Milestone,
    MilestoneKind,
    OutboxMessage,
    Role,
    Unit,
    UnitField,
    make_engine,
    make_session_factory,
)
from scheduler.app import build_scheduler  # noqa: E402
from scheduler.nudge_jobs import nudge_sweep  # noqa: E402
from services import nudges, workdays  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD = "ung_dung_cntt"
# Tuesday 16/03/2027 08:00 in Hà Nội: the first milestone is due Wednesday 17:00 (its -1 nudge
# is due now); the other eleven are spread over the year.
NOW = datetime(2027, 3, 16, 8, 0, tzinfo=VN).astimezone(UTC)


async def seed(url: str, units: int, telegram_ids: list[int] | None = None) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    async with factory() as s, s.begin():
        c = Campaign(code="BENCH", title="Thi đua Chuyển đổi số", status=CampaignStatus.ACTIVE,
                     launched_at=NOW)
        s.add(c)
        await s.flush()
        s.add(CampaignField(campaign_id=c.id or 0, field_code=FIELD))
        kinds = [MilestoneKind.MIDTERM] + [MilestoneKind.MONTHLY] * 10 + [MilestoneKind.FINAL]
        for i, kind in enumerate(kinds):
            due = datetime(2027, 3, 17, 17, tzinfo=VN).astimezone(UTC) + timedelta(days=30 * i)
            s.add(Milestone(campaign_id=c.id or 0, code=f"M{i + 1}", kind=kind, due_at=due,
                            title=f"Mốc {i + 1}", position=i))
        await s.execute(insert(Unit), [{"code": f"U{n:05d}", "name": f"Đơn vị số {n}",
                                        "kind": "co_quan", "search_key": f"u{n}",
                                        "is_active": True, "created_at": NOW}
                                       for n in range(units)])
        ids = (await s.execute(select(col(Unit.id)).order_by(col(Unit.id)))).scalars().all()
        await s.execute(insert(UnitField), [{"unit_id": i, "field_code": FIELD} for i in ids])
        await s.execute(insert(Member), [
            {"telegram_id": telegram_ids[3 * k + j] if telegram_ids else 10_000_000 + 3 * k + j,
             "full_name": f"Cán bộ {k}.{j}",
             "language": "vi", "role": Role.OFFICER, "unit_id": uid, "search_key": "",
             "is_active": True, "blocked_bot": False, "created_at": NOW, "updated_at": NOW}
            for k, uid in enumerate(ids) for j in range(3)])
    # A production database's statistics are kept by autovacuum (PostgreSQL) or `ANALYZE`
    # (SQLite); freshly bulk-loaded tables have none, which would mislead the planner.
    async with engine.connect() as conn:
        await conn.execute(text("ANALYZE"))
        await conn.commit()
    await engine.dispose()


class Sweep:
    """One run of the scheduler's nudge sweep: its time, transactions and SQL statements."""

    def __init__(self, engine: Any) -> None:
        self.statements = 0
        self.parts: list[float] = []  # each transaction, BEGIN to COMMIT
        self._began = 0.0
        sync = engine.sync_engine
        event.listen(sync, "before_cursor_execute", self._statement)
        event.listen(sync, "begin", self._begin)
        event.listen(sync, "commit", self._commit)

    def stop(self, engine: Any) -> None:
        sync = engine.sync_engine
        event.remove(sync, "before_cursor_execute", self._statement)
        event.remove(sync, "begin", self._begin)
        event.remove(sync, "commit", self._commit)

    def _statement(self, *_: Any) -> None:
        self.statements += 1

    def _begin(self, *_: Any) -> None:
        self._began = time.perf_counter()

    def _commit(self, *_: Any) -> None:
        self.parts.append(time.perf_counter() - self._began)


async def sweep_once(url: str) -> tuple[float, Sweep, int, Sweep]:
    """The morning's sweep as the scheduler runs it, then a second one; and the nudges queued."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    nudges.configure(nudges.NudgeConfig())
    # Loading the holidays package's tables costs ~0.3 s a year once per process (a running bot
    # pays it on its first sweep); it is left out of the sweeps' times.
    for year in (2026, 2027, 2028):
        workdays.public_holidays(year)
    handle = build_scheduler(factory, clock=lambda: NOW)
    # The garbage of the runs before this one (seeding, the other database) is collected first:
    # otherwise its collection lands in this sweep's time.
    gc.collect()
    first = Sweep(engine)
    started = time.perf_counter()
    await handle.run_sweep("nudges.sweep", nudge_sweep)
    elapsed = time.perf_counter() - started
    first.stop(engine)
    second = Sweep(engine)
    await handle.run_sweep("nudges.sweep", nudge_sweep)
    async with factory() as s:
        queued = len((await s.execute(select(col(OutboxMessage.id)))).all())
    await engine.dispose()
    return elapsed, first, queued, second


async def run(db: str, sizes: list[int]) -> None:
    for units in sizes:
        maker = sqlite_db if db == "sqlite" else pg_db
        async with maker() as url:
            await seed(url, units)
            elapsed, first, queued, second = await sweep_once(url)
            print(f"{db:10} {units:>6} units × 3 officers × 12 milestones: one sweep queued "
                  f"{queued} nudges in {elapsed:.3f} s ({len(first.parts)} transactions, the "
                  f"longest {max(first.parts):.3f} s; {first.statements} SQL statements); "
                  f"the next sweep: {second.statements} statements; {load()}")


async def deliver(units: int, limit: float, gateway: str, inproc: bool) -> None:
    """The morning's nudges through the emulator (limit L enforced there, the sender set to L)
    while 30 people ask /help in turn; the runtime's own scheduler queues them. The emulator —
    Telegram — runs in a process of its own (``inproc``: in the bot's), as Telegram's work is
    not done on the bot's CPU."""
    import tempfile

    from bot.app import Runtime
    from bot.settings import RateLimits, Settings
    from models.migrate import upgrade

    emu = make_emu(limits_on=True, inproc=inproc, global_limit=limit)
    base_url = await emu.start()
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='bench-nudges-')}/bench.db"
    engine = make_engine(url)
    await upgrade(engine)
    await engine.dispose()
    officers = await emu.add_people(units * 3, "Cán bộ")
    askers = await emu.add_people(ASKERS, "Người hỏi")
    await seed(url, units, officers)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    async with factory() as s, s.begin():
        for n, asker in enumerate(askers):
            s.add(Member(telegram_id=asker, full_name=f"Người hỏi {n}", role=Role.COUNCIL))
    await engine.dispose()
    clock_start, wall_start = NOW, time.monotonic()

    def clock() -> datetime:  # the bot's clock: 08:00 that Tuesday, running in real time
        return clock_start + timedelta(seconds=time.monotonic() - wall_start)

    settings = Settings(bot_token=TOKEN, api_base_url=base_url, database_url=url,
                        gateway=gateway, poll_timeout=1,
                        limits=RateLimits(global_per_second=limit))
    runtime = Runtime(settings, clock=clock)
    await runtime.start()
    total = units * 3
    try:
        seen = await emu.ask_during(askers, officers, "Nhắc hạn", 3 * total / limit + 60)
        latencies, elapsed, got = seen["latencies"], seen["elapsed"], seen["delivered"]
        rate = (got + len(latencies)) / elapsed
        where = "in the bot's process" if inproc else "in its own process"
        print(f"delivery: {total} nudges ({units} units × 3), L={limit:g}/s, sqlite/{gateway}, "
              f"the emulator {where}")
        print(f"  delivered {got} in {elapsed:.1f} s = {got / elapsed:.1f}/s = "
              f"{got / elapsed / limit:.3f} × L; with the {len(latencies)} replies "
              f"{rate:.1f}/s = {rate / limit:.3f} × L; duplicates {seen['duplicates']}, missing "
              f"{seen['missing']}, 429s {seen['rate_limited']}")
        print(f"  replies to people: p50 {pct(latencies, 50) * 1000:.0f} ms, "
              f"p99 {pct(latencies, 99) * 1000:.0f} ms; {load()}")
    finally:
        await runtime.stop()
        await emu.stop()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--deliver", action="store_true",
                        help="send the morning's nudges through the emulator instead")
    parser.add_argument("--limit", type=float, default=300.0)
    parser.add_argument("--gateway", default="aiogram", choices=["aiogram", "ptb"])
    parser.add_argument("--inproc", action="store_true",
                        help="--deliver with the emulator in the bot's process")
    args = parser.parse_args()
    quiet_logs()
    print(machine())
    if args.deliver:
        await deliver(args.units, args.limit, args.gateway, args.inproc)
        return
    sizes = [args.small, args.units]
    await run("sqlite", sizes)
    if args.no_pg:
        return
    reason = await pg_unreachable_reason()
    if reason:
        print(f"PostgreSQL skipped: {reason}")
        return
    await run("postgresql", sizes)


if __name__ == "__main__":
    asyncio.run(main())
