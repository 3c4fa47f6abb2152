"""The runtime's durable state: inbox, outbox, conversation steps and role leases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from models.base import (
    JSONData,
    TelegramId,
    UTCDateTime,
    enum_column,
    insert_sentinel_field,
    utcnow,
)
from models.enums import InboxStatus, OutboxMethod, OutboxStatus, Priority


class InboxUpdate(SQLModel, table=True):
    """A raw Telegram update, stored before Telegram is told we have it."""

    __tablename__ = "inbox_update"
    __table_args__ = (Index("ix_inbox_pending", "status", "update_id"),)
    update_id: int = Field(sa_type=TelegramId, primary_key=True, sa_column_kwargs={"autoincrement": False})
    chat_id: int | None = Field(default=None, sa_type=TelegramId, index=True)
    user_id: int | None = Field(default=None, sa_type=TelegramId)
    payload: dict[str, Any] = Field(sa_type=JSONData)
    status: InboxStatus = Field(default=InboxStatus.PENDING, sa_type=enum_column(InboxStatus))
    attempts: int = 0
    error: str | None = Field(default=None, max_length=1000)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OutboxMessage(SQLModel, table=True):
    """One call to Telegram that must happen exactly once (or end failed/cancelled with a reason)."""

    __tablename__ = "outbox_message"
    # chat_id is looked up only when a group becomes a supergroup (its pending rows follow it):
    # the index holds group chats (negative ids) only, so a morning's 30,000 private nudges and
    # every broadcast do not pay for it.
    __table_args__ = (Index("ix_outbox_due", "status", "priority", "id"),
                      Index("ix_outbox_message_chat_id", "chat_id",
                            postgresql_where=text("chat_id < 0"), sqlite_where=text("chat_id < 0")),
                      # Unique where there is a key: most rows (replies, a round's nudges) have
                      # none, and need not be written into the index.
                      Index("ix_outbox_dedupe_key", "dedupe_key", unique=True,
                            postgresql_where=text("dedupe_key IS NOT NULL"),
                            sqlite_where=text("dedupe_key IS NOT NULL")))
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=TelegramId)
    method: OutboxMethod = Field(sa_type=enum_column(OutboxMethod))
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    priority: int = Priority.REPLY
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_type=enum_column(OutboxStatus))
    # A unique key makes enqueueing idempotent: a broadcast, a nudge or a replayed handler can
    # ask twice and still produce one row.
    dedupe_key: str | None = Field(default=None, max_length=200)
    # What this message belongs to, e.g. "directive:12", so delivery reports can count it.
    ref: str | None = Field(default=None, max_length=64, index=True)
    attempts: int = 0
    timeouts: int = 0
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A message that is no use after this moment (a nudge or digest when quiet hours begin):
    # the sender cancels it instead of sending it late. Compared with the domain clock.
    not_after: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: int | None = Field(default=None, sa_type=TelegramId)
    error: str | None = Field(default=None, max_length=1000)
    source_update_id: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # What the row shares with many others (services.outbox_bodies): the payload then holds only
    # the row's own values. No foreign key: checking it for each of a morning's 30,000 nudges
    # would cost what sharing the text saves; bodies are never deleted while rows are kept.
    body_id: int | None = Field(default=None)
    insert_sentinel: int | None = insert_sentinel_field()


class OutboxBody(SQLModel, table=True):
    """A message payload that many outbox rows send alike, stored once (a round of nudges)."""

    __tablename__ = "outbox_body"
    id: int | None = Field(default=None, primary_key=True)
    # Who made it and for what, e.g. "nudge:12:-1:vi:2027-03-16": the same round asks for the
    # same body again (the parts of one sweep) and gets the stored one.
    key: str = Field(max_length=200, unique=True)
    payload: dict[str, Any] = Field(sa_type=JSONData)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConversationState(SQLModel, table=True):
    """Where a person is in a multi-step flow, and the draft so far. Survives restarts."""

    __tablename__ = "conversation_state"
    chat_id: int = Field(sa_type=TelegramId, primary_key=True, sa_column_kwargs={"autoincrement": False})
    user_id: int = Field(sa_type=TelegramId, primary_key=True, sa_column_kwargs={"autoincrement": False})
    flow: str = Field(max_length=64)
    step: str = Field(max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Lease(SQLModel, table=True):
    """A role (sender, scheduler) that only one process may hold at a time."""

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=128)
    expires_at: datetime = Field(sa_type=UTCDateTime)
