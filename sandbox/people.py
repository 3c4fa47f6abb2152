"""Simulated people and groups: what they do (updates for the bot) and what they see.

>>> alice = emu.add_user("Nguyễn Thị An", username="an_nt", language_code="vi")
>>> await alice.send("/start")
>>> m = await alice.next_message()
>>> await alice.press(m, "Tiếng Việt")
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .content import user_entities
from .errors import SandboxError
from .world import Chat, FileRecord, Message

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["Group", "User"]


class _ChatView:
    """What a person sees of one chat: the bot's messages in it."""

    emu: Emulator

    @property
    def chat(self) -> Chat:
        raise NotImplementedError

    @property
    def label(self) -> str:
        raise NotImplementedError

    def inbox(self) -> list[Message]:
        """The bot's messages in the chat, oldest first, in their current state (not deleted)."""
        return [m for m in self.chat.bot_messages if not m.deleted]

    def messages(self) -> list[Message]:
        """Every message of the chat (the person's, the bot's, service messages), oldest first."""
        return list(self.chat.messages.values())

    @property
    def last_message(self) -> Message | None:
        for m in reversed(self.chat.bot_messages):
            if not m.deleted:
                return m
        return None

    async def next_message(self, timeout: float = 5.0) -> Message:
        """The next bot message in this chat that ``next_message`` has not returned yet."""
        chat = self.chat
        deadline = time.monotonic() + timeout
        while True:
            chat = self.chat  # a group may have been upgraded meanwhile
            if chat.read_cursor < len(chat.bot_messages):
                msg = chat.bot_messages[chat.read_cursor]
                chat.read_cursor += 1
                return msg
            left = deadline - time.monotonic()
            if left <= 0 or not await chat.changed(left):
                raise AssertionError(
                    f"no new bot message for {self.label} within {timeout}s\n" + self.emu.describe_chat(chat)
                )

    async def wait_for(self, predicate: Callable[[Message], Any], timeout: float = 5.0) -> Message:
        """Wait until one of the bot's messages here (edits included) satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while True:
            chat = self.chat
            for m in chat.bot_messages:
                if m.deleted:
                    continue
                try:
                    if predicate(m):
                        return m
                except (TypeError, AttributeError):
                    pass  # e.g. ``"x" in m.text`` on a message without text
            left = deadline - time.monotonic()
            if left <= 0 or not await chat.changed(left):
                raise AssertionError(
                    f"no bot message for {self.label} satisfied the condition within {timeout}s\n"
                    + self.emu.describe_chat(chat)
                )

    def skip_pending(self) -> None:
        """Mark every bot message so far as seen by ``next_message``."""
        self.chat.read_cursor = len(self.chat.bot_messages)


class User(_ChatView):
    """A simulated Telegram user; its private chat with the bot has the same id."""

    def __init__(
        self,
        emu: Emulator,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> None:
        self.emu = emu
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        api: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            api["last_name"] = last_name
        if username:
            api["username"] = username
        if language_code:
            api["language_code"] = language_code
        self.api = api
        self._chat = Chat(user_id, "private", user=api, username=username)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.full_name!r}>"

    @property
    def chat(self) -> Chat:
        return self._chat

    @property
    def label(self) -> str:
        return f"{self.full_name} ({self.id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    @property
    def started(self) -> bool:
        return self._chat.started

    @property
    def blocked(self) -> bool:
        return self._chat.bot_status == "kicked"

    # --- acting ----------------------------------------------------------------------------
    def _target(self, chat: Group | int | None) -> Chat:
        if chat is None:
            return self._chat
        c = chat.chat if isinstance(chat, Group) else self.emu.chats.get(chat)
        if c is None:
            raise SandboxError(f"no chat {chat!r}")
        if c.is_group and c.member_status.get(self.id) not in ("creator", "administrator", "member"):
            raise SandboxError(f"{self.label} is not a member of {c!r}")
        if c.migrated_to is not None:
            raise SandboxError(f"{c!r} was upgraded to a supergroup {c.migrated_to}")
        return c

    def post(
        self,
        chat: Group | int | None = None,
        reply_to: Message | None = None,
        **content: Any,
    ) -> int | None:
        """Post a message (text=, document=, photo=, sticker=, caption=) synchronously."""
        c = self._target(chat)
        if not c.is_group:
            if self.blocked:
                self.unblock_bot()  # "Restart bot" in the app unblocks it first
            c.started = True
        emu = self.emu
        msg = Message(c, c.new_message_id(), emu.now(), self.api, False, reply_to=reply_to, **content)
        if msg.plain_text is not None:
            msg.entities = user_entities(msg.plain_text)
            msg.html = msg.plain_text
        c.add(msg)
        if c.is_group and not emu.bot_sees(c, msg):
            return None
        return emu.updates.push("message", msg.to_api(), c.id)

    async def send(
        self, text: str, chat: Group | int | None = None, reply_to: Message | None = None
    ) -> int | None:
        """Write ``text`` to the bot (or in a group); the update_id, or None if the bot won't see it
        (group privacy mode, bot not in the group)."""
        uid = self.post(chat, reply_to, plain_text=text)
        await asyncio.sleep(0)
        return uid

    async def send_document(
        self,
        file_name: str = "document.pdf",
        mime_type: str | None = None,
        size: int = 10_240,
        caption: str | None = None,
        *,
        data: bytes | None = None,
        chat: Group | int | None = None,
    ) -> int | None:
        import mimetypes

        rec = FileRecord(
            kind="document",
            size=len(data) if data is not None else size,
            file_name=file_name,
            mime_type=mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream",
            data=data,
        )
        self.emu.add_file(rec)
        uid = self.post(chat, document=rec.document(), caption=caption)
        await asyncio.sleep(0)
        return uid

    async def send_photo(
        self,
        size: int = 120_000,
        caption: str | None = None,
        *,
        width: int = 1280,
        height: int = 960,
        chat: Group | int | None = None,
    ) -> int | None:
        rec = FileRecord(kind="photo", size=size, width=width, height=height)
        self.emu.add_file(rec)
        uid = self.post(chat, photo=self.emu.photo_sizes(rec), caption=caption)
        await asyncio.sleep(0)
        return uid

    async def send_sticker(self, emoji: str = "👍", *, chat: Group | int | None = None) -> int | None:
        rec = FileRecord(kind="sticker", size=24_000, width=512, height=512)
        self.emu.add_file(rec)
        uid = self.post(chat, sticker=self.emu.sticker_object(rec, emoji))
        await asyncio.sleep(0)
        return uid

    def click(
        self,
        msg: Message,
        text: str | None = None,
        *,
        callback_data: str | None = None,
        index: int | None = None,
    ) -> str:
        """Press a button synchronously; returns the callback query id (or the update id as a
        string for a reply-keyboard button, which just sends its text)."""
        chat = msg.chat
        if msg.deleted:
            raise SandboxError(f"{msg!r} was deleted")
        if chat.is_group:
            if chat.member_status.get(self.id) not in ("creator", "administrator", "member"):
                raise SandboxError(f"{self.label} is not in {chat!r}")
        elif chat.id != self.id:
            raise SandboxError(f"{self.label} can't see {msg!r}")
        buttons = [b for row in msg.keyboard for b in row]
        if not buttons:
            raise SandboxError(f"{msg!r} has no buttons")
        if index is not None:
            if not 0 <= index < len(buttons):
                raise SandboxError(f"{msg!r} has no button #{index}")
            button = buttons[index]
        elif callback_data is not None:
            found = [b for b in buttons if b.get("callback_data") == callback_data]
            if not found:
                raise SandboxError(f"no button with callback_data {callback_data!r} on {msg!r}")
            button = found[0]
        elif text is not None:
            found = [b for b in buttons if b.get("text") == text]
            if not found:
                found = [b for b in buttons if text in b.get("text", "")]
            if len(found) != 1:
                raise SandboxError(f"{'no' if not found else 'more than one'} button {text!r} on {msg!r}")
            button = found[0]
        else:
            raise SandboxError("press what? give the button text, callback_data= or index=")
        if not msg.inline:
            uid = self.post(chat.id if chat.is_group else None, plain_text=button["text"])
            return str(uid)
        if "callback_data" not in button:
            raise SandboxError(f"button {button!r} sends no callback query")
        return self.emu.new_callback_query(self, msg, button["callback_data"])

    async def press(
        self,
        msg: Message,
        text: str | None = None,
        *,
        callback_data: str | None = None,
        index: int | None = None,
    ) -> str:
        """Press a button of a bot message by its text (exact, else unique substring),
        ``callback_data`` or flat ``index``; returns the callback query id."""
        qid = self.click(msg, text, callback_data=callback_data, index=index)
        await asyncio.sleep(0)
        return qid

    def block_bot(self) -> int | None:
        """Block the bot (a my_chat_member update: member -> kicked)."""
        if self.blocked:
            return None
        self._chat.bot_status = "kicked"
        return self.emu.push_my_chat_member(self._chat, self.api, "member", "kicked")

    def unblock_bot(self) -> int | None:
        if not self.blocked:
            return None
        self._chat.bot_status = "member"
        return self.emu.push_my_chat_member(self._chat, self.api, "kicked", "member")

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """What the bot answered to that callback query (text, show_alert, url), or None."""
        rec = self.emu.callbacks.get(query_id)
        return rec.answer if rec is not None else None


class Group(_ChatView):
    """A simulated group (or supergroup) with the bot in it."""

    def __init__(self, emu: Emulator, chat: Chat) -> None:
        self.emu = emu
        self._chat = chat
        self.old_ids: list[int] = []

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.title!r}>"

    @property
    def chat(self) -> Chat:
        return self._chat

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def title(self) -> str:
        return self._chat.title or ""

    @property
    def type(self) -> str:
        return self._chat.type

    @property
    def label(self) -> str:
        return f"group {self.title!r} ({self.id})"

    @property
    def members(self) -> list[User]:
        return [
            self.emu.users[uid]
            for uid, s in self._chat.member_status.items()
            if s in ("creator", "administrator", "member")
        ]

    @property
    def bot_status(self) -> str:
        return self._chat.bot_status

    def _creator(self) -> User:
        for uid, s in self._chat.member_status.items():
            if s == "creator":
                return self.emu.users[uid]
        members = self.members
        if not members:
            raise SandboxError(f"{self!r} has no members")
        return members[0]

    async def add_bot(self, by: User | None = None, *, as_admin: bool = False) -> int | None:
        """Add the bot (my_chat_member left -> member/administrator, and a service message)."""
        chat = self._chat
        by = by or self._creator()
        old = chat.bot_status
        new = "administrator" if as_admin else "member"
        if old == new:
            raise SandboxError(f"the bot is already {old} of {self!r}")
        chat.bot_status = new
        emu = self.emu
        uid = emu.push_my_chat_member(chat, by.api, old, new)
        if old in ("left", "kicked"):
            msg = Message(
                chat,
                chat.new_message_id(),
                emu.now(),
                by.api,
                False,
                service={"new_chat_members": [emu.bot_user]},
            )
            chat.add(msg)
            emu.updates.push("message", msg.to_api(), chat.id)
        await asyncio.sleep(0)
        return uid

    async def promote_bot(self, by: User | None = None) -> int | None:
        return await self.add_bot(by, as_admin=True)

    async def remove_bot(self, by: User | None = None) -> int | None:
        """Remove the bot (my_chat_member -> kicked); sends then fail with 403."""
        chat = self._chat
        by = by or self._creator()
        old = chat.bot_status
        if old in ("left", "kicked"):
            raise SandboxError(f"the bot is not in {self!r}")
        chat.bot_status = "kicked"
        uid = self.emu.push_my_chat_member(chat, by.api, old, "kicked")
        await asyncio.sleep(0)
        return uid

    async def add_member(self, user: User, by: User | None = None, *, admin: bool = False) -> int | None:
        chat = self._chat
        chat.member_status[user.id] = "administrator" if admin else "member"
        emu = self.emu
        by = by or user
        msg = Message(
            chat,
            chat.new_message_id(),
            emu.now(),
            by.api,
            False,
            service={"new_chat_members": [user.api]},
        )
        chat.add(msg)
        emu.push_chat_member(chat, by.api, user.api, "left", chat.member_status[user.id])
        uid = emu.updates.push("message", msg.to_api(), chat.id) if emu.bot_in(chat) else None
        await asyncio.sleep(0)
        return uid

    async def remove_member(self, user: User, by: User | None = None) -> int | None:
        chat = self._chat
        old = chat.member_status.get(user.id, "left")
        chat.member_status[user.id] = "left" if by is None or by is user else "kicked"
        emu = self.emu
        by = by or user
        msg = Message(
            chat,
            chat.new_message_id(),
            emu.now(),
            by.api,
            False,
            service={"left_chat_member": user.api},
        )
        chat.add(msg)
        emu.push_chat_member(chat, by.api, user.api, old, chat.member_status[user.id])
        uid = emu.updates.push("message", msg.to_api(), chat.id) if emu.bot_in(chat) else None
        await asyncio.sleep(0)
        return uid

    async def upgrade_to_supergroup(self, by: User | None = None) -> int:
        """Upgrade to a supergroup with a new id; returns it. Sends to the old id then fail with
        400 and ``migrate_to_chat_id``; the bot gets the two migration service messages."""
        old = self._chat
        if old.type != "group":
            raise SandboxError(f"{self!r} is already a supergroup")
        by = by or self._creator()
        new = self.emu.upgrade_chat(old, by)
        self.old_ids.append(old.id)
        self._chat = new
        await asyncio.sleep(0)
        return new.id
