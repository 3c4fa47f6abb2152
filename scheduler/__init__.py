"""The scheduler: idempotent sweeps that find what is due in our tables and queue outbox rows."""

from scheduler import nudge_jobs as _nudge_jobs  # noqa: F401  (registers the nudge sweeps)
from scheduler import weekly as _weekly  # noqa: F401  (registers the Monday picture sweep)
from scheduler.app import SchedulerHandle, build_scheduler
from scheduler.jobs import Sweep, register, sweeps

__all__ = ["SchedulerHandle", "Sweep", "build_scheduler", "register", "sweeps"]
