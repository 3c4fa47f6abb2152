"""What the domain says when it refuses: the handler layer turns these into the person's language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain was not met. ``code`` names the text the person will read.

    ``params`` fill that text; the handler layer escapes them before they are shown.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class AccessDenied(DomainError):
    """The person's role does not allow this. The runtime audits every refusal."""

    def __init__(self, action: str, *, target: str | None = None, **params: Any) -> None:
        super().__init__("access_denied", **params)
        self.action = action
        self.target = target


class NotFound(DomainError):
    def __init__(self, what: str, **params: Any) -> None:
        super().__init__(f"not_found.{what}", **params)
