"""The council's sweeps: blank the stored text of ballot messages once sent, and the monthly
"gương điển hình" digest of the exemplar stories published the month before."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AuditEntry,
    CouncilSession,
    CouncilStatus,
    Language,
    OutboxMessage,
    OutboxMethod,
    OutboxStatus,
    Priority,
)
from scheduler.jobs import register
from services import audit, outbox
from services.awards import council, stories
from services.directives import Audience, resolve_audience

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DIGEST_LIMIT = 25  # stories listed in one digest
TEXTS: dict[str, tuple[str, str]] = {
    "head": ("🌟 <b>Gương điển hình tháng {month}</b>\nNhững tập thể, cá nhân được giới thiệu để "
             "nhân rộng trong tháng:", "🌟 <b>Exemplars of {month}</b>\nPeople and collectives "
             "presented as examples this month:"),
    "line": ("• <b>{name}</b> — {award} ({year})", "• <b>{name}</b> — {award} ({year})"),
    "more": ("… và {n} gương khác.", "… and {n} more."),
    "tail": ("Xem từng bài: /stories", "Read each story: /stories"),
}
_digests_done: set[str] = set()


async def scrub_sent_ballots(session: AsyncSession, now: datetime) -> int:
    """Ballot messages already delivered keep no copy of the member's choices in the outbox."""
    open_ids = (await session.exec(select(CouncilSession.id).where(
        CouncilSession.status == CouncilStatus.OPEN))).all()
    refs = [council.ballot_ref(i) for i in open_ids if i is not None]
    if not refs:
        return 0
    # Sent pages, and pages the sender cancelled because a newer page replaced them.
    done = or_(and_(col(OutboxMessage.status) == OutboxStatus.SENT,
                    col(OutboxMessage.error).is_(None)),
               and_(col(OutboxMessage.status) == OutboxStatus.CANCELLED,
                    col(OutboxMessage.error) == "superseded"))
    waiting = (await session.exec(select(OutboxMessage.id).where(
        col(OutboxMessage.ref).in_(refs), done).limit(1))).first()
    if waiting is None:
        return 0
    result = await session.exec(update(OutboxMessage).where(
        col(OutboxMessage.ref).in_(refs), done).values(payload={"scrubbed": True},
                                                       error="scrubbed")
        .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def _month_before(now: datetime) -> tuple[str, datetime, datetime]:
    local = now.astimezone(TZ)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    previous = (first.replace(year=first.year - 1, month=12) if first.month == 1
                else first.replace(month=first.month - 1))
    return f"{previous:%Y-%m}", previous.astimezone(UTC), first.astimezone(UTC)


def digest_text(language: Language, month: str, found: list[Any]) -> str:
    en = language == Language.EN
    pick = {k: v[1] if en else v[0] for k, v in TEXTS.items()}
    year, mon = month.split("-")
    lines = [pick["head"].format(month=f"{mon}/{year}")]
    for story in found[:DIGEST_LIMIT]:
        lines.append(pick["line"].format(name=html.escape(story.subject),
                                         award=html.escape(story.award_name), year=story.year))
    if len(found) > DIGEST_LIMIT:
        lines.append(pick["more"].format(n=len(found) - DIGEST_LIMIT))
    lines.append(pick["tail"])
    return "\n".join(lines)


async def exemplar_digest(session: AsyncSession, now: datetime) -> int:
    """Once a month: last month's published stories to everyone and every staff group."""
    month, start, end = _month_before(now)
    known = f"{getattr(session.bind, 'url', '')}|{month}"
    if known in _digests_done:
        return 0
    done = (await session.exec(select(AuditEntry.id).where(
        AuditEntry.action == "exemplar.digest", AuditEntry.target == f"month:{month}"))).first()
    if done is not None:
        _digests_done.add(known)
        return 0
    found = list(await stories.published_between(session, start, end))
    rows = []
    if found:
        for r in await resolve_audience(session, Audience(everyone=True)):
            rows.append((r.chat_id, OutboxMethod.SEND_MESSAGE,
                         {"text": digest_text(r.language, month, found)},
                         f"exemplar-digest:{month}:{r.chat_id}"))
    added = await outbox.enqueue_many(session, rows, priority=Priority.BULK,
                                      ref=f"exemplar-digest:{month}")
    await audit.record(session, actor=None, action="exemplar.digest", target=f"month:{month}",
                       stories=len(found), recipients=added)
    return added


register("council.scrub_ballots", scrub_sent_ballots)
register("council.exemplar_digest", exemplar_digest)
