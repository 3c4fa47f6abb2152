"""Writing and reading the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import AuditEntry


async def record(
    session: AsyncSession,
    *,
    actor: int | None,
    action: str,
    target: str | None = None,
    outcome: str = "ok",
    **details: Any,
) -> AuditEntry:
    """Add an audit entry to the current transaction; it commits or rolls back with the change."""
    entry = AuditEntry(
        actor_telegram_id=actor, action=action, target=target, outcome=outcome, details=details
    )
    session.add(entry)
    return entry


async def latest(
    session: AsyncSession, *, limit: int = 20, offset: int = 0, action: str | None = None
) -> Sequence[AuditEntry]:
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).offset(offset).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    return (await session.exec(query)).all()
