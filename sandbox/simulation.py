"""The simulated Telegram the Bot API methods act on: its chats, people, files and callback
queries, and the rules every method shares (which chat an id names and whether the bot may write
there, what the bot sees in a group, the flood limits, the updates an action produces).

:class:`~sandbox.emulator.Emulator` serves this over HTTP and adds the test API.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from .calls import CallbackQuery
from .errors import bad_request, forbidden, too_many_requests
from .limits import Limits, RateLimiter
from .methods.chats import chat_member
from .people import Group, User
from .updates import UpdateQueue
from .world import Chat, FileRecord, Message

__all__ = ["Simulation"]

_EXPIRED = "query is too old and response timeout expired or query ID is invalid"


class Simulation:
    """The bot's Telegram: who is there, what they wrote, and what the bot may do."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_name: str,
        *,
        limits: Limits | None,
        privacy_mode: bool,
        strict_html_entities: bool,
        callback_ttl: float | None,
        clock: Callable[[], float],
    ) -> None:
        head = token.split(":", 1)[0]
        if not head.isdigit() or ":" not in token:
            raise ValueError("a bot token looks like '123456:ABC...'")
        self.token = token
        self.bot_id = int(head)
        self.bot_username = bot_username
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.limits = limits if limits is not None else Limits()
        self.limiter = RateLimiter(self.limits)
        self.privacy_mode = privacy_mode
        self.strict_html_entities = strict_html_entities
        self.callback_ttl = callback_ttl
        self.clock = clock
        self.updates = UpdateQueue()
        self.users: dict[int, User] = {}
        self.groups: dict[int, Group] = {}
        self.chats: dict[int, Chat] = {}
        self.chats_by_username: dict[str, Chat] = {}  # lower-cased, without "@"
        self.files: dict[str, FileRecord] = {}
        self.files_by_path: dict[str, FileRecord] = {}
        self._photo_sets: dict[str, list[dict[str, Any]]] = {}
        self.commands: dict[tuple[tuple[str, int | None, int | None], str], list[dict[str, Any]]] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.answered_callbacks: list[CallbackQuery] = []
        self.sent_messages = 0
        self._query_ids = itertools.count(4_000_000_000_000_000_001)

    def now(self) -> int:
        return int(self.clock())

    def bot_in(self, chat: Chat) -> bool:
        return chat.bot_status in ("member", "administrator")

    def bot_sees(self, chat: Chat, msg: Message) -> bool:
        """Whether the bot gets a group message (privacy mode: commands, replies, mentions)."""
        if not self.bot_in(chat):
            return False
        if not self.privacy_mode or chat.bot_status == "administrator" or msg.service:
            return True
        text = msg.plain_text or msg.caption or ""
        if text.startswith("/"):
            first = text.split(maxsplit=1)[0]
            if "@" in first:
                return first.split("@", 1)[1].lower() == self.bot_username.lower()
            return True
        if msg.reply_to is not None and msg.reply_to.from_bot:
            return True
        return f"@{self.bot_username.lower()}" in text.lower()

    def resolve_chat(self, chat_id: int | str, *, send: bool = False) -> Chat:
        """The chat named by ``chat_id``; with ``send``, also 403 if the bot can't write there."""
        if isinstance(chat_id, int):
            chat = self.chats.get(chat_id)
        elif chat_id.startswith("@"):
            # @username names public groups and channels, not people
            chat = self.chats_by_username.get(chat_id[1:].lower())
            if chat is not None and chat.type == "private":
                chat = None
        else:
            chat = None
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                kind="migrated",
                migrate_to_chat_id=chat.migrated_to,
            )
        if send:
            status = chat.bot_status
            if chat.type == "private":
                if status == "kicked":
                    raise forbidden("bot was blocked by the user")
                if not chat.started:
                    raise forbidden("bot can't initiate conversation with a user")
            elif status == "kicked":
                raise forbidden(f"bot was kicked from the {chat.type} chat")
            elif status == "left":
                raise forbidden(f"bot is not a member of the {chat.type} chat")
        return chat

    def take_send_slot(self, chat: Chat, p: dict[str, Any]) -> None:
        """The flood limits: 429 with retry_after when a send would exceed them."""
        if self.limits.enabled:
            wait = self.limiter.check(chat.id, chat.is_group, bool(p.get("allow_paid_broadcast")))
            if wait:
                raise too_many_requests(wait)

    def bot_message(self, chat: Chat, **fields: Any) -> Message:
        msg = Message(chat, chat.new_message_id(), self.now(), self.bot_user, True, **fields)
        chat.add(msg)
        self.sent_messages += 1
        return msg

    def add_file(self, rec: FileRecord) -> FileRecord:
        self.files[rec.file_id] = rec
        self.files_by_path[rec.file_path] = rec
        return rec

    def photo_sizes(self, rec: FileRecord) -> list[dict[str, Any]]:
        """The PhotoSize list of a photo (a thumbnail and the photo itself)."""
        sizes = self._photo_sets.get(rec.file_id)
        if sizes is None:
            w, h = rec.width or 1280, rec.height or 960
            scale = 320 / max(w, h)
            thumb = self.add_file(
                FileRecord(
                    kind="photo",
                    size=max(rec.size // 12, 1),
                    width=max(int(w * scale), 1),
                    height=max(int(h * scale), 1),
                )
            )
            sizes = [thumb.photo_size(), rec.photo_size()]
            self._photo_sets[rec.file_id] = sizes
            self._photo_sets[thumb.file_id] = sizes
        return sizes

    def sticker_object(self, rec: FileRecord, emoji: str | None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "file_id": rec.file_id,
            "file_unique_id": rec.file_unique_id,
            "type": "regular",
            "width": rec.width or 512,
            "height": rec.height or 512,
            "is_animated": False,
            "is_video": False,
            "file_size": rec.size,
        }
        if emoji:
            d["emoji"] = emoji
        return d

    def push_my_chat_member(self, chat: Chat, by: dict[str, Any], old: str, new: str) -> int | None:
        payload = {
            "chat": chat.api,
            "from": by,
            "date": self.now(),
            "old_chat_member": chat_member(self.bot_user, old),
            "new_chat_member": chat_member(self.bot_user, new),
        }
        return self.updates.push("my_chat_member", payload, chat.id)

    def push_chat_member(
        self, chat: Chat, by: dict[str, Any], user: dict[str, Any], old: str, new: str
    ) -> int | None:
        if chat.bot_status != "administrator":
            return None  # only administrators get chat_member updates
        payload = {
            "chat": chat.api,
            "from": by,
            "date": self.now(),
            "old_chat_member": chat_member(user, old),
            "new_chat_member": chat_member(user, new),
        }
        return self.updates.push("chat_member", payload, chat.id)

    def new_callback_query(self, user: User, msg: Message, data: str) -> str:
        qid = str(next(self._query_ids))
        self.callbacks[qid] = CallbackQuery(qid, user.id, msg.chat.id, msg.message_id, data, time.monotonic())
        payload = {
            "id": qid,
            "from": user.api,
            "message": msg.to_api(),
            "chat_instance": str((msg.chat.id * 2654435761) % 10**19),
            "data": data,
        }
        self.updates.push("callback_query", payload, msg.chat.id)
        return qid

    def answer_callback(self, query_id: str, p: dict[str, Any]) -> None:
        rec = self.callbacks.get(query_id)
        if rec is None or rec.answer is not None:
            raise bad_request(_EXPIRED)
        if self.callback_ttl is not None and time.monotonic() - rec.created > self.callback_ttl:
            raise bad_request(_EXPIRED)
        rec.answer = {k: p[k] for k in ("text", "show_alert", "url", "cache_time") if k in p}
        rec.answered_at = time.monotonic()
        self.answered_callbacks.append(rec)
