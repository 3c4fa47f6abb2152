"""The one protocol every Telegram gateway implements.

The runtime talks to Telegram only through this protocol: updates come in as Telegram's raw JSON
(a ``dict``), and every outgoing call takes plain values and the neutral keyboard type. A gateway
raises only the errors of :mod:`bot.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

# The neutral keyboard belongs to the handlers; gateways translate it into their library's markup.
from handlers.chat import Button, Keyboard

__all__ = [
    "BotCommand",
    "BotInfo",
    "Button",
    "Gateway",
    "Keyboard",
    "SentMessage",
    "WebhookInfo",
]



@dataclass(frozen=True, slots=True)
class BotInfo:
    id: int
    username: str
    first_name: str


@dataclass(frozen=True, slots=True)
class SentMessage:
    """What Telegram answered for a message it accepted."""

    message_id: int
    chat_id: int


@dataclass(frozen=True, slots=True)
class BotCommand:
    command: str
    description: str


@dataclass(slots=True)
class WebhookInfo:
    url: str
    pending_update_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Gateway(Protocol):
    """A connection to the Bot API (real Telegram, a self-hosted server or the emulator)."""

    name: str

    async def get_me(self) -> BotInfo: ...

    async def get_updates(
        self, offset: int | None, timeout: int, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Long-poll; returns each update as Telegram's raw JSON object."""
        ...

    async def send_message(
        self,
        chat_id: int,
        text: str,
        keyboard: Keyboard | None = None,
        *,
        paid_broadcast: bool = False,
        disable_notification: bool = False,
    ) -> SentMessage: ...

    async def edit_message_text(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard | None = None
    ) -> None: ...

    async def edit_message_keyboard(
        self, chat_id: int, message_id: int, keyboard: Keyboard | None
    ) -> None: ...

    async def answer_callback_query(
        self, callback_query_id: str, text: str | None = None, show_alert: bool = False
    ) -> None: ...

    async def copy_message(
        self,
        chat_id: int,
        from_chat_id: int,
        message_id: int,
        keyboard: Keyboard | None = None,
        *,
        paid_broadcast: bool = False,
    ) -> SentMessage: ...

    async def send_document(
        self, chat_id: int, file_id: str, caption: str | None = None
    ) -> SentMessage: ...

    async def send_document_bytes(
        self, chat_id: int, file_name: str, content: bytes, caption: str | None = None
    ) -> SentMessage:
        """Upload a file the bot made or kept itself (multipart/form-data)."""
        ...

    async def download_file(self, file_id: str, max_bytes: int) -> bytes:
        """The bytes of a file a person sent (getFile, then the file URL)."""
        ...

    async def set_my_commands(
        self, commands: list[BotCommand], chat_id: int | None = None, language_code: str | None = None
    ) -> None:
        """Per-chat scope when ``chat_id`` is given, else the default scope."""
        ...

    async def get_chat_member_status(self, chat_id: int, user_id: int) -> str:
        """'creator', 'administrator', 'member', 'restricted', 'left' or 'kicked'."""
        ...

    async def set_webhook(self, url: str, secret_token: str | None) -> None: ...

    async def delete_webhook(self, drop_pending_updates: bool = False) -> None: ...

    async def get_webhook_info(self) -> WebhookInfo: ...

    async def close(self) -> None: ...
