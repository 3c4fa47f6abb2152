"""Logging set-up that keeps the bot token out of every line."""

from __future__ import annotations

import logging
import threading
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


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """A thread's uncaught error goes to the log, not raw to stderr. A database driver's thread
    finding the event loop already closed at exit is noise of the shutdown: DEBUG."""
    if args.exc_type is SystemExit:
        return
    shutdown_noise = isinstance(args.exc_value, RuntimeError) and "loop is closed" in str(
        args.exc_value)
    logging.getLogger("bot.threads").log(
        logging.DEBUG if shutdown_noise else logging.ERROR, "uncaught error in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=args.exc_value)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(BriefFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                        tracebacks=level.upper() == "DEBUG"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    threading.excepthook = _thread_excepthook
    # httpx logs every request URL — which contains the token — at INFO.
    for noisy in ("httpx", "httpcore", "aiohttp.access", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
