"""The Bot API methods the emulator implements, by lower-case name.

Each handler takes the emulator and the checked parameters and returns the ``result`` (or an
awaitable of it), or raises :class:`sandbox.errors.ApiError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import bot, chats, messages, polling

__all__ = ["HANDLERS", "SEND_METHODS"]

Handler = Callable[[Any, dict[str, Any]], Any]

HANDLERS: dict[str, Handler] = {}
for _module in (bot, chats, messages, polling):
    for _name, _fn in _module.METHODS.items():
        HANDLERS[_name.lower()] = _fn

# methods that deliver a message and so count against the flood limits
SEND_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "sendsticker", "copymessage", "forwardmessage"}
)
