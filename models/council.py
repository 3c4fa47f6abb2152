"""Council sessions (phiên họp Hội đồng TĐKT) and their secret ballot.

How the ballot stays secret (see services/awards/council.py and the README, "## The council"):
a vote is a ``council_ballot`` row with no member and no entry in clear — only ``slot``, an HMAC of
(session secret, member, item) under the server's ballot secret (a setting, never in the database),
and ``sealed``, the choice encrypted under a key derived the same way. At close the votes are
counted into ``council_item`` (aggregates only), the rows are deleted and the session secret is
erased, so nothing left can tie a member to a choice, even with the server secret.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import TelegramId, UTCDateTime, enum_column, utcnow


class CouncilStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # counted; ``quorum_met`` says whether anything was decided
    CANCELLED = "cancelled"


class CouncilSession(SQLModel, table=True):
    __tablename__ = "council_session"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    status: CouncilStatus = Field(default=CouncilStatus.OPEN, sa_type=enum_column(CouncilStatus),
                                  index=True)
    # Random per session, erased at close: without it no slot or sealed vote can be recomputed.
    secret: str | None = Field(default=None, max_length=64)
    written_votes: bool = True  # absent members may vote in writing (from the rules at opening)
    quorum_share: str = Field(default="2/3", max_length=16)
    quorum_compare: str = Field(default="ge", max_length=4)
    opened_by: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_by: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    member_count: int = 0
    present_count: int | None = None
    quorum_met: bool | None = None
    minutes_docx: bytes | None = Field(default=None)


class CouncilSeat(SQLModel, table=True):
    """A member of the session; ``present`` is attendance, marked by the admin."""

    __tablename__ = "council_seat"
    session_id: int = Field(foreign_key="council_session.id", primary_key=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", primary_key=True, ondelete="CASCADE")
    is_chair: bool = False
    is_secretary: bool = False
    present: bool = True


class CouncilItem(SQLModel, table=True):
    """One nomination entry put to the vote; the counts appear only at close."""

    __tablename__ = "council_item"
    __table_args__ = (UniqueConstraint("session_id", "position"),
                      UniqueConstraint("session_id", "entry_id"))
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="council_session.id", ondelete="CASCADE", index=True)
    entry_id: int = Field(foreign_key="nomination_entry.id", ondelete="CASCADE", index=True)
    position: int  # 1, 2, … in award order: what buttons name
    award_code: str = Field(max_length=64)
    nominee: str = Field(default="", max_length=300)
    unit_name: str = Field(default="", max_length=300)
    # A member who is the nominee does not vote on this entry.
    nominee_member_id: int | None = Field(default=None, foreign_key="member.id",
                                          ondelete="SET NULL")
    eligible: int | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    passed: bool | None = None
    tie: bool = False
    by_chair: bool = False
    share_pct: float | None = None
    rule: str = Field(default="", max_length=64)


class CouncilBallot(SQLModel, table=True):
    """A member's current choice on one item, sealed (see the module docstring). Deleted at close."""

    __tablename__ = "council_ballot"
    __table_args__ = (UniqueConstraint("session_id", "slot"),
                      Index("ix_council_ballot_session", "session_id"))
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="council_session.id", ondelete="CASCADE")
    slot: str = Field(max_length=64)
    sealed: str = Field(max_length=128)


class ExemplarStory(SQLModel, table=True):
    """An awarded person's or collective's story, published to spread the example (nhân rộng)."""

    __tablename__ = "exemplar_story"
    __table_args__ = (Index("ix_exemplar_story_browse", "field_code", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    award_record_id: int | None = Field(default=None, foreign_key="award_record.id",
                                        ondelete="SET NULL", index=True)
    exemplar_id: int | None = Field(default=None, foreign_key="exemplar.id", ondelete="SET NULL")
    subject: str = Field(max_length=300)  # the person's or collective's name
    unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")
    field_code: str | None = Field(default=None, foreign_key="field.code", max_length=32)
    year: int
    award_code: str = Field(default="", max_length=64)
    award_name: str = Field(default="", max_length=300)
    decision_number: str = Field(default="", max_length=64)
    summary: str = Field(default="", max_length=1024)  # the achievement, as text
    has_photo: bool = False
    source_chat_id: int | None = Field(default=None, sa_type=TelegramId)
    source_message_id: int | None = Field(default=None, sa_type=TelegramId)
    directive_id: int | None = Field(default=None, foreign_key="directive.id", ondelete="SET NULL")
    ask_ack: bool = True
    published_by: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
