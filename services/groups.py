"""Staff groups: recorded when the bot is added, the fields they subscribe to, and who may change that."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import ChatGroup, ChatKind, EmulationField, GroupField, Member, Role
from services import audit, members, recipients
from services.errors import AccessDenied, DomainError
from services.text import clean_line


async def get_by_chat(session: AsyncSession, chat_id: int) -> ChatGroup | None:
    return (await session.exec(select(ChatGroup).where(ChatGroup.chat_id == chat_id))).first()


def _kind(chat_type: str | None) -> ChatKind:
    try:
        return ChatKind(chat_type or "group")
    except ValueError:
        return ChatKind.GROUP


async def record_added(session: AsyncSession, *, chat_id: int, title: str | None,
                       chat_type: str | None, actor_id: int | None) -> ChatGroup:
    """The bot was added to a group or channel: record it (again active, title refreshed)."""
    group = await get_by_chat(session, chat_id)
    name = clean_line(title or "", limit=255)
    if group is None:
        group = ChatGroup(chat_id=chat_id, title=name, kind=_kind(chat_type))
        session.add(group)
        await session.flush()
    else:
        group.is_active = True
        group.title = name or group.title
        group.kind = _kind(chat_type)
        session.add(group)
    await audit.record(session, actor=actor_id, action="group.added", target=f"group:{chat_id}",
                       title=name)
    await session.flush()
    return group


async def ensure(session: AsyncSession, *, chat_id: int, title: str | None,
                 chat_type: str | None) -> ChatGroup:
    """The group record, creating it quietly for a group the bot joined before it kept records."""
    group = await get_by_chat(session, chat_id)
    if group is None:
        group = ChatGroup(chat_id=chat_id, title=clean_line(title or "", limit=255),
                          kind=_kind(chat_type))
        session.add(group)
        await session.flush()
    return group


async def record_removed(session: AsyncSession, *, chat_id: int, actor_id: int | None) -> None:
    """The bot was removed or kicked: the group stays on record, inactive (settings kept)."""
    group = await get_by_chat(session, chat_id)
    if group is None or not group.is_active:
        return
    group.is_active = False
    session.add(group)
    await audit.record(session, actor=actor_id, action="group.removed", target=f"group:{chat_id}")
    await session.flush()


async def migrate(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> ChatGroup | None:
    """A group became a supergroup: its record and subscriptions continue under the new id.

    If the new id is already on record (the bot saw it first), the old settings are merged into
    it and the old record removed. Pending outbox rows are re-addressed too.
    """
    old = await get_by_chat(session, old_chat_id)
    new = await get_by_chat(session, new_chat_id)
    if old is not None and new is not None and old.id != new.id:
        theirs = set(await fields_of(session, new.id or 0))
        for code in await fields_of(session, old.id or 0):
            if code not in theirs:
                session.add(GroupField(chat_group_id=new.id or 0, field_code=code))
        new.migrated_from = old_chat_id
        new.kind = ChatKind.SUPERGROUP
        new.title = new.title or old.title
        session.add(new)
        await session.execute(delete(GroupField).where(col(GroupField.chat_group_id) == old.id))
        await session.delete(old)
        await session.flush()
        await audit.record(session, actor=None, action="group.migrated",
                           target=f"group:{new_chat_id}", old_chat_id=old_chat_id, merged=True)
    await recipients.follow_migration(session, old_chat_id, new_chat_id)
    await session.flush()
    return await get_by_chat(session, new_chat_id)


async def fields_of(session: AsyncSession, group_id: int) -> list[str]:
    result = await session.exec(select(GroupField.field_code)
                                .where(GroupField.chat_group_id == group_id))
    return list(result.all())


def allowed_fields(actor: Member, all_codes: Iterable[str]) -> list[str]:
    """Fields this person may (un)subscribe a group to: all for admins, their own for a lead."""
    if actor.role == Role.ADMIN:
        return list(all_codes)
    return [code for code in all_codes if code == actor.field_code]


def require_group_manager(actor: Member | None, *, is_chat_admin: bool, action: str,
                          chat_id: int) -> Member:
    """Both a Telegram administrator of the group and an admin or field lead of the bot."""
    member = members.require_role(actor, Role.ADMIN, Role.FIELD_LEAD, action=action)
    if not is_chat_admin:
        raise AccessDenied(action, target=f"group:{chat_id}")
    return member


async def set_subscription(session: AsyncSession, actor: Member | None, *, chat_id: int,
                           field_code: str, subscribed: bool, is_chat_admin: bool,
                           title: str | None = None, chat_type: str | None = None) -> bool:
    """Subscribe (or unsubscribe) a group to a field's directives. Returns whether it changed.

    ``is_chat_admin`` is Telegram's answer for the acting person in that group, asked by the
    caller. A field lead may only change their own field.
    """
    action = "group.subscribe" if subscribed else "group.unsubscribe"
    member = require_group_manager(actor, is_chat_admin=is_chat_admin, action=action,
                                   chat_id=chat_id)
    if await session.get(EmulationField, field_code) is None:
        raise DomainError("unit.field_unknown", field=field_code)
    if field_code not in allowed_fields(member, [field_code]):
        raise AccessDenied(action, target=f"group:{chat_id}")
    group = await ensure(session, chat_id=chat_id, title=title, chat_type=chat_type)
    link = await session.get(GroupField, (group.id, field_code))
    if subscribed == (link is not None):
        return False
    if subscribed:
        session.add(GroupField(chat_group_id=group.id or 0, field_code=field_code))
    else:
        await session.delete(link)
    await audit.record(session, actor=member.telegram_id, action=action,
                       target=f"group:{chat_id}", field=field_code)
    await session.flush()
    return True


async def list_groups(session: AsyncSession, actor: Member | None, *, offset: int = 0,
                      limit: int = 10) -> tuple[list[tuple[ChatGroup, list[str]]], int]:
    """Groups (active first) with their subscribed fields, for admins. Returns (page, total)."""
    if actor is not None:
        members.require_admin(actor, action="group.list")
    total = (await session.exec(select(func.count()).select_from(ChatGroup))).one()
    rows = list((await session.exec(
        select(ChatGroup).order_by(col(ChatGroup.is_active).desc(), col(ChatGroup.title),
                                   col(ChatGroup.id)).offset(offset).limit(limit))).all())
    ids = [g.id for g in rows]
    links: dict[int, list[str]] = {}
    if ids:
        result = await session.exec(select(GroupField).where(col(GroupField.chat_group_id).in_(ids)))
        for link in result.all():
            links.setdefault(link.chat_group_id, []).append(link.field_code)
    return [(g, sorted(links.get(g.id or 0, []))) for g in rows], int(total)


async def subscribed_groups(session: AsyncSession, field_codes: Iterable[str]) -> list[ChatGroup]:
    """Active groups subscribed to any of ``field_codes`` (each group once), for directives."""
    codes = list(field_codes)
    if not codes:
        return []
    subscribed = select(GroupField.chat_group_id).where(col(GroupField.field_code).in_(codes))
    result = await session.exec(
        select(ChatGroup).where(col(ChatGroup.id).in_(subscribed),
                                col(ChatGroup.is_active).is_(True))
        .order_by(col(ChatGroup.id)))
    return list(result.all())


async def active_groups(session: AsyncSession) -> Sequence[ChatGroup]:
    result = await session.exec(select(ChatGroup).where(col(ChatGroup.is_active).is_(True)))
    return result.all()
