"""Benchmark: the reports export (every value of every revision) at 100,000 rows.

Seeds ~940 units × 12 milestones × 10 targets of reports (one unit in nine missing at each
milestone: ~100,000 report values) on SQLite, then runs the export in a fresh child process and
measures its wall time and peak RSS (the child's ru_maxrss, so the seeding is not counted), and
reopens the file to count the rows. Targets: ≤ 10 s and ≤ 300 MB peak RSS.

    .venv/bin/python -m bench.bench_exports [--units 940] [--db sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_missing_status import seed
from bench.common import machine, pg_db, pg_unreachable_reason, sqlite_db

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 10.0
TARGET_RSS_MB = 300.0


def child(url: str, out: str) -> None:
    """Run in the child process: the export alone, timed."""

    async def go() -> tuple[dict[str, float], bytes]:
        from models import make_engine, make_session_factory
        from services.exports import movement
        from services.exports.scope import OPERATOR

        engine = make_engine(url)
        factory = make_session_factory(engine)
        began = time.perf_counter()
        async with factory() as session:
            data = await movement.reports(session, OPERATOR)
        elapsed = time.perf_counter() - began
        await engine.dispose()
        return {"seconds": elapsed, "bytes": len(data)}, data

    figures, data = asyncio.run(go())
    Path(out).write_bytes(data)
    print(json.dumps(figures))


def count_rows(path: Path) -> int:
    """Reopen the file and count its data rows."""
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).worksheets[0]
    return sum(1 for _ in ws.iter_rows(min_row=2, values_only=True))


async def run(url: str, units: int, label: str) -> bool:
    counts = await seed(url, units, 12, 10)
    out = Path(f"/tmp/thidua-bench-export-{label}.xlsx")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    proc = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bench.bench_exports", "--child", url, str(out)],
        capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - began
    peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = await asyncio.to_thread(count_rows, out)
    assert rows == counts["values"], (rows, counts)
    ok = figures["seconds"] <= TARGET_SECONDS and peak_mb <= TARGET_RSS_MB
    print(f"  {label}: {rows:,} rows, {figures['bytes'] / 1e6:.1f} MB file; export "
          f"{figures['seconds']:.2f} s (target ≤ {TARGET_SECONDS:.0f} s; child process wall "
          f"{wall:.2f} s incl. start-up), peak RSS {peak_mb:.0f} MB (target ≤ {TARGET_RSS_MB:.0f} MB)"
          f"  {'OK' if ok else 'OVER'}")
    await asyncio.to_thread(out.unlink, missing_ok=True)
    return ok


async def main(args: argparse.Namespace) -> int:
    print(f"bench_exports on {machine()} (shared machine: figures are noisy)")
    if args.db == "sqlite":
        async with sqlite_db() as url:
            ok = await run(url, args.units, "sqlite")
    else:
        reason = await pg_unreachable_reason()
        if reason:
            print(f"  skipped: {reason}")
            return 0
        async with pg_db() as url:
            ok = await run(url, args.units, "postgresql")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=940)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    sys.exit(asyncio.run(main(parser.parse_args())))
