"""The flood guard's counters: how many updates each person sent in their current window."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from models.base import TelegramId


class FloodCounter(SQLModel, table=True):
    """One row per person. Times are epoch milliseconds so SQL can do the window arithmetic
    the same way on SQLite and PostgreSQL, inside one atomic upsert."""

    __tablename__ = "flood_counter"
    user_id: int = Field(sa_type=TelegramId, primary_key=True,
                         sa_column_kwargs={"autoincrement": False})
    window_start_ms: int = Field(sa_type=BigInteger)
    count: int = 0
