"""SQLModel tables, the engine and sessions, and the Alembic migrations."""

from models.audit import AuditEntry
from models.campaigns import (
    Campaign,
    CampaignField,
    CampaignKind,
    CampaignStatus,
    Milestone,
    MilestoneKind,
    Registration,
    RegistrationStatus,
    Report,
    ReportFile,
    ReportRevision,
    ReportValue,
    Target,
    TargetKind,
)
from models.db import SessionFactory, is_sqlite, make_engine, make_session_factory, normalize_url
from models.directives import Directive, DirectiveKind, DirectiveRecipient, DirectiveStatus
from models.enums import (
    ChatKind,
    InboxStatus,
    Language,
    OutboxMethod,
    OutboxStatus,
    Priority,
    Role,
    UnitKind,
)
from models.feedback import Feedback
from models.flood import FloodCounter
from models.invites import Invite
from models.outbox_files import OutboxFile
from models.people import ChatGroup, EmulationField, GroupField, Member, Unit, UnitField
from models.runtime import ConversationState, InboxUpdate, Lease, OutboxMessage
from models.stats import StatsPreference

__all__ = [
    "AuditEntry",
    "Campaign",
    "CampaignField",
    "CampaignKind",
    "CampaignStatus",
    "ChatGroup",
    "ChatKind",
    "ConversationState",
    "Directive",
    "DirectiveKind",
    "DirectiveRecipient",
    "DirectiveStatus",
    "EmulationField",
    "Feedback",
    "FloodCounter",
    "GroupField",
    "InboxStatus",
    "InboxUpdate",
    "Invite",
    "Language",
    "Lease",
    "Member",
    "Milestone",
    "MilestoneKind",
    "OutboxFile",
    "OutboxMessage",
    "OutboxMethod",
    "OutboxStatus",
    "Priority",
    "Registration",
    "RegistrationStatus",
    "Report",
    "ReportFile",
    "ReportRevision",
    "ReportValue",
    "Role",
    "SessionFactory",
    "StatsPreference",
    "Target",
    "TargetKind",
    "Unit",
    "UnitField",
    "UnitKind",
    "is_sqlite",
    "make_engine",
    "make_session_factory",
    "normalize_url",
]
