"""Invites: a single-use code that binds a Telegram account to a unit and a role."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import TelegramId, UTCDateTime, enum_column, utcnow
from models.enums import Role


class Invite(SQLModel, table=True):
    """A t.me/<bot>?start=<code> link (or a bare code for /join): opaque, random, single-use."""

    __tablename__ = "invite"
    id: int | None = Field(default=None, primary_key=True)
    # Telegram's deep-link alphabet: A-Z, a-z, 0-9, "_" and "-"; at most 64 characters.
    code: str = Field(max_length=64, unique=True, index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="CASCADE")
    role: Role = Field(sa_type=enum_column(Role))
    # For a field-lead invite: the field they will lead.
    field_code: str | None = Field(default=None, foreign_key="field.code", max_length=32)
    # Telegram id of who created it; None for the operator's command line.
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by: int | None = Field(default=None, sa_type=TelegramId)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by: int | None = Field(default=None, sa_type=TelegramId)
