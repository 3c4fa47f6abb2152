"""Per-person settings of the statistics area."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class StatsPreference(SQLModel, table=True):
    """Whether a person receives the Monday picture. No row = the default (on for admins and
    field leads). A small table of its own rather than a column on Member, so the stats area
    adds no migration to a table every area touches."""

    __tablename__ = "stats_preference"
    member_id: int = Field(foreign_key="member.id", primary_key=True, ondelete="CASCADE",
                           sa_column_kwargs={"autoincrement": False})
    weekly_picture: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
