"""The khen thưởng half: the award catalogue (versioned), the award register (sổ theo dõi khen
thưởng) with the yearly ratings and sáng kiến it is checked against, exemplars, nominations and
their entries, and the files that back them.

No relationships are declared: services query explicitly, so nothing is ever lazy-loaded.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import JSONData, TelegramId, UTCDateTime, enum_column, utcnow


class AwardKind(StrEnum):
    TITLE = "danh_hieu"  # danh hiệu thi đua
    FORM = "hinh_thuc"  # hình thức khen thưởng


class Beneficiary(StrEnum):
    INDIVIDUAL = "individual"  # cá nhân
    COLLECTIVE = "collective"  # tập thể


class CouncilBase(StrEnum):
    """What the council's threshold is a share of."""

    ALL_MEMBERS = "all_members"  # tổng số thành viên Hội đồng
    VOTING = "voting"  # số thành viên biểu quyết


class RecordSource(StrEnum):
    IMPORT = "import"  # from a spreadsheet of past awards
    DECISION = "decision"  # decided through the bot


class Rating(StrEnum):
    """A year's rating of how a person or collective completed their tasks (xếp loại)."""

    EXCELLENT = "xuat_sac"  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "tot"  # hoàn thành tốt nhiệm vụ
    DONE = "hoan_thanh"  # hoàn thành nhiệm vụ
    NOT_DONE = "khong_hoan_thanh"  # không hoàn thành nhiệm vụ


RATING_RANK: dict[Rating, int] = {
    Rating.NOT_DONE: 0,
    Rating.DONE: 1,
    Rating.GOOD: 2,
    Rating.EXCELLENT: 3,
}


class InitiativeLevel(StrEnum):
    """How widely a sáng kiến (or research topic) was recognised or applied."""

    UNIT = "co_so"  # cấp cơ sở
    MINISTRY = "cap_bo"  # cấp Bộ
    NATIONAL = "toan_quoc"  # toàn quốc


INITIATIVE_RANK: dict[InitiativeLevel, int] = {
    InitiativeLevel.UNIT: 1,
    InitiativeLevel.MINISTRY: 2,
    InitiativeLevel.NATIONAL: 3,
}


class NominationKind(StrEnum):
    CAMPAIGN = "campaign"  # a campaign's nộp hồ sơ milestone
    YEAR_END = "year_end"  # tổng kết năm
    AD_HOC = "ad_hoc"  # khen thưởng đột xuất


class NominationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # at least one entry went back to the unit
    REVIEWED = "reviewed"  # every entry approved or rejected


class EntryStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"
    DECIDED = "decided"  # set by the council's step
    AWARDED = "awarded"  # set by the council's step


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    DOUBTFUL = "doubtful"


class FileRole(StrEnum):
    PHOTO = "photo"
    EVIDENCE = "evidence"  # quyết định công nhận sáng kiến, giấy chứng nhận…
    ACHIEVEMENT_REPORT = "achievement_report"  # báo cáo thành tích
    MINUTES = "minutes"  # biên bản bình xét
    SIGNED_REQUEST = "signed_request"  # tờ trình đã ký, gửi lại


class FileOwner(StrEnum):
    EXEMPLAR = "exemplar"
    ENTRY = "entry"
    NOMINATION = "nomination"


# --- the catalogue ---------------------------------------------------------------------------


class CatalogueVersion(SQLModel, table=True):
    """One imported catalogue file. Awards, entries and decisions name the version they used."""

    __tablename__ = "award_catalogue_version"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(unique=True, index=True)
    label: str = Field(default="", max_length=200)  # the file's own name for itself
    sha256: str = Field(max_length=64)
    document: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)  # the file as loaded
    is_current: bool = False
    imported_by: int | None = Field(default=None, sa_type=TelegramId)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CatalogueAward(SQLModel, table=True):
    """One award of one catalogue version: who it is for, who decides, its rule, caps and the
    council's threshold."""

    __tablename__ = "award_catalogue"
    __table_args__ = (UniqueConstraint("version", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    kind: AwardKind = Field(sa_type=enum_column(AwardKind))
    beneficiary: Beneficiary = Field(sa_type=enum_column(Beneficiary))
    level: str = Field(default="", max_length=64)
    decided_by: str = Field(default="", max_length=200)
    # {"any_of": [{"all_of": [condition, ...]}, ...]}: see services/awards/rules.py
    rule: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    # [{"share_of": "LDTT", "share": 0.15} | {"max_per_unit": 3}]
    caps: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONData)
    aliases: list[str] = Field(default_factory=list, sa_type=JSONData)
    council_share: float | None = None  # e.g. 0.9; None: not put to the council
    council_base: CouncilBase = Field(default=CouncilBase.VOTING, sa_type=enum_column(CouncilBase))
    council_strictly_greater: bool = False  # "more than" the share rather than "at least"
    secret_ballot: bool = False
    cash_multiple: float | None = None  # times the base salary
    counts_toward_chains: bool = True
    position: int = 0


# --- the register ----------------------------------------------------------------------------


class Person(SQLModel, table=True):
    """An individual of a unit, as the register knows them. Matched by name + unit + birth date."""

    __table_args__ = (Index("ix_person_unit_name", "unit_id", "name_key"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")
    full_name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, index=True)  # services.text.fold(full_name)
    birth_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AwardRecord(SQLModel, table=True):
    """One award given (sổ theo dõi khen thưởng): to a person, or to a collective (no person)."""

    __tablename__ = "award_record"
    __table_args__ = (
        Index("ix_award_record_person_year", "person_id", "year"),
        Index("ix_award_record_unit_year", "unit_id", "year"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")
    award_code: str = Field(max_length=32, index=True)
    year: int
    decision_number: str = Field(default="", max_length=64)
    decision_date: date | None = None
    signer: str = Field(default="", max_length=200)
    source: RecordSource = Field(default=RecordSource.IMPORT, sa_type=enum_column(RecordSource))
    catalogue_version: int | None = None
    nomination_entry_id: int | None = Field(
        default=None, foreign_key="nomination_entry.id", ondelete="SET NULL"
    )
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PersonYear(SQLModel, table=True):
    """A person's rating for a year (mức hoàn thành nhiệm vụ) and whether they were disciplined."""

    __tablename__ = "person_year"
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    year: int = Field(primary_key=True)
    rating: Rating | None = Field(default=None, sa_type=enum_column(Rating))
    disciplined: bool = False  # kỷ luật từ khiển trách trở lên trong năm
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UnitYear(SQLModel, table=True):
    """A collective's rating for a year."""

    __tablename__ = "unit_year"
    unit_id: int = Field(foreign_key="unit.id", primary_key=True, ondelete="CASCADE")
    year: int = Field(primary_key=True)
    rating: Rating | None = Field(default=None, sa_type=enum_column(Rating))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Initiative(SQLModel, table=True):
    """A recognised sáng kiến or accepted research topic of a person in a year."""

    __table_args__ = (Index("ix_initiative_person_year", "person_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    year: int
    level: InitiativeLevel = Field(sa_type=enum_column(InitiativeLevel))
    title: str = Field(default="", max_length=300)
    decision_number: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- files -----------------------------------------------------------------------------------


class FileBlob(SQLModel, table=True):
    """The bytes of a file, addressed by their SHA-256: a file stays downloadable after
    Telegram's file_id is gone, and the same file uploaded twice is stored once."""

    __tablename__ = "award_file_blob"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    content: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AwardFile(SQLModel, table=True):
    """A file attached to an exemplar, a nomination entry or a nomination."""

    __tablename__ = "award_file"
    __table_args__ = (Index("ix_award_file_owner", "owner_kind", "owner_id"),)
    id: int | None = Field(default=None, primary_key=True)
    owner_kind: FileOwner = Field(sa_type=enum_column(FileOwner))
    owner_id: int
    role: FileRole = Field(sa_type=enum_column(FileRole))
    sha256: str = Field(foreign_key="award_file_blob.sha256", max_length=64)
    file_name: str = Field(default="", max_length=255)
    mime_type: str = Field(default="", max_length=100)
    size: int = 0
    telegram_file_id: str = Field(default="", max_length=255)
    uploaded_by: int | None = Field(default=None, sa_type=TelegramId)
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    removed: bool = False  # replaced or withdrawn; kept for the record


# --- exemplars -------------------------------------------------------------------------------


class Exemplar(SQLModel, table=True):
    """An exemplary person or collective of a unit (điển hình tiên tiến)."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    name: str = Field(max_length=200)  # the person's or the collective's name as shown
    field_code: str | None = Field(default=None, foreign_key="field.code", max_length=32, index=True)
    story: str = Field(default="", sa_type=Text)
    spread: bool = False  # nhân rộng: the department holds it up for others to follow
    spread_by: int | None = Field(default=None, sa_type=TelegramId)
    spread_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- nominations -----------------------------------------------------------------------------


class Nomination(SQLModel, table=True):
    """One unit's nomination list (danh sách đề nghị khen thưởng) for a campaign's nomination
    milestone, a year-end review or an ad-hoc award."""

    __table_args__ = (
        UniqueConstraint("milestone_id", "unit_id"),
        Index("ix_nomination_unit_year", "unit_id", "year"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")
    kind: NominationKind = Field(sa_type=enum_column(NominationKind))
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", ondelete="SET NULL")
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id", ondelete="SET NULL")
    year: int
    title: str = Field(default="", max_length=300)
    status: NominationStatus = Field(
        default=NominationStatus.DRAFT, sa_type=enum_column(NominationStatus), index=True
    )
    document_number: str = Field(default="", max_length=64)  # số of the unit's tờ trình
    catalogue_version: int | None = None
    late: bool = False
    times_submitted: int = 0
    submitted_by: int | None = Field(default=None, sa_type=TelegramId)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NominationEntry(SQLModel, table=True):
    """One person or collective proposed for one award in a nomination list."""

    __tablename__ = "nomination_entry"
    __table_args__ = (
        Index("ix_nomination_entry_award_year", "award_code", "year"),
        Index("ix_nomination_entry_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", ondelete="CASCADE", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")  # the person's or the collective
    name: str = Field(max_length=200)
    award_code: str = Field(max_length=32)
    year: int
    status: EntryStatus = Field(default=EntryStatus.DRAFT, sa_type=enum_column(EntryStatus), index=True)
    verdict: Verdict | None = Field(default=None, sa_type=enum_column(Verdict))
    reason: str = Field(default="", sa_type=Text)  # the verdict in words (Vietnamese)
    reason_en: str = Field(default="", sa_type=Text)
    explanation: str = Field(default="", sa_type=Text)  # the unit's answer to a doubt
    review_reason: str = Field(default="", sa_type=Text)  # why it was returned or rejected
    reviewed_by: int | None = Field(default=None, sa_type=TelegramId)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = 1
    catalogue_version: int | None = None
    # Evidence given with the entry for the year it is proposed for.
    rating: Rating | None = Field(default=None, sa_type=enum_column(Rating))
    initiative_level: InitiativeLevel | None = Field(default=None, sa_type=enum_column(InitiativeLevel))
    created_by: int | None = Field(default=None, sa_type=TelegramId)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NominationEntryVersion(SQLModel, table=True):
    """A snapshot of an entry each time it is submitted or reviewed. Never changed afterwards."""

    __tablename__ = "nomination_entry_version"
    __table_args__ = (UniqueConstraint("entry_id", "number", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="nomination_entry.id", ondelete="CASCADE", index=True)
    number: int
    status: EntryStatus = Field(sa_type=enum_column(EntryStatus))
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_type=JSONData)
    by: int | None = Field(default=None, sa_type=TelegramId)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
