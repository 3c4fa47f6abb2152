"""The bot itself: getMe, its commands, callback answers, logOut/close."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..content import CALLBACK_ANSWER_MAX, check_commands
from ..errors import bad_request

if TYPE_CHECKING:
    from ..emulator import Emulator

_LANG = re.compile(r"[a-z]{2}")


def get_me(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    return {
        **emu.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": not emu.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def log_out(emu: Emulator, p: dict[str, Any]) -> bool:
    return True


def _scope_key(emu: Emulator, p: dict[str, Any]) -> tuple[str, int | None, int | None]:
    scope = p.get("scope") or {"type": "default"}
    kind = scope["type"]
    chat_id = user_id = None
    if "chat_id" in scope:
        chat = emu.resolve_chat(scope["chat_id"])
        chat_id = chat.id
        if kind != "chat" and not chat.is_group:
            raise bad_request("can't change commands for administrators in private chats")
    if "user_id" in scope:
        user_id = scope["user_id"]
        if user_id not in emu.users:
            raise bad_request("user not found")
    return (kind, chat_id, user_id)


def _lang(p: dict[str, Any]) -> str:
    lang = p.get("language_code") or ""
    if lang and not _LANG.fullmatch(lang):
        raise bad_request("invalid language code specified")
    return lang


def set_my_commands(emu: Emulator, p: dict[str, Any]) -> bool:
    commands = check_commands(p["commands"])
    key = (_scope_key(emu, p), _lang(p))
    if commands:
        emu.commands[key] = commands
    else:
        emu.commands.pop(key, None)
    return True


def get_my_commands(emu: Emulator, p: dict[str, Any]) -> list[dict[str, Any]]:
    return list(emu.commands.get((_scope_key(emu, p), _lang(p)), []))


def delete_my_commands(emu: Emulator, p: dict[str, Any]) -> bool:
    emu.commands.pop((_scope_key(emu, p), _lang(p)), None)
    return True


def answer_callback_query(emu: Emulator, p: dict[str, Any]) -> bool:
    text = p.get("text")
    if text is not None and len(text) > CALLBACK_ANSWER_MAX:
        raise bad_request("MESSAGE_TOO_LONG")
    emu.answer_callback(p["callback_query_id"], p)
    return True


METHODS = {
    "getMe": get_me,
    "logOut": log_out,
    "close": log_out,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "answerCallbackQuery": answer_callback_query,
}
