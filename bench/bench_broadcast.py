"""Broadcast throughput: N recipients, the emulator enforcing a global limit L, the sender set to L.

    .venv/bin/python -m bench.bench_broadcast [--recipients 5000] [--limit 300] [--paid]
        [--gateway aiogram|ptb] [--db sqlite|postgresql] [--no-asking]

Prints achieved rate ÷ L (target ≥ 0.95), duplicates and lost copies (target 0), the 429s the
emulator answered, and the p99 of interactive replies during the broadcast (target < 300 ms):
30 people ask /help in turn, one every 100 ms after the last answer; their replies share L.
``--no-asking`` measures the broadcast alone. Runs the real runtime (bot.app.Runtime) against
the in-process emulator; the issue's three runs are ``--limit 30 --recipients 600``,
``--limit 300`` and ``--paid`` (1,000/s).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import ASKERS, TOKEN, ask_in_turn, load, pct, quiet_logs  # noqa: E402

BODY = "<b>Thông báo</b>: kiểm tra tốc độ gửi"


async def main(args: argparse.Namespace) -> int:
    from bot.app import Runtime
    from bot.settings import RateLimits, Settings
    from models import Member, Role, make_engine, make_session_factory
    from models.migrate import upgrade
    from sandbox import Emulator, Limits
    from services import directives
    from services.directives import Audience

    quiet_logs()
    limit = 1000.0 if args.paid else float(args.limit)
    emu = Emulator(token=TOKEN, bot_username="thidua_bench_bot", record_calls=False,
                   limits=Limits(global_per_sec=args.limit, paid_per_sec=1000.0,
                                 per_chat_per_sec=1.0, per_chat_burst=3.0))
    await emu.start(host="127.0.0.1", port=0)
    tmp = tempfile.mkdtemp(prefix="bench-broadcast-")
    url = (f"sqlite+aiosqlite:///{tmp}/bench.db" if args.db == "sqlite"
           else "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    engine = make_engine(url)
    await upgrade(engine)
    factory = make_session_factory(engine)
    users = [emu.add_user(f"Người nhận {i}", started=True) for i in range(args.recipients)]
    # Several people ask in turn: one person asking ten times a second would only measure
    # Telegram's one-message-a-second limit for their own chat.
    askers = [emu.add_user(f"Người hỏi {i}", started=True) for i in range(ASKERS)]
    async with factory() as s, s.begin():
        for u in users:
            s.add(Member(telegram_id=u.id, full_name=u.full_name, role=Role.OFFICER))
        for u in askers:
            s.add(Member(telegram_id=u.id, full_name=u.full_name, role=Role.COUNCIL))
    settings = Settings(bot_token=TOKEN, api_base_url=emu.base_url, database_url=url,
                        gateway=args.gateway, poll_timeout=1, paid_broadcast=args.paid,
                        limits=RateLimits(global_per_second=args.limit, paid_per_second=1000.0))
    runtime = Runtime(settings, with_scheduler=False)
    await runtime.start()
    try:
        async with factory() as s, s.begin():
            await directives.create_directive(
                s, actor=None, title="Đo tốc độ", number=None, body_html=BODY,
                source_chat_id=None, source_message_id=None,
                audience=Audience(roles=[Role.OFFICER]), send_at=None, now=datetime.now(UTC))
        assert runtime.sender is not None
        runtime.sender.wake()
        latencies, elapsed = await ask_in_turn(
            askers, lambda: sum(1 for u in users if u.inbox()) >= args.recipients, args.timeout,
            asking=not args.no_asking)
        copies = [sum(1 for m in u.inbox() if (m.text or "").startswith("Thông báo")) for u in users]
        got = sum(1 for c in copies if c)
        rate = got / elapsed if elapsed else 0.0
        # The interactive replies share the same limit: count them for the sender's achieved rate.
        total_rate = (got + len(latencies)) / elapsed if elapsed else 0.0
        print(f"broadcast: {args.recipients} recipients, L={limit:g}/s "
              f"({'paid' if args.paid else 'normal'}), {args.db}/{args.gateway}")
        print(f"  delivered {got} in {elapsed:.2f} s = {rate:.1f}/s, rate/L = {rate / limit:.3f} "
              f"(with the {len(latencies)} interactive replies: {total_rate / limit:.3f})")
        print(f"  duplicates {sum(c - 1 for c in copies if c > 1)}, lost {copies.count(0)}, "
              f"429s {emu.count(kind='rate_limit')}")
        if latencies:
            print(f"  interactive replies: n={len(latencies)} p50={pct(latencies, 50) * 1000:.0f} ms"
                  f" p99={pct(latencies, 99) * 1000:.0f} ms")
        print(f"  {load()}")
    finally:
        await runtime.stop()
        await emu.stop()
        await engine.dispose()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--limit", type=float, default=300.0)
    parser.add_argument("--paid", action="store_true")
    parser.add_argument("--gateway", default="aiogram", choices=["aiogram", "ptb"])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--no-asking", action="store_true",
                        help="the broadcast alone: nobody asks the bot anything meanwhile")
    sys.exit(asyncio.run(main(parser.parse_args())))
