"""Many updates in one inbox batch, as after a restart, an outage or a burst.

``BatchHarness`` is the people harness (the runtime's own inbox worker, no HTTP) with one more
way to feed it: store a whole list of updates first, then let the worker take them in batches.
"""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import col, select

from bot.intake import store_updates
from models import InboxStatus, InboxUpdate, OutboxMessage, OutboxMethod
from tests.people.harness import Harness


class BatchHarness(Harness):
    def text(self, user_id: int, text: str) -> dict[str, Any]:
        uid = self._next()
        return {"update_id": uid, "message": {
            "message_id": uid, "from": self._user(user_id), "chat": self._chat(user_id, None, "private"),
            "date": int(self.clock.now.timestamp()), "text": text}}

    async def run_all(self, updates: list[Any]) -> None:
        """Store every update, then handle them as the worker does (64 to a batch)."""
        await store_updates(self.sf, updates)
        while await self.worker.process_batch():
            pass

    async def replies(self, chat_id: int) -> list[str]:
        async with self.sf() as session:
            rows = (await session.exec(select(OutboxMessage).where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.method == OutboxMethod.SEND_MESSAGE)
                .order_by(col(OutboxMessage.id)))).all()
        # Numbers (feedback numbers, ids) differ between runs; the words must not.
        return [re.sub(r"\d+", "#", r.payload["text"]) for r in rows]

    async def statuses(self) -> dict[int, InboxStatus]:
        async with self.sf() as session:
            rows = (await session.exec(select(InboxUpdate.update_id, InboxUpdate.status))).all()
        return {uid: InboxStatus(status) for uid, status in rows}
