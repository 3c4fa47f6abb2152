"""The record of every request the emulator answered, and the questions tests ask of it.

Failed calls are always kept (a test must see them); successful ones only with ``keep`` on, so
that a benchmark can switch the list off and still count calls through :attr:`CallRecord.stats`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .calls import Call
from .errors import PROVOKED_KINDS, ApiError

__all__ = ["CallRecord"]


class CallRecord:
    """Every request as a :class:`Call`, and a count per (method, kind)."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.calls: list[Call] = []
        self.stats: Counter[tuple[str, str]] = Counter()

    def add(
        self,
        method: str,
        params: dict[str, Any],
        t0: float,
        *,
        error: ApiError | None = None,
        result: Any = None,
        kind: str = "ok",
        fault: str | None = None,
    ) -> None:
        if error is not None:
            kind = error.kind
        self.stats[(method, kind)] += 1
        if error is None and not self.keep:
            return
        if error is None:
            call = Call(
                method,
                params,
                True,
                kind,
                provoked=kind == "fault",
                result=result,
                fault=fault,
                time=t0,
                duration=time.monotonic() - t0,
            )
        else:
            call = Call(
                method,
                params,
                False,
                kind,
                provoked=kind in PROVOKED_KINDS,
                error_code=error.code,
                description=error.description,
                parameters=error.parameters,
                fault=fault,
                time=t0,
                duration=time.monotonic() - t0,
            )
        self.calls.append(call)

    def unexpected_rejections(self, *, ignore: Iterable[str] = ()) -> list[Call]:
        """Failed calls not marked ``provoked`` and not of a kind in ``ignore``."""
        skip = set(ignore)
        return [c for c in self.calls if not c.ok and not c.provoked and c.kind not in skip]

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        lname = method.lower()
        return [c for c in self.calls if c.method.lower() == lname and (ok is None or c.ok == ok)]

    def count(self, method: str | None = None, kind: str | None = "ok") -> int:
        """Counted from :attr:`stats`, so that it works with ``keep=False`` too."""
        lname = method.lower() if method else None
        return sum(
            n
            for (m, k), n in self.stats.items()
            if (lname is None or m.lower() == lname) and (kind is None or k == kind)
        )

    def rejected(self, kind: str | None = None) -> list[Call]:
        return [c for c in self.calls if not c.ok and (kind is None or c.kind == kind)]
