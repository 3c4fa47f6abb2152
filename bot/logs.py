"""Logging set-up that keeps the bot token out of every line."""

from __future__ import annotations

import logging

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
