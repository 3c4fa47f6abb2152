"""Waking roles that run in other processes: PostgreSQL's LISTEN/NOTIFY.

Inside one process the poller wakes the worker and the worker wakes the sender directly. When the
roles run as separate processes (``thidua run --role …``), each also looks at its table once a
second; on PostgreSQL this module makes that immediate: whoever stores updates or queues messages
notifies a channel, and the process holding the worker or the sender listens on it. A lost
connection only costs speed: the once-a-second look goes on, and the listener reconnects.
SQLite has no such channel; there the roles are best run in one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

INBOX = "thidua_inbox"  # updates were stored: a worker has work
OUTBOX = "thidua_outbox"  # messages were queued: the sender has work
RECONNECT_SECONDS = 2.0


def asyncpg_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class Wakeups:
    """One connection that listens for the channels this process cares about and sends the
    notifications it owes others. Notifications are coalesced: many stores in a burst make one
    NOTIFY per channel per round trip."""

    def __init__(self, url: URL) -> None:
        self.dsn = asyncpg_dsn(url)
        self._listeners: dict[str, Callable[[], None]] = {}
        self._owed: set[str] = set()
        self._owed_event = asyncio.Event()
        self._conn: Any = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.connected = asyncio.Event()

    def listen(self, channel: str, wake: Callable[[], None]) -> None:
        """Call ``wake`` when another process notifies ``channel`` (set before :meth:`start`)."""
        self._listeners[channel] = wake

    def notify(self, channel: str) -> None:
        """Tell other processes (soon, without waiting) that ``channel`` has news."""
        self._owed.add(channel)
        self._owed_event.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="wakeups")

    async def stop(self) -> None:
        self._stopping = True
        self._owed_event.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self._close()

    async def _run(self) -> None:
        import asyncpg  # only on PostgreSQL

        while not self._stopping:
            try:
                self._conn = await asyncpg.connect(self.dsn)
                for channel in self._listeners:
                    await self._conn.add_listener(channel, self._heard)
                self.connected.set()
                await self._send_owed_forever()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                if self._stopping:
                    return
                log.warning("cross-process wakeups lost their connection (%s); the roles fall "
                            "back to looking once a second until it is back", exc)
            finally:
                self.connected.clear()
                await self._close()
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _send_owed_forever(self) -> None:
        while not self._stopping:
            await self._owed_event.wait()
            self._owed_event.clear()
            owed, self._owed = self._owed, set()
            for channel in sorted(owed):
                await self._conn.execute(f"NOTIFY {channel}")

    def _heard(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        if pid == conn.get_server_pid():
            return  # our own notification: this process woke itself already
        wake = self._listeners.get(channel)
        if wake is not None:
            wake()

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 2.0)


__all__ = ["INBOX", "OUTBOX", "Wakeups"]
