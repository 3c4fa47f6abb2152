"""Shared helpers for the platform benchmarks.

The emulator can run in this process (``LocalEmu``) or in a child process (``ProcEmu``, the
default for the load benchmarks: on a 2-core machine the simulated Telegram then has its own core
instead of eating the bot's, as the real Telegram would). Either way the emulator itself notes,
per chat, when each update was injected and when each bot message arrived; the k-th bot message
in a chat answers the k-th injected update there (every update of the benchmarks gets exactly one
reply, and the sender keeps each chat in order), so latency = arrival - injection, both read from
the same monotonic clock in the same process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sandbox import Emulator, Limits  # noqa: E402
from sandbox.limits import SlidingWindow  # noqa: E402
from sandbox.world import Chat, Message  # noqa: E402

TOKEN = "123456789:BENCHtokenForTheSandboxOnly_abcdefgh"
BOT_USERNAME = "thidua_bench_bot"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def quiet_logs() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("aiogram", "aiogram.event", "aiogram.dispatcher", "httpx", "telegram", "sandbox",
                 "apscheduler", "bot", "handlers", "services", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)


# -- statistics ------------------------------------------------------------------------------------
def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on the sorted values; NaN when empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100 * len(s) + 0.5) - 1))
    return s[k]


def ms(x: float) -> str:
    return f"{x * 1000:8.1f} ms"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- the timed emulator ----------------------------------------------------------------------------
def arrival_times(rng: random.Random, rate: float, duration: float, poisson: bool) -> list[float]:
    """Seconds from the start at which each update is injected."""
    times: list[float] = []
    t = 0.0
    while True:
        t += rng.expovariate(rate) if poisson else 1.0 / rate
        if t >= duration:
            return times
        times.append(t)


def limit_floor(times: Sequence[float], limit: float, window: float = 1.0) -> list[float]:
    """How long each reply must wait only because of Telegram's "``limit`` per ``window``": the
    delays of a bot that answers in no time and sends each reply as soon as the emulator's own
    limiter would let it."""
    telegram = SlidingWindow(limit, window)
    waits: list[float] = []
    for t in times:
        at = t
        while (wait := telegram.wait_time(at)) > 0:
            at += wait
        telegram.take(at)
        waits.append(at - t)
    return waits


class TimedEmulator(Emulator):
    """The emulator, noting injection and bot-message arrival times per chat."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.injected: dict[int, deque[float]] = {}
        self.latencies: list[float] = []
        self.replies = 0
        self.extra = 0  # bot messages with no injected update waiting for them
        self.first_inject: float | None = None
        self.last_reply: float | None = None
        self.first_get_updates: float | None = None
        self.per_chat: dict[int, list[int]] = {}  # chat -> [injected, replied]
        self._reply_event = asyncio.Event()

    def bot_message(self, chat: Chat, **fields: Any) -> Message:
        msg = super().bot_message(chat, **fields)
        now = time.monotonic()
        self.replies += 1
        self.last_reply = now
        self.per_chat.setdefault(chat.id, [0, 0])[1] += 1
        waiting = self.injected.get(chat.id)
        if waiting:
            self.latencies.append(now - waiting.popleft())
        else:
            self.extra += 1
        self._reply_event.set()
        return msg

    async def call(self, method: str, raw: dict[str, Any], uploads: Any = None) -> Any:
        if self.first_get_updates is None and method.lower() == "getupdates":
            self.first_get_updates = time.monotonic()
        return await super().call(method, raw, uploads)

    def inject(self, user: Any, text: str) -> None:
        now = time.monotonic()
        if self.first_inject is None:
            self.first_inject = now
        self.injected.setdefault(user.id, deque()).append(now)
        self.per_chat.setdefault(user.id, [0, 0])[0] += 1
        self.inject_text(user, text)

    def reset_marks(self) -> None:
        self.injected.clear()
        self.per_chat.clear()
        self.latencies = []
        self.replies = self.extra = 0
        self.first_inject = self.last_reply = None

    async def wait_replies(self, expected: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.replies < expected:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._reply_event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._reply_event.wait(), min(left, 0.5))
        return True


def make_emulator(limits_on: bool, record_calls: bool = False,
                  global_limit: float = 30.0) -> TimedEmulator:
    limits = Limits(global_per_sec=global_limit) if limits_on else Limits(enabled=False)
    return TimedEmulator(token=TOKEN, bot_username=BOT_USERNAME, limits=limits,
                         record_calls=record_calls)


@dataclass
class RunResult:
    expected: int
    replies: int
    extra: int
    latencies: list[float]
    elapsed: float  # first injection -> last reply
    ok: bool
    stats: dict[str, int] = field(default_factory=dict)
    duplicated: int = 0  # replies beyond one per injected update, summed over chats
    missing: int = 0  # injected updates whose chat got fewer replies, summed over chats

    @property
    def rate(self) -> float:
        return self.replies / self.elapsed if self.elapsed > 0 else float("nan")


class _Driver:
    """The commands both emulator handles run (in whichever process holds the emulator)."""

    def __init__(self, emu: TimedEmulator) -> None:
        self.emu = emu
        self.users: list[Any] = []
        self.people: dict[int, Any] = {}
        self._injector: asyncio.Task[None] | None = None

    def add_users(self, n: int, prefix: str) -> int:
        for i in range(n):
            self.users.append(self.emu.add_user(f"{prefix} Người dùng {i}", started=True))
        return len(self.users)

    def burst(self, text: str, n: int, first_user: int, users: int) -> None:
        pool = self.users[first_user:first_user + users]
        for i in range(n):
            self.emu.inject(pool[i % len(pool)], text)

    def paced(self, text: str, rate: float, duration: float, first_user: int, users: int,
              seed: int, poisson: bool) -> int:
        pool = self.users[first_user:first_user + users]
        rng = random.Random(seed)
        times = arrival_times(rng, rate, duration, poisson)

        async def run() -> None:
            start = time.monotonic()
            for at in times:
                delay = start + at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                self.emu.inject(rng.choice(pool), text)

        self._injector = asyncio.create_task(run())
        return len(times)

    async def wait(self, expected: int, timeout: float) -> RunResult:
        if self._injector is not None:
            await self._injector
            self._injector = None
        ok = await self.emu.wait_replies(expected, timeout)
        e = self.emu
        last = e.last_reply
        await asyncio.sleep(0.3)  # let a stray extra message show
        if e.last_reply != last:
            await asyncio.sleep(1.0)
        duplicated = sum(max(0, r - i) for i, r in e.per_chat.values())
        missing = sum(max(0, i - r) for i, r in e.per_chat.values())
        elapsed = ((last or 0.0) - e.first_inject) if e.first_inject is not None else 0.0
        stats = {f"{m}:{k}": n for (m, k), n in e.stats.items()}
        result = RunResult(expected, e.replies, e.extra, list(e.latencies), elapsed, ok, stats,
                           duplicated, missing)
        e.reset_marks()
        return result

    def add_people(self, n: int, prefix: str) -> list[int]:
        """``n`` people who started the bot; their Telegram ids (for :meth:`ask_during`)."""
        people = [self.emu.add_user(f"{prefix} {i}", started=True) for i in range(n)]
        self.people.update({p.id: p for p in people})
        return [p.id for p in people]

    async def ask_during(self, asker_ids: list[int], recipient_ids: list[int], marker: str,
                         timeout: float) -> dict[str, Any]:
        """Telegram's side of a morning of bulk messages: from the first one out, the askers ask
        /help in turn (:func:`ask_in_turn`) until every recipient has had a message containing
        ``marker``. Counted here, not by reading the inboxes over the pipe after every answer."""
        askers = [self.people[i] for i in asker_ids]
        recipients = [self.people[i] for i in recipient_ids]

        def delivered() -> int:
            return self.emu.count("sendMessage") - sum(len(a.inbox()) for a in askers)

        for _ in range(6000):  # the first bulk message out (the inboxes have no event)
            if delivered():
                break
            await asyncio.sleep(0.05)
        latencies, elapsed = await ask_in_turn(askers, lambda: delivered() >= len(recipients),
                                               timeout)
        copies = [sum(1 for m in u.inbox() if marker in (m.text or "")) for u in recipients]
        return {"latencies": latencies, "elapsed": elapsed,
                "delivered": sum(1 for c in copies if c),
                "duplicates": sum(c - 1 for c in copies if c > 1), "missing": copies.count(0),
                "rate_limited": self.emu.count(kind="rate_limit")}

    def info(self) -> dict[str, Any]:
        e = self.emu
        return {"first_get_updates": e.first_get_updates,
                "rejected": [repr(c) for c in e.unexpected_rejections()][:5],
                "stats": {f"{m}:{k}": n for (m, k), n in e.stats.items()}}


class LocalEmu:
    """The emulator in this process and event loop."""

    def __init__(self, limits_on: bool, record_calls: bool = False,
                 global_limit: float = 30.0) -> None:
        self.emu = make_emulator(limits_on, record_calls, global_limit)
        self.driver = _Driver(self.emu)
        self.base_url = ""

    async def start(self) -> str:
        self.base_url = await self.emu.start(host="127.0.0.1", port=0)
        return self.base_url

    async def add_users(self, n: int, prefix: str = "Bench") -> int:
        return self.driver.add_users(n, prefix)

    async def burst(self, text: str, n: int, first_user: int, users: int) -> None:
        self.driver.burst(text, n, first_user, users)

    async def paced(self, text: str, rate: float, duration: float, first_user: int, users: int,
                    seed: int = 1, poisson: bool = True) -> int:
        return self.driver.paced(text, rate, duration, first_user, users, seed, poisson)

    async def wait(self, expected: int, timeout: float) -> RunResult:
        return await self.driver.wait(expected, timeout)

    async def add_people(self, n: int, prefix: str) -> list[int]:
        return self.driver.add_people(n, prefix)

    async def ask_during(self, asker_ids: list[int], recipient_ids: list[int], marker: str,
                         timeout: float) -> dict[str, Any]:
        return await self.driver.ask_during(asker_ids, recipient_ids, marker, timeout)

    async def info(self) -> dict[str, Any]:
        return self.driver.info()

    async def stop(self) -> None:
        await self.emu.stop()


def _child_main(conn: Any, limits_on: bool, record_calls: bool, global_limit: float) -> None:
    quiet_logs()

    async def main() -> None:
        emu = make_emulator(limits_on, record_calls, global_limit)
        driver = _Driver(emu)
        conn.send(await emu.start(host="127.0.0.1", port=0))
        loop = asyncio.get_running_loop()
        while True:
            cmd, args = await loop.run_in_executor(None, conn.recv)
            try:
                if cmd == "stop":
                    await emu.stop()
                    conn.send(("ok", None))
                    return
                fn = getattr(driver, cmd)
                result = fn(*args)
                if asyncio.iscoroutine(result):
                    result = await result
                conn.send(("ok", result))
            except Exception as exc:  # report, keep serving
                conn.send(("error", repr(exc)))

    asyncio.run(main())


class ProcEmu:
    """The emulator in a child process (its own core); the same commands over a pipe."""

    def __init__(self, limits_on: bool, record_calls: bool = False,
                 global_limit: float = 30.0) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_child_main,
                                 args=(child, limits_on, record_calls, global_limit), daemon=True)
        self.base_url = ""

    async def start(self) -> str:
        self._proc.start()
        self.base_url = await asyncio.get_running_loop().run_in_executor(None, self._conn.recv)
        return self.base_url

    async def _cmd(self, cmd: str, *args: Any) -> Any:
        def roundtrip() -> Any:
            self._conn.send((cmd, args))
            return self._conn.recv()

        status, value = await asyncio.get_running_loop().run_in_executor(None, roundtrip)
        if status != "ok":
            raise RuntimeError(f"emulator child: {cmd} failed: {value}")
        return value

    async def add_users(self, n: int, prefix: str = "Bench") -> int:
        return int(await self._cmd("add_users", n, prefix))

    async def burst(self, text: str, n: int, first_user: int, users: int) -> None:
        await self._cmd("burst", text, n, first_user, users)

    async def paced(self, text: str, rate: float, duration: float, first_user: int, users: int,
                    seed: int = 1, poisson: bool = True) -> int:
        return int(await self._cmd("paced", text, rate, duration, first_user, users, seed, poisson))

    async def wait(self, expected: int, timeout: float) -> RunResult:
        return await self._cmd("wait", expected, timeout)  # type: ignore[no-any-return]

    async def add_people(self, n: int, prefix: str) -> list[int]:
        return list(await self._cmd("add_people", n, prefix))

    async def ask_during(self, asker_ids: list[int], recipient_ids: list[int], marker: str,
                         timeout: float) -> dict[str, Any]:
        return dict(await self._cmd("ask_during", asker_ids, recipient_ids, marker, timeout))

    async def info(self) -> dict[str, Any]:
        return await self._cmd("info")  # type: ignore[no-any-return]

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._cmd("stop"), 5)
        self._proc.join(3)
        if self._proc.is_alive():
            self._proc.kill()


EmuHandle = LocalEmu | ProcEmu


def make_emu(limits_on: bool, inproc: bool, global_limit: float = 30.0) -> EmuHandle:
    if inproc:
        return LocalEmu(limits_on, global_limit=global_limit)
    return ProcEmu(limits_on, global_limit=global_limit)


# -- databases -------------------------------------------------------------------------------------
@contextlib.asynccontextmanager
async def sqlite_db() -> AsyncIterator[str]:
    """A fresh SQLite file, migrated to head."""
    from models import make_engine
    from models.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url


def pg_base_url() -> str:
    return os.environ.get("THIDUA_BENCH_PG_URL", "").strip() or DEFAULT_PG_URL


async def _pg_admin(base: str) -> Any:
    import asyncpg
    from sqlalchemy.engine import make_url

    u = make_url(base)
    return await asyncpg.connect(user=u.username or "postgres", password=u.password,
                                 host=u.host or "127.0.0.1", port=u.port or 5432,
                                 database="postgres", timeout=3)


async def pg_unreachable_reason() -> str | None:
    try:
        conn = await _pg_admin(pg_base_url())
    except Exception as exc:
        return f"PostgreSQL at {pg_base_url()} unreachable: {exc!r}"
    await conn.close()
    return None


@contextlib.asynccontextmanager
async def pg_db() -> AsyncIterator[str]:
    """A fresh PostgreSQL database (CREATE DATABASE), migrated to head, dropped afterwards."""
    from sqlalchemy.engine import make_url

    from models import make_engine
    from models.migrate import upgrade

    base = pg_base_url()
    name = f"thidua_bench_{uuid.uuid4().hex[:10]}"
    conn = await _pg_admin(base)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(base).set(drivername="postgresql+asyncpg", database=name) \
        .render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url
    finally:
        conn = await _pg_admin(base)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


# -- the bot ---------------------------------------------------------------------------------------
def bot_settings(base_url: str, db_url: str, gateway: str, *, limits_off: bool,
                 **overrides: Any) -> Any:
    from bot.settings import RateLimits, Settings

    values: dict[str, Any] = {
        "bot_token": TOKEN, "api_base_url": base_url, "database_url": db_url,
        "gateway": gateway, "request_timeout": 10.0,
    }
    if limits_off:
        values["limits"] = RateLimits(global_per_second=100_000, per_chat_per_second=10_000,
                                      per_chat_burst=10_000, group_per_minute=100_000,
                                      paid_per_second=100_000)
    return Settings(**{**values, **overrides})


def print_latencies(label: str, lat: Sequence[float]) -> None:
    print(f"  {label}: n={len(lat)}  p50 {ms(pct(lat, 50))}  p95 {ms(pct(lat, 95))}  "
          f"p99 {ms(pct(lat, 99))}  max {ms(max(lat) if lat else float('nan'))}")


ASKERS = 30  # people asking /help in turn during a broadcast or a morning of nudges


async def ask_in_turn(askers: Sequence[Any], done: Callable[[], bool], timeout: float,
                      *, asking: bool = True) -> tuple[list[float], float]:
    """While bulk messages go out: each asker in turn sends /help, and the next one asks 100 ms
    after the answer (several people, so that Telegram's 1 message/s per chat is not what is
    measured). Until ``done()`` or ``timeout`` seconds; returns the replies' latencies (5 s for
    one that never came) and the seconds it ran."""
    started = time.monotonic()
    latencies: list[float] = []
    turn = 0
    while not done() and time.monotonic() - started < timeout:
        if not asking:
            await asyncio.sleep(0.05)
            continue
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
    return latencies, time.monotonic() - started


def load() -> str:
    """Say how busy the machine was: figures measured on a shared machine are noisy."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def machine() -> str:
    import platform

    return (f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} CPUs, {platform.machine()}")
