"""Keeping within Telegram's sending limits: overall, per chat, and per group."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.settings import RateLimits

Clock = Callable[[], float]


class Pacer:
    """At most ``limit`` sends in any ``window`` seconds, as Telegram counts ("N per second").

    Telegram counts a send when it arrives, which is some time after it leaves here and before
    its answer comes back. So a slot is held from the moment a send leaves until ``window``
    seconds after its answer: however the sends were bunched on the way (network, a busy loop),
    no two of them in the same slot can arrive less than a window apart, and the limit is never
    exceeded. The price is one round trip per slot per window.

    Replies may use every slot, and a burst of them goes at once. Bulk sends (broadcasts) are
    spread evenly over the window: were they sent in bursts, every slot would come free at the
    same moment of each second, and a reply would wait for that moment, up to a second. While
    people are talking to the bot, bulk also leaves one slot free, so a reply goes at once; when
    nobody is, a broadcast may use the whole limit (a first reply then waits for the next slot,
    at most a few tens of milliseconds).
    """

    BULK_SLICES = 20  # bulk may send at most limit / BULK_SLICES at once
    TALKING_SECONDS = 10.0  # after a reply, bulk keeps a slot free this long

    def __init__(self, limit: float, window: float = 1.0, clock: Clock = time.monotonic) -> None:
        self.limit = max(1, int(limit)) if limit > 0 else 0
        self.window = window
        self.clock = clock
        self._answered: deque[float] = deque()  # when each answer came, oldest first
        self._in_flight = 0
        self._blocked_until = 0.0
        self._bulk_rate = self.limit / window
        self._bulk_burst = max(1.0, self.limit / self.BULK_SLICES)
        self._bulk_tokens = self._bulk_burst
        self._bulk_stamp = clock()
        self._last_reply = float("-inf")

    def ready_in(self, *, bulk: bool = False) -> float:
        """Seconds until a send may go (0: now)."""
        if self.limit == 0:
            return 0.0
        now = self.clock()
        if now < self._blocked_until:
            return self._blocked_until - now
        cutoff = now - self.window
        answered = self._answered
        while answered and answered[0] <= cutoff:
            answered.popleft()
        talking = now - self._last_reply < self.TALKING_SECONDS
        allowed = max(1, self.limit - 1) if bulk and talking else self.limit
        excess = len(answered) + self._in_flight - allowed
        if excess >= len(answered):
            # Every slot is held by a send still on its way: look again once one is answered.
            return self.window
        wait = answered[excess] + self.window - now if excess >= 0 else 0.0
        if bulk:
            tokens = self._refill(now)
            if tokens < 1.0:
                wait = max(wait, (1.0 - tokens) / self._bulk_rate)
        return wait

    def take(self, *, bulk: bool = False) -> None:
        """A send leaves now; call :meth:`answered` when its answer (or its failure) comes."""
        if self.limit:
            self._in_flight += 1
            if bulk:
                self._bulk_tokens = self._refill(self.clock()) - 1.0
            else:
                self._last_reply = self.clock()

    def answered(self) -> None:
        if self.limit and self._in_flight:
            self._in_flight -= 1
            self._answered.append(self.clock())

    def push_back(self, until: float) -> None:
        """After a 429, nothing goes out before ``until``."""
        self._blocked_until = max(self._blocked_until, until)

    def _refill(self, now: float) -> float:
        tokens = min(self._bulk_burst,
                     self._bulk_tokens + (now - self._bulk_stamp) * self._bulk_rate)
        self._bulk_tokens, self._bulk_stamp = tokens, now
        return tokens


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
