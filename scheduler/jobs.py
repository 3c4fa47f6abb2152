"""The sweeps. Each takes a session (its own transaction) and the time, and returns how much it did.

Later issues add theirs with :func:`register` (deadline nudges, digests).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Directive,
    DirectiveKind,
    DirectiveStatus,
    OutboxMessage,
    OutboxMethod,
    OutboxStatus,
    Priority,
)
from scheduler import texts
from services import audit, directive_register, directives, members, outbox
from services.when import format_duration


@dataclass(frozen=True, slots=True)
class More:
    """A sweep's answer when it did part of its work and stopped so that other writers get the
    database (SQLite has one writer at a time): the scheduler commits that part and runs the
    sweep again at once, with the same ``now``, in a new transaction."""

    done: int


Sweep = Callable[[AsyncSession, datetime], Awaitable[int | More]]

# The sender's progress message is edited at most this often while a broadcast runs.
PROGRESS_EVERY = timedelta(seconds=3)
PROGRESS_BATCH = 50

_registry: dict[str, Sweep] = {}


def register(name: str, sweep: Sweep) -> None:
    """Add a sweep to every scheduler built after this call (name must be unique)."""
    if name in _registry and _registry[name] is not sweep:
        raise ValueError(f"sweep {name!r} registered twice")
    _registry[name] = sweep


def sweeps() -> list[tuple[str, Sweep]]:
    return list(_registry.items())


async def release_directives(session: AsyncSession, now: datetime) -> int:
    return await directives.release_due(session, now=now)


def progress_ref(directive_id: int) -> str:
    return f"directive-progress:{directive_id}"


def _label(d: Directive) -> str:
    parts = [f"#{d.id}"]
    if d.number:
        parts.append(d.number)
    if d.title:
        parts.append(d.title[:120])
    return " · ".join(parts)


async def directive_progress(session: AsyncSession, now: datetime) -> int:
    """Keep each running broadcast's progress message for its sender up to date, and close it.

    A directive is finished when none of its copies is pending; the last edit gives the totals and
    how long it took. Edits go at most every few seconds, and only when a count changed.
    """
    running = list((await session.exec(
        select(Directive)
        .where(col(Directive.released_at).is_not(None), col(Directive.finished_at).is_(None),
               col(Directive.status).in_([DirectiveStatus.SENDING, DirectiveStatus.CANCELLED]))
        .order_by(col(Directive.id)).limit(PROGRESS_BATCH)
    )).all())
    if not running:
        return 0
    counts = await directive_register.delivery_counts(session, [d.id for d in running if d.id is not None])
    done = 0
    for d in running:
        assert d.id is not None
        c = counts[d.id]
        finished = c.pending == 0
        if d.created_by is None:
            if finished:
                await _finish(session, d, c, now)
                done += 1
            continue
        creator = await members.get_by_telegram_id(session, d.created_by)
        language = creator.language.value if creator is not None else "vi"
        state = (f"{'F' if finished else 'P'}:{c.sent}:{c.failed}:{c.blocked}:{c.cancelled}:"
                 f"{c.pending}")
        if d.progress_outbox_id is None:
            text = await _progress_text(session, d, c, finished, language, now)
            row = await outbox.enqueue_text(
                session, d.created_by, text, priority=Priority.NOTICE,
                dedupe_key=f"directive:{d.id}:progress", ref=progress_ref(d.id))
            await session.flush()  # the row's id is the progress message's reference
            d.progress_outbox_id = row.id if row is not None else None
            d.progress_edited_at, d.progress_state = now, state
            session.add(d)
            done += 1
            if finished:
                await _finish(session, d, c, now)
            continue
        shown = await session.get(OutboxMessage, d.progress_outbox_id)
        if shown is None or shown.status in (OutboxStatus.FAILED, OutboxStatus.CANCELLED,
                                             OutboxStatus.UNCERTAIN):
            if finished:  # the sender cannot be told (e.g. blocked the bot): just close it
                await _finish(session, d, c, now)
                done += 1
            continue
        if shown.status == OutboxStatus.PENDING:
            continue  # edit once the first message is out
        if state == d.progress_state:
            if finished:
                await _finish(session, d, c, now)
                done += 1
            continue
        if (not finished and d.progress_edited_at is not None
                and now - d.progress_edited_at < PROGRESS_EVERY):
            continue
        text = await _progress_text(session, d, c, finished, language, now)
        await outbox.enqueue(
            session, d.created_by, OutboxMethod.EDIT_MESSAGE_TEXT,
            {"message_outbox_id": shown.id, "text": text}, priority=Priority.NOTICE,
            ref=progress_ref(d.id))
        d.progress_edited_at, d.progress_state = now, state
        session.add(d)
        done += 1
        if finished:
            await _finish(session, d, c, now)
    await session.flush()
    return done


async def _progress_text(session: AsyncSession, d: Directive, c: directive_register.DeliveryCounts,
                         finished: bool, language: str, now: datetime) -> str:
    # A campaign's launch is a thông báo the bot sends; what someone composed is a văn bản.
    kind = texts.render("kind.notice" if d.kind == DirectiveKind.CAMPAIGN_LAUNCH
                        else "kind.document", language)
    values = {"label": _label(d), "total": c.recipients, "sent": c.sent, "failed": c.failed,
              "blocked": c.blocked, "pending": c.pending, "cancelled": c.cancelled, "done": c.done,
              "kind": kind}
    if not finished:
        return texts.render("progress.running", language, **values)
    assert d.id is not None and d.released_at is not None
    last = (await session.exec(
        select(func.max(OutboxMessage.sent_at)).where(OutboxMessage.ref == directives.ref_of(d.id))
    )).one()
    # From the release to the last copy out (the sender's clock), not to when this sweep ran.
    end = last if last is not None else now
    elapsed = format_duration((end - d.released_at).total_seconds(), language=language)
    key = "progress.stopped" if d.status == DirectiveStatus.CANCELLED else "progress.finished"
    shown = {"total": c.recipients, "sent": c.sent, "failed": c.failed, "blocked": c.blocked,
             "cancelled": c.cancelled}
    counts = " · ".join(texts.render(f"count.{name}", language, n=n) for name, n in shown.items()
                        if n or name in ("total", "sent"))
    return texts.render(key, language, elapsed=elapsed, label=values["label"], kind=kind,
                        counts=counts)


async def _finish(session: AsyncSession, d: Directive, c: directive_register.DeliveryCounts,
                  now: datetime) -> None:
    d.finished_at = now
    if d.status == DirectiveStatus.SENDING:
        d.status = DirectiveStatus.SENT
    session.add(d)
    await audit.record(session, actor=None, action="directive.finished", target=f"directive:{d.id}",
                       sent=c.sent, failed=c.failed, blocked=c.blocked, cancelled=c.cancelled,
                       uncertain=c.uncertain, recipients=c.recipients)


register("directives.release", release_directives)
register("directives.progress", directive_progress)
