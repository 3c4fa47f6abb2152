"""The inbox: updates are stored before Telegram is told, then handled exactly once.

The worker takes pending updates in batches. A batch is one transaction (group commit); each
update inside it runs in its own savepoint, so one failing handler rolls back only itself. An
update's writes, its replies (outbox rows), its new conversation step and its "done" mark commit
together: a crash before the commit replays the update, after it nothing is done twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.intake import store_updates  # noqa: F401  (re-exported: callers store through the inbox)
from bot.updates import Unreadable, parse_update
from handlers import i18n
from handlers.chat import Incoming, IncomingKind
from handlers.context import ChatAdminCheck, Context, FileFetch, HandlerConfig, answer_key
from handlers.flow import Flow
from handlers.router import Route, Router
from models import (
    ConversationState,
    InboxStatus,
    InboxUpdate,
    Language,
    Member,
    OutboxMethod,
    SessionFactory,
)
from models.base import utcnow
from models.db import read_only, write_gate
from services import audit, flood, members, outbox
from services.errors import AccessDenied, DomainError

log = logging.getLogger(__name__)


class _Isolate(Exception):
    """A handler raised on the fast path: replay the batch with one savepoint per update."""


@dataclass(slots=True)
class _Outcome:
    update_id: int
    attempts: int
    status: InboxStatus
    error: str | None


@dataclass(slots=True)
class _Known:
    members: dict[int, Member] = field(default_factory=dict)
    states: dict[tuple[int, int], ConversationState] = field(default_factory=dict)


async def pending_count(session_factory: SessionFactory) -> int:
    async with session_factory() as session:
        await read_only(session)
        result = await session.exec(
            select(func.count()).select_from(InboxUpdate).where(
                InboxUpdate.status == InboxStatus.PENDING)
        )
        return int(result.one())


class InboxWorker:
    def __init__(
        self,
        session_factory: SessionFactory,
        router: Router,
        config: HandlerConfig,
        *,
        bot_id: int,
        bootstrap_admins: Iterable[int] = (),
        is_chat_admin: ChatAdminCheck | None = None,
        fetch_file: FileFetch | None = None,
        clock: Callable[[], datetime] = utcnow,
        batch_size: int = 64,
        idle_seconds: float = 1.0,
    ) -> None:
        self.session_factory = session_factory
        self.router = router
        self.config = config
        self.bot_id = bot_id
        self.bootstrap_admins = frozenset(bootstrap_admins)
        self.is_chat_admin = is_chat_admin
        self.fetch_file = fetch_file
        self.clock = clock
        self.batch_size = batch_size
        # With nothing to do, look at the inbox again after this long even if nobody wakes us
        # (updates stored by another process that could not notify).
        self.idle_seconds = idle_seconds
        self.on_committed: Callable[[], None] | None = None  # wakes the sender
        self._wake = asyncio.Event()
        self._stopping = False
        self.handled = 0
        self.failed = 0

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Finish the batch in hand, then return from run()."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        while not self._stopping:
            done = await self.process_batch()
            if done == 0 and not self._stopping:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_seconds)
                except TimeoutError:
                    pass

    async def process_batch(self) -> int:
        claimed: list[int] = []
        try:
            async with (write_gate(self.session_factory), self.session_factory() as session,
                        session.begin()):
                rows = await self._claim(session)
                if not rows:
                    return 0
                claimed = [row.update_id for row in rows]
                await self._process(session, rows)
        except (OperationalError, InterfaceError):
            raise  # the database, not an update: nothing to set aside
        except Exception:
            if not claimed:
                raise
            # Something no handler's savepoint caught broke the whole batch (a row the
            # database refuses at commit, a bug in the worker): one update at a time, so the
            # one to blame is set aside and the others are handled.
            log.exception("inbox batch of %d failed; handling its updates one at a time",
                          len(claimed))
            await self._one_at_a_time(claimed)
        self.handled += len(claimed)
        if self.on_committed is not None:
            self.on_committed()
        return len(claimed)

    async def _process(self, session: AsyncSession, rows: list[InboxUpdate]) -> None:
        # Plain values: ORM rows may be expired by a rolled-back savepoint below.
        batch = [(row.update_id, row.payload, row.attempts + 1) for row in rows]
        try:
            # Fast path: the whole batch in one savepoint. Most updates succeed, and a
            # savepoint per update costs two round trips each.
            async with session.begin_nested():
                outcomes = await self._handle_all(session, batch, isolated=False)
        except _Isolate:
            # Some handler raised: replay the batch, each update in its own savepoint, so
            # the failure rolls back only itself.
            outcomes = await self._handle_all(session, batch, isolated=True)
        await self._record(session, outcomes)

    async def _one_at_a_time(self, update_ids: list[int]) -> None:
        table = InboxUpdate.__table__  # type: ignore[attr-defined]
        for update_id in update_ids:
            try:
                async with (write_gate(self.session_factory), self.session_factory() as session,
                            session.begin()):
                    rows = await self._claim(session, only=update_id)
                    if rows:
                        await self._process(session, rows)
                continue
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:
                log.exception("update %s cannot be handled; set aside", update_id)
                problem = f"set aside: {exc!r}"[:1000]
            async with (write_gate(self.session_factory), self.session_factory() as session,
                        session.begin()):
                await session.execute(
                    update(table).where(table.c.update_id == update_id,
                                        table.c.status == InboxStatus.PENDING.value)
                    .values(status=InboxStatus.SET_ASIDE.value, error=problem,
                            attempts=table.c.attempts + 1, handled_at=self.clock()))
            self.failed += 1

    async def _handle_all(self, session: AsyncSession, batch: list[tuple[int, dict[str, Any], int]],
                          *, isolated: bool) -> list[_Outcome]:
        messages: list[tuple[int, int, Incoming | None, str | None]] = []
        for update_id, payload, attempts in batch:
            try:
                msg: Incoming | None = parse_update(payload, bot_id=self.bot_id,
                                                    bot_username=self.config.bot_username)
                messages.append((update_id, attempts, msg, None))
            except Unreadable as exc:
                log.warning("update %s set aside, not handled: %s", update_id, exc)
                messages.append((update_id, attempts, None, str(exc)[:1000]))
            except Exception as exc:  # a bug in reading: the update waits, set aside
                log.exception("update %s could not be read; set aside", update_id)
                messages.append((update_id, attempts, None, f"unreadable: {exc!r}"[:1000]))
        known = await self._preload(session, [m for _, _, m, _ in messages if m is not None])
        floods = await self._count_floods(session, [m for _, _, m, _ in messages], known)
        outcomes = []
        for update_id, attempts, msg, problem in messages:
            if msg is None:
                outcomes.append(_Outcome(update_id, attempts, InboxStatus.SET_ASIDE, problem))
                continue
            verdict = floods.get(msg.update_id)
            status, error = await self._handle(session, msg, known, verdict, isolated=isolated)
            outcomes.append(_Outcome(update_id, attempts, status, error))
        return outcomes

    async def _count_floods(self, session: AsyncSession, messages: list[Incoming | None],
                            known: _Known) -> dict[int, flood.FloodState]:
        """The flood guard's count for the whole batch, in one statement.

        Counted outside any handler's savepoint, so refused and failing updates count too; only
        updates the bot would act on count (not group chatter it ignores).
        """
        counts: dict[int, int] = {}
        counted: list[tuple[int, int]] = []  # (update id, user id) in arrival order
        for msg in messages:
            if (msg is None or msg.user_id is None
                    or msg.kind not in (IncomingKind.MESSAGE, IncomingKind.CALLBACK)):
                continue
            state = known.states.get((msg.chat_id, msg.user_id))
            route = self.router.resolve(msg, state.flow if state else None,
                                        state.step if state else None)
            if route is None and not msg.is_private:
                continue
            counts[msg.user_id] = counts.get(msg.user_id, 0) + 1
            counted.append((msg.update_id, msg.user_id))
        states = await flood.check_many(session, counts, now=self.clock(),
                                        max_updates=self.config.flood_max_updates,
                                        window_seconds=self.config.flood_window_seconds)
        return {update_id: states[user].pop(0) for update_id, user in counted}

    async def _preload(self, session: AsyncSession, messages: list[Incoming]) -> _Known:
        """Members and conversation states of the whole batch in two queries, not two per update."""
        user_ids = {m.user_id for m in messages if m.user_id is not None}
        known = _Known()
        if not user_ids:
            return known
        for member in (await session.exec(
                select(Member).where(col(Member.telegram_id).in_(user_ids)))).all():
            known.members[member.telegram_id] = member
        for state in (await session.exec(select(ConversationState).where(
                col(ConversationState.user_id).in_(user_ids)))).all():
            known.states[(state.chat_id, state.user_id)] = state
        return known

    async def _record(self, session: AsyncSession, outcomes: list[_Outcome]) -> None:
        """Mark the batch's updates done or failed in one statement."""
        table = InboxUpdate.__table__  # type: ignore[attr-defined]
        now = self.clock()
        await session.execute(
            update(table).where(table.c.update_id == bindparam("b_update_id")).values(
                status=bindparam("b_status"), attempts=bindparam("b_attempts"),
                error=bindparam("b_error"), handled_at=bindparam("b_handled_at")),
            [{"b_update_id": o.update_id, "b_status": o.status.value,
              "b_attempts": o.attempts, "b_error": o.error, "b_handled_at": now}
             for o in outcomes])
        self.failed += sum(1 for o in outcomes if o.status != InboxStatus.DONE)

    async def _claim(self, session: AsyncSession, only: int | None = None) -> list[InboxUpdate]:
        query = (select(InboxUpdate).where(InboxUpdate.status == InboxStatus.PENDING)
                 .order_by(col(InboxUpdate.update_id)).limit(self.batch_size))
        if only is not None:
            query = query.where(InboxUpdate.update_id == only)
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = list((await session.exec(query)).all())
        if not rows or session.bind is None or session.bind.dialect.name != "postgresql":
            return rows
        # Another worker may hold an earlier update of the same chat: leave that chat to it,
        # so each chat's updates are handled in order.
        earliest: dict[int, int] = {}
        for row in rows:
            if row.chat_id is not None:
                earliest.setdefault(row.chat_id, row.update_id)
        if not earliest:
            return rows
        oldest = await session.exec(
            select(InboxUpdate.chat_id, func.min(InboxUpdate.update_id))
            .where(InboxUpdate.status == InboxStatus.PENDING,
                   col(InboxUpdate.chat_id).in_(earliest))
            .group_by(col(InboxUpdate.chat_id)))
        blocked = {chat for chat, first in oldest.all() if chat is not None
                   and first < earliest[chat]}
        return [row for row in rows if row.chat_id not in blocked]

    async def _handle(self, session: AsyncSession, msg: Incoming, known: _Known,
                      verdict: flood.FloodState | None, *,
                      isolated: bool) -> tuple[InboxStatus, str | None]:
        # Who is writing is settled outside the handler's savepoint, so a refusal or an error
        # is answered in the person's language and their member row survives a rollback.
        user_id = msg.user_id or 0
        key = (msg.chat_id, user_id)
        flow = Flow(session, msg.chat_id, user_id, known.states.get(key))
        route = self.router.resolve(msg, flow.name, flow.step)
        if route is None and not msg.is_private:
            return InboxStatus.DONE, None
        member: Member | None = None
        if msg.user_id is not None and msg.kind != IncomingKind.OTHER:
            member = await members.meet(session, telegram_id=msg.user_id,
                                        full_name=msg.user_name, username=msg.username,
                                        bootstrap_admins=self.bootstrap_admins,
                                        known=known.members.get(msg.user_id))
            known.members[msg.user_id] = member
        language = member.language if member else Language.VI
        if verdict is not None and verdict.verdict != flood.Verdict.ALLOW:
            if verdict.verdict == flood.Verdict.WARN:
                await self._say(session, msg, i18n.render("common.slow_down", language,
                                                          seconds=verdict.retry_after))
            return InboxStatus.DONE, "ignored: flood guard"
        if not isolated:
            try:
                await self._run_handler(session, msg, member, flow, route)
            except Exception as exc:
                raise _Isolate() from exc
            self._remember(known, key, flow)
            return InboxStatus.DONE, None
        return await self._handle_isolated(session, msg, known, key, member, flow, route,
                                           language)

    @staticmethod
    def _remember(known: _Known, key: tuple[int, int], flow: Flow) -> None:
        """The step a handler left, for the same person's next update in this batch."""
        if flow.state is None:
            known.states.pop(key, None)
        else:
            known.states[key] = flow.state

    @staticmethod
    async def _reload_state(session: AsyncSession, known: _Known, key: tuple[int, int]) -> None:
        state = await session.get(ConversationState, key, populate_existing=True)
        if state is None:
            known.states.pop(key, None)
        else:
            known.states[key] = state

    async def _handle_isolated(self, session: AsyncSession, msg: Incoming, known: _Known,
                               key: tuple[int, int], member: Member | None, flow: Flow,
                               route: Route | None,
                               language: Language) -> tuple[InboxStatus, str | None]:
        try:
            async with session.begin_nested():
                await self._run_handler(session, msg, member, flow, route)
            self._remember(known, key, flow)
            return InboxStatus.DONE, None
        except Exception as exc:
            # The savepoint rolled the step back: the person's next update in this batch must
            # see the step as the database has it again.
            await self._reload_state(session, known, key)
            if isinstance(exc, AccessDenied):
                await self._refuse(session, msg, exc, language)
                return InboxStatus.DONE, None
            if isinstance(exc, DomainError):
                text_key = f"error.{exc.code}"
                text = (i18n.render(text_key, language, **exc.params) if i18n.has(text_key)
                        else i18n.render("common.internal_error", language))
                await self._say(session, msg, text)
                return InboxStatus.DONE, None
            log.exception("handler failed for update %s", msg.update_id)
            await self._say(session, msg, i18n.render("common.internal_error", language))
            return InboxStatus.FAILED, repr(exc)[:1000]

    async def _run_handler(self, session: AsyncSession, msg: Incoming, member: Member | None,
                           flow: Flow, route: Route | None) -> None:
        ctx = Context(msg=msg, session=session, member=member, flow=flow, config=self.config,
                      clock=self.clock, **({"is_chat_admin": self.is_chat_admin}
                                           if self.is_chat_admin else {}))
        if self.fetch_file is not None:
            ctx.fetch_file = self.fetch_file
        for middleware in self.router.middlewares:
            if not await middleware(ctx):
                return
        if route is not None:
            await route(ctx)
        if msg.callback_id is not None:
            # Every pressed button gets an answer, or the person's client keeps spinning.
            await ctx.answer()

    async def _refuse(self, session: AsyncSession, msg: Incoming, denied: AccessDenied,
                      language: Language) -> None:
        await audit.record(session, actor=msg.user_id, action=denied.action, target=denied.target,
                           outcome="denied", update_id=msg.update_id,
                           command=msg.command, callback=msg.callback_data)
        await self._say(session, msg, i18n.render("common.access_denied", language))

    async def _say(self, session: AsyncSession, msg: Incoming, text: str) -> None:
        if msg.callback_id is not None:
            await outbox.enqueue(session, msg.chat_id, OutboxMethod.ANSWER_CALLBACK,
                                 {"callback_query_id": msg.callback_id, "text": text[:200],
                                  "show_alert": True},
                                 dedupe_key=answer_key(msg.update_id),
                                 source_update_id=msg.update_id)
            return
        if msg.kind == IncomingKind.MESSAGE and (msg.is_private or msg.command):
            await outbox.enqueue_text(session, msg.chat_id, text, source_update_id=msg.update_id)
