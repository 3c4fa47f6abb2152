"""The operator's view: /healthz says what is wrong, /metrics counts, `thidua status` prints the
same, and `thidua db backup` copies a database the bot is writing to."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import update

from bot.app import Runtime
from bot.inbox import store_updates
from bot.settings import HealthSettings, Mode, WebhookSettings
from models import InboxUpdate, is_sqlite
from models.base import utcnow
from tests.conftest import TOKEN, Stack, stack_settings
from tests.platform.test_durability import free_port

ROOT = Path(__file__).resolve().parents[2]


def _update(update_id: int, chat: int = 77) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "X"}, "text": "hello"}}


async def _age_inbox(stack: Stack, seconds: float) -> None:
    async with stack.session_factory() as s, s.begin():
        await s.exec(update(InboxUpdate).values(  # type: ignore[call-overload]
            received_at=utcnow() - timedelta(seconds=seconds)))


@pytest.mark.parametrize("gateway", ["aiogram", "ptb"])
async def test_healthz_on_the_webhook_server_says_what_is_wrong(emulator, db_url, gateway):
    port = free_port()
    settings = stack_settings(
        emulator, db_url, gateway, mode=Mode.WEBHOOK,
        webhook=WebhookSettings(public_url=f"http://127.0.0.1:{port}/telegram",
                                listen_host="127.0.0.1", listen_port=port, secret_token="s3c-ret"),
        health=HealthSettings(max_inbox_pending=5, max_oldest_pending_seconds=60))
    # A web-only process: it stores updates, nobody handles them.
    runtime = Runtime(settings, with_scheduler=False, roles={"web"})
    await runtime.start()
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{url}/healthz") as resp:
                body = await resp.json()
                assert resp.status == 200 and body["status"] == "ok", body
                assert body["inbox_pending"] == 0 and body["problems"] == []
                assert set(body["outbox_pending"]) <= {"reply", "notice", "bulk"}
                assert {"leases", "sweeps", "last_sent_at", "oldest_pending_seconds"} <= set(body)
            stack = Stack(emulator, runtime, None, gateway)  # type: ignore[arg-type]
            assert runtime.session_factory is not None
            await store_updates(runtime.session_factory, [_update(i) for i in range(1, 8)])
            await _age_inbox(stack, 90)
            async with http.get(f"{url}/healthz") as resp:
                body = await resp.json()
            assert resp.status == 503 and body["status"] == "failing"
            assert body["inbox_pending"] == 7 and body["oldest_pending_seconds"] >= 90
            problems = " | ".join(body["problems"])
            assert "inbox backlog: 7 updates waiting" in problems
            assert "no worker is handling updates" in problems
            async with http.get(f"{url}/metrics") as resp:
                text = await resp.text()
            assert resp.status == 200
            assert "thidua_inbox_pending 7.0" in text and "thidua_healthy 0.0" in text
            # An update the bot cannot read is set aside, and counted apart from the backlog.
            await store_updates(runtime.session_factory, [{"update_id": 99, "message": None}])
            async with http.get(f"{url}/healthz") as resp:
                body = await resp.json()
            assert body["inbox_set_aside"] == 1 and body["inbox_pending"] == 7
            async with http.get(f"{url}/metrics") as resp:
                assert "thidua_inbox_set_aside 1.0" in await resp.text()
    finally:
        await runtime.stop()


async def test_metrics_port_in_polling_mode_counts_what_happened(emulator, db_url):
    port = free_port()
    settings = stack_settings(emulator, db_url, "aiogram", metrics_port=port,
                              metrics_host="127.0.0.1")
    runtime = Runtime(settings, with_scheduler=False)
    await runtime.start()
    try:
        stack = Stack(emulator, runtime, None, "aiogram")  # type: ignore[arg-type]
        people = [await stack.user(f"Người {i}") for i in range(3)]
        for person in people:
            await person.send("/start")
            await person.next_message()
        emulator.faults.add("429", methods={"sendmessage"}, count=1, retry_after=1)
        await people[0].send("/help")
        await people[0].next_message(timeout=10)
        await stack.settle()
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                text = await resp.text()
            async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert resp.status == 200, await resp.text()

        def value(name: str) -> float:
            line = next(x for x in text.splitlines() if x.startswith(name + " "))
            return float(line.split()[-1])

        assert value("thidua_updates_handled_total") >= 4
        assert value("thidua_updates_failed_total") == 0
        assert value("thidua_handler_seconds_count") >= 4
        assert value("thidua_outbox_sent_total") >= 4
        assert value("thidua_outbox_rate_limited_total") == 1
        assert 'thidua_outbox_pending{priority="reply"} 0.0' in text
        assert value("thidua_last_send_age_seconds") < 60
    finally:
        await runtime.stop()


def _cli(args: list[str], db_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "THIDUA_DATABASE_URL": db_url, **env}
    full.pop("THIDUA_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120, check=False)


async def test_thidua_status_prints_the_same(emulator, db_url):
    settings = stack_settings(emulator, db_url, "aiogram")
    runtime = Runtime(settings, with_scheduler=True, roles={"web", "worker", "scheduler"})
    await runtime.start()
    try:
        stack = Stack(emulator, runtime, None, "aiogram")  # type: ignore[arg-type]
        an = await stack.user("Trần An")
        await an.send("/start")  # handled; the reply waits: no sender in this process
        for _ in range(100):
            done = await asyncio.to_thread(_cli, ["--lang", "en", "status"], db_url)
            if "Sweep:" in done.stdout and "1 replies" in done.stdout:
                break
            await asyncio.sleep(0.1)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Status:   OK" in done.stdout
        assert "Outbox:   1 replies" in done.stdout
        assert "Lease:    scheduler held by" in done.stdout
        assert "Sweep:    directives.release ran" in done.stdout
    finally:
        await runtime.stop()
    # Stopped: the reply is still waiting; with a strict threshold the status says so, exit 1.
    done = await asyncio.to_thread(_cli, ["status"], db_url,
                                   THIDUA_HEALTH__MAX_OLDEST_OUTBOX_SECONDS="0")
    assert done.returncode == 1
    assert "Trạng thái: có sự cố" in done.stdout, done.stdout
    assert re.search(r"Sự cố: +một câu trả lời đã chờ gửi \d+ giây: bộ gửi \(sender\) không gửi",
                     done.stdout), done.stdout
    assert "Hàng gửi:  1 trả lời, 0 thông báo" in done.stdout
    english = await asyncio.to_thread(_cli, ["--lang", "en", "status"], db_url,
                                      THIDUA_HEALTH__MAX_OLDEST_OUTBOX_SECONDS="0")
    assert "Problem:  a reply has waited" in english.stdout and "the sender is not sending" in \
        english.stdout


async def test_backup_while_the_bot_writes(emulator, db_url, tmp_path: Path):
    if not is_sqlite(db_url):
        pytest.skip("the SQLite backup; PostgreSQL is backed up with pg_dump")
    env = {**os.environ, "THIDUA_BOT_TOKEN": TOKEN, "THIDUA_API_BASE_URL": emulator.base_url,
           "THIDUA_DATABASE_URL": db_url, "THIDUA_POLL_TIMEOUT": "1", "THIDUA_LOG_LEVEL": "WARNING",
           "THIDUA_LIMITS__GLOBAL_PER_SECOND": "1000", "THIDUA_LIMITS__PER_CHAT_BURST": "50"}
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    copy = tmp_path / "copy.db"
    try:
        people = [emulator.add_user(f"Người {i}", language_code="vi") for i in range(20)]
        for person in people:
            await person.send("/start")
        for _ in range(300):
            if all(p.inbox() for p in people):
                break
            await asyncio.sleep(0.1)

        async def chatter() -> None:
            for round_ in range(15):
                for person in people:
                    await person.send(f"/help {round_}")
                await asyncio.sleep(0.05)

        writing = asyncio.create_task(chatter())
        await asyncio.sleep(0.3)
        done = await asyncio.to_thread(_cli, ["db", "backup", str(copy)], db_url)
        await writing
        assert done.returncode == 0, done.stderr
        assert "kiểm tra toàn vẹn: tốt" in done.stdout
    finally:
        bot.terminate()
        await bot.wait()
    con = sqlite3.connect(copy)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied = con.execute("SELECT count(*) FROM inbox_update").fetchone()[0]
        replies = con.execute("SELECT count(*) FROM outbox_message").fetchone()[0]
    finally:
        con.close()
    live = sqlite3.connect(db_url.split("///", 1)[1])
    try:
        total = live.execute("SELECT count(*) FROM inbox_update").fetchone()[0]
    finally:
        live.close()
    assert 20 <= copied <= total == 20 + 15 * 20
    assert replies >= 20
    again = await asyncio.to_thread(_cli, ["db", "backup", str(copy)], db_url)
    assert again.returncode == 2 and "đã có: chọn tên tệp khác" in again.stderr
