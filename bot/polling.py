"""Long polling: fetch updates, store them, and only then confirm them to Telegram."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.errors import Conflict, GatewayError, Unauthorized
from bot.gateway import Gateway
from bot.intake import store_updates
from bot.updates import as_id
from models import SessionFactory

log = logging.getLogger(__name__)


class Poller:
    def __init__(self, gateway: Gateway, session_factory: SessionFactory, *,
                 on_stored: Callable[[], None], timeout: int = 25) -> None:
        self.gateway = gateway
        self.session_factory = session_factory
        self.on_stored = on_stored
        self.timeout = timeout
        self.first_poll = asyncio.Event()
        self.received = 0
        self._stopping = False

    def stop(self) -> None:
        self._stopping = True

    async def run(self) -> None:
        # The offset is confirmed only by the next getUpdates call, after the batch is stored:
        # a crash in between makes Telegram send the same updates again, and the inbox drops
        # the duplicates by update_id.
        offset: int | None = None
        backoff = 1.0
        while not self._stopping:
            self.first_poll.set()
            try:
                updates = await self.gateway.get_updates(offset, self.timeout)
            except Unauthorized:
                log.error("Telegram rejected the bot token; polling stops")
                raise
            except Conflict as exc:
                log.warning("another poller or a webhook is active (%s); retrying in 5 s", exc)
                await asyncio.sleep(5)
                continue
            except GatewayError as exc:
                log.warning("polling failed (%s); retrying in %.0f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            if not updates:
                continue
            # Whatever their shape: an update the bot cannot read is stored set aside, and
            # confirmed with the others, so it is never fetched again and blocks nothing.
            await store_updates(self.session_factory, updates)
            self.received += len(updates)
            ids = [i for i in (as_id(u.get("update_id")) if isinstance(u, dict) else None
                               for u in updates) if i is not None]
            if ids:
                offset = max(ids) + 1
            else:
                log.error("getUpdates returned %d updates without an update_id; they cannot be "
                          "confirmed", len(updates))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
            self.on_stored()
