"""The neutral chat types: what a handler receives and the buttons it can offer.

They carry what the handlers need and nothing of either Telegram library; the runtime builds an
``Incoming`` from Telegram's JSON and turns keyboards into the library's markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class IncomingKind(StrEnum):
    MESSAGE = "message"
    CALLBACK = "callback"
    BOT_ADDED = "bot_added"  # the bot was added to a group or channel
    BOT_REMOVED = "bot_removed"  # the bot was removed, kicked, or blocked in a private chat
    CHAT_MIGRATED = "chat_migrated"  # a group became a supergroup with a new id
    OTHER = "other"


class ContentKind(StrEnum):
    TEXT = "text"
    DOCUMENT = "document"
    PHOTO = "photo"
    STICKER = "sticker"
    OTHER = "other"  # voice, video, location… a flow asking for text says so
    NONE = "none"


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file a person sent, known by Telegram's file id: the bot stores the id, not the bytes."""

    file_id: str
    file_unique_id: str
    kind: ContentKind
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    update_id: int
    kind: IncomingKind
    chat_id: int
    chat_type: str  # "private", "group", "supergroup" or "channel"
    user_id: int | None = None
    user_name: str = ""
    username: str | None = None
    language_code: str | None = None
    chat_title: str | None = None
    content: ContentKind = ContentKind.NONE
    text: str | None = None  # message text or caption
    command: str | None = None  # lower case, without "/" and "@bot"
    args: str = ""  # what follows the command
    # In a group, a command is ours only when addressed to us ("/help@thidua_bot").
    addressed: bool = True
    message_id: int | None = None  # the message itself, or the one that carried the pressed button
    callback_id: str | None = None
    callback_data: str | None = None
    file: FileRef | None = None
    migrate_to_chat_id: int | None = None
    actor_user_id: int | None = None  # who added/removed the bot, for membership events

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"

    @property
    def is_group(self) -> bool:
        return self.chat_type in ("group", "supergroup")


@dataclass(frozen=True, slots=True)
class Button:
    """One inline button: exactly one of ``callback_data`` or ``url`` is set."""

    text: str
    callback_data: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, str]:
        out = {"text": self.text}
        if self.callback_data is not None:
            out["callback_data"] = self.callback_data
        if self.url is not None:
            out["url"] = self.url
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Button:
        return cls(text=data["text"], callback_data=data.get("callback_data"), url=data.get("url"))


Keyboard = list[list[Button]]


def keyboard_to_json(keyboard: Keyboard | None) -> list[list[dict[str, str]]] | None:
    if keyboard is None:
        return None
    return [[button.to_json() for button in row] for row in keyboard]


def keyboard_from_json(data: list[list[dict[str, Any]]] | None) -> Keyboard | None:
    if data is None:
        return None
    return [[Button.from_json(b) for b in row] for row in data]


@dataclass(slots=True)
class Page:
    """A slice of a longer list, for keyboards and texts that must stay within Telegram's limits."""

    items: list[Any]
    number: int
    total_pages: int
    total_items: int = 0

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.total_pages


def paginate(items: list[Any], number: int, per_page: int) -> Page:
    total_pages = max(1, -(-len(items) // per_page))
    number = min(max(1, number), total_pages)
    start = (number - 1) * per_page
    return Page(items[start : start + per_page], number, total_pages, len(items))
