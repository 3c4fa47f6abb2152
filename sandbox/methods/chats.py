"""Chats and their members as the simulated world has them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import bad_request

if TYPE_CHECKING:
    from ..emulator import Emulator
    from ..world import Chat

_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}


def chat_member(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember object for a status."""
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    if status == "administrator":
        return {"status": "administrator", "user": user, **_ADMIN_RIGHTS}
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    if status in ("member", "left"):
        return {"status": status, "user": user}
    raise ValueError(status)


def full_info(chat: Chat) -> dict[str, Any]:
    d = dict(chat.api)
    d["accent_color_id"] = 0
    d["max_reaction_count"] = 11
    d["accepted_gift_types"] = {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
        "gifts_from_channels": False,
    }
    if chat.is_group:
        d["permissions"] = {
            "can_send_messages": True,
            "can_send_photos": True,
            "can_send_documents": True,
            "can_invite_users": True,
        }
    return d


def get_chat(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    return full_info(emu.resolve_chat(p["chat_id"]))


def get_chat_member(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    chat = emu.resolve_chat(p["chat_id"])
    uid = p["user_id"]
    if uid == emu.bot_id:
        status = chat.bot_status if chat.is_group else "member"
        return chat_member(emu.bot_user, status)
    user = emu.users.get(uid)
    if user is None:
        raise bad_request("user not found")
    if not chat.is_group:
        if uid != chat.id:
            raise bad_request("user not found")
        return chat_member(user.api, "member")
    return chat_member(user.api, chat.member_status.get(uid, "left"))


def get_chat_administrators(emu: Emulator, p: dict[str, Any]) -> list[dict[str, Any]]:
    chat = emu.resolve_chat(p["chat_id"])
    if not chat.is_group:
        raise bad_request("there are no administrators in the private chat")
    out = [
        chat_member(emu.users[uid].api, status)
        for uid, status in chat.member_status.items()
        if status in ("creator", "administrator")
    ]
    if chat.bot_status == "administrator":
        out.append(chat_member(emu.bot_user, "administrator"))
    return out


def get_chat_member_count(emu: Emulator, p: dict[str, Any]) -> int:
    chat = emu.resolve_chat(p["chat_id"])
    if not chat.is_group:
        return 2
    n = sum(1 for s in chat.member_status.values() if s in ("creator", "administrator", "member"))
    return n + (1 if chat.bot_status in ("member", "administrator") else 0)


def leave_chat(emu: Emulator, p: dict[str, Any]) -> bool:
    chat = emu.resolve_chat(p["chat_id"], send=True)
    if not chat.is_group:
        raise bad_request("chat member status can't be changed in private chats")
    old = chat.bot_status
    chat.bot_status = "left"
    emu.push_my_chat_member(chat, emu.bot_user, old, "left")
    return True


METHODS = {
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "getChatMemberCount": get_chat_member_count,
    "leaveChat": leave_chat,
}
