"""Spreading exemplars (nhân rộng điển hình): publish an awarded person's or collective's story
through the directive path, browse what was published, and gather a month's stories for a digest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import DirectiveKind, Member
from models.awards import AwardRecord
from models.council import ExemplarStory
from services import audit, directives, members
from services.directives import Audience
from services.errors import DomainError
from services.text import clean_line

MAX_SUMMARY = 1000
PREFIX = "kx"  # the story button on every published copy: "kx:<story id>"


@dataclass(frozen=True, slots=True)
class Subject:
    """Who the story is about, from the award register."""

    record: AwardRecord
    name: str
    unit_id: int | None
    field_code: str | None
    award_name: str
    exemplar_id: int | None = None  # the registered exemplar (điển hình) this story spreads


async def publish(
    session: AsyncSession,
    actor: Member | None,
    *,
    subject: Subject,
    summary: str,
    source_chat_id: int,
    source_message_id: int,
    has_photo: bool,
    audience: Audience,
    ask_ack: bool,
    button_label: str,
    now: datetime,
) -> ExemplarStory:
    """Register the story and send it as a directive (a copy of the message the admin wrote, with
    the award on a button). Admins only; the audience is checked like any directive's."""
    if actor is not None:
        members.require_admin(actor, action="exemplar.publish")
    summary = clean_line(summary or "", limit=MAX_SUMMARY + 1)
    members.ensure(len(summary) <= MAX_SUMMARY, "story.too_long", limit=MAX_SUMMARY)
    members.ensure(not audience.is_empty(), "directive.no_audience")
    record = subject.record
    story = ExemplarStory(
        award_record_id=record.id, exemplar_id=subject.exemplar_id, subject=subject.name[:300],
        unit_id=subject.unit_id,
        field_code=subject.field_code, year=record.year, award_code=record.award_code,
        award_name=subject.award_name[:300], decision_number=(record.decision_number or "")[:64],
        summary=summary, has_photo=has_photo, source_chat_id=source_chat_id,
        source_message_id=source_message_id, ask_ack=ask_ack,
        published_by=actor.id if actor else None, published_at=now)
    session.add(story)
    await session.flush()
    assert story.id is not None
    directive = await directives.create_directive(
        session, actor=actor, title=f"{subject.name} – {subject.award_name}"[:200], number=None,
        body_html=None, source_chat_id=source_chat_id, source_message_id=source_message_id,
        audience=audience, send_at=None, now=now,
        extra_buttons=[[{"text": button_label[:60], "callback_data": f"{PREFIX}:{story.id}"}]],
        kind=(DirectiveKind.EXEMPLAR if ask_ack else DirectiveKind.EXEMPLAR_INFO).value,
        ref=f"story:{story.id}")
    story.directive_id = directive.id
    session.add(story)
    await audit.record(session, actor=actor.telegram_id if actor else None,
                       action="exemplar.publish", target=f"story:{story.id}",
                       award_record_id=record.id, directive_id=directive.id, ask_ack=ask_ack)
    await session.flush()
    return story


async def get(session: AsyncSession, story_id: int) -> ExemplarStory:
    story = await session.get(ExemplarStory, story_id)
    if story is None:
        raise DomainError("story.not_found")
    return story


async def facets(session: AsyncSession) -> tuple[list[tuple[str | None, int]], list[int]]:
    """(field code, count) and the years that have published stories, for the browser."""
    fields = [(code, int(n)) for code, n in (await session.exec(
        select(ExemplarStory.field_code, func.count()).group_by(col(ExemplarStory.field_code))
    )).all()]
    years = sorted({int(y) for y in (await session.exec(
        select(ExemplarStory.year).distinct())).all()}, reverse=True)
    return fields, years


async def browse(session: AsyncSession, *, field_code: str | None, year: int | None,
                 offset: int = 0, limit: int = 8) -> tuple[Sequence[ExemplarStory], int]:
    """Published stories of a field (``"*"``: all) and a year (None: all), newest first."""
    query = select(ExemplarStory)
    counter = select(func.count()).select_from(ExemplarStory)
    if field_code is not None and field_code != "*":
        query = query.where(ExemplarStory.field_code == field_code)
        counter = counter.where(ExemplarStory.field_code == field_code)
    if year is not None:
        query = query.where(ExemplarStory.year == year)
        counter = counter.where(ExemplarStory.year == year)
    total = int((await session.exec(counter)).one())
    rows = (await session.exec(query.order_by(col(ExemplarStory.published_at).desc(),
                                              col(ExemplarStory.id).desc())
                               .offset(offset).limit(limit))).all()
    return rows, total


async def published_between(session: AsyncSession, start: datetime,
                            end: datetime) -> Sequence[ExemplarStory]:
    return (await session.exec(select(ExemplarStory).where(
        col(ExemplarStory.published_at) >= start, col(ExemplarStory.published_at) < end)
        .order_by(col(ExemplarStory.published_at)))).all()
