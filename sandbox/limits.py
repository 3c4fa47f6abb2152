"""Telegram's flood limits for sending.

* at most ``global_per_sec`` messages (30) in any one second overall, or ``paid_per_sec`` (1000)
  for messages sent with ``allow_paid_broadcast`` — sliding windows;
* about ``per_chat_per_sec`` (1) message a second per chat with a short burst of
  ``per_chat_burst`` (3) — a token bucket;
* at most ``group_per_min`` (20) messages in any one minute per group — a sliding window.

A send that would exceed a limit is refused with 429 and ``retry_after`` = whole seconds until it
would pass (at least 1). Refused sends count for nothing.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Limits", "RateLimiter", "SlidingWindow", "TokenBucket"]


@dataclass(slots=True)
class Limits:
    """Which limits are enforced; ``Limits(enabled=False)`` switches them all off."""

    enabled: bool = True
    global_per_sec: float = 30.0
    per_chat_per_sec: float = 1.0
    per_chat_burst: float = 3.0
    group_per_min: float = 20.0
    paid_per_sec: float = 1000.0


class TokenBucket:
    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = max(capacity, 1.0)
        self.tokens = self.capacity
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.tokens = tokens
        self.stamp = now
        if tokens >= 1.0:
            return 0.0
        return (1.0 - tokens) / self.rate

    def take(self, now: float) -> None:
        self.tokens -= 1.0


class SlidingWindow:
    """At most ``limit`` events in any ``window`` seconds."""

    __slots__ = ("events", "limit", "window")

    def __init__(self, limit: float, window: float) -> None:
        self.limit = max(int(limit), 1)
        self.window = window
        self.events: deque[float] = deque()

    def wait_time(self, now: float) -> float:
        events = self.events
        cutoff = now - self.window
        while events and events[0] <= cutoff:
            events.popleft()
        if len(events) < self.limit:
            return 0.0
        return events[0] + self.window - now

    def take(self, now: float) -> None:
        self.events.append(now)


class RateLimiter:
    """Decides whether a send to a chat may happen now; ``check`` returns ``retry_after`` or 0."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self._global: SlidingWindow | None = None
        self._paid: SlidingWindow | None = None
        self._chats: dict[int, TokenBucket] = {}
        self._groups: dict[int, SlidingWindow] = {}

    def reset(self) -> None:
        self._global = self._paid = None
        self._chats.clear()
        self._groups.clear()

    def check(self, chat_id: int, is_group: bool, paid: bool = False) -> int:
        """Count a send against every limit concerned, or return the seconds to wait (>= 1)."""
        lim = self.limits
        if not lim.enabled:
            return 0
        now = self.clock()
        if paid:
            if self._paid is None:
                self._paid = SlidingWindow(lim.paid_per_sec, 1.0)
            top = self._paid
        else:
            if self._global is None:
                self._global = SlidingWindow(lim.global_per_sec, 1.0)
            top = self._global
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = TokenBucket(lim.per_chat_per_sec, lim.per_chat_burst, now)
        wait = max(top.wait_time(now), chat.wait_time(now))
        grp = None
        if is_group:
            grp = self._groups.get(chat_id)
            if grp is None:
                grp = self._groups[chat_id] = SlidingWindow(lim.group_per_min, 60.0)
            wait = max(wait, grp.wait_time(now))
        if wait > 0:
            return max(1, math.ceil(wait - 1e-9))
        top.take(now)
        chat.take(now)
        if grp is not None:
            grp.take(now)
        return 0
