"""Leases: a role that only one process may play at a time (the sender, the scheduler).

The holder renews its lease well before it expires; a second copy waits until the lease is free
or has expired (its holder died), then takes over. The lease lives in the database, so this works
across machines with PostgreSQL as well as across processes with SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models import Lease, SessionFactory
from models.base import utcnow
from models.db import write_gate

log = logging.getLogger(__name__)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class LeaseKeeper:
    def __init__(self, session_factory: SessionFactory, name: str, *, holder: str | None = None,
                 ttl: float = 15.0, clock: Callable[[], datetime] = utcnow) -> None:
        self.session_factory = session_factory
        self.name = name
        self.holder = holder or holder_name()
        self.ttl = ttl
        self.clock = clock
        self.held = False

    async def try_acquire(self) -> bool:
        """Take or renew the lease; False while another live holder has it."""
        now = self.clock()
        try:
            async with (write_gate(self.session_factory), self.session_factory() as session,
                        session.begin()):
                query = select(Lease).where(Lease.name == self.name).with_for_update()
                lease = (await session.exec(query)).first()
                expires = now + timedelta(seconds=self.ttl)
                if lease is None:
                    session.add(Lease(name=self.name, holder=self.holder, expires_at=expires))
                elif lease.holder == self.holder or lease.expires_at <= now:
                    if lease.holder != self.holder:
                        log.info("taking over the %s lease from %s", self.name, lease.holder)
                    lease.holder, lease.expires_at = self.holder, expires
                    session.add(lease)
                else:
                    self.held = False
                    return False
        except IntegrityError:  # another process inserted the lease first
            self.held = False
            return False
        self.held = True
        return True

    async def release(self) -> None:
        async with self.session_factory() as session, session.begin():
            lease = await session.get(Lease, self.name)
            if lease is not None and lease.holder == self.holder:
                await session.delete(lease)
        self.held = False

    async def run_while_held(self, start: Callable[[], Awaitable[None]],
                             stop: Callable[[], Awaitable[None]],
                             stopping: asyncio.Event) -> None:
        """Wait for the lease, run the role while it is renewed, stop it if the lease is lost."""
        interval = self.ttl / 3
        while not stopping.is_set():
            if not await self.try_acquire():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), interval)
                continue
            log.info("holding the %s lease as %s", self.name, self.holder)
            await start()
            try:
                while not stopping.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stopping.wait(), interval)
                    if stopping.is_set() or not await self.try_acquire():
                        break
            finally:
                await stop()
            if not stopping.is_set():
                log.warning("lost the %s lease; waiting to take it again", self.name)
        if self.held:
            await self.release()
