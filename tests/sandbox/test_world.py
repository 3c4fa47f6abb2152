"""The simulated people and groups: updates they produce, 403s, migration, waiting helpers."""

from __future__ import annotations

import asyncio

import pytest

from sandbox import Emulator, SandboxError


async def _updates(api) -> list[dict]:
    ups = await api.ok("getUpdates")
    if ups:
        await api.ok("getUpdates", offset=ups[-1]["update_id"] + 1)
    return ups


async def test_add_user_splits_names(emu: Emulator) -> None:
    an = emu.add_user("Nguyễn Thị An", username="an_nt", language_code="vi")
    assert (an.first_name, an.last_name, an.full_name) == ("Nguyễn Thị", "An", "Nguyễn Thị An")
    assert an.id > 0 and an.chat.id == an.id
    solo = emu.add_user("Hà")
    assert (solo.first_name, solo.last_name) == ("Hà", None)
    en = emu.add_user("x", first_name="John", last_name="Smith", language_code="en")
    assert en.api == {
        "id": en.id,
        "is_bot": False,
        "first_name": "John",
        "last_name": "Smith",
        "language_code": "en",
    }


async def test_user_messages_become_updates_with_command_entities(emu: Emulator, api) -> None:
    alice = emu.add_user("An")
    uid = await alice.send("/start ref_123")
    [u] = await _updates(api)
    assert u["update_id"] == uid
    assert u["message"]["text"] == "/start ref_123"
    assert u["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert u["message"]["from"]["id"] == alice.id and u["message"]["chat"]["type"] == "private"


async def test_never_started_blocked_and_kicked_give_403(emu: Emulator, api) -> None:
    alice = emu.add_user("An")
    status, body = await api("sendMessage", chat_id=alice.id, text="x")
    assert status == 403
    assert body == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot can't initiate conversation with a user",
    }
    await alice.send("/start")
    await api.ok("sendMessage", chat_id=alice.id, text="chào")
    alice.block_bot()
    status, body = await api("sendMessage", chat_id=alice.id, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    ups = await _updates(api)
    mcm = ups[-1]["my_chat_member"]
    assert mcm["old_chat_member"]["status"] == "member"
    assert mcm["new_chat_member"]["status"] == "kicked"
    assert mcm["new_chat_member"]["user"]["id"] == emu.bot_id
    # writing again unblocks ("Restart bot")
    await alice.send("/start")
    ups = await _updates(api)
    assert ups[0]["my_chat_member"]["new_chat_member"]["status"] == "member"
    await api.ok("sendMessage", chat_id=alice.id, text="lại")

    grp = emu.add_group("Tổ công tác", members=[alice])
    await grp.remove_bot(by=alice)
    status, body = await api("sendMessage", chat_id=grp.id, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was kicked from the group chat")
    assert (await _updates(api))[-1]["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    await grp.add_bot(by=alice)
    ups = await _updates(api)
    assert ups[0]["my_chat_member"]["new_chat_member"]["status"] == "member"
    assert ups[1]["message"]["new_chat_members"][0]["id"] == emu.bot_id
    await api.ok("sendMessage", chat_id=grp.id, text="đã vào")
    # 403s from the world are provoked, not bugs of the bot
    assert emu.unexpected_rejections() == []
    assert [c.kind for c in emu.rejected()] == ["forbidden"] * 3


async def test_group_upgrade_to_supergroup(emu: Emulator, api) -> None:
    alice = emu.add_user("An")
    grp = emu.add_group("Phòng TĐKT", members=[alice], admins=[alice])
    old_id = grp.id
    new_id = await grp.upgrade_to_supergroup()
    assert grp.id == new_id and new_id < -1_000_000_000_000 and grp.type == "supergroup"
    status, body = await api("sendMessage", chat_id=old_id, text="x")
    assert status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": new_id},
    }
    ups = await _updates(api)
    assert ups[0]["message"]["chat"]["id"] == old_id
    assert ups[0]["message"]["migrate_to_chat_id"] == new_id
    assert ups[1]["message"]["chat"] == {"id": new_id, "type": "supergroup", "title": "Phòng TĐKT"}
    assert ups[1]["message"]["migrate_from_chat_id"] == old_id
    await api.ok("sendMessage", chat_id=new_id, text="tiếp tục")
    assert grp.inbox()[-1].text == "tiếp tục"
    assert emu.unexpected_rejections() == []
    assert emu.rejected()[0].kind == "migrated"


async def test_group_privacy_mode(emu: Emulator, api) -> None:
    alice = emu.add_user("An")
    grp = emu.add_group("Nhóm", members=[alice])
    assert await alice.send("chào cả nhà", chat=grp) is None
    assert await alice.send("/subscribe@thidua_bot", chat=grp) is not None
    assert await alice.send("/subscribe@other_bot", chat=grp) is None
    assert await alice.send("hỏi @thidua_bot", chat=grp) is not None
    ups = await _updates(api)
    assert [u["message"]["text"] for u in ups] == ["/subscribe@thidua_bot", "hỏi @thidua_bot"]
    assert ups[0]["message"]["chat"]["type"] == "group"
    emu.privacy_mode = False
    assert await alice.send("chào cả nhà", chat=grp) is not None
    outsider = emu.add_user("Người ngoài")
    with pytest.raises(SandboxError):
        await outsider.send("/x", chat=grp)


async def test_chat_members_and_admins(emu: Emulator, api) -> None:
    alice, bob = emu.add_user("An"), emu.add_user("Bình")
    carol = emu.add_user("Cúc")
    grp = emu.add_group("Nhóm", members=[bob], admins=[alice], bot_admin=True)
    get = lambda uid: api.ok("getChatMember", chat_id=grp.id, user_id=uid)  # noqa: E731
    assert (await get(alice.id))["status"] == "creator"
    assert (await get(bob.id))["status"] == "member"
    assert (await get(carol.id))["status"] == "left"
    assert (await get(emu.bot_id))["status"] == "administrator"
    admins = await api.ok("getChatAdministrators", chat_id=grp.id)
    assert {a["user"]["id"] for a in admins} == {alice.id, emu.bot_id}
    await grp.remove_member(bob, by=alice)
    assert (await get(bob.id))["status"] == "kicked"
    await grp.add_member(carol)
    assert (await get(carol.id))["status"] == "member"
    chat = await api.ok("getChat", chat_id=grp.id)
    assert chat["title"] == "Nhóm" and chat["type"] == "group"
    assert await api.ok("leaveChat", chat_id=grp.id) is True
    status, body = await api("sendMessage", chat_id=grp.id, text="x")
    assert status == 403
    assert body["description"] == "Forbidden: bot is not a member of the group chat"


async def test_next_message_and_wait_for(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)

    async def bot_side():
        await asyncio.sleep(0.05)
        m = await api.ok("sendMessage", chat_id=alice.id, text="Một")
        await api.ok("sendMessage", chat_id=alice.id, text="Hai")
        await asyncio.sleep(0.05)
        await api.ok("editMessageText", chat_id=alice.id, message_id=m["message_id"], text="Một — Đã nhận")

    task = asyncio.create_task(bot_side())
    first = await alice.next_message(timeout=2)
    second = await alice.next_message(timeout=2)
    assert (first.text, second.text) == ("Một", "Hai")
    edited = await alice.wait_for(lambda m: "Đã nhận" in m.text, timeout=2)
    assert edited is first and first.edited and first.history == ["Một"]
    await task
    with pytest.raises(AssertionError, match="no new bot message"):
        await alice.next_message(timeout=0.05)


async def test_press_buttons(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    kb = {
        "inline_keyboard": [
            [
                {"text": "Tiếng Việt", "callback_data": "lang:vi"},
                {"text": "English", "callback_data": "lang:en"},
            ],
            [{"text": "Trang web", "url": "https://mic.gov.vn"}],
        ]
    }
    await api.ok("sendMessage", chat_id=alice.id, text="Ngôn ngữ?", reply_markup=kb)
    msg = alice.inbox()[0]
    q1 = await alice.press(msg, "Tiếng Việt")
    q2 = await alice.press(msg, callback_data="lang:en")
    q3 = await alice.press(msg, index=0)
    ups = await _updates(api)
    assert [u["callback_query"]["id"] for u in ups] == [q1, q2, q3]
    cq = ups[0]["callback_query"]
    assert cq["data"] == "lang:vi" and cq["from"]["id"] == alice.id
    assert cq["message"]["message_id"] == msg.message_id and cq["message"]["reply_markup"] == kb
    with pytest.raises(SandboxError):
        await alice.press(msg, "Trang web")  # a URL button sends no callback query
    with pytest.raises(SandboxError):
        await alice.press(msg, "Không có")
    reply_kb = {"keyboard": [[{"text": "Gửi báo cáo"}]], "resize_keyboard": True}
    await api.ok("sendMessage", chat_id=alice.id, text="Menu", reply_markup=reply_kb)
    await alice.press(alice.last_message, "Gửi báo cáo")
    assert (await _updates(api))[0]["message"]["text"] == "Gửi báo cáo"


async def test_inject_text_is_cheap_and_synchronous(emu: Emulator, api) -> None:
    users = [emu.add_user(f"U{i}") for i in range(10)]
    ids = [emu.inject_text(u, f"/report {i}") for i in range(100) for u in users]
    assert ids == sorted(ids) and len(set(ids)) == 1000
    assert emu.pending_updates == 1000
    ups = await api.ok("getUpdates", limit=100)
    assert len(ups) == 100
