"""When each scheduler sweep last ran: the operator's view reads it from any process."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime


class SweepRun(SQLModel, table=True):
    __tablename__ = "sweep_run"
    name: str = Field(primary_key=True, max_length=64)
    last_run_at: datetime = Field(sa_type=UTCDateTime)
    runs: int = 0
