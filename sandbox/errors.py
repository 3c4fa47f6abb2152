"""Bot API errors with Telegram's shapes and wording, and how each is classified in the call log."""

from __future__ import annotations

from typing import Any

__all__ = [
    "ApiError",
    "SandboxError",
    "bad_request",
    "conflict",
    "forbidden",
    "too_many_requests",
]

# Kinds of recorded calls. A rejection is "provoked" when the test or the simulated world caused it
# (a fault, a rate limit, a block or kick, a migration); otherwise it is a bug in the bot.
PROVOKED_KINDS = frozenset({"fault", "rate_limit", "forbidden", "migrated"})


class SandboxError(AssertionError):
    """A test used the simulation wrongly (pressing a missing button, a user not in the group…)."""


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(
        self,
        code: int,
        description: str,
        *,
        kind: str = "rejected",
        parameters: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.kind = kind
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str, *, kind: str = "rejected", **parameters: Any) -> ApiError:
    return ApiError(400, f"Bad Request: {text}", kind=kind, parameters=parameters or None)


def forbidden(text: str) -> ApiError:
    return ApiError(403, f"Forbidden: {text}", kind="forbidden")


def conflict(text: str) -> ApiError:
    return ApiError(409, f"Conflict: {text}", kind="conflict")


def too_many_requests(retry_after: int, *, kind: str = "rate_limit") -> ApiError:
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        kind=kind,
        parameters={"retry_after": retry_after},
    )
