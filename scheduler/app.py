"""APScheduler wiring: every sweep runs on an interval, each in its own transaction.

APScheduler only says *when to look*; what is due lives in our tables (a scheduled directive's
``send_at``, a milestone's date), and each sweep records what it did under a unique key. So a sweep
that runs twice, or late after downtime, does each thing once, and nothing is kept in APScheduler's
job store. The clock is injected: tests call :meth:`SchedulerHandle.run_once` with a fake one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from models import SessionFactory
from models.base import utcnow
from models.db import write_gate
from scheduler import council_jobs, jobs  # noqa: F401  (council_jobs registers its sweeps)
from services import health

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# A sweep that answers jobs.More is run again at once; this bounds one run (the next run goes on).
MAX_PARTS = 1000


class SchedulerHandle:
    def __init__(
        self,
        session_factory: SessionFactory,
        *,
        clock: Clock,
        interval_seconds: float,
        sweeps: Sequence[tuple[str, jobs.Sweep]],
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.interval_seconds = interval_seconds
        self.sweeps = list(sweeps)
        self.on_change = on_change
        # One sweep at a time in this process: they share the database, and on SQLite a write
        # transaction is exclusive anyway.
        self._lock = asyncio.Lock()
        self._closed = False
        self._scheduler: AsyncIOScheduler | None = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def start(self) -> None:
        """Start the interval jobs on the running event loop; the first run is immediate."""
        if self.running:
            return
        scheduler = AsyncIOScheduler(timezone=UTC)
        for name, sweep in self.sweeps:
            scheduler.add_job(
                self._job, "interval", seconds=self.interval_seconds, args=[name, sweep],
                id=name, name=name, next_run_time=datetime.now(UTC),
                # A run missed while the loop was busy is skipped, not queued up: the next run
                # finds everything that is due anyway.
                coalesce=True, max_instances=1, misfire_grace_time=max(1, int(self.interval_seconds)),
                replace_existing=True,
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler started: %s every %ss", ", ".join(n for n, _ in self.sweeps),
                 self.interval_seconds)

    def shutdown(self) -> None:
        """Stop scheduling; a sweep already running finishes its transaction or rolls back."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None

    async def aclose(self) -> None:
        """Stop scheduling and wait for a sweep in progress to end, so that nothing runs on a
        closed database or is cut off when the process ends."""
        self.shutdown()
        self._closed = True
        async with self._lock:
            pass

    async def run_once(self) -> dict[str, int]:
        """Run every sweep once, now (by the injected clock). Errors propagate (tests see them)."""
        results: dict[str, int] = {}
        for name, sweep in self.sweeps:
            results[name] = await self.run_sweep(name, sweep)
        return results

    async def run_sweep(self, name: str, sweep: jobs.Sweep) -> int:
        done = 0
        async with self._lock:
            if self._closed:
                return 0
            now = self.clock()
            for _ in range(MAX_PARTS):
                # Through the write gate: on SQLite, handlers queued for the write lock get it
                # between the parts of a long sweep instead of polling for it.
                async with (write_gate(self.session_factory), self.session_factory() as session,
                            session.begin()):
                    outcome = await sweep(session, now)
                    if not isinstance(outcome, jobs.More):
                        # for /healthz, thidua status
                        await health.record_sweep(session, name, utcnow())
                done += outcome.done if isinstance(outcome, jobs.More) else outcome
                if not isinstance(outcome, jobs.More):
                    break
                if self.on_change is not None and outcome.done:
                    self.on_change()  # the sender starts on the first part
            else:
                log.warning("sweep %s still had work after %s parts", name, MAX_PARTS)
        if done and self.on_change is not None:
            self.on_change()
        if done:
            log.info("sweep %s: %s", name, done)
        return done

    async def _job(self, name: str, sweep: jobs.Sweep) -> None:
        try:
            await self.run_sweep(name, sweep)
        except asyncio.CancelledError:
            if self._closed or self._scheduler is None:
                # Stopping: a run still waiting for the lock is simply not run (it rolled back or
                # never began), which is not an error worth a log line.
                log.debug("sweep %s cancelled: the scheduler is stopping", name)
                return
            raise
        except Exception:
            # The next run tries again; nothing was half done (the transaction rolled back).
            log.exception("sweep %s failed", name)


def build_scheduler(
    session_factory: SessionFactory,
    *,
    clock: Clock,
    interval_seconds: float = 2.0,
    on_change: Callable[[], None] | None = None,
) -> SchedulerHandle:
    """The scheduler with every registered sweep. ``on_change`` (e.g. the sender's wake) is called
    after a sweep that did something, so new outbox rows go out without waiting for a poll."""
    return SchedulerHandle(session_factory, clock=clock, interval_seconds=interval_seconds,
                           sweeps=jobs.sweeps(), on_change=on_change)
