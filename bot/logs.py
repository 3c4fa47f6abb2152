"""Logging set-up that keeps the bot token out of every line."""

from __future__ import annotations

import logging
from typing import Any

from bot.gateways.redact import scrub


def redact(text: str) -> str:
    return scrub(text)


class RedactingFilter(logging.Filter):
    """Last line of defence: whatever a library logs, a token-shaped string, a registered token
    or secret (the webhook's) and a ``secret_token`` parameter are masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        clean = scrub(message)
        if clean != message:
            record.msg = clean
            record.args = None
        return True


class BriefFormatter(logging.Formatter):
    """Above DEBUG, an error's traceback is cut to one line (its type and message): an operator
    reads what happened; ``THIDUA_LOG_LEVEL=DEBUG`` shows the full traceback."""

    def __init__(self, fmt: str, *, tracebacks: bool) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def formatException(self, ei: Any) -> str:
        if self.tracebacks:
            return super().formatException(ei)
        exc = ei[1]
        first = (str(exc).splitlines() or [""])[0]
        return f"  ({type(exc).__name__}: {first[:300]}; THIDUA_LOG_LEVEL=DEBUG shows the traceback)"

    def formatStack(self, stack_info: str) -> str:
        return super().formatStack(stack_info) if self.tracebacks else ""


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(BriefFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                        tracebacks=level.upper() == "DEBUG"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL — which contains the token — at INFO.
    for noisy in ("httpx", "httpcore", "aiohttp.access", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
