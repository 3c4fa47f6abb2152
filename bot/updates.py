"""Telegram's update JSON → the neutral ``Incoming`` the handlers read.

An update is read defensively: every field the bot uses is checked for its type (ids are 64-bit
integers, texts are strings, objects are objects) and every text is made safe to store (no NUL,
no lone surrogate) and cut to Telegram's own limits. Anything else raises :class:`Unreadable`,
which the inbox turns into a set-aside row; nothing here raises anything but that.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from handlers.chat import ContentKind, FileRef, Incoming, IncomingKind

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_TEXT = 4096  # Telegram's longest message; a caption is at most 1024
MAX_NAME = 128  # a first or last name is at most 64 characters
MAX_TITLE = 255
MAX_FILE_NAME = 255
MAX_FILE_ID = 255
MAX_CALLBACK_BYTES = 64
MAX_DEPTH = 64  # Telegram's updates nest a few levels (a reply's quoted message, ...)
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,64}")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,4}")
MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


class Unreadable(ValueError):
    """The update lacks a field the bot needs, or has it with the wrong type."""


def safe_text(text: str) -> str:
    """A string any database stores: NUL removed, lone surrogates replaced."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def as_id(value: Any) -> int | None:
    """``value`` if it is a 64-bit integer (not a bool, not a string of digits), else None."""
    if type(value) is int and INT64_MIN <= value <= INT64_MAX:
        return value
    return None


def _id(value: Any, what: str) -> int:
    checked = as_id(value)
    if checked is None:
        raise Unreadable(f"{what} is not a 64-bit integer")
    return checked


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreadable(f"{what} is not an object")
    return value


def _opt_obj(parent: dict[str, Any], key: str, what: str) -> dict[str, Any] | None:
    value = parent.get(key)
    return None if value is None else _obj(value, what)


def _opt_str(parent: dict[str, Any], key: str, what: str, limit: int) -> str | None:
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Unreadable(f"{what} is not a string")
    return safe_text(value[:limit])


def _str(parent: dict[str, Any], key: str, what: str, limit: int) -> str:
    value = _opt_str(parent, key, what, limit)
    if value is None:
        raise Unreadable(f"{what} is missing")
    return value


def _file_id(parent: dict[str, Any], key: str, what: str) -> str:
    value = parent.get(key)
    if not isinstance(value, str) or not value or len(value) > MAX_FILE_ID:
        raise Unreadable(f"{what} is not a file id")
    return safe_text(value)


def _size(parent: dict[str, Any]) -> int | None:
    value = parent.get("file_size")
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise Unreadable("file_size is not a size")
    return value


def _chat(msg: dict[str, Any], what: str) -> dict[str, Any]:
    chat = _obj(msg.get("chat"), f"{what}.chat")
    _id(chat.get("id"), f"{what}.chat.id")
    return chat


def _user(value: Any, what: str) -> dict[str, Any]:
    user = _obj(value, what)
    _id(user.get("id"), f"{what}.id")
    return user


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply ``value`` nests (without recursion), counting up to ``limit + 1`` at most."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def update_keys(update: Any) -> tuple[int | None, int | None]:
    """(chat id, user id) of an update: the chat orders handling, the user is who acted.

    Never raises: what cannot be read is None."""
    if not isinstance(update, dict):
        return None, None
    for key in MESSAGE_KEYS:
        if key in update:
            msg = update[key]
            if not isinstance(msg, dict):
                return None, None
            chat, user = msg.get("chat"), msg.get("from")
            return (as_id(chat.get("id")) if isinstance(chat, dict) else None,
                    as_id(user.get("id")) if isinstance(user, dict) else None)
    if "callback_query" in update:
        cq = update["callback_query"]
        if not isinstance(cq, dict):
            return None, None
        user = cq.get("from")
        user_id = as_id(user.get("id")) if isinstance(user, dict) else None
        message = cq.get("message")
        chat = message.get("chat") if isinstance(message, dict) else None
        chat_id = as_id(chat.get("id")) if isinstance(chat, dict) else None
        return (chat_id if chat_id is not None else user_id), user_id
    for key in ("my_chat_member", "chat_member"):
        if key in update:
            change = update[key]
            if not isinstance(change, dict):
                return None, None
            chat, user = change.get("chat"), change.get("from")
            return (as_id(chat.get("id")) if isinstance(chat, dict) else None,
                    as_id(user.get("id")) if isinstance(user, dict) else None)
    return None, None


def _name(user: dict[str, Any] | None) -> str:
    if not user:
        return ""
    parts = (_opt_str(user, "first_name", "first_name", MAX_NAME),
             _opt_str(user, "last_name", "last_name", MAX_NAME))
    return " ".join(p for p in parts if p)


def _username(user: dict[str, Any]) -> str | None:
    value = user.get("username")
    return value if isinstance(value, str) and _USERNAME.fullmatch(value) else None


def _language(user: dict[str, Any]) -> str | None:
    value = user.get("language_code")
    return value if isinstance(value, str) and _LANGUAGE.fullmatch(value) else None


def _person(user: dict[str, Any]) -> dict[str, Any]:
    return {"user_id": user["id"], "user_name": _name(user), "username": _username(user),
            "language_code": _language(user)}


def _chat_fields(chat: dict[str, Any]) -> dict[str, Any]:
    return {"chat_id": chat["id"],
            "chat_type": _opt_str(chat, "type", "chat.type", 32) or "private",
            "chat_title": _opt_str(chat, "title", "chat.title", MAX_TITLE)}


def _file(msg: dict[str, Any]) -> tuple[ContentKind, FileRef | None]:
    document = _opt_obj(msg, "document", "document")
    if document is not None:
        return ContentKind.DOCUMENT, FileRef(
            _file_id(document, "file_id", "document.file_id"),
            _opt_str(document, "file_unique_id", "document.file_unique_id", 64) or "",
            ContentKind.DOCUMENT,
            _opt_str(document, "file_name", "document.file_name", MAX_FILE_NAME),
            _opt_str(document, "mime_type", "document.mime_type", 100), _size(document))
    photo = msg.get("photo")
    if photo is not None and not isinstance(photo, list):
        raise Unreadable("photo is not a list")
    if photo:
        sizes = [_obj(p, "photo size") for p in photo]
        best = max(sizes, key=lambda s: (_size(s) or 0, as_id(s.get("width")) or 0))
        return ContentKind.PHOTO, FileRef(
            _file_id(best, "file_id", "photo.file_id"),
            _opt_str(best, "file_unique_id", "photo.file_unique_id", 64) or "",
            ContentKind.PHOTO, None, "image/jpeg", _size(best))
    sticker = _opt_obj(msg, "sticker", "sticker")
    if sticker is not None:
        return ContentKind.STICKER, FileRef(
            _file_id(sticker, "file_id", "sticker.file_id"),
            _opt_str(sticker, "file_unique_id", "sticker.file_unique_id", 64) or "",
            ContentKind.STICKER, None, None, _size(sticker))
    if "text" in msg:
        return ContentKind.TEXT, None
    return ContentKind.OTHER, None


def _command(text: str, bot_username: str) -> tuple[str | None, str, bool]:
    """``/cmd@bot args`` → (cmd, args, addressed-to-us)."""
    if not text.startswith("/"):
        return None, text, True
    head, _, rest = text.partition(" ")
    if "\n" in head:
        head, _, more = head.partition("\n")
        rest = more + (" " + rest if rest else "")
    name, _, target = head[1:].partition("@")
    addressed = not target or target.lower() == bot_username.lower()
    return name.lower()[:64], rest.strip(), addressed


def _callback_data(cq: dict[str, Any]) -> str | None:
    data = _opt_str(cq, "data", "callback_query.data", MAX_CALLBACK_BYTES)
    if data is None:
        return None
    return data.encode("utf-8")[:MAX_CALLBACK_BYTES].decode("utf-8", "ignore")


def parse_update(update: Any, *, bot_id: int, bot_username: str) -> Incoming:
    """The update as the handlers see it; :class:`Unreadable` if the bot cannot understand it."""
    update = _obj(update, "update")
    update_id = _id(update.get("update_id"), "update_id")
    if depth(update) > MAX_DEPTH:
        raise Unreadable(f"nested deeper than {MAX_DEPTH} levels")
    if "callback_query" in update:
        cq = _obj(update["callback_query"], "callback_query")
        user = _user(cq.get("from"), "callback_query.from")
        message = _opt_obj(cq, "message", "callback_query.message") or {}
        chat = (_chat(message, "callback_query.message") if message
                else {"id": user["id"], "type": "private"})
        return Incoming(
            update_id=update_id, kind=IncomingKind.CALLBACK, **_chat_fields(chat),
            **_person(user), message_id=as_id(message.get("message_id")),
            callback_id=_str(cq, "id", "callback_query.id", 256), callback_data=_callback_data(cq),
        )
    if "my_chat_member" in update:
        change = _obj(update["my_chat_member"], "my_chat_member")
        chat = _chat(change, "my_chat_member")
        user = _user(change.get("from"), "my_chat_member.from")
        new = _obj(change.get("new_chat_member"), "my_chat_member.new_chat_member")
        status = _str(new, "status", "new_chat_member.status", 32)
        if _user(new.get("user"), "new_chat_member.user")["id"] == bot_id:
            gone = status in ("left", "kicked")
            return Incoming(
                update_id=update_id,
                kind=IncomingKind.BOT_REMOVED if gone else IncomingKind.BOT_ADDED,
                **_chat_fields(chat), **_person(user), actor_user_id=user["id"],
            )
    key = next((k for k in ("message", "channel_post") if k in update), None)
    if key is None:
        chat_id, user_id = update_keys(update)
        return Incoming(update_id=update_id, kind=IncomingKind.OTHER, chat_id=chat_id or 0,
                        chat_type="unknown", user_id=user_id)
    msg = _obj(update[key], key)
    chat = _chat(msg, key)
    sender = msg.get("from")
    if sender is None and key == "message" and chat.get("type") != "channel":
        # Only a channel's posts come without a sender (Bot API: ``from`` "may be empty for
        # messages sent to channels"; a message on behalf of a chat has a stand-in sender).
        raise Unreadable("message.from is missing")
    person = (_person(_user(sender, f"{key}.from")) if sender is not None
              else {"user_id": None, "user_name": "", "username": None, "language_code": None})
    base: dict[str, Any] = {"update_id": update_id, **_chat_fields(chat), **person,
                            "message_id": as_id(msg.get("message_id"))}
    if "migrate_to_chat_id" in msg:
        return Incoming(kind=IncomingKind.CHAT_MIGRATED,
                        migrate_to_chat_id=_id(msg["migrate_to_chat_id"], "migrate_to_chat_id"),
                        **base)
    if "new_chat_members" in msg or "left_chat_member" in msg or "group_chat_created" in msg:
        # my_chat_member carries the bot's own membership; these service messages add nothing.
        return Incoming(kind=IncomingKind.OTHER, **base)
    content, file = _file(msg)
    text = (_opt_str(msg, "text", "text", MAX_TEXT) if "text" in msg
            else _opt_str(msg, "caption", "caption", MAX_TEXT))
    if text is not None:
        text = unicodedata.normalize("NFC", text)
    command, args, addressed = (None, "", True)
    if content == ContentKind.TEXT and text is not None:
        command, args, addressed = _command(text, bot_username)
    return Incoming(kind=IncomingKind.MESSAGE, content=content, text=text, command=command,
                    args=args if command else "", addressed=addressed, file=file, **base)


def screen(update: Any) -> str | None:
    """Why the bot could not understand ``update``, or None if it can."""
    try:
        parse_update(update, bot_id=0, bot_username="")
    except Unreadable as exc:
        return str(exc)
    except Exception as exc:  # a bug in reading must not stop storing: set it aside
        return f"unreadable: {exc!r}"[:1000]
    return None
