"""getUpdates (long polling, offset, limit, allowed_updates, 409) and webhook delivery."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from sandbox import Emulator


async def test_long_poll_wakes_as_soon_as_an_update_arrives(emu: Emulator, api) -> None:
    alice = emu.add_user("An")

    async def later():
        await asyncio.sleep(0.2)
        await alice.send("/start")

    t0 = time.monotonic()
    task = asyncio.create_task(later())
    ups = await api.ok("getUpdates", timeout=10)
    elapsed = time.monotonic() - t0
    await task
    assert [u["message"]["text"] for u in ups] == ["/start"]
    assert 0.15 < elapsed < 2


async def test_long_poll_times_out_empty(api) -> None:
    t0 = time.monotonic()
    assert await api.ok("getUpdates", timeout=1) == []
    assert 0.9 < time.monotonic() - t0 < 3


async def test_offset_confirms_and_limit(emu: Emulator, api) -> None:
    alice = emu.add_user("An")
    ids = [emu.inject_text(alice, str(i)) for i in range(5)]
    assert [u["update_id"] for u in await api.ok("getUpdates", limit=2)] == ids[:2]
    # not confirmed yet: the same again
    assert [u["update_id"] for u in await api.ok("getUpdates", limit=2)] == ids[:2]
    assert [u["update_id"] for u in await api.ok("getUpdates", offset=ids[2])] == ids[2:]
    assert emu.pending_updates == 3
    assert [u["update_id"] for u in await api.ok("getUpdates", offset=-1)] == ids[4:]
    assert await api.ok("getUpdates", offset=ids[4] + 1) == []
    assert await emu.drain(0.1)


async def test_allowed_updates(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    await api.ok("getUpdates", allowed_updates=["callback_query"])
    assert await alice.send("hi") is None  # not created: kind not allowed
    await api.ok(
        "sendMessage",
        chat_id=alice.id,
        text="x",
        reply_markup={"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]},
    )
    await alice.press(alice.last_message, "a")
    ups = await api.ok("getUpdates", allowed_updates=[])
    assert [next(k for k in u if k != "update_id") for u in ups] == ["callback_query"]
    await alice.send("hi")  # [] = back to the default kinds
    assert "message" in (await api.ok("getUpdates", offset=ups[-1]["update_id"] + 1))[0]


async def test_second_poller_terminates_the_first_with_409(emu: Emulator, api) -> None:
    first = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    status, body = await first
    assert status == 409
    assert body["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )
    alice = emu.add_user("An")
    await alice.send("x")
    status, body = await second
    assert status == 200 and len(body["result"]) == 1
    assert [c.kind for c in emu.rejected()] == ["conflict"]


async def test_get_updates_while_webhook_set_is_409(emu: Emulator, api) -> None:
    await api.ok("setWebhook", url="http://127.0.0.1:9/hook")
    status, body = await api("getUpdates")
    assert status == 409
    assert body["description"] == (
        "Conflict: can't use getUpdates method while webhook is "
        "active; use deleteWebhook to delete the webhook first"
    )
    await api.ok("deleteWebhook")
    assert await api.ok("getUpdates") == []


class Hook:
    """A webhook endpoint that fails the first ``fail`` requests with 500."""

    def __init__(self, fail: int = 0) -> None:
        self.fail = fail
        self.received: list[tuple[str | None, dict]] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), body))
        if self.fail:
            self.fail -= 1
            return web.Response(status=500)
        return web.Response(text="ok")


@pytest.fixture
async def hook() -> AsyncIterator[Hook]:
    h = Hook()
    app = web.Application()
    app.router.add_post("/hook", h.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    h.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/hook"  # type: ignore[union-attr]
    yield h
    await runner.cleanup()


async def test_webhook_delivers_in_order_with_secret(emu: Emulator, api, hook: Hook) -> None:
    alice, bob = emu.add_user("An"), emu.add_user("Bình")
    await api.ok("setWebhook", url=hook.url, secret_token="s3cr3t-TOKEN_1", max_connections=1)
    ids = []
    for i in range(10):
        ids.append(await alice.send(f"a{i}"))
        ids.append(await bob.send(f"b{i}"))
    assert await emu.drain(5)
    assert [b["update_id"] for _, b in hook.received] == ids
    assert {s for s, _ in hook.received} == {"s3cr3t-TOKEN_1"}
    info = await api.ok("getWebhookInfo")
    assert info["url"] == hook.url and info["pending_update_count"] == 0
    assert "last_error_date" not in info


async def test_webhook_parallel_keeps_order_per_chat(emu: Emulator, api, hook: Hook) -> None:
    users = [emu.add_user(f"U{i}") for i in range(5)]
    await api.ok("setWebhook", url=hook.url)
    for i in range(20):
        for u in users:
            emu.inject_text(u, f"{u.id}:{i}")
    assert await emu.drain(5)
    assert len(hook.received) == 100
    for u in users:
        mine = [b["message"]["text"] for _, b in hook.received if b["message"]["from"]["id"] == u.id]
        assert mine == [f"{u.id}:{i}" for i in range(20)]


async def test_webhook_retries_after_500_and_records_the_error(emu: Emulator, api, hook: Hook) -> None:
    hook.fail = 2
    alice = emu.add_user("An")
    await api.ok("setWebhook", url=hook.url, secret_token="abc")
    uid = await alice.send("/start")
    assert await emu.drain(5)
    assert [b["update_id"] for _, b in hook.received] == [uid, uid, uid]
    info = await api.ok("getWebhookInfo")
    assert info["last_error_message"] == "Wrong response from the webhook: 500 Internal Server Error"
    assert info["last_error_date"] > 0


async def test_webhook_connection_refused_then_deleted_keeps_updates(emu: Emulator, api) -> None:
    alice = emu.add_user("An")
    await api.ok("setWebhook", url="http://127.0.0.1:9/nothing-listens-here")
    uid = await alice.send("/start")
    await asyncio.sleep(0.2)
    info = await api.ok("getWebhookInfo")
    assert info["pending_update_count"] == 1
    assert info["last_error_message"] == "Connection refused"
    await api.ok("deleteWebhook")
    await asyncio.sleep(0.15)
    assert [u["update_id"] for u in await api.ok("getUpdates")] == [uid]


async def test_webhook_reply_with_a_method_is_executed(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)

    async def handle(request: web.Request) -> web.Response:
        upd = await request.json()
        return web.json_response(
            {"method": "sendMessage", "chat_id": upd["message"]["chat"]["id"], "text": "pong"}
        )

    app = web.Application()
    app.router.add_post("/", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        await api.ok("setWebhook", url=f"http://127.0.0.1:{port}/", drop_pending_updates=True)
        await alice.send("ping")
        assert (await alice.next_message(timeout=3)).text == "pong"
    finally:
        await runner.cleanup()


async def test_a_poller_that_went_away_is_not_a_conflict(emu: Emulator, api) -> None:
    """A bot that stopped (closed its connection mid-poll) leaves nothing behind: the next
    poller is not in conflict with a ghost."""
    import aiohttp

    with pytest.raises(asyncio.TimeoutError):
        await api.session.post(
            f"{emu.api_url}/getUpdates", json={"timeout": 5}, timeout=aiohttp.ClientTimeout(total=0.2)
        )
    await asyncio.sleep(0.1)
    assert not emu.updates.polling
    assert await api.ok("getUpdates", timeout=0) == []
    assert emu.rejected() == []
