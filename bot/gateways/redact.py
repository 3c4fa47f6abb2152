"""Keeping the bot token out of error messages and log lines.

Both HTTP stacks put the token in the request URL (``…/bot<token>/sendMessage``), and that URL
leaks into exception texts (aiohttp's connection errors) and log records (httpx logs every
request at INFO). :class:`Redactor` scrubs one token from a text; :func:`protect_logs` quiets
the chatty HTTP loggers and installs a filter that scrubs every registered token from what they
still log.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

REDACTED = "<token>"
SECRET_REDACTED = "<secret>"

# Anything shaped like a Bot API token (``123456789:AA…``), even one we were never given, also
# inside a URL path (``/bot123456789:AA…``, hence no ``\b``).
_TOKEN_SHAPE = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}")
# A webhook secret as the libraries print request parameters: ``'secret_token': 'abc'``,
# ``secret_token=abc`` or the header ``X-Telegram-Bot-Api-Secret-Token: abc``.
_SECRET_FIELD = re.compile(
    r"(?i)((?:secret_token|secret-token)['\"]?\s*[:=]\s*['\"]?)[A-Za-z0-9_-]+")

# Loggers that log request URLs (httpx at INFO) or connection details (httpcore at DEBUG).
_NOISY_LOGGERS = ("httpx", "httpcore")
# Loggers that get the scrubbing filter. A logger's filters see only records logged on that very
# logger (not its children's), so these are the exact names that may log a URL or a payload:
# httpx's request lines, PTB's "Set Bot API URL: …/bot<token>" (DEBUG, at construction) and its
# "Can not load invalid JSON data" (which prints whatever a proxy answered).
_FILTERED_LOGGERS = (
    "httpx",
    "httpcore",
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.request.BaseRequest",
    "telegram.request.HTTPXRequest",
    "aiohttp.client",
    "aiohttp.internal",
)


class Redactor:
    """Scrubs one token from a text: as is, URL-quoted, in any letter case (python-telegram-bot
    lower-cases most of a 400 description), and anything else token-shaped."""

    __slots__ = ("_pattern",)

    def __init__(self, token: str) -> None:
        forms = {token, quote(token, safe=""), quote(token)} if token else set()
        # Longest first, so that a form containing another is replaced whole.
        alternatives = sorted((re.escape(f) for f in forms if f), key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is not None:
            text = self._pattern.sub(REDACTED, text)
        return _TOKEN_SHAPE.sub(REDACTED, text)


_registered: dict[str, Redactor] = {}
_secrets: dict[str, re.Pattern[str]] = {}


def redact(text: str, token: str) -> str:
    """``text`` without ``token`` in it."""
    return Redactor(token)(text)


def scrub(text: str) -> str:
    """``text`` without any registered token or secret, nor anything token- or secret-shaped."""
    for redactor in tuple(_registered.values()):
        text = redactor(text)
    for pattern in tuple(_secrets.values()):
        text = pattern.sub(SECRET_REDACTED, text)
    text = _SECRET_FIELD.sub(r"\1" + SECRET_REDACTED, text)
    return _TOKEN_SHAPE.sub(REDACTED, text)


class TokenFilter(logging.Filter):
    """Rewrites a log record whose message contains a registered token or secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix
            return True
        clean = scrub(message)
        if clean != message:
            record.msg = clean
            record.args = None
        return True


_filter = TokenFilter()


def protect_secret(secret: str | None) -> None:
    """Register a secret other than the token (the webhook's secret token) for scrubbing."""
    if secret and secret not in _secrets:
        _secrets[secret] = re.compile(re.escape(secret))


def protect_logs(token: str) -> None:
    """Register ``token`` for scrubbing and keep the HTTP client loggers from printing it.

    Raises ``httpx``/``httpcore`` to WARNING unless the application already set them higher, and
    attaches :class:`TokenFilter` (once) to the loggers that may log a request URL.
    """
    if token and token not in _registered:
        _registered[token] = Redactor(token)
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:  # NOTSET (0) included
            logger.setLevel(logging.WARNING)
    for name in _FILTERED_LOGGERS:
        logger = logging.getLogger(name)
        if _filter not in logger.filters:
            logger.addFilter(_filter)
