"""The record of every request the bot made, for assertions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Call", "CallbackQuery"]


@dataclass(slots=True)
class Call:
    """One Bot API request and how it ended.

    ``kind`` is ``"ok"`` for a success, and for a failure one of: ``"rejected"`` (a bad request:
    spec violation, bad HTML, too long, not modified, not found …), ``"rate_limit"`` (429 from the
    flood limits), ``"fault"`` (a fault switched on by the test; also a ``timeout`` fault whose
    action succeeded), ``"forbidden"`` (403: blocked, kicked, never started), ``"migrated"``
    (group upgraded), ``"conflict"`` (409), ``"unauthorized"`` (401), ``"unknown_method"`` (404),
    ``"unsupported"`` (a real method the emulator does not emulate), ``"unimplemented"`` (ok: a
    real method returning True that the emulator only acknowledges), ``"emulator_error"`` (a bug
    here). ``provoked`` is True when the test or the simulated world caused the failure.
    """

    method: str
    params: dict[str, Any]
    ok: bool
    kind: str
    provoked: bool = False
    error_code: int | None = None
    description: str | None = None
    parameters: dict[str, Any] | None = None
    result: Any = None
    fault: str | None = None
    time: float = 0.0  # time.monotonic() when the request arrived
    duration: float = 0.0

    def __repr__(self) -> str:
        if self.ok:
            status = "ok" if self.kind == "ok" else f"ok/{self.kind}"
        else:
            status = f"{self.error_code} {self.kind}: {self.description}"
        shown = {k: v for k, v in self.params.items() if k != "reply_markup"}
        return f"<Call {self.method} {shown} -> {status}>"


@dataclass(slots=True)
class CallbackQuery:
    """A button press the emulator sent to the bot, and the bot's answer once given."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answer: dict[str, Any] | None = None
    answered_at: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str | None:
        return (self.answer or {}).get("text")

    @property
    def show_alert(self) -> bool:
        return bool((self.answer or {}).get("show_alert"))
