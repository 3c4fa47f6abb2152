"""The Telegram gateways: one :class:`~bot.gateway.Gateway` per library.

``make_gateway("aiogram" | "ptb", token, base_url)`` builds one; the library is imported only
when its gateway is asked for. ``base_url`` is the Bot API root (``https://api.telegram.org``, a
self-hosted Bot API server, or the sandbox emulator), without ``/bot<token>``.
"""

from __future__ import annotations

from typing import Any

from bot.gateway import Gateway

GATEWAY_KINDS: tuple[str, ...] = ("aiogram", "ptb")


def make_gateway(kind: str, token: str, base_url: str, **kw: Any) -> Gateway:
    """A gateway of ``kind`` ("aiogram" or "ptb"); ``kw`` goes to its constructor
    (``request_timeout``, ``allowed_updates``).

    Raises ``ValueError`` for an unknown kind and :class:`bot.errors.Unauthorized` for a token
    that cannot be a Bot API token.
    """
    normalized = kind.strip().lower() if isinstance(kind, str) else kind
    if normalized == "aiogram":
        from bot.gateways.aiogram_gateway import AiogramGateway

        return AiogramGateway(token, base_url, **kw)
    if normalized == "ptb":
        from bot.gateways.ptb_gateway import PtbGateway

        return PtbGateway(token, base_url, **kw)
    raise ValueError(
        f"unknown gateway kind {kind!r}: choose one of {', '.join(map(repr, GATEWAY_KINDS))}"
    )


__all__ = ["GATEWAY_KINDS", "make_gateway"]
