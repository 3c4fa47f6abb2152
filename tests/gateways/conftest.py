"""A tiny Bot API stub for the gateway tests: real HTTP, canned Telegram JSON, scripted faults.

Not the sandbox emulator: it checks nothing beyond the token, answers every method with a
plausible result, records what it was sent, and can be told to answer the next call(s) to a
method with an error body, a delay, garbage, or a dropped connection.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from aiohttp import web

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_9xZ"
BOT_ID = 123456789
NOW = 1_700_000_000

BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "ThiDua",
    "username": "thidua_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
ALICE = {"id": 42, "is_bot": False, "first_name": "Lan", "last_name": "Nguyễn", "language_code": "vi"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Lan", "last_name": "Nguyễn"}
GROUP = {"id": -4001, "type": "group", "title": "Vụ TĐKT", "all_members_are_administrators": False}
CHANNEL = {"id": -1002003, "type": "channel", "title": "Thông báo", "username": "tdkt_news"}

_MESSAGE = {
    "message_id": 11,
    "from": ALICE,
    "chat": PRIVATE,
    "date": NOW,
    "text": "/baocao 2024 <b>",
    "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
}

# One update of every kind the bot may see, plus fields no library knows yet.
UPDATES: list[dict[str, Any]] = [
    {"update_id": 100, "message": _MESSAGE},
    {
        "update_id": 101,
        "edited_message": {**_MESSAGE, "edit_date": NOW + 5, "text": "/baocao 2025"},
    },
    {
        "update_id": 102,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": ALICE,
            "message": {
                "message_id": 12,
                "from": BOT_USER,
                "chat": PRIVATE,
                "date": NOW,
                "text": "Chọn lĩnh vực",
                "reply_markup": {
                    "inline_keyboard": [[{"text": "Bưu chính", "callback_data": "f:1"}]]
                },
            },
            "chat_instance": "-7300000000000000000",
            "data": "f:1",
        },
    },
    {
        "update_id": 103,
        "my_chat_member": {
            "chat": GROUP,
            "from": ALICE,
            "date": NOW,
            "old_chat_member": {"user": BOT_USER, "status": "left"},
            "new_chat_member": {"user": BOT_USER, "status": "member"},
        },
    },
    {
        "update_id": 104,
        "chat_member": {
            "chat": GROUP,
            "from": ALICE,
            "date": NOW,
            "old_chat_member": {"user": ALICE, "status": "member"},
            "new_chat_member": {"user": ALICE, "status": "kicked", "until_date": 0},
        },
    },
    {
        "update_id": 105,
        "channel_post": {
            "message_id": 7,
            "sender_chat": CHANNEL,
            "chat": CHANNEL,
            "date": NOW,
            "text": "Chỉ thị 05",
        },
    },
    {
        "update_id": 106,
        "message": {
            "message_id": 13,
            "from": ALICE,
            "chat": GROUP,
            "date": NOW,
            "document": {
                "file_id": "BQACAgIAAxkBAAIB",
                "file_unique_id": "AgADkA",
                "file_name": "bao-cao.xlsx",
                "mime_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "file_size": 20480,
            },
            "caption": "Báo cáo quý",
            "migrate_to_chat_id": -1004001,
            "a_field_from_the_future": {"nested": [1, "x", False]},
        },
    },
    {"update_id": 107, "an_update_kind_from_the_future": {"foo": "bar", "from": ALICE}},
]

WEBHOOK_INFO = {
    "url": "https://bot.example.vn/telegram/webhook",
    "has_custom_certificate": False,
    "pending_update_count": 3,
    "ip_address": "203.0.113.7",
    "last_error_date": NOW,
    "last_error_message": "Wrong response from the webhook: 500 Internal Server Error",
    "max_connections": 40,
    "allowed_updates": ["message", "callback_query", "my_chat_member"],
}


def error_body(code: int, description: str, **parameters: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


@dataclass
class Scripted:
    """What the stub does for one call instead of its canned answer."""

    status: int = 200
    body: Any = None  # a JSON-able object, or bytes sent as they are
    delay: float = 0.0
    drop: bool = False  # hang up without answering


@dataclass
class Call:
    method: str
    params: dict[str, Any]

    def json(self, key: str) -> Any:
        return json.loads(self.params[key])


@dataclass
class StubBotAPI:
    # Reachable from tests through the fixture (no import of this conftest needed).
    updates: ClassVar[list[dict[str, Any]]] = UPDATES
    webhook_info: ClassVar[dict[str, Any]] = WEBHOOK_INFO
    bot_user: ClassVar[dict[str, Any]] = BOT_USER

    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    scripts: dict[str, list[Scripted]] = field(default_factory=dict)
    base_url: str = ""
    _next_id: int = 500

    def script(self, method: str, *steps: Scripted) -> None:
        """Answer the next ``len(steps)`` calls to ``method`` with these steps."""
        self.scripts.setdefault(method, []).extend(steps)

    def fail(self, method: str, status: int = 200, body: Any = None, **kw: Any) -> None:
        """Answer the next call to ``method`` with ``body`` (a dict: JSON; bytes: as is)."""
        self.script(method, Scripted(status=status, body=body, **kw))

    @staticmethod
    def error(code: int, description: str, **parameters: Any) -> dict[str, Any]:
        return error_body(code, description, **parameters)

    def last(self, method: str) -> Call:
        return [c for c in self.calls if c.method == method][-1]

    # --- HTTP ------------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        token, method = request.match_info["token"], request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        self.calls.append(Call(method, params))
        if token != self.token:
            return web.json_response(error_body(401, "Unauthorized"), status=401)
        queue = self.scripts.get(method)
        step = queue.pop(0) if queue else None
        if step is not None:
            if step.delay:
                await asyncio.sleep(step.delay)
            if step.drop:
                assert request.transport is not None
                request.transport.abort()
                return web.Response()
            if isinstance(step.body, bytes):
                return web.Response(body=step.body, status=step.status, content_type="text/html")
            if step.body is not None:
                return web.json_response(step.body, status=step.status)
        return web.json_response({"ok": True, "result": self.result(method, params)})

    # --- canned results --------------------------------------------------------------------

    def _message(self, chat_id: int, **extra: Any) -> dict[str, Any]:
        self._next_id += 1
        chat = PRIVATE if chat_id > 0 else GROUP
        return {
            "message_id": self._next_id,
            "from": BOT_USER,
            "chat": {**chat, "id": chat_id},
            "date": NOW,
            **extra,
        }

    def result(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            offset = int(p.get("offset", 0))
            limit = int(p.get("limit", 100))
            return [u for u in UPDATES if u["update_id"] >= offset][:limit]
        if method in {"sendMessage", "editMessageText"}:
            return self._message(int(p["chat_id"]), text=p["text"])
        if method == "editMessageReplyMarkup":
            return self._message(int(p["chat_id"]), text="x")
        if method == "copyMessage":
            self._next_id += 1
            return {"message_id": self._next_id}
        if method == "sendDocument":
            document = {"file_id": p["document"], "file_unique_id": "AgADkA"}
            return self._message(int(p["chat_id"]), document=document)
        if method == "getChatMember":
            user = {"id": int(p["user_id"]), "is_bot": False, "first_name": "U"}
            return {"status": "member", "user": user}
        if method == "getWebhookInfo":
            return WEBHOOK_INFO
        return True  # answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook


@pytest.fixture
async def stub() -> AsyncIterator[StubBotAPI]:
    api = StubBotAPI()
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)  # an access log would print the token
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    api.base_url = f"http://127.0.0.1:{port}"
    try:
        yield api
    finally:
        await runner.cleanup()


@pytest.fixture
def dead_url() -> str:
    """A base URL where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"

