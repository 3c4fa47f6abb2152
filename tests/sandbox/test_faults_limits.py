"""Flood limits (429 with retry_after) and switchable faults."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from sandbox import Emulator, Limits
from sandbox.limits import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def limited(emu: Emulator) -> FakeClock:
    clock = FakeClock()
    emu.set_limits(Limits(enabled=True))
    emu.limiter.clock = clock
    return clock


async def test_per_chat_limit_allows_a_short_burst_then_429(emu: Emulator, api, limited) -> None:
    alice = emu.add_user("An", started=True)
    for i in range(3):
        await api.ok("sendMessage", chat_id=alice.id, text=str(i))
    status, body = await api("sendMessage", chat_id=alice.id, text="3")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert emu.calls[-1].kind == "rate_limit" and emu.calls[-1].provoked
    assert emu.unexpected_rejections() == []
    limited.t += 1.0
    await api.ok("sendMessage", chat_id=alice.id, text="3")
    assert [m.text for m in alice.inbox()] == ["0", "1", "2", "3"]


async def test_global_limit_and_paid_broadcast(emu: Emulator, api, limited) -> None:
    users = [emu.add_user(f"U{i}", started=True) for i in range(40)]
    results = [await api("sendMessage", chat_id=u.id, text="tin") for u in users]
    statuses = [s for s, _ in results]
    assert statuses.count(200) == 30 and statuses.count(429) == 10
    assert emu.count("sendMessage", "rate_limit") == 10
    # paid broadcast has its own, much larger allowance
    for u in users[30:]:
        await api.ok("sendMessage", chat_id=u.id, text="tin", allow_paid_broadcast=True)


async def test_group_limit_is_20_per_minute(emu: Emulator, api, limited) -> None:
    alice = emu.add_user("An")
    grp = emu.add_group("Nhóm", members=[alice])
    sent = 0
    for _ in range(25):
        status, body = await api("sendMessage", chat_id=grp.id, text="x")
        if status == 200:
            sent += 1
        else:
            assert body["parameters"]["retry_after"] >= 1
        limited.t += 1.0  # one a second: within the per-chat limit
    assert sent == 20
    # the first went at t=0, it is now t=25: the window frees up at t=60
    status, body = await api("sendMessage", chat_id=grp.id, text="x")
    assert status == 429 and body["parameters"]["retry_after"] == 35
    limited.t += 35
    await api.ok("sendMessage", chat_id=grp.id, text="x")


def test_rate_limiter_disabled() -> None:
    lim = RateLimiter(Limits(enabled=False))
    assert all(lim.check(1, False) == 0 for _ in range(1000))


async def test_fault_429_and_500(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    emu.faults.add("429", {"sendMessage"}, count=2, retry_after=3)
    emu.faults.add("500", "sendMessage", count=1)
    for _ in range(2):
        status, body = await api("sendMessage", chat_id=alice.id, text="x")
        assert status == 429 and body["parameters"] == {"retry_after": 3}
    status, body = await api("sendMessage", chat_id=alice.id, text="x")
    assert status == 500 and body["description"] == "Internal Server Error"
    await api.ok("sendMessage", chat_id=alice.id, text="x")
    assert len(alice.inbox()) == 1  # refused calls did nothing
    assert [c.kind for c in emu.calls] == ["fault", "fault", "fault", "ok"]
    assert emu.unexpected_rejections() == []
    assert not emu.faults


async def test_fault_rate_is_reproducible(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    fault = emu.faults.add("500", None, rate=0.3)
    statuses = [(await api("sendChatAction", chat_id=alice.id, action="typing"))[0] for _ in range(50)]
    fault.remove()
    assert 5 < statuses.count(500) < 25 and fault.hits == statuses.count(500)


async def test_fault_timeout_still_delivers(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    emu.faults.add("timeout", {"sendMessage"}, count=1, delay=2.0)
    t0 = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await api.session.post(
            f"{emu.api_url}/sendMessage",
            json={"chat_id": alice.id, "text": "có thể đã gửi"},
            timeout=aiohttp.ClientTimeout(total=0.3),
        )
    assert time.monotonic() - t0 < 1
    assert [m.text for m in alice.inbox()] == ["có thể đã gửi"]
    call = emu.calls[-1]
    assert call.ok and call.kind == "fault" and call.fault == "timeout" and call.provoked


async def test_fault_drop_closes_the_connection(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    emu.faults.add("drop", {"sendMessage"}, count=1)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api("sendMessage", chat_id=alice.id, text="x")
    assert alice.inbox() == []
    await api.ok("sendMessage", chat_id=alice.id, text="x")


async def test_faults_can_target_chats(emu: Emulator, api) -> None:
    alice, bob = emu.add_user("An", started=True), emu.add_user("Bình", started=True)
    emu.faults.add("500", chat_ids=[bob.id])
    await api.ok("sendMessage", chat_id=alice.id, text="x")
    assert (await api("sendMessage", chat_id=bob.id, text="x"))[0] == 500
