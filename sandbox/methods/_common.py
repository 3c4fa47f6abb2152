"""Helpers shared by the method handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import bad_request

if TYPE_CHECKING:
    from ..world import Chat, Message


def message_in(chat: Chat, message_id: int, missing: str) -> Message:
    msg = chat.messages.get(message_id)
    if msg is None or msg.deleted:
        raise bad_request(missing)
    return msg


def reply_target(chat: Chat, p: dict[str, Any]) -> Message | None:
    rp = p.get("reply_parameters")
    if not rp:
        if "reply_to_message_id" not in p:
            return None
        rp = {  # the legacy parameters
            "message_id": p["reply_to_message_id"],
            "allow_sending_without_reply": p.get("allow_sending_without_reply", False),
        }
    target_chat = chat
    if "chat_id" in rp and rp["chat_id"] != chat.id:
        return None  # replies to other chats are not emulated
    msg = target_chat.messages.get(rp["message_id"])
    if msg is None or msg.deleted:
        if rp.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return msg
