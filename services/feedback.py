"""Feedback about the bot: kept, and passed on to the admins."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from models import Feedback, Member
from services import audit
from services.text import clean_text


async def submit(session: AsyncSession, author: Member, text: str) -> Feedback:
    item = Feedback(author_telegram_id=author.telegram_id, text=clean_text(text).strip())
    session.add(item)
    await session.flush()
    await audit.record(session, actor=author.telegram_id, action="feedback.submit",
                       target=f"feedback:{item.id}", length=len(item.text))
    return item
