"""Keeping within Telegram's sending limits: overall, per chat, and per group."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.settings import RateLimits

Clock = Callable[[], float]


class Pacer:
    """At most ``limit`` sends in any ``window`` seconds, as Telegram counts ("N per second").

    A burst may go at once, so a reply does not queue behind an evenly spaced broadcast. The
    window is a little longer than Telegram's second: sends leave here spaced as allowed but can
    arrive bunched (network, a busy loop), and a 429 pauses every send for a whole second.
    """

    def __init__(self, limit: float, window: float = 1.0, clock: Clock = time.monotonic) -> None:
        self.limit = max(1, int(limit)) if limit > 0 else 0
        self.window = window
        self.clock = clock
        self._sent: deque[float] = deque()
        self._blocked_until = 0.0

    def ready_in(self, reserve: int = 0) -> float:
        """Seconds until a send may go (0: now). ``reserve`` slots are kept for others: a
        broadcast leaves one free in every window, so a reply never waits for it."""
        if self.limit == 0:
            return 0.0
        now = self.clock()
        if now < self._blocked_until:
            return self._blocked_until - now
        cutoff = now - self.window
        while self._sent and self._sent[0] <= cutoff:
            self._sent.popleft()
        allowed = max(1, self.limit - reserve)
        if len(self._sent) < allowed:
            return 0.0
        return self._sent[len(self._sent) - allowed] + self.window - now

    def take(self) -> None:
        if self.limit:
            self._sent.append(self.clock())

    def push_back(self, until: float) -> None:
        """After a 429, nothing goes out before ``until``."""
        self._blocked_until = max(self._blocked_until, until)


class ChatLimiter:
    """Per-chat limits: a token bucket for private chats, a sliding minute for groups."""

    def __init__(self, limits: RateLimits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self._tokens: dict[int, tuple[float, float]] = {}  # chat -> (tokens, last refill)
        self._group_sends: dict[int, deque[float]] = {}

    def ready_at(self, chat_id: int) -> float:
        """When the next message to this chat may go (now or later)."""
        now = self.clock()
        if chat_id < 0:
            window = self._group_sends.get(chat_id)
            if window is None:
                return now
            while window and window[0] <= now - 60.0:
                window.popleft()
            if len(window) < self.limits.group_per_minute:
                # Within the minute's budget, still no faster than the per-chat rate.
                return max(now, self._bucket_ready(chat_id, now))
            return window[0] + 60.0
        return self._bucket_ready(chat_id, now)

    def _bucket_ready(self, chat_id: int, now: float) -> float:
        tokens, last = self._tokens.get(chat_id, (float(self.limits.per_chat_burst), now))
        tokens = min(float(self.limits.per_chat_burst),
                     tokens + (now - last) * self.limits.per_chat_per_second)
        if tokens >= 1.0:
            return now
        return now + (1.0 - tokens) / self.limits.per_chat_per_second

    def take(self, chat_id: int) -> None:
        now = self.clock()
        tokens, last = self._tokens.get(chat_id, (float(self.limits.per_chat_burst), now))
        tokens = min(float(self.limits.per_chat_burst),
                     tokens + (now - last) * self.limits.per_chat_per_second)
        self._tokens[chat_id] = (tokens - 1.0, now)
        if chat_id < 0:
            self._group_sends.setdefault(chat_id, deque()).append(now)
        if len(self._tokens) > 50_000:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        idle = [c for c, (_, last) in self._tokens.items() if now - last > 120.0]
        for chat_id in idle:
            self._tokens.pop(chat_id, None)
            self._group_sends.pop(chat_id, None)
