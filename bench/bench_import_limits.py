"""Hostile import files against `thidua units import`: time to refusal and the importer's peak RSS.

``python -m bench.bench_import_limits`` — each file is imported in its own process, which reports
its own peak RSS (VmHWM). Figures are noisy on a shared machine.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.ops import hostile
from tests.ops.peak import run_cli

ROOT = Path(__file__).resolve().parents[1]

CASES: list[tuple[str, Callable[[Path], Path], dict[str, str]]] = [
    ("400 MB shared string in a 1.8 MB XLSX", lambda d: hostile.huge_shared_string(d / "s.xlsx"),
     {}),
    ("1 GB zip bomb", lambda d: hostile.zip_bomb(d / "bomb.xlsx"), {}),
    ("1,000,000-row XLSX", lambda d: hostile.many_rows_xlsx(d / "m.xlsx"), {}),
    ("1,000,000-row XLSX, unpack limit raised to 1 GB", lambda d: d / "m.xlsx",
     {"THIDUA_IMPORTS__MAX_UNPACKED_MB": "1000"}),
    ("1,000,000-row CSV (39 MB)", lambda d: hostile.many_rows_csv(d / "m.csv"), {}),
    ("1,000,000-row CSV, size limit raised to 100 MB", lambda d: d / "m.csv",
     {"THIDUA_IMPORTS__MAX_FILE_MB": "100"}),
    ("20,000-row XLSX (accepted)", lambda d: hostile.many_rows_xlsx(d / "ok.xlsx", rows=19_000),
     {}),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        print(f"{'file':52} {'exit':>4} {'seconds':>8} {'peak RSS MB':>12}  answer")
        for name, make, env in CASES:
            path = make(d)
            env_full = {**env, "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{d}/b.db"}
            started = time.perf_counter()
            code, out, err, peak = run_cli(["units", "import", str(path)], cwd=ROOT,
                                           env=env_full, peak_file=d / "peak")
            elapsed = time.perf_counter() - started
            said = (err + out).strip().splitlines()
            print(f"{name:52} {code:>4} {elapsed:8.2f} {peak:12.0f}  {said[-1][:90] if said else ''}")


if __name__ == "__main__":
    main()
