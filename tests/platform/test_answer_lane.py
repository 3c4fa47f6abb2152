"""A pressed button's answer is no message: it goes at once even when the sender has used up
its messages for this second, and is never held behind page edits waiting for a slot."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.sender import OutboxSender
from bot.settings import RateLimits
from models import OutboxMessage, OutboxMethod, Priority


class Recorder:
    """Only what _dispatch calls on a gateway; the calls are recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    async def edit_message_text(self, chat_id: int, message_id: int, text: str,
                                keyboard: Any = None) -> None:
        self.calls.append(("edit", chat_id))

    async def answer_callback_query(self, query_id: str, text: str | None = None,
                                    show_alert: bool = False) -> None:
        self.calls.append(("answer", query_id))


def _row(row_id: int, chat_id: int, method: OutboxMethod, payload: dict[str, Any]) -> OutboxMessage:
    return OutboxMessage(id=row_id, chat_id=chat_id, method=method, payload=payload,
                         priority=Priority.REPLY)


async def test_answers_go_while_edits_wait_for_a_slot() -> None:
    gateway = Recorder()
    sender = OutboxSender(None, gateway, RateLimits(global_per_second=1.0, per_chat_burst=1))  # type: ignore[arg-type]
    rows = [_row(1, 101, OutboxMethod.EDIT_MESSAGE_TEXT, {"message_id": 7, "text": "Trang 1"}),
            _row(2, 102, OutboxMethod.EDIT_MESSAGE_TEXT, {"message_id": 8, "text": "Trang 2"}),
            _row(3, 102, OutboxMethod.ANSWER_CALLBACK, {"callback_query_id": "q-102"})]
    dispatched, next_ready = await sender._dispatch(rows)
    await asyncio.gather(*sender._tasks)
    # One message a second: the first edit goes, the second waits; the answer does not wait.
    assert dispatched == {1, 3}
    assert sorted(gateway.calls) == [("answer", "q-102"), ("edit", 101)]
    assert next_ready is not None and next_ready > 0
