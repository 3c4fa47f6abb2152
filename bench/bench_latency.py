"""Latency under realistic load: 20 updates/s from 500 users, the emulator's limits ON and the bot's
default RateLimits (30/s overall, ~1/s per chat with a burst of 3).

    .venv/bin/python -m bench.bench_latency [--rate 20] [--users 500] [--duration 120]
        [--db sqlite|postgresql] [--gateway aiogram|ptb] [--uniform] [--inproc]

Arrivals are Poisson (seeded) unless ``--uniform``; latency is injection → the reply reaching the
emulator. Target (issue 2): p99 ≤ 100 ms.

Telegram's 30/s is a hard ceiling that Poisson arrivals at 20/s exceed now and then, and the replies
of such a burst must wait whatever the bot does. The bench prints that floor: the p99 of a bot that
answers in no time on the same arrivals. Over 20 s it swings from 0 to 250 ms with the seed; over
the default 120 s it is steadier, and the bot's own share is the difference.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys

from bench.common import (
    arrival_times,
    bot_settings,
    limit_floor,
    machine,
    make_emu,
    pct,
    pg_db,
    pg_unreachable_reason,
    print_latencies,
    quiet_logs,
    sqlite_db,
)


async def main(args: argparse.Namespace) -> int:
    from bot.app import Runtime
    from bot.settings import RateLimits

    quiet_logs()
    print(f"latency: {args.rate:g} updates/s ({'uniform' if args.uniform else 'Poisson'}) × "
          f"{args.duration:g} s of {args.text!r} from {args.users} users; emulator limits ON (global "
          f"{args.global_limit:g}/s), bot RateLimits to match; {args.db}/{args.gateway}; {machine()}")
    if args.db == "postgresql":
        reason = await pg_unreachable_reason()
        if reason:
            print(f"skipped: {reason}\nSUMMARY latency: skipped ({reason})")
            return 0
    ctx = sqlite_db() if args.db == "sqlite" else pg_db()
    async with ctx as url:
        emu = make_emu(limits_on=True, inproc=args.inproc, global_limit=args.global_limit)
        await emu.start()
        await emu.add_users(args.users + 10)
        runtime = Runtime(bot_settings(emu.base_url, url, args.gateway, limits_off=False,
                                       limits=RateLimits(global_per_second=args.global_limit)),
                          with_scheduler=False)
        try:
            await runtime.start()
            # a short warm-up from 10 users outside the measured pool
            await emu.burst(args.text, 10, 0, 10)
            warm = await emu.wait(10, 15)
            if not warm.ok:
                print(f"warm-up incomplete: {warm.replies}/10")
            n = await emu.paced(args.text, args.rate, args.duration, 10, args.users, args.seed,
                                not args.uniform)
            r = await emu.wait(n, args.duration + 30)
            info = await emu.info()
        finally:
            await runtime.stop()
            await emu.stop()
    lat = r.latencies
    print(f"injected {n} updates; {r.replies} replies; achieved {n / args.duration:.1f} updates/s")
    if r.duplicated or r.missing:
        print(f"INTEGRITY: {r.duplicated} duplicate replies, {r.missing} updates unanswered")
    print_latencies("injection→reply", lat)
    r429 = sum(v for k, v in info["stats"].items() if k.endswith(":too_many_requests")
               or k.endswith(":429") or "flood" in k)
    print(f"  emulator 429s: {r429}; rejected (unprovoked): {len(info['rejected'])}")
    times = arrival_times(random.Random(args.seed), args.rate, args.duration, not args.uniform)
    floor = limit_floor(times, args.global_limit)
    waited = sum(1 for w in floor if w > 0)
    print(f"  the {args.global_limit:g}/s limit alone (a bot answering in no time): {waited} replies "
          f"must wait; p99 {pct(floor, 99) * 1000:.0f} ms, max {max(floor) * 1000:.0f} ms")
    p99 = pct(lat, 99)
    verdict = "target met" if p99 <= 0.100 and r.ok else "TARGET MISSED (p99 ≤ 100 ms)"
    verdict += f"; the limit alone: p99 {pct(floor, 99) * 1000:.0f} ms"
    print(f"\nSUMMARY latency: {args.rate:g}/s × {args.duration:g} s, {args.users} users, "
          f"{args.db}/{args.gateway}: p50 {pct(lat, 50) * 1000:.0f} ms, p95 {pct(lat, 95) * 1000:.0f}"
          f" ms, p99 {p99 * 1000:.0f} ms, max {max(lat) * 1000 if lat else float('nan'):.0f} ms "
          f"[{verdict}]")
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rate", type=float, default=20.0)
    p.add_argument("--users", type=int, default=500)
    p.add_argument("--duration", type=float, default=120.0)
    p.add_argument("--text", default="/help")
    p.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--gateway", choices=("aiogram", "ptb"), default="aiogram")
    p.add_argument("--uniform", action="store_true", help="evenly spaced arrivals, not Poisson")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--inproc", action="store_true", help="emulator in the bot's event loop")
    p.add_argument("--global-limit", type=float, default=30.0,
                   help="Telegram's overall messages per second, on the emulator and the bot")
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse())))
