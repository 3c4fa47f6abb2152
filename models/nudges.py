"""Deadline nudges: the working calendar's exceptions, the plan per milestone, what was sent.

A milestone's plan is a handful of :class:`NudgeSlot` rows (one per offset in working days), so
re-planning a moved deadline touches a few rows however many units there are. What went to whom
is one :class:`Nudge` row per (milestone, unit, person, offset): the unique key that makes every
nudge happen at most once, whichever scheduler sends it and however late.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONData, TelegramId, UTCDateTime, enum_column, utcnow


class DayKind(StrEnum):
    OFF = "off"  # a day off the government announced (e.g. a longer Tết break)
    WORK = "work"  # a compensatory working day (làm bù), usually a Saturday


class CalendarDay(SQLModel, table=True):
    """An admin's exception to Vietnam's calendar of weekends and public holidays."""

    __tablename__ = "calendar_day"
    day: date = Field(primary_key=True)
    kind: DayKind = Field(sa_type=enum_column(DayKind))
    reason: str = Field(default="", max_length=200)
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SlotStatus(StrEnum):
    PLANNED = "planned"  # waits for due_at
    DONE = "done"  # its nudges were queued
    SKIPPED = "skipped"  # a later one was due too (downtime), or it came too late to matter
    DROPPED = "dropped"  # its offset was removed from the campaign's plan


class NudgeSlot(SQLModel, table=True):
    """When one round of nudges for a milestone is due (offset in working days from the deadline;
    offsets from PUSH_BASE up are an admin's "remind now")."""

    __tablename__ = "nudge_slot"
    __table_args__ = (UniqueConstraint("milestone_id", "offset"),
                      Index("ix_nudge_slot_due", "status", "due_at"))
    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", ondelete="CASCADE")
    offset: int
    due_at: datetime = Field(sa_type=UTCDateTime)
    # The deadline this time was computed from: a moved deadline is seen by comparing.
    planned_for: datetime = Field(sa_type=UTCDateTime)
    status: SlotStatus = Field(default=SlotStatus.PLANNED, sa_type=enum_column(SlotStatus))
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent: int = 0
    requested_by: int | None = Field(default=None, sa_type=TelegramId)


class Nudge(SQLModel, table=True):
    """One nudge queued for one person of one unit."""

    # The key (milestone, offset, person), in the order the sweep looks people up by, is the
    # table's primary key and only index: every lookup of this log starts from a milestone, and
    # a morning's 30,000 rows pay for no other index. A second sweep writing the same person's
    # nudge fails on it (its transaction, messages included, undone): nothing is sent twice.
    milestone_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    offset: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    member_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    # No foreign keys (migrations 0015, 0016): the sweep writes these ids in the statement that
    # reads them from their tables, and checking three keys for each of a morning's 30,000 rows
    # took most of PostgreSQL's INSERT. Units and people are deactivated, never deleted; the one
    # place that deletes a milestone (a campaign's edit, before any report) deletes its nudges.
    unit_id: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NudgeSnooze(SQLModel, table=True):
    """"Nhắc lại sau": one person asked to be reminded of one milestone later."""

    __tablename__ = "nudge_snooze"
    milestone_id: int = Field(foreign_key="milestone.id", primary_key=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", primary_key=True, ondelete="CASCADE")
    remind_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    times: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CampaignNudges(SQLModel, table=True):
    """A campaign's own nudge offsets (working days; negative before the deadline)."""

    __tablename__ = "campaign_nudges"
    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True, ondelete="CASCADE")
    offsets: list[int] = Field(default_factory=list, sa_type=JSONData)
    updated_by: int | None = Field(default=None, sa_type=TelegramId)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DigestRun(SQLModel, table=True):
    """The morning digests of one working day were queued."""

    __tablename__ = "digest_run"
    day: date = Field(primary_key=True)
    sent: int = 0
    done_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
