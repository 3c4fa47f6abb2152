"""Every request is checked against the Bot API spec; the trimmed spec is kept in the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox import Emulator, load_spec
from sandbox.tools import make_spec

SHARED = make_spec.DEFAULT_SOURCE


def test_trimmed_spec_has_no_descriptions_and_names_its_source() -> None:
    raw = json.loads((Path(make_spec.__file__).parents[1] / "bot_api_spec.json").read_text())
    assert raw["version"].startswith("Bot API")
    assert raw["source"]["project"] == "PaulSonOfLars/telegram-bot-api-spec"
    assert raw["source"]["license"] == "MIT"

    def keys(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                yield k
                yield from keys(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from keys(v)

    assert "description" not in set(keys(raw))
    params = {p["name"]: p for p in raw["methods"]["sendMessage"]["params"]}
    assert params["text"] == {"name": "text", "types": ["String"], "required": True}
    assert raw["types"]["BotCommandScope"]["discriminator"]["values"]["chat"] == "BotCommandScopeChat"


@pytest.mark.skipif(not SHARED.exists(), reason="no ../shared/telegram-bot-api-spec")
def test_trimmed_spec_is_up_to_date_with_the_source(tmp_path: Path) -> None:
    out = tmp_path / "spec.json"
    make_spec.main([str(SHARED), "-o", str(out)])
    kept = Path(make_spec.__file__).parents[1] / "bot_api_spec.json"
    assert json.loads(out.read_text()) == json.loads(kept.read_text())


async def test_unknown_method_is_404(emu: Emulator, api) -> None:
    status, body = await api("sendMesage", chat_id=1, text="x")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert emu.calls[-1].kind == "unknown_method"


async def test_wrong_token_is_401(emu: Emulator, api) -> None:
    async with api.session.get(f"{emu.base_url}/bot123:wrong/getMe") as resp:
        assert resp.status == 401
        assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert emu.calls[-1].kind == "unauthorized"
    assert "123:wrong" not in repr(emu.calls[-1])


async def test_method_names_are_case_insensitive(api) -> None:
    assert (await api.ok("getme"))["is_bot"] is True


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"chat_id": 1, "text": "x", "foo": 1}, 'Bad Request: parameter "foo" is unknown'),
        ({"text": "x"}, "Bad Request: chat_id is empty"),
        ({"chat_id": 1}, "Bad Request: message text is empty"),
        (
            {"chat_id": True, "text": "x"},
            'Bad Request: parameter "chat_id" must be of type Integer or String',
        ),
        (
            {"chat_id": 1, "text": "x", "disable_notification": "yes"},
            'Bad Request: parameter "disable_notification" must be of type Boolean',
        ),
        ({"chat_id": 1, "text": ["x"]}, 'Bad Request: parameter "text" must be of type String'),
        (
            {
                "chat_id": 1,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_date": "b"}]]},
            },
            'Bad Request: field "reply_markup.inline_keyboard[0][0].callback_date" is unknown',
        ),
        (
            {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"callback_data": "b"}]]}},
            'Bad Request: field "reply_markup.inline_keyboard[0][0].text" is required',
        ),
        (
            {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [{"text": "a"}]}},
            'Bad Request: field "reply_markup.inline_keyboard[0]" must be of type '
            "Array of InlineKeyboardButton",
        ),
        (
            {"chat_id": 1, "text": "x", "link_preview_options": {"is_disabled": True, "url": ["x"]}},
            'Bad Request: field "link_preview_options.url" must be of type String',
        ),
        (
            {"chat_id": 1, "text": "x", "reply_markup": "{not json"},
            "Bad Request: can't parse reply_markup JSON object",
        ),
    ],
)
async def test_spec_violations_are_rejected(emu: Emulator, api, params, description) -> None:
    status, body = await api("sendMessage", **params)
    assert status == 400
    assert body == {"ok": False, "error_code": 400, "description": description}
    assert emu.calls[-1].kind == "rejected"
    assert emu.unexpected_rejections() == [emu.calls[-1]]


async def test_bot_command_scopes_are_checked_by_their_type(emu: Emulator, api) -> None:
    cmds = [{"command": "start", "description": "Bắt đầu"}]
    status, body = await api("setMyCommands", commands=cmds, scope={"type": "chat"})
    assert status == 400 and 'field "scope.chat_id" is required' in body["description"]
    status, body = await api("setMyCommands", commands=cmds, scope={"type": "everyone"})
    assert status == 400 and 'field "scope.type" must be one of' in body["description"]
    status, body = await api(
        "setMyCommands", commands=[{"command": "start", "description": "x", "emoji": "y"}]
    )
    assert 'field "commands[0].emoji" is unknown' in body["description"]


async def test_form_and_query_values_are_converted(emu: Emulator, api) -> None:
    alice = emu.add_user("An", started=True)
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    await api.ok(
        "sendMessage", "form", chat_id=alice.id, text="form", reply_markup=markup, disable_notification=True
    )
    await api.ok("sendMessage", "query", chat_id=str(alice.id), text="query", protect_content="false")
    call = emu.calls_to("sendMessage")[0]
    assert call.params["chat_id"] == alice.id
    assert call.params["disable_notification"] is True
    assert call.params["reply_markup"] == markup
    assert [m.text for m in alice.inbox()] == ["form", "query"]


def _check(type_name: str, obj) -> None:
    load_spec().check_object(type_name, obj)


async def test_results_are_valid_objects_of_the_spec(emu: Emulator, api) -> None:
    alice = emu.add_user("Nguyễn Thị An", username="an_nt", started=True)
    grp = emu.add_group("Phòng TĐKT", members=[alice], admins=[alice], bot_admin=True)
    _check("User", await api.ok("getMe"))
    msg = await api.ok(
        "sendMessage",
        chat_id=alice.id,
        text="<b>Chào</b>",
        parse_mode="HTML",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    _check("Message", msg)
    await alice.send("/start@thidua_bot xin chào https://mic.gov.vn", chat=grp)
    await alice.send_document("bao-cao.pdf", size=2048, chat=grp)
    await alice.send_photo(caption="ảnh")
    await alice.send_sticker()
    alice.block_bot()
    alice.unblock_bot()
    await alice.press(alice.inbox()[0], "A")
    await grp.upgrade_to_supergroup()
    for u in await api.ok("getUpdates"):
        _check("Update", u)
    _check("ChatFullInfo", await api.ok("getChat", chat_id=grp.id))
    _check("ChatFullInfo", await api.ok("getChat", chat_id=alice.id))
    _check("ChatMember", await api.ok("getChatMember", chat_id=grp.id, user_id=alice.id))
    for m in await api.ok("getChatAdministrators", chat_id=grp.id):
        _check("ChatMember", m)
    _check("WebhookInfo", await api.ok("getWebhookInfo"))
    photo = next(m for m in alice.messages() if m.kind == "photo")
    _check("File", await api.ok("getFile", file_id=photo.photo[-1]["file_id"]))
