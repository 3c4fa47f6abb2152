"""Feedback people send about the bot (/feedback)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import TelegramId, UTCDateTime, utcnow


class Feedback(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    author_telegram_id: int = Field(sa_type=TelegramId, index=True)
    text: str = Field(max_length=4000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
