"""Campaigns (phong trào thi đua), their targets and milestones, registrations and progress reports.

No relationships are declared: services query explicitly, so nothing is ever lazy-loaded.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONData, TelegramId, UTCDateTime, enum_column, utcnow


class CampaignKind(StrEnum):
    ONGOING = "thuong_xuyen"  # thường xuyên
    TIME_BOXED = "theo_dot"  # theo đợt


class CampaignStatus(StrEnum):
    DRAFT = "draft"  # saved, not yet announced
    ACTIVE = "active"  # launched: units register and report
    CLOSED = "closed"


class TargetKind(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    YES_NO = "yes_no"


class MilestoneKind(StrEnum):
    REGISTRATION = "dang_ky"  # đăng ký
    MIDTERM = "so_ket"  # sơ kết
    FINAL = "tong_ket"  # tổng kết
    NOMINATION = "nop_ho_so"  # nộp hồ sơ
    MONTHLY = "hang_thang"  # periodic report, monthly
    QUARTERLY = "hang_quy"  # periodic report, quarterly


class RegistrationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


class CampaignBase(SQLModel):
    code: str = Field(max_length=32, unique=True, index=True)
    title: str = Field(max_length=300)
    slogan: str = Field(default="", max_length=500)
    kind: CampaignKind = Field(default=CampaignKind.TIME_BOXED, sa_type=enum_column(CampaignKind))
    starts_on: date | None = None
    ends_on: date | None = None


class Campaign(CampaignBase, table=True):
    """A movement launched by the department or a field's lead unit."""

    id: int | None = Field(default=None, primary_key=True)
    status: CampaignStatus = Field(default=CampaignStatus.DRAFT, sa_type=enum_column(CampaignStatus))
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    launched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CampaignField(SQLModel, table=True):
    """The fields a campaign belongs to (one, several or all six)."""

    __tablename__ = "campaign_field"
    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True, ondelete="CASCADE")
    field_code: str = Field(foreign_key="field.code", primary_key=True, max_length=32)


class Target(SQLModel, table=True):
    """A chỉ tiêu: what the campaign measures."""

    __table_args__ = (UniqueConstraint("campaign_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=300)
    unit_of_measure: str = Field(default="", max_length=50)
    target_value: float = 1.0
    weight: float = 1.0
    kind: TargetKind = Field(default=TargetKind.NUMBER, sa_type=enum_column(TargetKind))
    position: int = 0


class Milestone(SQLModel, table=True):
    """A dated step of a campaign (mốc)."""

    __table_args__ = (UniqueConstraint("campaign_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", index=True)
    code: str = Field(max_length=32)
    kind: MilestoneKind = Field(sa_type=enum_column(MilestoneKind))
    title: str = Field(default="", max_length=200)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    position: int = 0


class Registration(SQLModel, table=True):
    """A unit joins a campaign (đăng ký thi đua): what it pledges and the titles it aims for."""

    __table_args__ = (UniqueConstraint("campaign_id", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE", index=True)
    status: RegistrationStatus = Field(
        default=RegistrationStatus.PENDING, sa_type=enum_column(RegistrationStatus)
    )
    # {str(target_id): pledged value}
    commitments: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    titles: list[str] = Field(default_factory=list, sa_type=JSONData)
    late: bool = False
    times_submitted: int = 1
    submitted_by: int | None = Field(default=None, sa_type=TelegramId)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, sa_type=TelegramId)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    return_reason: str | None = Field(default=None, max_length=1000)


class Report(SQLModel, table=True):
    """A unit's report at one milestone; its content lives in numbered revisions."""

    __table_args__ = (
        UniqueConstraint("milestone_id", "unit_id"),
        Index("ix_report_unit_milestone", "unit_id", "milestone_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", index=True)
    milestone_id: int = Field(foreign_key="milestone.id", ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")
    # The number of the latest revision; bumped under a row lock when a revision is added.
    revisions: int = 0
    late: bool = False  # the first submission came after the due time
    first_submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReportRevision(SQLModel, table=True):
    """One submission of a report. Earlier revisions are never changed."""

    __tablename__ = "report_revision"
    __table_args__ = (UniqueConstraint("report_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", ondelete="CASCADE")
    number: int
    narrative: str = Field(default="", sa_type=Text)
    late: bool = False
    submitted_by: int | None = Field(default=None, sa_type=TelegramId)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReportValue(SQLModel, table=True):
    """The value a revision gives for one target, or a skip with a note."""

    __tablename__ = "report_value"
    revision_id: int = Field(foreign_key="report_revision.id", primary_key=True, ondelete="CASCADE")
    target_id: int = Field(foreign_key="target.id", primary_key=True, ondelete="CASCADE")
    value: float | None = None
    raw: str = Field(default="", max_length=64)  # as the person typed it
    skipped: bool = False
    note: str = Field(default="", max_length=1000)


class ReportFile(SQLModel, table=True):
    """A document or photo attached to a revision, kept by Telegram's file id."""

    __tablename__ = "report_file"
    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="report_revision.id", ondelete="CASCADE", index=True)
    file_id: str = Field(max_length=255)
    file_unique_id: str = Field(default="", max_length=64)
    file_name: str = Field(default="", max_length=255)
    mime_type: str = Field(default="", max_length=100)
    kind: str = Field(default="document", max_length=16)
    size: int | None = None
