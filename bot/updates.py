"""Telegram's update JSON → the neutral ``Incoming`` the handlers read."""

from __future__ import annotations

import unicodedata
from typing import Any

from handlers.chat import ContentKind, FileRef, Incoming, IncomingKind


def update_keys(update: dict[str, Any]) -> tuple[int | None, int | None]:
    """(chat id, user id) of an update: the chat orders handling, the user is who acted."""
    for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
        if key in update:
            msg = update[key]
            return msg["chat"]["id"], (msg.get("from") or {}).get("id")
    if "callback_query" in update:
        cq = update["callback_query"]
        chat = (cq.get("message") or {}).get("chat") or {}
        return chat.get("id", cq["from"]["id"]), cq["from"]["id"]
    for key in ("my_chat_member", "chat_member"):
        if key in update:
            return update[key]["chat"]["id"], update[key]["from"]["id"]
    return None, None


def _name(user: dict[str, Any] | None) -> str:
    if not user:
        return ""
    return " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)


def _file(msg: dict[str, Any]) -> tuple[ContentKind, FileRef | None]:
    if "document" in msg:
        d = msg["document"]
        return ContentKind.DOCUMENT, FileRef(d["file_id"], d.get("file_unique_id", ""),
                                             ContentKind.DOCUMENT, d.get("file_name"),
                                             d.get("mime_type"), d.get("file_size"))
    if msg.get("photo"):
        p = max(msg["photo"], key=lambda s: s.get("file_size") or s.get("width", 0))
        return ContentKind.PHOTO, FileRef(p["file_id"], p.get("file_unique_id", ""),
                                          ContentKind.PHOTO, None, "image/jpeg", p.get("file_size"))
    if "sticker" in msg:
        s = msg["sticker"]
        return ContentKind.STICKER, FileRef(s["file_id"], s.get("file_unique_id", ""),
                                            ContentKind.STICKER, None, None, s.get("file_size"))
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


def parse_update(update: dict[str, Any], *, bot_id: int, bot_username: str) -> Incoming:
    update_id = int(update["update_id"])
    if "callback_query" in update:
        cq = update["callback_query"]
        user = cq["from"]
        message = cq.get("message") or {}
        chat = message.get("chat") or {"id": user["id"], "type": "private"}
        return Incoming(
            update_id=update_id, kind=IncomingKind.CALLBACK, chat_id=chat["id"],
            chat_type=chat.get("type", "private"), chat_title=chat.get("title"),
            user_id=user["id"], user_name=_name(user), username=user.get("username"),
            language_code=user.get("language_code"), message_id=message.get("message_id"),
            callback_id=cq["id"], callback_data=cq.get("data"),
        )
    for key in ("my_chat_member",):
        if key in update:
            change = update[key]
            chat, user = change["chat"], change["from"]
            status = change["new_chat_member"]["status"]
            if change["new_chat_member"]["user"]["id"] != bot_id:
                break
            gone = status in ("left", "kicked")
            return Incoming(
                update_id=update_id,
                kind=IncomingKind.BOT_REMOVED if gone else IncomingKind.BOT_ADDED,
                chat_id=chat["id"], chat_type=chat.get("type", "private"),
                chat_title=chat.get("title"), user_id=user["id"], user_name=_name(user),
                username=user.get("username"), language_code=user.get("language_code"),
                actor_user_id=user["id"],
            )
    msg = update.get("message") or update.get("channel_post")
    if msg is None:
        chat_id, user_id = update_keys(update)
        return Incoming(update_id=update_id, kind=IncomingKind.OTHER, chat_id=chat_id or 0,
                        chat_type="unknown", user_id=user_id)
    chat, user = msg["chat"], msg.get("from") or {}
    base: dict[str, Any] = {
        "update_id": update_id, "chat_id": chat["id"], "chat_type": chat.get("type", "private"),
        "chat_title": chat.get("title"), "user_id": user.get("id"), "user_name": _name(user),
        "username": user.get("username"), "language_code": user.get("language_code"),
        "message_id": msg.get("message_id"),
    }
    if "migrate_to_chat_id" in msg:
        return Incoming(kind=IncomingKind.CHAT_MIGRATED,
                        migrate_to_chat_id=msg["migrate_to_chat_id"], **base)
    if "new_chat_members" in msg or "left_chat_member" in msg or "group_chat_created" in msg:
        # my_chat_member carries the bot's own membership; these service messages add nothing.
        return Incoming(kind=IncomingKind.OTHER, **base)
    content, file = _file(msg)
    text = msg.get("text", msg.get("caption"))
    if text is not None:
        text = unicodedata.normalize("NFC", text)
    command, args, addressed = (None, "", True)
    if content == ContentKind.TEXT and text is not None:
        command, args, addressed = _command(text, bot_username)
    return Incoming(kind=IncomingKind.MESSAGE, content=content, text=text, command=command,
                    args=args if command else "", addressed=addressed, file=file, **base)
