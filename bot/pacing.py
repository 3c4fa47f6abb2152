"""Keeping within Telegram's sending limits: overall, per chat, and per group."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

from bot.settings import RateLimits

Clock = Callable[[], float]


class Pacer:
    """Keeps sends within Telegram's "N messages in any one second".

    A token bucket a little under the limit: it refills at ``rate`` and holds at most ``burst``
    sends, the headroom the limit leaves (rate + burst ≤ N per second). A bigger burst looks
    harmless on our clock but arrives bunched with the previous second's tail at Telegram's, which
    then answers 429 and every send pauses for a whole second.
    """

    def __init__(self, rate: float, burst: float = 1.0, clock: Clock = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self.clock = clock
        self._tokens = self.burst
        self._stamp = clock()
        self._blocked_until = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        if self.rate <= 0:
            return
        async with self._lock:
            while True:
                now = self.clock()
                if now < self._blocked_until:
                    await asyncio.sleep(self._blocked_until - now)
                    continue
                self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                await asyncio.sleep((1.0 - self._tokens) / self.rate)

    def push_back(self, until: float) -> None:
        """After a 429, nothing goes out before ``until``."""
        self._blocked_until = max(self._blocked_until, until)
        self._tokens = 0.0


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
