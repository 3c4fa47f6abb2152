"""Directives (chỉ thị, thông báo): what the department broadcasts, and who acknowledged it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONData, TelegramId, UTCDateTime, enum_column, utcnow


class DirectiveKind(StrEnum):
    DIRECTIVE = "directive"
    CAMPAIGN_LAUNCH = "campaign_launch"
    EXEMPLAR = "exemplar"  # a story spread by the council issue (nhân rộng), acknowledged
    EXEMPLAR_INFO = "exemplar_info"  # the same, without the "✅ Đã nhận" button


class DirectiveStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # waits for send_at; the scheduler's sweep releases it
    SENDING = "sending"  # outbox rows written; the sender is delivering them
    SENT = "sent"  # every row ended sent, failed or cancelled
    CANCELLED = "cancelled"


class DirectiveBase(SQLModel):
    number: str | None = Field(default=None, max_length=64)  # e.g. "05/CT-BTTTT"
    title: str = Field(default="", max_length=300)
    kind: DirectiveKind = Field(default=DirectiveKind.DIRECTIVE, sa_type=enum_column(DirectiveKind))


class Directive(DirectiveBase, table=True):
    """One announcement. Its body is either our own HTML or a message the sender wrote, copied."""

    __table_args__ = (Index("ix_directive_due", "status", "send_at"),)
    id: int | None = Field(default=None, primary_key=True)
    # What it belongs to, e.g. "campaign:3" for a campaign launch.
    ref: str | None = Field(default=None, max_length=64, index=True)
    body_html: str | None = Field(default=None, max_length=4096)
    # Sent just before each copy: who sends it, its số hiệu and trích yếu (safe HTML).
    header_html: str | None = Field(default=None, max_length=1024)
    # The message to copy (copyMessage): the sender's own chat and message.
    source_chat_id: int | None = Field(default=None, sa_type=TelegramId)
    source_message_id: int | None = Field(default=None, sa_type=TelegramId)
    # Buttons added under the body for every recipient (e.g. a campaign's "register" link).
    extra_buttons: list[list[dict[str, str]]] | None = Field(default=None, sa_type=JSONData)
    audience: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    created_by: int | None = Field(default=None, sa_type=TelegramId, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    send_at: datetime = Field(sa_type=UTCDateTime)
    status: DirectiveStatus = Field(default=DirectiveStatus.SCHEDULED,
                                    sa_type=enum_column(DirectiveStatus))
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recipient_count: int = 0
    # The one reminder to those who have not acknowledged.
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The sender's progress message: an outbox row, edited as the broadcast goes.
    progress_outbox_id: int | None = Field(default=None)
    progress_edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    progress_state: str | None = Field(default=None, max_length=200)


class DirectiveRecipient(SQLModel, table=True):
    """One person or group a directive goes to; unique per chat, so no one gets it twice."""

    __tablename__ = "directive_recipient"
    __table_args__ = (UniqueConstraint("directive_id", "chat_id"),)
    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", ondelete="CASCADE", index=True)
    chat_id: int = Field(sa_type=TelegramId)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    chat_group_id: int | None = Field(default=None, foreign_key="chat_group.id",
                                      ondelete="SET NULL")
    unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")
    outbox_id: int | None = Field(default=None)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
