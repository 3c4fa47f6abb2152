"""Who the bot knows: members (Telegram users), the sector's fields and units, and staff groups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import TelegramId, UTCDateTime, enum_column, utcnow
from models.enums import ChatKind, Language, Role, UnitKind


class FieldBase(SQLModel):
    code: str = Field(primary_key=True, max_length=32)
    name_vi: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    position: int = 0


class EmulationField(FieldBase, table=True):
    """One of the six fields (lĩnh vực) of the movement."""

    __tablename__ = "field"
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")


class UnitBase(SQLModel):
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=300)
    kind: UnitKind = Field(default=UnitKind.AGENCY, sa_type=enum_column(UnitKind))


class Unit(UnitBase, table=True):
    """An agency, unit or enterprise of the sector (đơn vị)."""

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")
    # Name folded for search (lower case, no diacritics), kept in step by the service layer.
    search_key: str = Field(default="", max_length=300, index=True)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UnitField(SQLModel, table=True):
    """Which fields a unit works in."""

    __tablename__ = "unit_field"
    unit_id: int = Field(foreign_key="unit.id", primary_key=True, ondelete="CASCADE")
    field_code: str = Field(foreign_key="field.code", primary_key=True, max_length=32)


class MemberBase(SQLModel):
    telegram_id: int = Field(sa_type=TelegramId, unique=True, index=True)
    full_name: str = Field(default="", max_length=200)
    username: str | None = Field(default=None, max_length=64)
    language: Language = Field(default=Language.VI, sa_type=enum_column(Language))
    role: Role = Field(default=Role.STRANGER, sa_type=enum_column(Role))


class Member(MemberBase, table=True):
    """A Telegram user the bot has met, with their role in the movement."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL", index=True)
    field_code: str | None = Field(default=None, foreign_key="field.code", max_length=32)
    search_key: str = Field(default="", max_length=200)
    is_active: bool = True
    # Set when Telegram answers 403: the person blocked the bot. Cleared when they write again.
    blocked_bot: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChatGroup(SQLModel, table=True):
    """A Telegram group or channel of staff the bot was added to."""

    __tablename__ = "chat_group"
    __table_args__ = (UniqueConstraint("chat_id"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=TelegramId, index=True)
    title: str = Field(default="", max_length=255)
    kind: ChatKind = Field(default=ChatKind.GROUP, sa_type=enum_column(ChatKind))
    is_active: bool = True
    migrated_from: int | None = Field(default=None, sa_type=TelegramId)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupField(SQLModel, table=True):
    """A staff group's subscription to a field: it receives that field's directives."""

    __tablename__ = "group_field"
    chat_group_id: int = Field(foreign_key="chat_group.id", primary_key=True, ondelete="CASCADE")
    field_code: str = Field(foreign_key="field.code", primary_key=True, max_length=32)
