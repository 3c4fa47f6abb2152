"""What Telegram enforces on the content of a message: text, caption, keyboards, commands.

Limits hard-coded from the Bot API's prose: text 1-4096 characters after entity parsing, caption
0-1024, callback data 1-64 bytes, an inline button has exactly one action, at most 100 buttons,
callback answers up to 200 characters, bot commands 1-32 of ``a-z0-9_`` with descriptions of
1-256 characters.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import bad_request
from .html import HtmlError, parse_html, utf16_len

__all__ = [
    "CAPTION_MAX",
    "TEXT_MAX",
    "check_caption",
    "check_commands",
    "check_reply_markup",
    "check_text",
    "user_entities",
]

TEXT_MAX = 4096
CAPTION_MAX = 1024
CALLBACK_DATA_MAX = 64
MAX_BUTTONS = 100
CALLBACK_ANSWER_MAX = 200

# fields of InlineKeyboardButton that are not its action
_BUTTON_DECORATION = frozenset({"text", "icon_custom_emoji_id", "style"})
_URL_SCHEMES = ("http://", "https://", "tg://")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def _parse(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None, strict: bool
) -> tuple[str, list[dict[str, Any]] | None]:
    if not parse_mode:
        return text.strip(" \t\r\n"), entities or None
    mode = parse_mode.lower()
    if mode == "html":
        try:
            plain, ents = parse_html(text, strict_entities=strict)
        except HtmlError as e:
            raise bad_request(f"can't parse entities: {e}") from None
        return plain, ents or None
    if mode in ("markdown", "markdownv2"):
        # not emulated: the text is kept as it is
        return text.strip(" \t\r\n"), None
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")


def check_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    strict: bool = True,
) -> tuple[str, list[dict[str, Any]] | None]:
    """The message text after entity parsing, and its entities; 400 if empty or too long."""
    plain, ents = _parse(text, parse_mode, entities, strict)
    if not plain:
        raise bad_request("message text is empty")
    if utf16_len(plain) > TEXT_MAX:
        raise bad_request("message is too long")
    return plain, ents


def check_caption(
    caption: str | None,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    strict: bool = True,
) -> tuple[str | None, list[dict[str, Any]] | None]:
    if caption is None:
        return None, None
    plain, ents = _parse(caption, parse_mode, entities, strict)
    if utf16_len(plain) > CAPTION_MAX:
        raise bad_request("message caption is too long")
    return (plain or None), ents


def check_reply_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Check keyboards beyond their JSON shape (which the spec check did)."""
    if not markup:
        return None
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        count = 0
        for row in rows:
            for button in row:
                count += 1
                _check_inline_button(button)
        if count > MAX_BUTTONS:
            raise bad_request("reply markup is too long")
        return markup
    if "keyboard" in markup:
        count = 0
        for row in markup["keyboard"]:
            for button in row:
                count += 1
                if not (button.get("text") or "").strip():
                    raise bad_request("can't parse keyboard button: text is empty")
        if count > 300:
            raise bad_request("reply markup is too long")
    return markup


def _check_inline_button(button: dict[str, Any]) -> None:
    if not (button.get("text") or "").strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [k for k in button if k not in _BUTTON_DECORATION]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be "
            f"used, got {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_MAX:
            raise bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        url = button["url"]
        if not url.startswith(_URL_SCHEMES) or len(url) < 8:
            raise bad_request("BUTTON_URL_INVALID")


def check_commands(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for c in commands:
        if not _COMMAND.fullmatch(c["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(c["description"].strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return [{"command": c["command"], "description": c["description"]} for c in commands]


# --- entities Telegram's clients add to what a user types ---------------------------------------

_USER_ENTITIES = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/]))"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{4,32}(?!\w))"
    r"|(?P<url>\bhttps?://[^\s<>\"]+)"
)


def user_entities(text: str) -> list[dict[str, Any]] | None:
    if "/" not in text and "@" not in text:
        return None
    out = []
    for m in _USER_ENTITIES.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        start = utf16_len(text[: m.start()])
        out.append({"type": kind, "offset": start, "length": utf16_len(m.group())})
    return out or None
