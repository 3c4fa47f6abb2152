"""Turning a library's exceptions into :mod:`bot.errors`, once per library.

Each gateway module writes one ``translate(exc, redact) -> GatewayError | None`` function and
decorates every public coroutine with ``@guarded(translate)``. Whatever ``translate`` does not
know becomes a plain :class:`~bot.errors.GatewayError`, so only project errors leave a gateway.

The original is kept as ``__cause__`` only when its whole traceback (its text and its own chain)
is free of the token; otherwise it is dropped (``from None``), because a logged traceback prints
the chain and aiohttp, for one, puts the request URL (``…/bot<token>/…``) in its messages.
What is useful from it (type, scrubbed text) is in the project error's message either way.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from bot.errors import GatewayError, Unauthorized
from bot.gateways.redact import Redactor

Translate = Callable[[Exception, Redactor], GatewayError | None]
"""Maps one library exception to a project error (its text scrubbed with the redactor), or
``None`` for one it does not know, which then leaves as a plain GatewayError."""


class Guarded(Protocol):
    """What the decorator needs from the gateway: the redactor for its token."""

    @property
    def redactor(self) -> Redactor: ...


S = TypeVar("S", bound=Guarded)
P = ParamSpec("P")
R = TypeVar("R")


def guarded(
    translate: Translate,
) -> Callable[
    [Callable[Concatenate[S, P], Awaitable[R]]],
    Callable[Concatenate[S, P], Coroutine[Any, Any, R]],
]:
    """Decorator factory: every exception ``translate`` knows leaves as a scrubbed project error."""

    def decorate(
        fn: Callable[Concatenate[S, P], Awaitable[R]],
    ) -> Callable[Concatenate[S, P], Coroutine[Any, Any, R]]:
        @functools.wraps(fn)
        async def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await fn(self, *args, **kwargs)
            except GatewayError:
                raise
            except Exception as exc:
                redact = self.redactor
                mapped = translate(exc, redact)
                if mapped is None:
                    mapped = GatewayError(f"unexpected error: {describe(exc, redact)}")
                if _is_clean(exc, redact):
                    raise mapped from exc
                raise mapped from None

        return wrapper

    return decorate


def _is_clean(exc: BaseException, redact: Redactor) -> bool:
    """Whether nothing in ``exc``'s printed traceback (chain included) would be redacted."""
    try:
        text = "".join(traceback.format_exception(exc))
    except Exception:
        return False
    return redact(text) == text


def describe(exc: BaseException, redact: Redactor) -> str:
    """``"TypeName: text"`` of an exception, scrubbed; for messages of mapped errors."""
    text = str(exc).strip()
    name = type(exc).__name__
    return redact(f"{name}: {text}" if text else name)


def check_token(token: str) -> None:
    """Reject a token that cannot be a Bot API token (``<digits>:<secret>``, no whitespace).

    aiogram refuses such a token when the bot is built; python-telegram-bot would only find out
    at the first request. Checking here makes both gateways fail the same way, at construction,
    and without echoing the token back.
    """
    if not isinstance(token, str) or not token:
        raise Unauthorized("the bot token is empty")
    left, sep, right = token.partition(":")
    if any(ch.isspace() for ch in token) or not sep or not left.isdigit() or not right:
        raise Unauthorized("the bot token is malformed (expected '<bot id>:<secret>')")
