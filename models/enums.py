"""Enumerations stored as strings, so a database row stays readable without the code."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STRANGER = "stranger"
    OFFICER = "officer"
    COUNCIL = "council"
    FIELD_LEAD = "field_lead"
    ADMIN = "admin"


class Language(StrEnum):
    VI = "vi"
    EN = "en"


class InboxStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    # Could not be read (malformed, wrongly typed, too deep): kept with its raw JSON, confirmed
    # to Telegram and never handled, so it blocks nothing.
    SET_ASIDE = "set_aside"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # Timed out twice: Telegram may well have delivered it ("có thể đã nhận"); not retried again,
    # and not counted as failed.
    UNCERTAIN = "uncertain"


class OutboxMethod(StrEnum):
    SEND_MESSAGE = "send_message"
    EDIT_MESSAGE_TEXT = "edit_message_text"
    EDIT_MESSAGE_KEYBOARD = "edit_message_keyboard"
    ANSWER_CALLBACK = "answer_callback"
    COPY_MESSAGE = "copy_message"
    SEND_DOCUMENT = "send_document"
    SEND_PHOTO = "send_photo"
    EDIT_MESSAGE_MEDIA = "edit_message_media"  # a photo message redrawn in place
    SET_COMMANDS = "set_commands"


class Priority:
    """Lower goes first: a person waiting on a reply beats a broadcast."""

    REPLY = 0
    NOTICE = 10
    BULK = 20


class UnitKind(StrEnum):
    AGENCY = "co_quan"
    PUBLIC_SERVICE = "don_vi_su_nghiep"
    ENTERPRISE = "doanh_nghiep"


class ChatKind(StrEnum):
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"
