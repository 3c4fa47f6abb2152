"""Files the bot generated (a chart, a spreadsheet) waiting in the outbox to be uploaded.

The bytes live in the database, next to the outbox row that sends them, rather than on disk:
they commit in the same transaction as the row (a crash never leaves a row without its file, or
a file without its row), every process of a split deployment (worker writes, sender reads) sees
them without a shared file system, and the sender deletes them in the transaction that records
the row as sent, failed or cancelled. Files are small (a chart ~100 kB, an export a few MB) and
short-lived, so the table stays small.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class OutboxFile(SQLModel, table=True):
    """The bytes of one upload, owned by exactly one outbox row."""

    __tablename__ = "outbox_file"
    outbox_id: int = Field(
        foreign_key="outbox_message.id", primary_key=True, ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    filename: str = Field(max_length=255)
    mime_type: str = Field(default="application/octet-stream", max_length=100)
    size: int
    data: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
