"""Is the bot doing its job? A snapshot of its queues, leases and sweeps, and what is wrong.

Read from the database only, so any process — the webhook server, ``thidua status`` on the
operator's terminal, a metrics scrape — sees the same thing whichever process does the work.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    InboxStatus,
    InboxUpdate,
    Lease,
    OutboxMessage,
    OutboxStatus,
    Priority,
    SweepRun,
)
from services.health_limits import HealthLimits

ROLE_LEASES = ("poller", "sender", "scheduler")
PRIORITY_NAMES = {Priority.REPLY: "reply", Priority.NOTICE: "notice", Priority.BULK: "bulk"}


@dataclass(slots=True)
class LeaseView:
    name: str
    holder: str
    expires_at: str
    live: bool


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem as a code and its figures, so the command line can word it in the
    operator's language (``cli.status_problem.<code>``); ``Health.problems`` keeps the English
    sentence /healthz and the logs show."""

    code: str
    params: dict[str, Any]


@dataclass(slots=True)
class Health:
    now: str
    inbox_pending: int = 0
    inbox_failed: int = 0
    inbox_set_aside: int = 0  # updates the bot could not read: kept with their raw JSON
    oldest_pending_seconds: float | None = None
    outbox_pending: dict[str, int] = field(default_factory=dict)
    outbox_failed: int = 0
    outbox_uncertain: int = 0
    oldest_outbox_seconds: float | None = None  # the oldest reply or notice still waiting
    last_sent_at: str | None = None
    last_sent_seconds: float | None = None
    leases: list[LeaseView] = field(default_factory=list)
    sweeps: dict[str, float] = field(default_factory=dict)  # sweep name -> seconds since it ran
    problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def flag(self, code: str, english: str, **params: Any) -> None:
        self.problems.append(english)
        self.findings.append(Finding(code, params))

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["findings"]  # /healthz keeps its shape: the sentences are in "problems"
        data["status"] = "ok" if self.ok else "failing"
        return data


def _age(now: datetime, then: datetime | None) -> float | None:
    return None if then is None else round((now - then).total_seconds(), 1)


async def snapshot(session: AsyncSession, *, now: datetime,
                   limits: HealthLimits = HealthLimits(), expect_roles: bool = True) -> Health:
    h = Health(now=now.isoformat())
    inbox = dict((await session.exec(  # type: ignore[call-overload]
        select(InboxUpdate.status, func.count()).group_by(col(InboxUpdate.status)))).all())
    h.inbox_pending = int(inbox.get(InboxStatus.PENDING, 0))
    h.inbox_failed = int(inbox.get(InboxStatus.FAILED, 0))
    h.inbox_set_aside = int(inbox.get(InboxStatus.SET_ASIDE, 0))
    oldest = (await session.exec(select(func.min(InboxUpdate.received_at)).where(
        InboxUpdate.status == InboxStatus.PENDING))).one()
    h.oldest_pending_seconds = _age(now, oldest)

    by_status = (await session.exec(  # type: ignore[call-overload]
        select(OutboxMessage.status, OutboxMessage.priority, func.count())
        .group_by(col(OutboxMessage.status), col(OutboxMessage.priority)))).all()
    for status, priority, count in by_status:
        if status == OutboxStatus.PENDING:
            name = PRIORITY_NAMES.get(priority, str(priority))
            h.outbox_pending[name] = h.outbox_pending.get(name, 0) + int(count)
        elif status == OutboxStatus.FAILED:
            h.outbox_failed += int(count)
        elif status == OutboxStatus.UNCERTAIN:
            h.outbox_uncertain += int(count)
    # Waiting on purpose (a retry_after, a backoff) is not a stall: only rows due now count.
    oldest_out = (await session.exec(select(func.min(OutboxMessage.created_at)).where(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.priority < Priority.BULK,
        (col(OutboxMessage.not_before).is_(None)) | (col(OutboxMessage.not_before) <= now)))).one()
    h.oldest_outbox_seconds = _age(now, oldest_out)
    last_sent = (await session.exec(select(func.max(OutboxMessage.sent_at)).where(
        OutboxMessage.status == OutboxStatus.SENT))).one()
    h.last_sent_at = last_sent.isoformat() if last_sent is not None else None
    h.last_sent_seconds = _age(now, last_sent)

    for lease in (await session.exec(select(Lease).order_by(col(Lease.name)))).all():
        h.leases.append(LeaseView(lease.name, lease.holder, lease.expires_at.isoformat(),
                                  lease.expires_at > now))
    for run in (await session.exec(select(SweepRun).order_by(col(SweepRun.name)))).all():
        h.sweeps[run.name] = _age(now, run.last_run_at) or 0.0

    _judge(h, limits, expect_roles)
    return h


def _judge(h: Health, limits: HealthLimits, expect_roles: bool) -> None:
    if h.inbox_pending > limits.max_inbox_pending:
        h.flag("inbox_backlog", f"inbox backlog: {h.inbox_pending} updates waiting "
               f"(more than {limits.max_inbox_pending})",
               pending=h.inbox_pending, limit=limits.max_inbox_pending)
    if h.oldest_pending_seconds is not None and (
            h.oldest_pending_seconds > limits.max_oldest_pending_seconds):
        h.flag("inbox_stalled", f"the oldest waiting update is {h.oldest_pending_seconds:.0f} s "
               "old: no worker is handling updates", age=round(h.oldest_pending_seconds))
    pending = sum(h.outbox_pending.values())
    if pending > limits.max_outbox_pending:
        h.flag("outbox_backlog", f"outbox backlog: {pending} messages waiting (more than "
               f"{limits.max_outbox_pending})", pending=pending, limit=limits.max_outbox_pending)
    if h.oldest_outbox_seconds is not None and (
            h.oldest_outbox_seconds > limits.max_oldest_outbox_seconds):
        h.flag("outbox_stalled", f"a reply has waited {h.oldest_outbox_seconds:.0f} s to be "
               "sent: the sender is not sending", age=round(h.oldest_outbox_seconds))
    if limits.max_inbox_failed is not None and h.inbox_failed > limits.max_inbox_failed:
        h.flag("inbox_failed", f"{h.inbox_failed} updates failed (more than "
               f"{limits.max_inbox_failed})", failed=h.inbox_failed, limit=limits.max_inbox_failed)
    if expect_roles:  # the scheduler and the sender run somewhere
        stale = {n: a for n, a in h.sweeps.items() if a > limits.max_sweep_age_seconds}
        if stale:
            listed = ", ".join(f"{n} {a:.0f} s" for n, a in sorted(stale.items()))
            h.flag("sweeps_stale", "scheduler sweeps have not run for " + listed, sweeps=listed)
        for lease in h.leases:
            if not lease.live and lease.name in ROLE_LEASES:
                h.flag("lease_expired", f"no process holds the {lease.name} lease (it expired at "
                       f"{lease.expires_at}): the {lease.name} is not running",
                       name=lease.name, expires=lease.expires_at)


async def record_sweep(session: AsyncSession, name: str, at: datetime) -> None:
    """Note that sweep ``name`` ran (in the sweep's own transaction)."""
    run = await session.get(SweepRun, name)
    if run is None:
        session.add(SweepRun(name=name, last_run_at=at, runs=1))
    else:
        run.last_run_at, run.runs = at, run.runs + 1
        session.add(run)


__all__ = ["Finding", "Health", "HealthLimits", "LeaseView", "record_sweep", "snapshot"]
