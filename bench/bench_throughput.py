"""Handling capacity with the emulator's limits off: the durable path against a bare echo bot.

    .venv/bin/python -m bench.bench_throughput [--updates 3000] [--users 300] [--text /help]
        [--gateways aiogram[,ptb]] [--no-pg] [--inproc] [--profile]

N text updates from U users are injected into the emulator at once (limits off, calls not
recorded), and the clock runs from the first injection to the last reply reaching the emulator:

* durable: the real Runtime (poll → inbox → handler → outbox → send) on SQLite (a temp file) and on
  PostgreSQL (a fresh database per run on THIDUA_BENCH_PG_URL, default
  postgresql://postgres@127.0.0.1:5432/test; skipped with the reason when unreachable);
* ceiling: a bare aiogram echo bot (Dispatcher + Router, one message handler answering with
  bot.send_message; no database).

Latency is injection → reply per update (a burst, so it is mostly queueing: p50 is about half
the drain time). By default the emulator runs in a child process, so that on this 2-core machine
it has its own core, like a remote Telegram; ``--inproc`` shares the bot's event loop instead.
Targets (issue 2): ≥ 200 updates/s on SQLite and ≥ 0.5 of the ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import time
from typing import Any

from bench.common import (
    TOKEN,
    EmuHandle,
    RunResult,
    bot_settings,
    machine,
    make_emu,
    pct,
    pg_db,
    pg_unreachable_reason,
    print_latencies,
    quiet_logs,
    sqlite_db,
)

WARMUP_USERS = 20
WARMUP_UPDATES = 60


async def _measure(emu: EmuHandle, args: argparse.Namespace, first_user: int) -> RunResult:
    # warm-up (its own users, so the measured users are new to the bot, as in real life)
    await emu.burst(args.text, WARMUP_UPDATES, 0, WARMUP_USERS)
    warm = await emu.wait(WARMUP_UPDATES, 30)
    if not warm.ok:
        raise RuntimeError(f"warm-up: only {warm.replies}/{WARMUP_UPDATES} replies")
    await emu.burst(args.text, args.updates, first_user, args.users)
    return await emu.wait(args.updates, args.timeout)


async def run_durable(args: argparse.Namespace, db: str, gateway: str,
                      profiler: cProfile.Profile | None, breakdown: bool = False) -> RunResult:
    from bench import breakdown as bd
    from bot.app import Runtime

    if breakdown:
        bd.install()

    ctx = sqlite_db() if db == "sqlite" else pg_db()
    async with ctx as url:
        emu = make_emu(limits_on=False, inproc=args.inproc)
        await emu.start()
        await emu.add_users(WARMUP_USERS + args.users)
        runtime = Runtime(bot_settings(emu.base_url, url, gateway, limits_off=True),
                          with_scheduler=False)
        try:
            await runtime.start()
            if breakdown:
                bd.reset()
            t0 = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            result = await _measure(emu, args, WARMUP_USERS)
            if profiler is not None:
                profiler.disable()
            if breakdown:
                bd.report(args.updates + WARMUP_UPDATES, time.perf_counter() - t0)
                bd.reset()
            info = await emu.info()
            counts = await _db_counts(runtime.session_factory)
            sends = sum(n for k, n in info["stats"].items() if k == "sendMessage:ok")
            print(f"  store: inbox {counts['inbox']}, outbox {counts['outbox']}; "
                  f"emulator got {sends} sendMessage"
                  + (f"  INTEGRITY: {sends - counts['outbox_sent']} sends beyond sent outbox rows"
                     if sends > counts["outbox_sent"] else ""))
            if info["rejected"]:
                print(f"  ! the emulator rejected requests: {info['rejected']}")
        finally:
            await runtime.stop()
            await emu.stop()
    return result


async def _db_counts(session_factory: Any) -> dict[str, Any]:
    from sqlalchemy import func
    from sqlmodel import select

    from models import InboxUpdate, OutboxMessage, OutboxStatus

    async with session_factory() as session:
        inbox = dict((await session.exec(select(InboxUpdate.status, func.count())
                                         .group_by(InboxUpdate.status))).all())
        outbox = dict((await session.exec(select(OutboxMessage.status, func.count())
                                          .group_by(OutboxMessage.status))).all())
    fmt = lambda d: ", ".join(f"{getattr(k, 'value', k)} {v}" for k, v in sorted(d.items(), key=str))  # noqa: E731
    return {"inbox": fmt(inbox), "outbox": fmt(outbox),
            "outbox_sent": int(outbox.get(OutboxStatus.SENT, outbox.get("sent", 0)) or 0)}


async def run_ceiling(args: argparse.Namespace) -> RunResult:
    from aiogram import Bot, Dispatcher, Router
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    emu = make_emu(limits_on=False, inproc=args.inproc)
    await emu.start()
    await emu.add_users(WARMUP_USERS + args.users)
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    bot = Bot(TOKEN, session=session)
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await bot.send_message(message.chat.id, message.text or "?")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=25,
                                                   close_bot_session=True))
    try:
        await asyncio.sleep(0.5)  # let it reach its first getUpdates
        result = await _measure(emu, args, WARMUP_USERS)
    finally:
        with_timeout: Any = asyncio.wait_for(dp.stop_polling(), 5)
        try:
            await with_timeout
        except Exception:
            pass
        try:
            await asyncio.wait_for(polling, 10)
        except Exception:
            polling.cancel()
        await emu.stop()
    return result


def report(label: str, r: RunResult) -> None:
    state = "" if r.ok else f"  (INCOMPLETE: {r.replies}/{r.expected} replies)"
    extra = (f"  (INTEGRITY: {r.duplicated} duplicate replies, {r.missing} updates unanswered)"
             if r.duplicated or r.missing else "")
    print(f"{label:<28} {r.rate:8.1f} updates/s   {r.replies} replies in {r.elapsed:6.2f} s"
          f"{state}{extra}")
    print_latencies("injection→reply", r.latencies)


async def main(args: argparse.Namespace) -> int:
    quiet_logs()
    print(f"throughput: {args.updates} × {args.text!r} from {args.users} users, emulator limits off,"
          f" calls not recorded, emulator {'in-process' if args.inproc else 'in a child process'};"
          f" {machine()}")
    results: dict[str, RunResult] = {}
    profiler = cProfile.Profile() if args.profile else None

    t = time.monotonic()
    results["ceiling (aiogram echo)"] = r = await run_ceiling(args)
    report("ceiling (aiogram echo)", r)
    ceiling = r.rate

    pg_reason = "disabled by --no-pg" if args.no_pg else await pg_unreachable_reason()
    for gateway in args.gateways.split(","):
        for db in ("sqlite", "postgresql"):
            label = f"durable {db} / {gateway}"
            if db == "postgresql" and pg_reason:
                print(f"{label:<28} skipped: {pg_reason}")
                continue
            prof = profiler if (db == "sqlite" and gateway == "aiogram") else None
            results[label] = r = await run_durable(args, db, gateway, prof, args.breakdown)
            report(label, r)
            print(f"  ratio to ceiling: {r.rate / ceiling:.2f}")
    elapsed = time.monotonic() - t

    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        print("\n--- cProfile of the durable SQLite/aiogram run (bot process only) ---")
        print(out.getvalue())

    sqlite = results.get("durable sqlite / aiogram")
    pg = results.get("durable postgresql / aiogram")
    parts = [f"ceiling {ceiling:.0f}/s"]
    ok = all(r.ok for r in results.values())
    if sqlite is not None:
        hit = sqlite.rate >= 200 and sqlite.rate / ceiling >= 0.5
        parts.append(f"SQLite {sqlite.rate:.0f}/s ({sqlite.rate / ceiling:.2f}× ceiling, "
                     f"p50 {pct(sqlite.latencies, 50) * 1000:.0f} ms, "
                     f"p99 {pct(sqlite.latencies, 99) * 1000:.0f} ms)"
                     f" [{'target met' if hit else 'TARGET MISSED: ≥200/s and ≥0.5×'}]")
    if pg is not None:
        parts.append(f"PostgreSQL {pg.rate:.0f}/s ({pg.rate / ceiling:.2f}× ceiling, "
                     f"p99 {pct(pg.latencies, 99) * 1000:.0f} ms)")
    for label, r in results.items():
        if "ptb" in label:
            parts.append(f"{label.removeprefix('durable ')} {r.rate:.0f}/s")
    verdict = "all replies arrived" if ok else "SOME REPLIES MISSING"
    print(f"\nSUMMARY throughput: {'; '.join(parts)}; {verdict}"
          f" ({elapsed:.0f} s total)")
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--updates", type=int, default=3000)
    p.add_argument("--users", type=int, default=300)
    p.add_argument("--text", default="/help")
    p.add_argument("--gateways", default="aiogram", help="comma-separated: aiogram,ptb")
    p.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    p.add_argument("--inproc", action="store_true", help="emulator in the bot's event loop")
    p.add_argument("--profile", action="store_true",
                   help="cProfile the durable SQLite/aiogram run and print the top functions")
    p.add_argument("--breakdown", action="store_true",
                   help="time the runtime's steps and count SQL statements (durable runs)")
    p.add_argument("--timeout", type=float, default=40.0, help="seconds to wait for all replies")
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse())))
