"""Logging set-up that keeps the bot token out of every line."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{5,16}:[A-Za-z0-9_-]{30,64}")


def redact(text: str) -> str:
    return _TOKEN.sub("<token>", text)


class RedactingFilter(logging.Filter):
    """Last line of defence: whatever a library logs, a token-shaped string is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = redact(message)
            record.args = None
        return True


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL — which contains the token — at INFO.
    for noisy in ("httpx", "httpcore", "aiohttp.access", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
