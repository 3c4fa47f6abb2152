"""Run ``thidua …`` in a child process and report the peak RSS of that program alone.

``ru_maxrss`` (wait4, getrusage) would also count the memory the child inherited from the
process that forked it (Linux carries the high-water mark across exec), so the child reads its
own ``VmHWM`` as it exits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_WRAPPER = (
    "import atexit, sys\n"
    "def _peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            open(out, 'w').write(line.split()[1])\n"
    "atexit.register(_peak)\n"
    "out = sys.argv[1]\n"
    "sys.argv = ['thidua', *sys.argv[2:]]\n"
    "from bot.cli import main\n"
    "main()\n"
)


def run_cli(args: list[str], *, cwd: Path, env: dict[str, str], peak_file: Path,
            timeout: float = 300) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and the peak RSS in MB of ``thidua *args``."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, str(peak_file), *args], cwd=cwd,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout, check=False)
    peak_kb = float(peak_file.read_text()) if peak_file.exists() else float("nan")
    return done.returncode, done.stdout, done.stderr, peak_kb / 1024
