"""Both gateways against the sandbox Bot API emulator: real flows, real Telegram-shaped errors.

The stub tests (``test_gateways.py``) pin each request and error body; these check that the
gateways and the emulator agree on the wire (spec checks, keyboards, migrations, faults).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Any

import pytest

from bot import errors
from bot.gateway import BotCommand, Button, Gateway
from bot.gateways import GATEWAY_KINDS, make_gateway

sandbox = pytest.importorskip("sandbox")


@pytest.fixture(params=list(GATEWAY_KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def emu() -> Any:
    emulator = sandbox.Emulator(limits=sandbox.Limits(enabled=False))
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()


@pytest.fixture
async def gw(kind: str, emu: Any) -> Any:
    gateway = make_gateway(kind, emu.token, emu.base_url, request_timeout=1.0)
    try:
        yield gateway
    finally:
        await gateway.close()


async def _take(gw: Gateway, offset: int | None) -> tuple[list[dict[str, Any]], int | None]:
    updates = await gw.get_updates(offset, timeout=0)
    return updates, (updates[-1]["update_id"] + 1 if updates else offset)


def _clean(exc: BaseException, token: str) -> None:
    shown = ("".join(traceback.format_exception(exc)) + repr(exc)).lower()
    assert token.lower() not in shown


async def test_conversation_round_trip(gw: Gateway, emu: Any) -> None:
    me = await gw.get_me()
    assert me.username == emu.bot_username and me.id == emu.bot_id
    an = emu.add_user("Nguyễn Thị An", username="an_nt")

    await an.send("/start")
    updates, offset = await _take(gw, None)
    [update] = updates
    assert update["message"]["from"]["id"] == an.id and "from_user" not in update["message"]
    assert update["message"]["text"] == "/start"

    keyboard = [[Button("Đã nhận", callback_data="ack:1")], [Button("Xem", url="https://x.vn")]]
    sent = await gw.send_message(an.id, "<b>Chỉ thị</b> số 05 &amp; hướng dẫn", keyboard)
    assert sent.chat_id == an.id
    message = an.last_message
    assert [[b["text"] for b in row] for row in message.keyboard] == [["Đã nhận"], ["Xem"]]

    query_id = await an.press(message, "Đã nhận")
    updates, offset = await _take(gw, offset)
    [update] = updates
    assert update["callback_query"]["from"]["id"] == an.id
    assert update["callback_query"]["data"] == "ack:1"
    await gw.answer_callback_query(query_id, "Đã ghi nhận", show_alert=True)
    assert an.callback_answer(query_id) == {"text": "Đã ghi nhận", "show_alert": True}

    await gw.edit_message_text(an.id, sent.message_id, "<i>Đã nhận</i>", keyboard)
    with pytest.raises(errors.BadRequest) as info:
        await gw.edit_message_text(an.id, sent.message_id, "<i>Đã nhận</i>", keyboard)
    assert info.value.not_modified
    await gw.edit_message_keyboard(an.id, sent.message_id, None)
    assert not an.last_message.keyboard

    copied = await gw.copy_message(an.id, an.id, sent.message_id, paid_broadcast=True)
    assert copied.chat_id == an.id and copied.message_id > sent.message_id

    await an.send_document("bao-cao.xlsx", caption="Báo cáo quý")
    updates, offset = await _take(gw, offset)
    file_id = updates[0]["message"]["document"]["file_id"]
    doc = await gw.send_document(an.id, file_id, caption="<b>Đã nhận</b> báo cáo")
    assert doc.chat_id == an.id

    with pytest.raises(errors.BadRequest):  # invalid HTML is Telegram's 400, not a crash
        await gw.send_message(an.id, "<b>unclosed")
    # Everything else passed the emulator's spec checks.
    assert [c.method for c in emu.rejected()] == ["editMessageText", "sendMessage"]


async def test_commands_members_and_webhook(gw: Gateway, emu: Any) -> None:
    an = emu.add_user("Trần Văn Bình", started=True)
    group = emu.add_group("Vụ TĐKT", members=[an])
    await gw.set_my_commands([BotCommand("start", "Bắt đầu")])
    await gw.set_my_commands([BotCommand("duyet", "Duyệt")], chat_id=group.id, language_code="vi")
    assert [c["command"] for c in emu.commands_for()] == ["start"]
    assert [c["command"] for c in emu.commands_for(group.id, "vi")] == ["duyet"]

    assert await gw.get_chat_member_status(group.id, an.id) == "creator"

    await gw.set_webhook("https://bot.example.vn/hook", "secret_1")
    info = await gw.get_webhook_info()
    assert info.url == "https://bot.example.vn/hook"
    with pytest.raises(errors.Conflict):  # getUpdates while a webhook is set
        await gw.get_updates(None, timeout=0)
    await gw.delete_webhook(drop_pending_updates=True)
    assert (await gw.get_webhook_info()).url == ""


async def test_blocked_user_and_migrated_group(gw: Gateway, emu: Any) -> None:
    an = emu.add_user("Lê Thị Cúc", started=True)
    an.block_bot()
    updates, _ = await _take(gw, None)
    kinds = [set(u) - {"update_id"} for u in updates]
    assert {"my_chat_member"} in kinds
    member = next(u["my_chat_member"] for u in updates if "my_chat_member" in u)
    assert member["from"]["id"] == an.id and member["new_chat_member"]["status"] == "kicked"
    with pytest.raises(errors.Forbidden) as forbidden:
        await gw.send_message(an.id, "xin chào")
    _clean(forbidden.value, emu.token)

    boss = emu.add_user("Phạm Văn Dũng", started=True)
    group = emu.add_group("Tổ công tác", members=[boss])
    new = emu.upgrade_chat(group.chat, boss)
    with pytest.raises(errors.ChatMigrated) as migrated:
        await gw.send_message(group.id, "thông báo")
    assert migrated.value.new_chat_id == new.id
    assert (await gw.send_message(new.id, "thông báo")).chat_id == new.id


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("429", errors.RetryAfter),
        ("500", errors.NetworkError),
        ("502", errors.NetworkError),
        ("drop", errors.TimedOut),
        ("timeout", errors.TimedOut),
    ],
)
async def test_faults(
    gw: Gateway,
    emu: Any,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    expected: type[errors.GatewayError],
) -> None:
    caplog.set_level(logging.DEBUG)
    an = emu.add_user("Võ Minh Em", started=True)
    emu.faults.add(fault, "sendMessage", count=1, retry_after=2, delay=2.0)
    with pytest.raises(errors.GatewayError) as info:
        await gw.send_message(an.id, "x")
    assert type(info.value) is expected
    if isinstance(info.value, errors.RetryAfter):
        assert info.value.seconds == 2
    _clean(info.value, emu.token)
    await asyncio.sleep(0)
    ours = [r for r in caplog.records if not r.name.startswith(("sandbox", "aiohttp.access"))]
    assert all(emu.token.lower() not in r.getMessage().lower() for r in ours)
    assert (await gw.send_message(an.id, "y")).chat_id == an.id  # the fault is used up


async def test_second_poller_conflict(kind: str, emu: Any) -> None:
    first = make_gateway(kind, emu.token, emu.base_url, request_timeout=1.0)
    second = make_gateway(kind, emu.token, emu.base_url, request_timeout=1.0)
    try:
        waiting = asyncio.ensure_future(first.get_updates(None, timeout=2))
        await asyncio.sleep(0.2)
        polled = asyncio.ensure_future(second.get_updates(None, timeout=0))
        with pytest.raises(errors.Conflict):
            await waiting
        assert await polled == []
    finally:
        await first.close()
        await second.close()


async def test_wrong_token(kind: str, emu: Any) -> None:
    bad = "7000000001:AAWrongTokenWrongTokenWrongToken0000"
    gateway = make_gateway(kind, bad, emu.base_url)
    try:
        with pytest.raises(errors.Unauthorized) as info:
            await gateway.get_me()
        _clean(info.value, bad)
    finally:
        await gateway.close()
