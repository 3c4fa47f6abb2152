"""Run a standalone Bot API emulator: ``python -m sandbox --port 8081``.

Point the bot at the printed base URL with the printed token. The simulated world starts empty
(add people and groups from an in-process test instead); ``--users N`` adds N users who have
already started the bot, for a quick look.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .emulator import DEFAULT_TOKEN, Emulator
from .limits import Limits


async def _serve(args: argparse.Namespace) -> None:
    emu = Emulator(
        token=args.token,
        bot_username=args.username,
        limits=Limits(enabled=not args.no_limits),
        privacy_mode=not args.no_privacy,
    )
    await emu.start(args.host, args.port)
    for i in range(args.users):
        user = emu.add_user(f"Người dùng {i + 1}", username=f"user{i + 1}", started=True)
        print(f"USER={user.id} {user.full_name}", flush=True)
    print(f"BASE_URL={emu.base_url}", flush=True)
    print(f"TOKEN={emu.token}", flush=True)
    print(f"Bot API emulator for @{emu.bot_username} at {emu.api_url}/getMe (Ctrl-C stops)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await emu.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--username", default="thidua_bot")
    parser.add_argument("--no-limits", action="store_true", help="switch the flood limits off")
    parser.add_argument("--no-privacy", action="store_true", help="bot sees all group messages")
    parser.add_argument("--users", type=int, default=0, help="add N users who started the bot")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
