"""The runtime's own view of what can go wrong when talking to Telegram.

Each gateway maps its library's exceptions onto these, so the sender decides what to do
(wait, mark inactive, follow a migration, retry once) without knowing which library is in use.
"""

from __future__ import annotations


class GatewayError(Exception):
    """Base for every failure reported by a gateway. The message never contains the token."""


class RetryAfter(GatewayError):
    """429 Too Many Requests: nothing may be sent for ``seconds``."""

    def __init__(self, seconds: float, description: str = "Too Many Requests") -> None:
        super().__init__(f"{description} (retry after {seconds}s)")
        self.seconds = seconds


class Forbidden(GatewayError):
    """403: the user blocked the bot, or the bot was kicked from the group."""


class ChatMigrated(GatewayError):
    """400 with ``migrate_to_chat_id``: the group became a supergroup with a new id."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"group chat was upgraded to a supergroup chat {new_chat_id}")
        self.new_chat_id = new_chat_id


class BadRequest(GatewayError):
    """400 for anything else: the request itself is wrong and retrying will not help."""

    @property
    def not_modified(self) -> bool:
        return "message is not modified" in str(self).lower()


class TimedOut(GatewayError):
    """The request timed out: Telegram may or may not have acted on it."""


class NetworkError(GatewayError):
    """The request did not reach Telegram, or Telegram answered 5xx: safe to retry."""


class Conflict(GatewayError):
    """409: another poller or a webhook is active for this token."""


class Unauthorized(GatewayError):
    """401: the token is wrong or revoked."""
