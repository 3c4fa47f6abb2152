"""Sending, editing, copying, deleting messages and files, with Telegram's limits and wording."""

from __future__ import annotations

import pytest

from sandbox import Emulator

KB = {"inline_keyboard": [[{"text": "Đã nhận", "callback_data": "ack:1"}]]}


@pytest.fixture
def alice(emu: Emulator):
    return emu.add_user("Nguyễn Thị An", username="an_nt", started=True)


async def _err(api, method, **params) -> str:
    status, body = await api(method, **params)
    assert status == 400, body
    assert body["ok"] is False and body["error_code"] == 400
    return body["description"]


async def test_send_message_returns_a_message_from_the_bot(emu: Emulator, api, alice) -> None:
    m1 = await api.ok("sendMessage", chat_id=alice.id, text="Xin chào", reply_markup=KB)
    m2 = await api.ok("sendMessage", chat_id=alice.id, text="Lần hai")
    assert m2["message_id"] == m1["message_id"] + 1
    assert m1["from"]["id"] == emu.bot_id and m1["from"]["is_bot"] is True
    assert m1["chat"] == {
        "id": alice.id,
        "type": "private",
        "first_name": "Nguyễn Thị",
        "last_name": "An",
        "username": "an_nt",
    }
    assert m1["reply_markup"] == KB
    inbox = alice.inbox()
    assert [m.text for m in inbox] == ["Xin chào", "Lần hai"]
    assert inbox[0].buttons == ["Đã nhận"] and inbox[0].keyboard == [[KB["inline_keyboard"][0][0]]]


async def test_text_length_is_counted_after_parsing(api, alice) -> None:
    assert (
        await _err(api, "sendMessage", chat_id=alice.id, text="   ") == "Bad Request: message text is empty"
    )
    assert (
        await _err(api, "sendMessage", chat_id=alice.id, text="<b></b>", parse_mode="HTML")
        == "Bad Request: message text is empty"
    )
    assert (
        await _err(api, "sendMessage", chat_id=alice.id, text="ư" * 4097)
        == "Bad Request: message is too long"
    )
    await api.ok("sendMessage", chat_id=alice.id, text="ư" * 4096)
    # tags don't count, decoded entities count once
    await api.ok("sendMessage", chat_id=alice.id, text="<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert alice.inbox()[-1].text == "&" * 4096
    assert alice.inbox()[-1].html.startswith("<b>&amp;")


async def test_html_errors(emu: Emulator, api, alice) -> None:
    d = await _err(api, "sendMessage", chat_id=alice.id, text="Điểm < 5", parse_mode="HTML")
    assert d == 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 8'
    d = await _err(api, "sendMessage", chat_id=alice.id, text="<b>Đậm", parse_mode="HTML")
    assert d == ("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"")
    d = await _err(api, "sendMessage", chat_id=alice.id, text="x", parse_mode="XML")
    assert "unsupported parse_mode" in d
    assert len(emu.unexpected_rejections()) == 3
    # the same text without parse_mode is fine
    await api.ok("sendMessage", chat_id=alice.id, text="Điểm < 5")


async def test_caption_and_callback_data_limits(api, alice, emu: Emulator) -> None:
    await alice.send_document("a.pdf")
    file_id = alice.messages()[-1].document["file_id"]
    assert (
        await _err(api, "sendDocument", chat_id=alice.id, document=file_id, caption="x" * 1025)
        == "Bad Request: message caption is too long"
    )
    await api.ok("sendDocument", chat_id=alice.id, document=file_id, caption="x" * 1024)
    big = {"inline_keyboard": [[{"text": "a", "callback_data": "ư" * 33}]]}  # 66 bytes
    assert (
        await _err(api, "sendMessage", chat_id=alice.id, text="x", reply_markup=big)
        == "Bad Request: BUTTON_DATA_INVALID"
    )
    ok = {"inline_keyboard": [[{"text": "a", "callback_data": "ư" * 32}]]}  # 64 bytes
    await api.ok("sendMessage", chat_id=alice.id, text="x", reply_markup=ok)
    none = {"inline_keyboard": [[{"text": "a"}]]}
    assert "Text buttons are unallowed" in await _err(
        api, "sendMessage", chat_id=alice.id, text="x", reply_markup=none
    )
    two = {"inline_keyboard": [[{"text": "a", "callback_data": "a", "url": "https://x.vn"}]]}
    assert "exactly one" in await _err(api, "sendMessage", chat_id=alice.id, text="x", reply_markup=two)


async def test_edit_text_and_not_modified(emu: Emulator, api, alice) -> None:
    m = await api.ok(
        "sendMessage", chat_id=alice.id, text="<b>Chỉ thị</b>", parse_mode="HTML", reply_markup=KB
    )
    mid = m["message_id"]
    not_modified = (
        "Bad Request: message is not modified: specified new message content and "
        "reply markup are exactly the same as a current content and reply markup of "
        "the message"
    )
    # same text written differently, same keyboard
    assert (
        await _err(
            api,
            "editMessageText",
            chat_id=alice.id,
            message_id=mid,
            text="<strong>Chỉ thị</strong>",
            parse_mode="HTML",
            reply_markup=KB,
        )
        == not_modified
    )
    # same text without formatting is a change
    await api.ok("editMessageText", chat_id=alice.id, message_id=mid, text="Chỉ thị", reply_markup=KB)
    # leaving reply_markup out removes the keyboard, like Telegram
    await api.ok("editMessageText", chat_id=alice.id, message_id=mid, text="Chỉ thị")
    msg = alice.inbox()[0]
    assert msg.edited and msg.buttons == [] and msg.text == "Chỉ thị"
    assert await _err(api, "editMessageReplyMarkup", chat_id=alice.id, message_id=mid) == not_modified
    await api.ok("editMessageReplyMarkup", chat_id=alice.id, message_id=mid, reply_markup=KB)
    assert msg.buttons == ["Đã nhận"]
    assert (
        await _err(api, "editMessageText", chat_id=alice.id, message_id=999, text="x")
        == "Bad Request: message to edit not found"
    )
    await alice.send("tin của tôi")
    assert (
        await _err(
            api, "editMessageText", chat_id=alice.id, message_id=alice.messages()[-1].message_id, text="x"
        )
        == "Bad Request: message can't be edited"
    )


async def test_delete_message(api, alice) -> None:
    m = await api.ok("sendMessage", chat_id=alice.id, text="tạm")
    assert await api.ok("deleteMessage", chat_id=alice.id, message_id=m["message_id"]) is True
    assert alice.inbox() == []
    assert (
        await _err(api, "deleteMessage", chat_id=alice.id, message_id=m["message_id"])
        == "Bad Request: message to delete not found"
    )


async def test_copy_message_copies_stored_content(emu: Emulator, api, alice) -> None:
    bob = emu.add_user("Trần Văn Bình", started=True)
    await alice.send_document("bao-cao.pdf", mime_type="application/pdf", size=123_000, caption="Báo cáo quý")
    src = alice.messages()[-1]
    res = await api.ok("copyMessage", chat_id=bob.id, from_chat_id=alice.id, message_id=src.message_id)
    copy = bob.inbox()[-1]
    assert res == {"message_id": copy.message_id}
    assert copy.document["file_name"] == "bao-cao.pdf" and copy.document["file_size"] == 123_000
    assert copy.text == "Báo cáo quý" and copy.copied_from == (alice.id, src.message_id)
    await alice.send("văn bản")
    await api.ok(
        "copyMessage",
        chat_id=bob.id,
        from_chat_id=alice.id,
        message_id=alice.messages()[-1].message_id,
        reply_markup=KB,
    )
    assert bob.inbox()[-1].text == "văn bản" and bob.inbox()[-1].buttons == ["Đã nhận"]
    assert (
        await _err(api, "copyMessage", chat_id=bob.id, from_chat_id=alice.id, message_id=9999)
        == "Bad Request: message to copy not found"
    )
    fwd = await api.ok("forwardMessage", chat_id=bob.id, from_chat_id=alice.id, message_id=src.message_id)
    assert fwd["forward_origin"]["sender_user"]["id"] == alice.id


async def test_documents_photos_and_download(emu: Emulator, api, alice) -> None:
    await alice.send_document("ke-hoach.xlsx", size=5000)
    doc = alice.messages()[-1].document
    assert doc["mime_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    f = await api.ok("getFile", file_id=doc["file_id"])
    async with api.session.get(f"{emu.file_url}/{f['file_path']}") as resp:
        assert resp.status == 200 and len(await resp.read()) == 5000
    sent = await api.ok("sendDocument", chat_id=alice.id, document=doc["file_id"])
    assert sent["document"]["file_id"] == doc["file_id"]
    await alice.send_photo(caption="Ảnh")
    photo = alice.messages()[-1].photo
    sent = await api.ok("sendPhoto", chat_id=alice.id, photo=photo[-1]["file_id"], caption="lại")
    assert sent["photo"] == photo and alice.inbox()[-1].text == "lại"
    assert (
        await _err(api, "sendDocument", chat_id=alice.id, document=photo[-1]["file_id"])
        == "Bad Request: can't use file of type Photo as Document"
    )
    assert (
        await _err(api, "sendDocument", chat_id=alice.id, document="nope")
        == "Bad Request: wrong file identifier/HTTP URL specified"
    )
    await alice.send_document("big.zip", size=25 * 1024 * 1024)
    assert (
        await _err(api, "getFile", file_id=alice.messages()[-1].document["file_id"])
        == "Bad Request: file is too big"
    )


async def test_multipart_upload(emu: Emulator, api, alice) -> None:
    import aiohttp

    form = aiohttp.FormData()
    form.add_field("chat_id", str(alice.id))
    form.add_field("caption", "<i>kèm</i>")
    form.add_field("parse_mode", "HTML")
    form.add_field("document", b"%PDF-1.4 test", filename="quyet-dinh.pdf", content_type="application/pdf")
    async with api.session.post(f"{emu.api_url}/sendDocument", data=form) as resp:
        body = await resp.json()
    assert body["ok"], body
    assert body["result"]["document"]["file_name"] == "quyet-dinh.pdf"
    assert body["result"]["caption_entities"] == [{"type": "italic", "offset": 0, "length": 3}]
    f = await api.ok("getFile", file_id=body["result"]["document"]["file_id"])
    async with api.session.get(f"{emu.file_url}/{f['file_path']}") as resp:
        assert await resp.read() == b"%PDF-1.4 test"


async def test_answer_callback_query(emu: Emulator, api, alice) -> None:
    await api.ok("sendMessage", chat_id=alice.id, text="Chọn", reply_markup=KB)
    qid = await alice.press(alice.inbox()[0], "Đã nhận")
    assert (
        await _err(api, "answerCallbackQuery", callback_query_id=qid, text="x" * 201)
        == "Bad Request: MESSAGE_TOO_LONG"
    )
    await api.ok("answerCallbackQuery", callback_query_id=qid, text="Đã ghi nhận")
    assert alice.callback_answer(qid) == {"text": "Đã ghi nhận"}
    assert emu.answered_callbacks[-1].data == "ack:1"
    expired = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert await _err(api, "answerCallbackQuery", callback_query_id=qid) == expired
    assert await _err(api, "answerCallbackQuery", callback_query_id="123") == expired
    emu.callback_ttl = 0.0
    qid = await alice.press(alice.inbox()[0], callback_data="ack:1")
    assert await _err(api, "answerCallbackQuery", callback_query_id=qid) == expired


async def test_commands_with_scopes_and_languages(emu: Emulator, api, alice) -> None:
    grp = emu.add_group("Phòng TĐKT", members=[alice])
    vi = [{"command": "start", "description": "Bắt đầu"}]
    en = [{"command": "start", "description": "Start"}]
    grp_cmds = [{"command": "subscribe", "description": "Đăng ký lĩnh vực"}]
    await api.ok("setMyCommands", commands=vi)
    await api.ok("setMyCommands", commands=en, language_code="en")
    await api.ok("setMyCommands", commands=grp_cmds, scope={"type": "all_group_chats"})
    await api.ok("setMyCommands", commands=grp_cmds + vi, scope={"type": "chat", "chat_id": alice.id})
    assert await api.ok("getMyCommands") == vi
    assert await api.ok("getMyCommands", language_code="en") == en
    assert await api.ok("getMyCommands", scope={"type": "all_private_chats"}) == []
    assert emu.commands_for() == vi
    assert emu.commands_for(language_code="en") == en
    assert emu.commands_for(grp.id) == grp_cmds
    assert emu.commands_for(alice.id) == grp_cmds + vi
    await api.ok("deleteMyCommands", scope={"type": "chat", "chat_id": alice.id})
    assert emu.commands_for(alice.id, language_code="en") == en
    assert (
        await _err(api, "setMyCommands", commands=[{"command": "Bad-Cmd", "description": "x"}])
        == "Bad Request: BOT_COMMAND_INVALID"
    )


async def test_send_chat_action(api, alice) -> None:
    assert await api.ok("sendChatAction", chat_id=alice.id, action="typing") is True
    assert (
        await _err(api, "sendChatAction", chat_id=alice.id, action="dancing")
        == "Bad Request: wrong parameter action in request"
    )
