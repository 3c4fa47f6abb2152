"""Start-up and idle footprint of ``thidua run``: time from process start to the first getUpdates the
emulator sees, and RSS after a few seconds idle.

    .venv/bin/python -m bench.bench_idle [--runs 3] [--idle 5]

``--gateway ptb`` measures the python-telegram-bot gateway instead (THIDUA_GATEWAY).
Each run starts ``python -m bot.cli run`` as a subprocess (THIDUA_BOT_TOKEN, THIDUA_API_BASE_URL =
an in-process emulator, THIDUA_DATABASE_URL = a fresh temp SQLite file, so the first start also
migrates the schema), then stops it with SIGINT. Targets (issue 2): first poll ≤ 2 s, RSS ≤ 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.common import ROOT, TOKEN, LocalEmu, machine, median, quiet_logs


async def one_run(idle: float, gateway: str) -> tuple[float | None, float, float, int | None]:
    emu = LocalEmu(limits_on=True)
    base = await emu.start()
    with tempfile.TemporaryDirectory(prefix="thidua-idle-") as tmp:
        env = {**os.environ, "THIDUA_BOT_TOKEN": TOKEN, "THIDUA_API_BASE_URL": base,
               "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{Path(tmp) / 'idle.db'}",
               "THIDUA_LOG_LEVEL": "WARNING", "THIDUA_GATEWAY": gateway}
        t0 = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=str(ROOT), env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        first: float | None = None
        deadline = t0 + 15
        while time.monotonic() < deadline and proc.returncode is None:
            if emu.emu.first_get_updates is not None:
                first = emu.emu.first_get_updates - t0
                break
            await asyncio.sleep(0.005)
        await asyncio.sleep(idle)
        ps = psutil.Process(proc.pid)
        rss = ps.memory_info().rss / 2**20
        uss = ps.memory_full_info().uss / 2**20
        proc.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(proc.wait(), 20)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        err = (await proc.stderr.read()).decode(errors="replace") if proc.stderr else ""
        if first is None:
            print(f"  ! no getUpdates seen; bot stderr:\n{err[-2000:]}")
        await emu.stop()
    return first, rss, uss, proc.returncode


async def main(args: argparse.Namespace) -> int:
    quiet_logs()
    print(f"idle: `python -m bot.cli run` ({args.gateway} gateway) × {args.runs}, {args.idle:g} s "
          f"idle each; {machine()}")
    firsts: list[float] = []
    rsss: list[float] = []
    for i in range(args.runs):
        first, rss, uss, code = await one_run(args.idle, args.gateway)
        shown = f"{first:.2f} s" if first is not None else "never"
        print(f"  run {i + 1}: start→first getUpdates {shown}; RSS after {args.idle:g} s idle "
              f"{rss:.1f} MB (USS {uss:.1f} MB); exit code after SIGINT {code}")
        if first is not None:
            firsts.append(first)
        rsss.append(rss)
    m_first, m_rss = median(firsts), median(rsss)
    ok = len(firsts) == args.runs and m_first <= 2.0 and m_rss <= 150
    print(f"\nSUMMARY idle ({args.gateway}): median start→first poll {m_first:.2f} s (target ≤ 2 s),"
          f" median idle RSS {m_rss:.1f} MB (target ≤ 150 MB) [{'targets met' if ok else 'TARGET MISSED'}]")
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--idle", type=float, default=5.0)
    p.add_argument("--gateway", choices=("aiogram", "ptb"), default="aiogram")
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse())))
