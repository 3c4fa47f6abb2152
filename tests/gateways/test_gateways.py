"""Both gateways against a stub Bot API over real HTTP: every protocol method, every error,
and the token kept out of errors and logs."""

from __future__ import annotations

import asyncio
import logging
import traceback
from typing import Any

import pytest

from bot import errors
from bot.gateway import BotCommand, BotInfo, Button, Gateway, SentMessage, WebhookInfo
from bot.gateways import GATEWAY_KINDS, make_gateway
from bot.gateways.redact import REDACTED, Redactor

KINDS = list(GATEWAY_KINDS)

KEYBOARD = [
    [Button("Đã nhận", callback_data="ack:17"), Button("Chi tiết", callback_data="d:17")],
    [Button("Văn bản", url="https://mic.gov.vn/ct05")],
]
KEYBOARD_JSON = {
    "inline_keyboard": [
        [
            {"text": "Đã nhận", "callback_data": "ack:17"},
            {"text": "Chi tiết", "callback_data": "d:17"},
        ],
        [{"text": "Văn bản", "url": "https://mic.gov.vn/ct05"}],
    ]
}


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def make(kind: str, stub: Any):
    """Build gateways of the current kind (closed at teardown); defaults to the stub."""
    made: list[Gateway] = []

    def build(base_url: str | None = None, token: str | None = None, **kw: Any) -> Gateway:
        gw = make_gateway(kind, token or stub.token, base_url or stub.base_url, **kw)
        made.append(gw)
        return gw

    yield build
    for gw in made:
        await gw.close()


@pytest.fixture
async def gw(make: Any) -> Gateway:
    return make()


def assert_clean(exc: BaseException, token: str) -> None:
    """The token is nowhere in what a log line of this exception could show."""
    shown = ("".join(traceback.format_exception(exc)) + repr(exc) + str(exc)).lower()
    assert token.lower() not in shown
    assert token.split(":", 1)[1].lower() not in shown


def assert_logs_clean(caplog: pytest.LogCaptureFixture, token: str) -> None:
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += "".join(traceback.format_exception(record.exc_info[1]))
        assert token.lower() not in text.lower(), f"{record.name}: {text}"


# --- construction -------------------------------------------------------------------------------


def test_factory_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match=r"'aiogram', 'ptb'"):
        make_gateway("telethon", "1:x", "https://api.telegram.org")


def test_factory_names(kind: str, stub: Any) -> None:
    assert make_gateway(kind, stub.token, stub.base_url).name == kind


@pytest.mark.parametrize("token", ["", "no-colon-secret", "abc:def", "123:has space", "123:"])
def test_malformed_token_is_unauthorized_and_not_echoed(kind: str, token: str) -> None:
    with pytest.raises(errors.Unauthorized) as info:
        make_gateway(kind, token, "https://api.telegram.org")
    if token:
        assert token not in str(info.value)


# --- every method round-trips -------------------------------------------------------------------


async def test_get_me_works_on_first_call(gw: Gateway, stub: Any) -> None:
    me = await gw.get_me()
    assert me == BotInfo(id=stub.bot_user["id"], username="thidua_bot", first_name="ThiDua")
    assert stub.calls[-1].method == "getMe"


async def test_explicit_start_and_reuse_after_close(gw: Any, stub: Any) -> None:
    await gw.start()
    await gw.start()  # idempotent
    assert (await gw.get_me()).username == "thidua_bot"
    await gw.close()
    assert (await gw.get_me()).username == "thidua_bot"  # reopens lazily
    await gw.close()
    await gw.close()  # closing twice is harmless
    assert not any(c.method in {"close", "logOut"} for c in stub.calls)


async def test_async_context_manager(make: Any) -> None:
    async with make() as gw:
        assert (await gw.get_me()).id > 0


async def test_get_updates_returns_raw_json_of_every_kind(gw: Gateway, stub: Any) -> None:
    updates = await gw.get_updates(offset=None, timeout=0)
    assert updates == stub.updates  # nothing renamed, added, dropped or re-typed
    assert [type(u) for u in updates] == [dict] * len(updates)
    message = updates[0]["message"]
    assert message["from"]["id"] == 42 and "from_user" not in message
    assert updates[2]["callback_query"]["from"]["first_name"] == "Lan"
    assert isinstance(message["date"], int)

    def no_nulls(value: Any) -> None:
        if isinstance(value, dict):
            assert None not in value.values()
            for v in value.values():
                no_nulls(v)

    no_nulls(updates)
    call = stub.last("getUpdates")
    assert "offset" not in call.params
    assert call.params["timeout"] == "0"
    assert call.params["limit"] == "100"


async def test_get_updates_offset_limit_and_allowed_updates(make: Any, stub: Any) -> None:
    gw = make(allowed_updates=["message", "callback_query", "chat_member"])
    updates = await gw.get_updates(offset=104, timeout=0, limit=2)
    assert [u["update_id"] for u in updates] == [104, 105]
    call = stub.last("getUpdates")
    assert (call.params["offset"], call.params["limit"]) == ("104", "2")
    assert call.json("allowed_updates") == ["message", "callback_query", "chat_member"]


async def test_long_poll_outlasts_request_timeout(make: Any, stub: Any) -> None:
    """A poll that takes longer than request_timeout (but less than the poll) is no timeout."""
    gw = make(request_timeout=0.5)
    stub.fail("getUpdates", body={"ok": True, "result": []}, delay=1.3)
    assert await gw.get_updates(offset=1000, timeout=1) == []


async def test_send_message(gw: Gateway, stub: Any) -> None:
    sent = await gw.send_message(42, "<b>Chào</b> bạn", KEYBOARD)
    assert isinstance(sent, SentMessage) and sent.chat_id == 42 and sent.message_id > 0
    call = stub.last("sendMessage")
    assert call.params["chat_id"] == "42"
    assert call.params["text"] == "<b>Chào</b> bạn"
    assert call.params["parse_mode"] == "HTML"
    assert call.json("link_preview_options") == {"is_disabled": True}
    assert call.json("reply_markup") == KEYBOARD_JSON
    assert "allow_paid_broadcast" not in call.params
    assert "disable_notification" not in call.params


async def test_send_message_flags_and_no_keyboard(gw: Gateway, stub: Any) -> None:
    sent = await gw.send_message(-4001, "x", paid_broadcast=True, disable_notification=True)
    assert sent.chat_id == -4001
    call = stub.last("sendMessage")
    assert call.json("allow_paid_broadcast") is True
    assert call.json("disable_notification") is True
    assert "reply_markup" not in call.params


async def test_edit_message_text(gw: Gateway, stub: Any) -> None:
    await gw.edit_message_text(42, 7, "<i>mới</i>", KEYBOARD)
    call = stub.last("editMessageText")
    assert (call.params["chat_id"], call.params["message_id"]) == ("42", "7")
    assert call.params["parse_mode"] == "HTML"
    assert call.json("link_preview_options") == {"is_disabled": True}
    assert call.json("reply_markup") == KEYBOARD_JSON
    await gw.edit_message_text(42, 7, "plain")
    assert "reply_markup" not in stub.last("editMessageText").params


async def test_edit_message_keyboard_set_and_remove(gw: Gateway, stub: Any) -> None:
    await gw.edit_message_keyboard(42, 7, KEYBOARD)
    assert stub.last("editMessageReplyMarkup").json("reply_markup") == KEYBOARD_JSON
    await gw.edit_message_keyboard(42, 7, None)  # no reply_markup = keyboard removed
    call = stub.last("editMessageReplyMarkup")
    assert "reply_markup" not in call.params
    assert (call.params["chat_id"], call.params["message_id"]) == ("42", "7")


async def test_answer_callback_query(gw: Gateway, stub: Any) -> None:
    await gw.answer_callback_query("cq1")
    call = stub.last("answerCallbackQuery")
    assert call.params == {"callback_query_id": "cq1"}
    await gw.answer_callback_query("cq2", "Đã ghi nhận", show_alert=True)
    call = stub.last("answerCallbackQuery")
    assert call.params["text"] == "Đã ghi nhận"
    assert call.json("show_alert") is True


async def test_copy_message(gw: Gateway, stub: Any) -> None:
    sent = await gw.copy_message(-4001, 42, 11, KEYBOARD, paid_broadcast=True)
    assert sent.chat_id == -4001 and sent.message_id > 0
    call = stub.last("copyMessage")
    assert (call.params["chat_id"], call.params["from_chat_id"]) == ("-4001", "42")
    assert call.params["message_id"] == "11"
    assert call.json("reply_markup") == KEYBOARD_JSON
    assert call.json("allow_paid_broadcast") is True


async def test_send_document(gw: Gateway, stub: Any) -> None:
    sent = await gw.send_document(42, "BQACAgIAAxkBAAIB", caption="<b>Báo cáo</b>")
    assert sent.chat_id == 42
    call = stub.last("sendDocument")
    assert call.params["document"] == "BQACAgIAAxkBAAIB"
    assert call.params["caption"] == "<b>Báo cáo</b>"
    assert call.params["parse_mode"] == "HTML"
    await gw.send_document(42, "BQACAgIAAxkBAAIB")
    assert "caption" not in stub.last("sendDocument").params


async def test_set_my_commands(gw: Gateway, stub: Any) -> None:
    commands = [BotCommand("start", "Bắt đầu"), BotCommand("baocao", "Báo cáo tiến độ")]
    await gw.set_my_commands(commands)
    call = stub.last("setMyCommands")
    assert call.json("commands") == [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "baocao", "description": "Báo cáo tiến độ"},
    ]
    assert "scope" not in call.params and "language_code" not in call.params
    await gw.set_my_commands(commands[:1], chat_id=42, language_code="en")
    call = stub.last("setMyCommands")
    assert call.json("scope") == {"type": "chat", "chat_id": 42}
    assert call.params["language_code"] == "en"


# A restricted member as an older Bot API server describes it (no can_react_to_messages, no
# can_edit_tag, which aiogram's model requires): only the status is read, so it still works.
RESTRICTED_FLAGS = [
    f"can_{p}"
    for p in (
        "send_messages",
        "send_audios",
        "send_documents",
        "send_photos",
        "send_videos",
        "send_video_notes",
        "send_voice_notes",
        "send_polls",
        "send_other_messages",
        "add_web_page_previews",
        "change_info",
        "invite_users",
        "pin_messages",
        "manage_topics",
    )
]


@pytest.mark.parametrize(
    "member",
    [
        {"status": "member"},
        {"status": "left"},
        {"status": "kicked", "until_date": 0},
        {"status": "creator", "is_anonymous": False},
        {
            "status": "restricted",
            "is_member": True,
            "until_date": 0,
            **dict.fromkeys(RESTRICTED_FLAGS, False),
        },
    ],
)
async def test_get_chat_member_status(gw: Gateway, stub: Any, member: dict[str, Any]) -> None:
    user = {"id": 42, "is_bot": False, "first_name": "Lan"}
    stub.fail("getChatMember", body={"ok": True, "result": {**member, "user": user}})
    assert await gw.get_chat_member_status(-4001, 42) == member["status"]
    call = stub.last("getChatMember")
    assert (call.params["chat_id"], call.params["user_id"]) == ("-4001", "42")


async def test_webhook_methods(make: Any, stub: Any) -> None:
    gw = make(allowed_updates=["message"])
    await gw.set_webhook("https://bot.example.vn/hook", "s3cret-Header_1")
    call = stub.last("setWebhook")
    assert call.params["url"] == "https://bot.example.vn/hook"
    assert call.params["secret_token"] == "s3cret-Header_1"
    assert call.json("allowed_updates") == ["message"]
    await gw.set_webhook("https://bot.example.vn/hook", None)
    assert "secret_token" not in stub.last("setWebhook").params

    await gw.delete_webhook()
    assert "drop_pending_updates" not in stub.last("deleteWebhook").params
    await gw.delete_webhook(drop_pending_updates=True)
    assert stub.last("deleteWebhook").json("drop_pending_updates") is True

    info = await gw.get_webhook_info()
    expected_extra = {
        k: v for k, v in stub.webhook_info.items() if k not in {"url", "pending_update_count"}
    }
    assert info == WebhookInfo(
        url=stub.webhook_info["url"], pending_update_count=3, extra=expected_extra
    )


async def test_webhook_info_when_none_is_set(gw: Gateway, stub: Any) -> None:
    empty = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
    stub.fail("getWebhookInfo", body={"ok": True, "result": empty})
    info = await gw.get_webhook_info()
    assert info == WebhookInfo(url="", pending_update_count=0, extra={"has_custom_certificate": False})


# --- errors ---------------------------------------------------------------------------------


def _send(gw: Gateway) -> Any:
    return gw.send_message(42, "hello")


async def test_retry_after(gw: Gateway, stub: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = stub.error(429, "Too Many Requests: retry after 3", retry_after=3)
    stub.fail("sendMessage", 429, body)
    with pytest.raises(errors.RetryAfter) as info:
        await _send(gw)
    assert info.value.seconds == 3
    assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)


async def test_chat_migrated(gw: Gateway, stub: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    description = "Bad Request: group chat was upgraded to a supergroup chat"
    stub.fail("sendMessage", 400, stub.error(400, description, migrate_to_chat_id=-100123))
    with pytest.raises(errors.ChatMigrated) as info:
        await _send(gw)
    assert info.value.new_chat_id == -100123
    assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)


ERRORS = [
    # (status, description, project error, text that must survive)
    (403, "Forbidden: bot was blocked by the user", errors.Forbidden, "blocked by the user"),
    (403, "Forbidden: bot was kicked from the group chat", errors.Forbidden, "kicked"),
    (400, "Bad Request: chat not found", errors.BadRequest, "chat not found"),
    (
        400,
        "Bad Request: message is not modified: specified new message content and reply markup"
        " are exactly the same as a current content and reply markup of the message",
        errors.BadRequest,
        "message is not modified",
    ),
    (409, "Conflict: terminated by other getUpdates request", errors.Conflict, "other getUpdates"),
    (401, "Unauthorized", errors.Unauthorized, "Unauthorized"),
    (404, "Not Found", errors.Unauthorized, "Not Found"),
    (500, "Internal Server Error", errors.NetworkError, "Internal Server Error"),
    (502, "Bad Gateway", errors.NetworkError, "Bad Gateway"),
]


@pytest.mark.parametrize(("status", "description", "expected", "kept"), ERRORS)
async def test_error_mapping(
    gw: Gateway,
    stub: Any,
    caplog: pytest.LogCaptureFixture,
    status: int,
    description: str,
    expected: type[errors.GatewayError],
    kept: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    stub.fail("sendMessage", status, stub.error(status, description))
    with pytest.raises(errors.GatewayError) as info:
        await _send(gw)
    assert type(info.value) is expected
    assert kept.lower() in str(info.value).lower()
    assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)


async def test_not_modified_flag(gw: Gateway, stub: Any) -> None:
    description = "Bad Request: message is not modified: specified new message content"
    stub.fail("editMessageText", 400, stub.error(400, description))
    with pytest.raises(errors.BadRequest) as info:
        await gw.edit_message_text(42, 7, "same")
    assert info.value.not_modified


async def test_conflict_on_get_updates(gw: Gateway, stub: Any) -> None:
    description = "Conflict: can't use getUpdates method while webhook is active"
    stub.fail("getUpdates", 409, stub.error(409, description))
    with pytest.raises(errors.Conflict):
        await gw.get_updates(offset=None, timeout=0)


async def test_description_echoing_the_url_is_scrubbed(gw: Gateway, stub: Any) -> None:
    description = f"Bad Request: bad URL http://x/bot{stub.token}/sendMessage"
    stub.fail("sendMessage", 400, stub.error(400, description))
    with pytest.raises(errors.BadRequest) as info:
        await _send(gw)
    assert_clean(info.value, stub.token)
    assert REDACTED in str(info.value)


async def test_wrong_token_is_unauthorized(make: Any, stub: Any) -> None:
    gw = make(token="987654321:AAFwrongwrongwrongwrongwrongwrong12")
    with pytest.raises(errors.Unauthorized) as info:
        await gw.get_me()
    assert_clean(info.value, "987654321:AAFwrongwrongwrongwrongwrongwrong12")


async def test_slow_answer_is_timed_out(
    make: Any, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gw = make(request_timeout=0.3)
    stub.fail("sendMessage", body={"ok": True, "result": True}, delay=1.5)
    with pytest.raises(errors.TimedOut) as info:
        await _send(gw)
    assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)
    assert (await gw.get_me()).username == "thidua_bot"  # the gateway is still usable


async def test_dropped_connection_is_timed_out(
    gw: Gateway, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The request went out and the server hung up: Telegram may have acted on it."""
    caplog.set_level(logging.DEBUG)
    stub.fail("sendMessage", drop=True)
    with pytest.raises(errors.TimedOut) as info:
        await _send(gw)
    assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)


async def test_connection_refused_is_network_error(
    make: Any, dead_url: str, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gw = make(base_url=dead_url)
    for call in (gw.get_me(), gw.get_updates(offset=None, timeout=0), _send(gw)):
        with pytest.raises(errors.NetworkError) as info:
            await call
        assert type(info.value) is errors.NetworkError
        assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(200, errors.NetworkError), (502, errors.NetworkError), (404, errors.Unauthorized)],
)
async def test_non_json_answer(
    gw: Gateway,
    stub: Any,
    caplog: pytest.LogCaptureFixture,
    status: int,
    expected: type[errors.GatewayError],
) -> None:
    """A proxy's page instead of the Bot API's JSON maps by HTTP status (404: wrong base URL
    or token, not worth retrying)."""
    caplog.set_level(logging.DEBUG)
    stub.fail("sendMessage", status, b"<html><body>nginx</body></html>")
    with pytest.raises(errors.GatewayError) as info:
        await _send(gw)
    assert type(info.value) is expected
    assert_clean(info.value, stub.token)
    assert_logs_clean(caplog, stub.token)


async def test_accepted_but_unreadable_answer_is_not_retryable(gw: Gateway, stub: Any) -> None:
    """ok:true with a result the library cannot read: Telegram acted, so this must be neither
    NetworkError nor TimedOut (the sender would send the message again)."""
    stub.fail("sendMessage", body={"ok": True, "result": {"message_id": "not a message"}})
    with pytest.raises(errors.GatewayError) as info:
        await _send(gw)
    assert not isinstance(info.value, errors.NetworkError | errors.TimedOut)
    assert_clean(info.value, stub.token)


async def test_clean_library_errors_stay_chained(gw: Gateway, stub: Any) -> None:
    """When the library's exception cannot leak the token it is kept as the cause."""
    stub.fail("sendMessage", 403, stub.error(403, "Forbidden: bot was blocked by the user"))
    with pytest.raises(errors.Forbidden) as info:
        await _send(gw)
    assert info.value.__cause__ is not None


async def test_only_project_errors_escape(gw: Gateway, stub: Any) -> None:
    stub.fail("getMe", 418, stub.error(418, "I'm a teapot"))
    with pytest.raises(errors.GatewayError) as info:
        await gw.get_me()
    assert_clean(info.value, stub.token)


# --- the token stays out of the logs ------------------------------------------------------------


async def test_logs_never_show_the_token(
    gw: Gateway, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await gw.get_me()
    await gw.get_updates(offset=None, timeout=0)
    await gw.send_message(42, "hi", KEYBOARD)
    await gw.get_webhook_info()
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() >= logging.WARNING
    assert_logs_clean(caplog, stub.token)


async def test_url_logging_is_scrubbed_even_when_enabled(
    gw: Gateway, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Someone turns httpx back to DEBUG: its request lines still don't show the token."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    caplog.set_level(logging.DEBUG, logger="httpcore")
    await gw.get_me()
    await gw.send_message(42, "hi")
    assert_logs_clean(caplog, stub.token)
    if gw.name == "ptb":  # httpx logs each request URL at INFO
        assert any(REDACTED in r.getMessage() for r in caplog.records if r.name == "httpx")


def test_redactor_forms() -> None:
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_9xZ"
    redact = Redactor(token)
    assert redact(f"POST /bot{token}/getMe") == f"POST /bot{REDACTED}/getMe"
    assert token not in redact(f"x {token.replace(':', '%3A')} y")
    # Anything token-shaped goes too, even a token we were never given.
    other = "555555555:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_9xZ"
    assert other not in redact(other)
    assert redact("nothing secret here: 12:34") == "nothing secret here: 12:34"


async def test_concurrent_sends_and_poll(gw: Gateway, stub: Any) -> None:
    """A long poll in flight does not hold up sends."""
    stub.fail("getUpdates", body={"ok": True, "result": []}, delay=0.8)
    poll = asyncio.ensure_future(gw.get_updates(offset=1000, timeout=1))
    await asyncio.sleep(0.1)
    sent = await asyncio.wait_for(
        asyncio.gather(*(gw.send_message(i, "x") for i in range(1, 21))), timeout=0.6
    )
    assert {s.chat_id for s in sent} == set(range(1, 21))
    assert await poll == []


# --- transport failures that are hard to provoke over loopback -----------------------------------

SECRET = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_9xZ"


def _aiogram_network_error(cause: BaseException) -> Exception:
    from aiogram.exceptions import TelegramNetworkError
    from aiogram.methods import GetMe

    exc = TelegramNetworkError(method=GetMe(), message="Request timeout error")
    exc.__cause__ = cause
    return exc


def _ptb_error(kind: str, cause: BaseException) -> Exception:
    import telegram.error

    exc: Exception = (
        telegram.error.TimedOut() if kind == "timed_out" else telegram.error.NetworkError("x")
    )
    exc.__cause__ = cause
    return exc


def _transport_cases() -> list[Any]:
    import aiohttp
    import httpx

    url = f"http://h/bot{SECRET}/sendMessage"
    return [
        # not sent: safe to retry
        ("aiogram", lambda: _aiogram_network_error(aiohttp.ConnectionTimeoutError(
            f"Connection timeout to host {url}")), errors.NetworkError),
        ("ptb", lambda: _ptb_error("timed_out", httpx.ConnectTimeout(url)), errors.NetworkError),
        ("ptb", lambda: _ptb_error("timed_out", httpx.PoolTimeout(url)), errors.NetworkError),
        ("ptb", lambda: _ptb_error("network", httpx.ConnectError(url)), errors.NetworkError),
        # sent, no answer: may have been acted on
        ("aiogram", lambda: _aiogram_network_error(aiohttp.SocketTimeoutError(
            f"Timeout on reading data from socket {url}")), errors.TimedOut),
        ("aiogram", lambda: _aiogram_network_error(TimeoutError()), errors.TimedOut),
        ("ptb", lambda: _ptb_error("timed_out", httpx.ReadTimeout(url)), errors.TimedOut),
        ("ptb", lambda: _ptb_error("timed_out", httpx.WriteTimeout(url)), errors.TimedOut),
        ("ptb", lambda: _ptb_error("network", httpx.ReadError(url)), errors.TimedOut),
    ]


@pytest.mark.parametrize(("library", "make_exc", "expected"), _transport_cases())
async def test_transport_failures(library: str, make_exc: Any, expected: type) -> None:
    """Through the real decorator: right class; the token (in most causes' URLs) is nowhere in
    the error's printed traceback, so a leaky cause was not chained."""
    from bot.gateways.guard import guarded

    if library == "aiogram":
        from bot.gateways.aiogram_gateway import _translate
    else:
        from bot.gateways.ptb_gateway import _translate

    class Fake:
        redactor = Redactor(SECRET)

        @guarded(_translate)
        async def call(self) -> None:
            raise make_exc()

    with pytest.raises(errors.GatewayError) as info:
        await Fake().call()
    assert type(info.value) is expected
    assert_clean(info.value, SECRET)


async def test_unexpected_exception_becomes_gateway_error() -> None:
    from bot.gateways.aiogram_gateway import _translate
    from bot.gateways.guard import guarded

    class Fake:
        redactor = Redactor(SECRET)

        @guarded(_translate)
        async def call(self) -> None:
            raise KeyError("date")

    with pytest.raises(errors.GatewayError) as info:
        await Fake().call()
    assert type(info.value) is errors.GatewayError
    assert isinstance(info.value.__cause__, KeyError)  # clean, so kept for debugging
