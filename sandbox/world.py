"""The simulated world's records: chats, messages and files, as the Bot API shows them.

These are plain records; the simulated people who act on them are in :mod:`sandbox.people`.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Chat", "FileRecord", "Message"]


# --- files -----------------------------------------------------------------------------------

_file_seq = itertools.count(1)


@dataclass(eq=False, slots=True)
class FileRecord:
    """A file Telegram knows: sent by a user, or uploaded by the bot."""

    kind: str  # document | photo | sticker
    size: int
    file_name: str | None = None
    mime_type: str | None = None
    data: bytes | None = None
    width: int = 0
    height: int = 0
    file_id: str = ""
    file_unique_id: str = ""
    file_path: str = ""

    def __post_init__(self) -> None:
        n = next(_file_seq)
        prefix = {"document": "BQACAgIAAxkBAA", "photo": "AgACAgIAAxkBAA", "sticker": "CAACAgIAAxkBAA"}
        if not self.file_id:
            self.file_id = f"{prefix.get(self.kind, 'BQACAgIAAxkBAA')}{n:010d}"
        if not self.file_unique_id:
            self.file_unique_id = f"AgAD{n:08d}"
        if not self.file_path:
            ext = ""
            if self.file_name and "." in self.file_name:
                ext = self.file_name.rsplit(".", 1)[1]
            elif self.mime_type:
                ext = (mimetypes.guess_extension(self.mime_type) or ".bin").lstrip(".")
            elif self.kind == "photo":
                ext = "jpg"
            elif self.kind == "sticker":
                ext = "webp"
            folder = {"document": "documents", "photo": "photos", "sticker": "stickers"}
            self.file_path = f"{folder.get(self.kind, 'documents')}/file_{n}.{ext or 'bin'}"

    def content(self) -> bytes:
        """The file's bytes: as uploaded, or generated deterministically for simulated files."""
        if self.data is not None:
            return self.data
        seed = (self.file_unique_id + "\n").encode()
        reps = self.size // len(seed) + 1
        return (seed * reps)[: self.size]

    def document(self) -> dict[str, Any]:
        d: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name:
            d["file_name"] = self.file_name
        if self.mime_type:
            d["mime_type"] = self.mime_type
        d["file_size"] = self.size
        return d

    def photo_size(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "width": self.width,
            "height": self.height,
        }

    def file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


# --- messages --------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Message:
    """A message in a chat, in its current state (edits applied).

    ``text`` is the text, or the caption of a media message; ``html`` the raw text (or caption)
    as the bot sent it, before parsing; ``keyboard`` the rows of buttons (dicts as sent) and
    ``buttons`` their texts in one flat list.
    """

    chat: Chat
    message_id: int
    date: int
    sender: dict[str, Any] | None  # the "from" User object
    from_bot: bool
    plain_text: str | None = None
    html: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] | None = None
    caption: str | None = None
    caption_entities: list[dict[str, Any]] | None = None
    document: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    sticker: dict[str, Any] | None = None
    reply_markup: dict[str, Any] | None = None
    reply_to: Message | None = None
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False
    copied_from: tuple[int, int] | None = None  # (chat_id, message_id) of the original
    forward_origin: dict[str, Any] | None = None
    service: dict[str, Any] | None = None  # new_chat_members, migrate_to_chat_id, ...
    history: list[str | None] = field(default_factory=list)  # earlier texts, oldest first

    # --- views used by tests ---------------------------------------------------------------
    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def text(self) -> str | None:
        return self.plain_text if self.plain_text is not None else self.caption

    @property
    def kind(self) -> str:
        if self.service:
            return "service"
        if self.document is not None:
            return "document"
        if self.photo is not None:
            return "photo"
        if self.sticker is not None:
            return "sticker"
        return "text"

    @property
    def keyboard(self) -> list[list[dict[str, Any]]]:
        rm = self.reply_markup
        if not rm:
            return []
        rows = rm.get("inline_keyboard") or rm.get("keyboard") or []
        return [[b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows]

    @property
    def buttons(self) -> list[str]:
        return [b.get("text", "") for row in self.keyboard for b in row]

    @property
    def inline(self) -> bool:
        return bool(self.reply_markup and "inline_keyboard" in self.reply_markup)

    def __repr__(self) -> str:
        flags = []
        if self.edited:
            flags.append("edited")
        if self.deleted:
            flags.append("deleted")
        extra = f" buttons={self.buttons}" if self.reply_markup else ""
        return (
            f"<Message {self.chat.id}/{self.message_id} {self.kind}"
            f"{' ' + ','.join(flags) if flags else ''} {self.text!r}{extra}>"
        )

    # --- Bot API shape ----------------------------------------------------------------------
    def to_api(self, *, with_reply: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"message_id": self.message_id}
        if self.sender is not None:
            d["from"] = self.sender
        d["chat"] = self.chat.api
        d["date"] = self.date
        if self.edit_date is not None:
            d["edit_date"] = self.edit_date
        if self.forward_origin is not None:
            d["forward_origin"] = self.forward_origin
        if with_reply and self.reply_to is not None:
            d["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        if self.plain_text is not None:
            d["text"] = self.plain_text
            if self.entities:
                d["entities"] = self.entities
        if self.document is not None:
            d["document"] = self.document
        if self.photo is not None:
            d["photo"] = self.photo
        if self.sticker is not None:
            d["sticker"] = self.sticker
        if self.caption is not None:
            d["caption"] = self.caption
            if self.caption_entities:
                d["caption_entities"] = self.caption_entities
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            d["reply_markup"] = self.reply_markup
        if self.service:
            d.update(self.service)
        return d


# --- chats -----------------------------------------------------------------------------------


class Chat:
    """A chat as the bot sees it: a private chat with a user, a group or a supergroup."""

    __slots__ = (
        "api",
        "bot_messages",
        "bot_status",
        "id",
        "member_status",
        "messages",
        "migrated_from",
        "migrated_to",
        "next_message_id",
        "read_cursor",
        "started",
        "title",
        "type",
        "user",
        "username",
        "waiters",
    )

    def __init__(
        self,
        chat_id: int,
        type_: str,
        *,
        title: str | None = None,
        user: dict[str, Any] | None = None,
        username: str | None = None,
    ) -> None:
        self.id = chat_id
        self.type = type_
        self.title = title
        self.user = user  # the User object of the other side, for private chats
        self.username = username
        self.messages: dict[int, Message] = {}
        self.bot_messages: list[Message] = []
        self.next_message_id = 1
        self.read_cursor = 0  # index into bot_messages for next_message()
        self.member_status: dict[int, str] = {}  # user id -> creator/administrator/member/left/kicked
        self.bot_status = "member"  # member/administrator/left/kicked (kicked = blocked, private)
        self.started = False  # private: the user has written to the bot
        self.migrated_to: int | None = None
        self.migrated_from: int | None = None
        self.waiters: list[asyncio.Future[None]] = []
        self.api: dict[str, Any] = self._api()

    def _api(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private" and self.user is not None:
            d["first_name"] = self.user["first_name"]
            if self.user.get("last_name"):
                d["last_name"] = self.user["last_name"]
            if self.user.get("username"):
                d["username"] = self.user["username"]
        else:
            d["title"] = self.title or ""
            if self.username:
                d["username"] = self.username
        return d

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def new_message_id(self) -> int:
        mid = self.next_message_id
        self.next_message_id += 1
        return mid

    def add(self, msg: Message) -> None:
        self.messages[msg.message_id] = msg
        if msg.from_bot:
            self.bot_messages.append(msg)
        self.notify()

    def notify(self) -> None:
        if self.waiters:
            waiters, self.waiters = self.waiters, []
            for w in waiters:
                if not w.done():
                    w.set_result(None)

    async def changed(self, timeout: float) -> bool:
        """Wait until something in the chat changes; False on timeout."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(fut)
        try:
            await asyncio.wait_for(fut, timeout)
            return True
        except TimeoutError:
            return False

    def __repr__(self) -> str:
        return f"<Chat {self.id} {self.type} {self.title or (self.user or {}).get('first_name')!r}>"
