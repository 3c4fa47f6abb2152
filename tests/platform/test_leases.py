"""Single-copy roles: a second sender or scheduler waits for the lease instead of doubling."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bot.app import Runtime
from bot.lease import LeaseKeeper
from tests.conftest import stack_settings


async def test_a_lease_has_one_holder_until_released_or_expired(session_factory):
    now = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    clock = lambda: now  # noqa: E731
    first = LeaseKeeper(session_factory, "sender", holder="a", ttl=10, clock=clock)
    second = LeaseKeeper(session_factory, "sender", holder="b", ttl=10, clock=clock)
    assert await first.try_acquire()
    assert not await second.try_acquire()
    assert await first.try_acquire()  # renewing
    await first.release()
    assert await second.try_acquire()
    now += timedelta(seconds=11)  # b died without releasing
    assert await first.try_acquire()
    assert not await second.try_acquire()


async def test_two_processes_one_sender(emulator, db_url):
    settings = stack_settings(emulator, db_url, "aiogram")
    one = Runtime(settings, with_scheduler=False)
    two = Runtime(settings, with_scheduler=False, roles={"web", "worker", "sender"})
    await one.start()
    await two.start()
    try:
        assert "sender" in one._tasks and "sender" not in two._tasks
        assert "poller" in one._tasks and "poller" not in two._tasks
        an = emulator.add_user("Hai Tiến Trình")
        await an.send("/start")
        await an.next_message()
        await one.stop()
        # The survivor takes over polling and sending once the leases are given back.
        await an.send("/help")
        reply = await an.next_message(timeout=15)
        assert "chưa được cấp quyền" in reply.text
        assert "sender" in two._tasks and "poller" in two._tasks
    finally:
        await two.stop()


async def test_roles_in_separate_processes_wake_each_other_at_once(emulator, pg_url):
    # Each role looks at its table by itself only once a minute here: an answer within seconds
    # shows the poller woke the worker and the worker woke the sender through PostgreSQL.
    settings = stack_settings(emulator, pg_url, "aiogram")
    roles = ({"web"}, {"worker"}, {"sender"})
    runtimes = [Runtime(settings, with_scheduler=False, roles=r, idle_seconds=60) for r in roles]
    for runtime in runtimes:
        await runtime.start()
    try:
        for runtime in runtimes:
            assert runtime.wakeups is not None
            await asyncio.wait_for(runtime.wakeups.connected.wait(), 5)
        an = emulator.add_user("Ba Tiến Trình")
        for text in ("/start", "/help"):
            started = time.monotonic()
            await an.send(text)
            await an.next_message(timeout=10)
            assert time.monotonic() - started < 5
    finally:
        for runtime in reversed(runtimes):
            await runtime.stop()
