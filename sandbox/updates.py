"""The bot's pending updates: long polling with offset confirmation, and the filter of kinds.

Updates wait here until the bot confirms them (a later ``getUpdates`` with a higher ``offset``)
or, with a webhook set, until the webhook accepted them. Only one ``getUpdates`` may wait at a
time: like the real Bot API, a new one terminates the one already waiting with 409.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from .errors import ApiError, conflict

__all__ = ["DEFAULT_ALLOWED", "UPDATE_KINDS", "UpdateQueue"]

UPDATE_KINDS = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "guest_message",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
        "managed_bot",
    }
)
# what Telegram sends when allowed_updates was never given (or given as [])
DEFAULT_ALLOWED = UPDATE_KINDS - {"chat_member", "message_reaction", "message_reaction_count"}

# a pending update: (update_id, chat id or None, the Update object)
Pending = tuple[int, int | None, dict[str, Any]]

_TERMINATED = object()


class UpdateQueue:
    def __init__(self, first_update_id: int = 100_000_001) -> None:
        self.pending: deque[Pending] = deque()
        self.next_id = first_update_id  # the update_id the next update gets
        self.allowed: frozenset[str] = DEFAULT_ALLOWED
        self.allowed_given: list[str] | None = None
        self._waiter: asyncio.Future[Any] | None = None
        self.listener: asyncio.Event | None = None  # the webhook's wake-up, when one is set
        self.total = 0  # updates created
        self.filtered = 0  # updates not created because their kind was not allowed
        self._drained: list[asyncio.Future[None]] = []
        self.inflight = 0  # updates handed to the webhook and not yet accepted

    # --- producing -------------------------------------------------------------------------
    def push(self, kind: str, payload: dict[str, Any], chat_id: int | None) -> int | None:
        """Queue an update; returns its update_id, or None if its kind is not allowed."""
        if kind not in self.allowed:
            self.filtered += 1
            return None
        uid = self.next_id
        self.next_id += 1
        self.pending.append((uid, chat_id, {"update_id": uid, kind: payload}))
        self.total += 1
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)
        if self.listener is not None:
            self.listener.set()
        return uid

    def push_raw(self, make: Callable[[int], Any], chat_id: int | None = None) -> int:
        """Queue whatever ``make(update_id)`` returns, as is: a malformed update, for tests of a
        bot that must survive one (Telegram itself never sends such a thing)."""
        uid = self.next_id
        self.next_id += 1
        self.pending.append((uid, chat_id, make(uid)))
        self.total += 1
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)
        if self.listener is not None:
            self.listener.set()
        return uid

    def set_allowed(self, kinds: Iterable[str] | None) -> None:
        kinds = list(kinds) if kinds is not None else []
        self.allowed_given = kinds or None
        self.allowed = frozenset(k for k in kinds if k in UPDATE_KINDS) or DEFAULT_ALLOWED

    # --- consuming by getUpdates --------------------------------------------------------------
    def confirm(self, offset: int) -> None:
        pending = self.pending
        if offset < 0:
            keep = -offset
            while len(pending) > keep:
                pending.popleft()
        else:
            while pending and pending[0][0] < offset:
                pending.popleft()
        self._check_drained()

    def take(self, limit: int) -> list[dict[str, Any]]:
        return [u for _, _, u in itertools.islice(self.pending, limit)]

    def terminate_poller(self) -> None:
        """A new getUpdates arrived: the one waiting (if any) ends with 409."""
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(_TERMINATED)

    def wake_poller(self) -> None:
        """End a waiting getUpdates early with what there is (webhook set, emulator stopping)."""
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)

    async def wait(self, timeout: float) -> None:
        """Wait until an update arrives or ``timeout`` passes; raise 409 if terminated."""
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiter = fut
        try:
            result = await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            return
        finally:
            if self._waiter is fut:
                self._waiter = None
        if result is _TERMINATED:
            raise _conflict_terminated()

    @property
    def polling(self) -> bool:
        return self._waiter is not None and not self._waiter.done()

    # --- drained ---------------------------------------------------------------------------
    def clear(self) -> None:
        self.pending.clear()
        self._check_drained()

    def _check_drained(self) -> None:
        if not self.pending and not self.inflight and self._drained:
            waiters, self._drained = self._drained, []
            for w in waiters:
                if not w.done():
                    w.set_result(None)

    async def drained(self, timeout: float) -> bool:
        if not self.pending and not self.inflight:
            return True
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._drained.append(fut)
        try:
            await asyncio.wait_for(fut, timeout)
            return True
        except TimeoutError:
            return False

    def __len__(self) -> int:
        return len(self.pending) + self.inflight


def _conflict_terminated() -> ApiError:
    return conflict("terminated by other getUpdates request; make sure that only one bot instance is running")
