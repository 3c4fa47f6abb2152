"""Which commands each role sees, for /help and for Telegram's per-chat command menu."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.i18n import Translator
from models import Member, OutboxMethod, Priority, Role
from services import outbox

EVERYONE = frozenset(Role)
MEMBERS = frozenset({Role.OFFICER, Role.COUNCIL, Role.FIELD_LEAD, Role.ADMIN})
LEADS = frozenset({Role.FIELD_LEAD, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class MenuEntry:
    command: str
    text_key: str  # a short description, in the catalog of handlers.i18n
    roles: frozenset[Role]
    order: int = 100


_entries: dict[str, MenuEntry] = {}


def add(command: str, text_key: str, roles: frozenset[Role], order: int = 100) -> None:
    _entries[command] = MenuEntry(command, text_key, roles, order)


def for_role(role: Role) -> list[MenuEntry]:
    return sorted((e for e in _entries.values() if role in e.roles), key=lambda e: e.order)


def commands_for(role: Role, t: Translator) -> list[tuple[str, str]]:
    """(command, description) pairs for ``setMyCommands``: plain text, at most 256 characters."""
    return [(e.command, str(t(e.text_key))[:256]) for e in for_role(role)]


async def refresh(session: AsyncSession, member: Member) -> None:
    """Queue this person's command menu (setMyCommands, per-chat scope) in their language.

    Called whenever their role or language changes, so the menu lists exactly what they may do.
    """
    commands = commands_for(member.role, Translator(member.language))
    await outbox.enqueue(
        session,
        member.telegram_id,
        OutboxMethod.SET_COMMANDS,
        {"commands": [list(pair) for pair in commands]},
        priority=Priority.NOTICE,
    )
