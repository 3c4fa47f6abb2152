"""The audit trail: every change of state, and every refusal, with who and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from models.base import JSONData, TelegramId, UTCDateTime, insert_sentinel_field, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_telegram_id: int | None = Field(default=None, sa_type=TelegramId, index=True)
    action: str = Field(max_length=64, index=True)
    target: str | None = Field(default=None, max_length=128)
    # "ok" for a change made, "denied" for a refused attempt.
    outcome: str = Field(default="ok", max_length=16)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    insert_sentinel: int | None = insert_sentinel_field()
