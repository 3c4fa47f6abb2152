"""Members: the people the bot has met, their language and their role."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Language, Member, Role
from models.base import utcnow
from services import audit
from services.errors import AccessDenied, DomainError
from services.text import clean_line, fold


async def get_by_telegram_id(session: AsyncSession, telegram_id: int) -> Member | None:
    result = await session.exec(select(Member).where(Member.telegram_id == telegram_id))
    return result.first()


async def meet(
    session: AsyncSession,
    *,
    telegram_id: int,
    full_name: str,
    username: str | None,
    bootstrap_admins: Collection[int] = (),
    known: Member | None = None,
) -> Member:
    """Find or create the member behind an update, keeping their name and reachability fresh.

    ``known`` is the member if the caller already loaded it (the inbox preloads a whole batch).
    """
    name = clean_line(full_name, limit=200)
    member = known if known is not None else await get_by_telegram_id(session, telegram_id)
    if member is None:
        member = Member(telegram_id=telegram_id, full_name=name, username=username,
                        search_key=fold(name))
        session.add(member)
        await audit.record(session, actor=telegram_id, action="member.first_seen",
                           target=f"member:{telegram_id}")
    else:
        if member.full_name != name or member.username != username:
            member.full_name, member.username, member.search_key = name, username, fold(name)
            member.updated_at = utcnow()
        if member.blocked_bot:
            # Writing to the bot again means they unblocked it.
            member.blocked_bot = False
            await audit.record(session, actor=telegram_id, action="member.unblocked_bot",
                               target=f"member:{telegram_id}")
    if member.role != Role.ADMIN and telegram_id in bootstrap_admins:
        previous = member.role
        member.role = Role.ADMIN
        member.is_active = True
        await audit.record(session, actor=None, action="member.role_bootstrap",
                           target=f"member:{telegram_id}", previous=previous, role=Role.ADMIN)
    if member.id is None:
        await session.flush()  # a new member gets its id now; handlers may refer to it
    return member


async def set_language(session: AsyncSession, member: Member, language: Language) -> bool:
    """Returns whether anything changed."""
    if member.language == language:
        return False
    previous = member.language
    member.language = language
    member.updated_at = utcnow()
    session.add(member)
    await audit.record(session, actor=member.telegram_id, action="member.language",
                       target=f"member:{member.telegram_id}", previous=previous, language=language)
    return True


async def grant_admin(session: AsyncSession, telegram_id: int, *, actor: int | None) -> Member:
    """Make someone an admin, creating the member if the bot has not met them yet (bootstrap)."""
    member = await get_by_telegram_id(session, telegram_id)
    if member is None:
        member = Member(telegram_id=telegram_id)
        session.add(member)
    previous = member.role
    member.role = Role.ADMIN
    member.is_active = True
    member.updated_at = utcnow()
    await audit.record(session, actor=actor, action="member.grant_admin",
                       target=f"member:{telegram_id}", previous=previous)
    await session.flush()
    return member


async def count_active_admins(session: AsyncSession) -> int:
    result = await session.exec(
        select(func.count()).select_from(Member).where(
            Member.role == Role.ADMIN, col(Member.is_active).is_(True)
        )
    )
    return int(result.one())


async def mark_unreachable(session: AsyncSession, telegram_id: int, reason: str) -> None:
    """Telegram said 403 for this private chat: the person blocked the bot."""
    member = await get_by_telegram_id(session, telegram_id)
    if member is None or member.blocked_bot:
        return
    member.blocked_bot = True
    member.updated_at = utcnow()
    await audit.record(session, actor=None, action="member.blocked_bot",
                       target=f"member:{telegram_id}", reason=reason)


async def active_admins(session: AsyncSession) -> Sequence[Member]:
    result = await session.exec(
        select(Member).where(Member.role == Role.ADMIN, col(Member.is_active).is_(True))
    )
    return result.all()


def require_role(member: Member | None, *roles: Role, action: str) -> Member:
    """The one gate every privileged service call passes. Raises AccessDenied (audited upstream)."""
    if member is None or not member.is_active or member.role not in roles:
        raise AccessDenied(action)
    return member


def require_admin(member: Member | None, *, action: str) -> Member:
    return require_role(member, Role.ADMIN, action=action)


def ensure(condition: bool, code: str, **params: object) -> None:
    if not condition:
        raise DomainError(code, **params)
