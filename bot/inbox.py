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
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.updates import parse_update, update_keys
from handlers import i18n
from handlers.chat import Incoming, IncomingKind
from handlers.context import ChatAdminCheck, Context, HandlerConfig
from handlers.flow import Flow
from handlers.router import Route, Router
from models import InboxStatus, InboxUpdate, Language, Member, OutboxMethod, SessionFactory
from models.base import utcnow
from services import audit, members, outbox
from services.errors import AccessDenied, DomainError

log = logging.getLogger(__name__)


async def store_updates(session_factory: SessionFactory, updates: Iterable[dict[str, Any]]) -> int:
    """Insert raw updates, dropping any update_id already stored. Returns how many were new."""
    rows = []
    for update in updates:
        chat_id, user_id = update_keys(update)
        rows.append({"update_id": int(update["update_id"]), "chat_id": chat_id,
                     "user_id": user_id, "payload": update, "status": InboxStatus.PENDING.value,
                     "attempts": 0, "received_at": utcnow()})
    if not rows:
        return 0
    async with session_factory() as session, session.begin():
        dialect = session.bind.dialect.name if session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = insert(InboxUpdate).values(rows).on_conflict_do_nothing(index_elements=["update_id"])
        result = await session.execute(stmt)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def pending_count(session_factory: SessionFactory) -> int:
    async with session_factory() as session:
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
        clock: Callable[[], datetime] = utcnow,
        batch_size: int = 64,
    ) -> None:
        self.session_factory = session_factory
        self.router = router
        self.config = config
        self.bot_id = bot_id
        self.bootstrap_admins = frozenset(bootstrap_admins)
        self.is_chat_admin = is_chat_admin
        self.clock = clock
        self.batch_size = batch_size
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
                    await asyncio.wait_for(self._wake.wait(), timeout=1.0)
                except TimeoutError:
                    pass

    async def process_batch(self) -> int:
        async with self.session_factory() as session, session.begin():
            rows = await self._claim(session)
            for row in rows:
                await self._handle(session, row)
        if rows:
            self.handled += len(rows)
            if self.on_committed is not None:
                self.on_committed()
        return len(rows)

    async def _claim(self, session: AsyncSession) -> list[InboxUpdate]:
        query = (select(InboxUpdate).where(InboxUpdate.status == InboxStatus.PENDING)
                 .order_by(col(InboxUpdate.update_id)).limit(self.batch_size))
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
        blocked: set[int] = set()
        for chat_id, first in earliest.items():
            older = InboxUpdate.__table__.alias()  # type: ignore[attr-defined]
            taken = await session.exec(select(exists().where(
                older.c.chat_id == chat_id, older.c.update_id < first,
                older.c.status == InboxStatus.PENDING.value)))
            if taken.one():
                blocked.add(chat_id)
        return [row for row in rows if row.chat_id not in blocked]

    async def _handle(self, session: AsyncSession, row: InboxUpdate) -> None:
        row.attempts += 1
        try:
            msg = parse_update(row.payload, bot_id=self.bot_id,
                               bot_username=self.config.bot_username)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("update %s could not be read: %r", row.update_id, exc)
            self._finish(session, row, InboxStatus.FAILED, f"unreadable: {exc!r}")
            return
        # Who is writing is settled outside the handler's savepoint, so a refusal or an error
        # is answered in the person's language and their member row survives a rollback.
        flow = await Flow.load(session, msg.chat_id, msg.user_id or 0)
        route = self.router.resolve(msg, flow.name, flow.step)
        if route is None and not msg.is_private:
            self._finish(session, row, InboxStatus.DONE)
            return
        member: Member | None = None
        if msg.user_id is not None and msg.kind != IncomingKind.OTHER:
            member = await members.meet(session, telegram_id=msg.user_id,
                                        full_name=msg.user_name, username=msg.username,
                                        bootstrap_admins=self.bootstrap_admins)
        language = member.language if member else Language.VI
        try:
            async with session.begin_nested():
                await self._run_handler(session, msg, member, flow, route)
            self._finish(session, row, InboxStatus.DONE)
        except AccessDenied as denied:
            await self._refuse(session, msg, denied, language)
            self._finish(session, row, InboxStatus.DONE)
        except DomainError as error:
            key = f"error.{error.code}"
            text = (i18n.render(key, language, **error.params) if i18n.has(key)
                    else i18n.render("common.internal_error", language))
            await self._say(session, msg, text)
            self._finish(session, row, InboxStatus.DONE)
        except Exception as exc:
            self.failed += 1
            log.exception("handler failed for update %s", row.update_id)
            await self._say(session, msg, i18n.render("common.internal_error", language))
            self._finish(session, row, InboxStatus.FAILED, repr(exc)[:1000])

    async def _run_handler(self, session: AsyncSession, msg: Incoming, member: Member | None,
                           flow: Flow, route: Route | None) -> None:
        ctx = Context(msg=msg, session=session, member=member, flow=flow, config=self.config,
                      clock=self.clock, **({"is_chat_admin": self.is_chat_admin}
                                           if self.is_chat_admin else {}))
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
                                 dedupe_key=f"answer:{msg.callback_id}",
                                 source_update_id=msg.update_id)
            return
        if msg.kind == IncomingKind.MESSAGE and (msg.is_private or msg.command):
            await outbox.enqueue_text(session, msg.chat_id, text, source_update_id=msg.update_id)

    def _finish(self, session: AsyncSession, row: InboxUpdate, status: InboxStatus,
                error: str | None = None) -> None:
        row.status = status
        row.error = error
        row.handled_at = self.clock()
        session.add(row)
