"""Faults that tests and benchmarks switch on: 429 bursts, 5xx answers, timeouts, dropped requests.

``emu.faults.add(kind, methods=None, count=None, rate=None, ...)``

* ``"429"``: refused with ``Too Many Requests: retry after N`` (``retry_after``), nothing done;
* ``"500"`` / ``"502"``: refused with ``Internal Server Error`` / ``Bad Gateway``, nothing done;
* ``"timeout"``: the action IS performed (the message is delivered), then the answer is held back
  for ``delay`` seconds — longer than the client's timeout — so the client sees a timeout for a
  request that took effect;
* ``"drop"``: the connection is closed without an answer, nothing done.

A fault applies to ``count`` matching requests (``None`` = every one while it is active), or to a
random ``rate`` share of them (seeded, reproducible). Every call a fault hit is recorded with
``kind="fault"`` and ``provoked=True``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["FAULT_KINDS", "Fault", "Faults"]

FAULT_KINDS = frozenset({"429", "500", "502", "timeout", "drop"})


@dataclass(eq=False)
class Fault:
    kind: str
    methods: frozenset[str] | None = None  # lower-case method names; None = all but getUpdates
    count: int | None = None  # remaining hits; None = unlimited
    rate: float | None = None  # probability per matching request
    retry_after: int = 1
    delay: float = 5.0
    chat_ids: frozenset[int] | None = None
    hits: int = 0
    _faults: Faults | None = field(default=None, repr=False)

    def matches(self, method: str, chat_id: object) -> bool:
        if self.methods is None:
            if method == "getupdates":
                return False
        elif method not in self.methods:
            return False
        return self.chat_ids is None or chat_id in self.chat_ids

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.count <= 0

    def remove(self) -> None:
        if self._faults is not None:
            self._faults.remove(self)


class Faults:
    """The active faults of an emulator, checked in the order they were added."""

    def __init__(self, seed: int = 0, default_delay: float = 5.0) -> None:
        self._active: list[Fault] = []
        self._rng = random.Random(seed)
        self.default_delay = default_delay

    def add(
        self,
        kind: str,
        methods: Iterable[str] | str | None = None,
        *,
        count: int | None = None,
        rate: float | None = None,
        retry_after: int = 1,
        delay: float | None = None,
        chat_ids: Iterable[int] | None = None,
    ) -> Fault:
        kind = str(kind)
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {sorted(FAULT_KINDS)}")
        if isinstance(methods, str):
            methods = {methods}
        fault = Fault(
            kind=kind,
            methods=frozenset(m.lower() for m in methods) if methods is not None else None,
            count=count,
            rate=rate,
            retry_after=max(1, int(retry_after)),
            delay=self.default_delay if delay is None else delay,
            chat_ids=frozenset(chat_ids) if chat_ids is not None else None,
            _faults=self,
        )
        self._active.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        if fault in self._active:
            self._active.remove(fault)

    def clear(self) -> None:
        self._active.clear()

    @property
    def active(self) -> list[Fault]:
        return list(self._active)

    def pick(self, method: str, chat_id: object) -> Fault | None:
        """The fault that hits this request, if any (consumes one of its ``count``)."""
        if not self._active:
            return None
        for fault in self._active:
            if not fault.matches(method, chat_id):
                continue
            if fault.rate is not None and self._rng.random() >= fault.rate:
                continue
            fault.hits += 1
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self._active.remove(fault)
            return fault
        return None

    def __bool__(self) -> bool:
        return bool(self._active)

    def __len__(self) -> int:
        return len(self._active)
