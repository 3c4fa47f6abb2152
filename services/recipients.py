"""What the sender learns about recipients: who blocked the bot, which group moved where."""

from __future__ import annotations

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import ChatGroup, ChatKind, OutboxMessage, OutboxStatus
from services import audit, members


async def mark_unreachable(session: AsyncSession, chat_id: int, reason: str) -> None:
    """Telegram answered 403: a person blocked the bot, or the bot is no longer in the group."""
    if chat_id > 0:
        await members.mark_unreachable(session, chat_id, reason)
        return
    group = (await session.exec(select(ChatGroup).where(ChatGroup.chat_id == chat_id))).first()
    if group is not None and group.is_active:
        group.is_active = False
        session.add(group)
        await audit.record(session, actor=None, action="group.unreachable",
                           target=f"group:{chat_id}", reason=reason)


async def follow_migration(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: keep its record and settings, and re-address pending rows."""
    group = (await session.exec(select(ChatGroup).where(ChatGroup.chat_id == old_chat_id))).first()
    taken = (await session.exec(select(ChatGroup).where(ChatGroup.chat_id == new_chat_id))).first()
    if group is not None and taken is None:
        group.chat_id = new_chat_id
        group.migrated_from = old_chat_id
        group.kind = ChatKind.SUPERGROUP
        session.add(group)
        await audit.record(session, actor=None, action="group.migrated",
                           target=f"group:{new_chat_id}", old_chat_id=old_chat_id)
    await session.execute(
        update(OutboxMessage)
        # A group's id is negative: said here so the planner takes the partial index on it.
        .where(col(OutboxMessage.chat_id) == old_chat_id, col(OutboxMessage.chat_id) < 0,
               col(OutboxMessage.status) == OutboxStatus.PENDING)
        .values(chat_id=new_chat_id)
    )
