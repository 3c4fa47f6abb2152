"""Deadline nudges at scale: N units × 3 officers × 12 milestones; the morning sweep that plans
every milestone and queues one deadline's nudges (3 × N rows in ``nudge`` and ``outbox_message``).
A sweep queues at most ``NudgeConfig.batch`` (2,500) nudges per milestone — a short write
transaction, so people's replies do not wait behind it on SQLite — and the next run (every 2 s)
goes on; the sender needs 1,000 s at 30/s for 30,000 anyway.

Prints, on SQLite and on PostgreSQL, each sweep's wall time and how many SQL statements it ran
(counted by a SQLAlchemy ``before_cursor_execute`` event; an executemany counts once) for two
sizes: the count must not grow with the number of units.

    .venv/bin/python bench/bench_nudges.py [--units 10000] [--small 1000] [--no-pg]
    .venv/bin/python bench/bench_nudges.py --deliver [--units 10000] [--limit 300]

``--deliver`` runs the real runtime (its own scheduler queues the nudges) against the in-process
emulator enforcing L, while 30 people ask /help in turn: prints the achieved rate ÷ L (replies
included, as they share L), duplicates, missing nudges, and the replies' p50/p99.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from common import machine, pg_db, pg_unreachable_reason, quiet_logs, sqlite_db
from sqlalchemy import event, insert, select, text

from models import (
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
from scheduler import nudge_texts
from services import nudges, workdays

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
        ids = (await s.execute(select(Unit.id).order_by(Unit.id))).scalars().all()
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


async def sweeps_until_done(url: str) -> tuple[list[float], list[int], int]:
    """Sweep (as the scheduler does every few seconds) until the morning's nudges are queued;
    each run's time and SQL statement count."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    count = 0

    def on_execute(*_: Any) -> None:
        nonlocal count
        count += 1

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    nudges.configure(nudges.NudgeConfig())
    # Loading the holidays package's tables costs ~0.3 s a year once per process (a running bot
    # pays it on its first sweep); it is left out of the sweeps' times.
    for year in (2026, 2027, 2028):
        workdays.public_holidays(year)
    times: list[float] = []
    statements: list[int] = []
    while True:
        count = 0
        started = time.perf_counter()
        async with factory() as s, s.begin():
            result = await nudges.sweep(s, NOW, nudge_texts.nudge)
        times.append(time.perf_counter() - started)
        statements.append(count)
        if result.queued == 0:
            break
    async with factory() as s:
        queued = len((await s.execute(select(OutboxMessage.id))).all())
    await engine.dispose()
    return times, statements, queued


async def run(db: str, sizes: list[int]) -> None:
    for units in sizes:
        maker = sqlite_db if db == "sqlite" else pg_db
        async with maker() as url:
            await seed(url, units)
            times, statements, queued = await sweeps_until_done(url)
            print(f"{db:10} {units:>6} units × 3 officers × 12 milestones: {queued} nudges queued "
                  f"by {len(times) - 1} sweeps of ≤ {nudges.NudgeConfig().batch} "
                  f"(the last run finds nothing): slowest {max(times):.3f} s, "
                  f"total {sum(times):.3f} s; SQL statements per sweep {statements}")


async def deliver(units: int, limit: float, gateway: str) -> None:
    """The morning's nudges through the emulator (limit L enforced there, the sender set to L)
    while 30 people ask /help in turn; the runtime's own scheduler queues them."""
    import tempfile

    from bench.common import TOKEN, pct
    from bot.app import Runtime
    from bot.settings import RateLimits, Settings
    from models.migrate import upgrade
    from sandbox import Emulator, Limits

    emu = Emulator(token=TOKEN, bot_username="thidua_bench_bot", record_calls=False,
                   limits=Limits(global_per_sec=limit, per_chat_per_sec=1.0, per_chat_burst=3.0))
    await emu.start(host="127.0.0.1", port=0)
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='bench-nudges-')}/bench.db"
    engine = make_engine(url)
    await upgrade(engine)
    await engine.dispose()
    officers = [emu.add_user(f"Cán bộ {i}", started=True) for i in range(units * 3)]
    askers = [emu.add_user(f"Người hỏi {i}", started=True) for i in range(30)]
    await seed(url, units, [u.id for u in officers])
    engine = make_engine(url)
    factory = make_session_factory(engine)
    async with factory() as s, s.begin():
        for u in askers:
            s.add(Member(telegram_id=u.id, full_name=u.full_name, role=Role.COUNCIL))
    await engine.dispose()
    clock_start, wall_start = NOW, time.monotonic()

    def clock() -> datetime:  # the bot's clock: 08:00 that Tuesday, running in real time
        return clock_start + timedelta(seconds=time.monotonic() - wall_start)

    settings = Settings(bot_token=TOKEN, api_base_url=emu.base_url, database_url=url,
                        gateway=gateway, poll_timeout=1,
                        limits=RateLimits(global_per_second=limit))
    runtime = Runtime(settings, clock=clock)
    await runtime.start()
    total = units * 3
    try:
        def delivered() -> int:
            return sum(1 for u in officers if u.inbox())

        for _ in range(6000):  # the first nudge out (the emulator's inboxes have no event)
            if delivered():
                break
            await asyncio.sleep(0.05)
        started = time.monotonic()
        latencies: list[float] = []
        turn = 0
        while delivered() < total and time.monotonic() - started < 3 * total / limit + 60:
            asker = askers[turn % len(askers)]
            turn += 1
            before = len(asker.inbox())
            t0 = time.monotonic()
            await asker.send("/help")
            try:
                await asker.wait_for(lambda m, a=asker, n=before: len(a.inbox()) > n, timeout=5)
                latencies.append(time.monotonic() - t0)
            except AssertionError:
                latencies.append(5.0)
            await asyncio.sleep(0.1)
        elapsed = time.monotonic() - started
        copies = [sum(1 for m in u.inbox() if "Nhắc hạn" in (m.text or "")) for u in officers]
        got = sum(1 for c in copies if c)
        rate = (got + len(latencies)) / elapsed
        print(f"delivery: {total} nudges ({units} units × 3), L={limit:g}/s, sqlite/{gateway}")
        print(f"  delivered {got} in {elapsed:.1f} s; with the {len(latencies)} replies "
              f"{rate:.1f}/s = {rate / limit:.3f} × L; duplicates "
              f"{sum(c - 1 for c in copies if c > 1)}, missing {copies.count(0)}, "
              f"429s {emu.count(kind='rate_limit')}")
        print(f"  replies to people: p50 {pct(latencies, 50) * 1000:.0f} ms, "
              f"p99 {pct(latencies, 99) * 1000:.0f} ms")
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
    args = parser.parse_args()
    quiet_logs()
    print(machine())
    if args.deliver:
        await deliver(args.units, args.limit, args.gateway)
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
