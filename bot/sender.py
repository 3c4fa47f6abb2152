"""The outbox sender: drains outbox rows through the gateway within Telegram's limits.

Every row ends sent (with Telegram's message_id), failed (with the reason), cancelled, or
uncertain (timed out twice: it may have been delivered, and is not sent a third time). Replies
go ahead of broadcasts; one message per chat is in flight at a time, so a chat sees its messages
in order; outcomes are written in batches so sending is not bound by one commit per message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import col, select

from bot.errors import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    GatewayError,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from bot.gateway import BotCommand, FileUpload, Gateway
from bot.pacing import ChatLimiter, Pacer
from bot.settings import RateLimits
from bot.updates import as_id
from handlers.chat import keyboard_from_json
from models import OutboxMessage, OutboxMethod, OutboxStatus, Priority, SessionFactory
from models.base import utcnow
from models.db import read_only, write_gate
from services import outbox_bodies, outbox_files, recipients

log = logging.getLogger(__name__)

PACED = frozenset({OutboxMethod.SEND_MESSAGE, OutboxMethod.COPY_MESSAGE,
                   OutboxMethod.SEND_DOCUMENT, OutboxMethod.SEND_PHOTO,
                   OutboxMethod.EDIT_MESSAGE_TEXT, OutboxMethod.EDIT_MESSAGE_MEDIA,
                   OutboxMethod.EDIT_MESSAGE_KEYBOARD})
# A slot is held until a second after Telegram's answer (see Pacer), so no margin is needed for
# sends bunched on the way; this one only covers clocks that round differently from ours.
PACING_MARGIN_SECONDS = 0.001
REPLY_RECHECK_SECONDS = 0.05
# Rows fetched are kept and sent from memory; the outbox is read in full again at least this
# often, so a row changed by someone else (a cancelled broadcast) is seen within it.
FULL_FETCH_SECONDS = 1.0
IN_FLIGHT_WINDOW = 64
# Uploads hold their bytes in memory while they go: at most this many at once.
MAX_UPLOADS_IN_FLIGHT = 4
PAID_ELIGIBLE = frozenset({OutboxMethod.SEND_MESSAGE, OutboxMethod.COPY_MESSAGE})


@dataclass(slots=True)
class Outcome:
    row_id: int
    status: OutboxStatus
    values: dict[str, Any] = field(default_factory=dict)
    unreachable: tuple[int, str] | None = None
    migrated: tuple[int, int] | None = None
    has_file: bool = False  # an upload whose stored bytes go once the row is final


@dataclass(slots=True)
class SenderStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    retry_after: int = 0
    timeouts: int = 0
    uncertain: int = 0  # timed out twice: may have been delivered
    forbidden: int = 0
    migrated: int = 0
    expired: int = 0  # past their not_after (nudges at quiet hours): cancelled, never sent


def _pacer(limit: float) -> Pacer:
    return Pacer(limit, window=1.0 + PACING_MARGIN_SECONDS)


MAX_FLUSH_FAILURES = 20  # about ten seconds of failing writes
FLUSH_SECONDS = 0.02  # outcomes are written in batches this often
MAX_BODIES_KEPT = 256  # shared bodies kept in memory (a morning's nudges use a few dozen)


def _lasting(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("database or disk is full", "no space left",
                                   "readonly database", "read-only file system"))


class _Unreadable(Exception):
    """Telegram answered but the library could not read the answer: it may have acted."""


class _Deferred(Exception):
    """The row cannot go yet (e.g. it edits a message that is not sent yet)."""


class OutboxSender:
    def __init__(
        self,
        session_factory: SessionFactory,
        gateway: Gateway,
        limits: RateLimits,
        *,
        paid_broadcast: bool = False,
        max_in_flight: int = IN_FLIGHT_WINDOW,
        fetch_size: int = 300,
        max_network_attempts: int = 6,
        idle_seconds: float = 1.0,
        # Real time, not the domain clock: retry_after and backoffs are about Telegram's now.
        clock: Callable[[], datetime] = utcnow,
        # The domain clock, for sent_at: it is compared with the times the services record.
        stamp: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.gateway = gateway
        self.limits = limits
        self.paid_broadcast = paid_broadcast
        self.fetch_size = fetch_size
        self.max_network_attempts = max_network_attempts
        # With nothing to send, look at the outbox again after this long even if nobody wakes
        # us (rows queued by another process that could not notify).
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.stamp = stamp
        self.stats = SenderStats()
        # A 429 pauses every send for a whole second, so the pacers count conservatively: a send
        # holds its slot from leaving until a window after its answer.
        self._global = _pacer(limits.global_per_second)
        self._paid = _pacer(limits.paid_per_second)
        self._chats = ChatLimiter(limits)
        # Rows handed to Telegram whose outcome is not written yet. A crash repeats at most these,
        # so the window bounds the duplicates a kill can cause.
        self.max_in_flight = max_in_flight
        self._in_flight: dict[int, int] = {}  # row id -> chat id, until its outcome is written
        # Chats whose last row is being sent, or will be retried and is not yet written back:
        # their next row waits, so every chat sees its messages in order.
        self._busy_chats: dict[int, int] = {}  # chat id -> row id
        self._results: list[Outcome] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._new_rows = False
        # Pending rows read from the outbox and not yet handed to Telegram, in sending order.
        # Re-reading them on every pass cost more than sending them (rows, JSON payloads).
        self._queued: list[OutboxMessage] = []
        self._high_water = 0  # the highest row id read so far
        self._fetched_at = float("-inf")  # when the outbox was last read in full
        self._more_in_outbox = False  # the last full read filled its page
        self._reread = False  # an outcome put a row back to pending
        self._paced_out = False
        self._flushed = asyncio.Event()
        self._stopping = False
        self._paused_until = 0.0
        self._flusher_done = False
        self._uploads = asyncio.Semaphore(MAX_UPLOADS_IN_FLIGHT)
        self._rows_changed = True  # rows were read since the last pass
        self._bodies: dict[int, dict[str, Any]] = {}  # shared bodies of rows (never change)
        self._bodiless: set[int] = set()  # rows whose shared body is not in the database

    # -- control --------------------------------------------------------------------------------
    def wake(self) -> None:
        """New rows were queued (a reply, a broadcast): look at the outbox again soon."""
        self._new_rows = True
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        flusher = asyncio.create_task(self._flush_loop(), name="outbox-flush")
        try:
            while not self._stopping:
                if flusher.done():
                    flusher.result()  # outcomes cannot be recorded: stop, with its error
                self._wake.clear()
                new_rows, self._new_rows = self._new_rows, False
                self._paced_out = False
                rows = await self._rows_to_send(new_rows)
                sent, next_ready = await self._dispatch(rows)
                self._queued = [r for r in rows if r.id not in sent] if sent else rows
                if (not sent or self._paced_out) and not self._stopping:
                    delay = (self.idle_seconds if next_ready is None
                             else max(0.005, min(self.idle_seconds, next_ready)))
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=delay)
        finally:
            # In-flight sends finish and their outcomes are written: nothing is lost on shutdown.
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            # The flusher is asked to finish, not cancelled: a cancel in the middle of writing
            # outcomes would forget rows that were sent, and they would be sent again.
            self._flusher_done = True
            if not flusher.done() or (not flusher.cancelled() and flusher.exception() is None):
                await flusher
                await self._flush()

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait until no row is pending or in flight (tests and the demo)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._in_flight and not self._results and not await self._has_pending():
                return
            self.wake()
            await asyncio.sleep(0.02)
        raise TimeoutError("outbox still has pending rows")

    # -- fetching and dispatching ---------------------------------------------------------------
    async def _has_pending(self) -> bool:
        async with self.session_factory() as session:
            await read_only(session)
            result = await session.exec(select(OutboxMessage.id).where(
                OutboxMessage.status == OutboxStatus.PENDING).limit(1))
            return result.first() is not None

    async def _rows_to_send(self, new_rows: bool) -> list[OutboxMessage]:
        """The pending rows in sending order: from memory, with what was queued since."""
        now = time.monotonic()
        if (self._reread or now - self._fetched_at >= FULL_FETCH_SECONDS
                or (self._more_in_outbox and len(self._queued) < self.fetch_size // 4)):
            self._reread = False
            self._fetched_at = now
            page = self.fetch_size + len(self._in_flight)
            rows, full = await self._fetch(page=page)
            self._more_in_outbox = full
            self._rows_changed = True
            return rows
        if not new_rows:
            return self._queued
        # Only rows queued since the last read. A row committed late with a lower id (another
        # process's transaction) waits for the next full read, at most FULL_FETCH_SECONDS.
        fresh, full = await self._fetch(page=self.fetch_size, after=self._high_water)
        # A full page may have skipped rows of a later priority: read everything next time.
        self._reread = self._reread or full
        known = {r.id for r in self._queued} if fresh else set()
        added = [r for r in fresh if r.id not in known]
        if not added:
            return self._queued
        self._rows_changed = True
        rows = self._queued + added
        rows.sort(key=lambda r: (r.priority, r.id or 0))
        return rows

    async def _fetch(self, *, page: int, after: int = 0) -> tuple[list[OutboxMessage], bool]:
        """Pending rows not in flight, and whether the page was full."""
        # Taken before the query: a row whose outcome commits while the query runs may still
        # read as pending, and must not be sent a second time.
        in_flight = set(self._in_flight)
        async with self.session_factory() as session:
            await read_only(session)
            query = (select(OutboxMessage)
                     .where(OutboxMessage.status == OutboxStatus.PENDING,
                            col(OutboxMessage.id) > after)
                     .order_by(col(OutboxMessage.priority), col(OutboxMessage.id))
                     .limit(page))
            rows = (await session.exec(query)).all()
            unknown = {r.body_id for r in rows if r.body_id is not None} - self._bodies.keys()
            if unknown:
                if len(self._bodies) > MAX_BODIES_KEPT:
                    self._bodies.clear()
                self._bodies.update(await outbox_bodies.load(session, unknown))
        # Filled in once the session is closed, so the filled payloads are never written back.
        for row in rows:
            if row.body_id is None:
                continue
            body = self._bodies.get(row.body_id)
            if body is None:
                self._bodiless.add(row.id or 0)
            else:
                row.payload = outbox_bodies.filled(body, row.payload)
        if rows:
            self._high_water = max(self._high_water, max(r.id or 0 for r in rows))
        return ([row for row in rows if row.id not in in_flight and row.id not in self._in_flight],
                len(rows) >= page)

    def _cancel_superseded(self, rows: list[OutboxMessage]) -> set[int]:
        """Text edits of a message that a later queued text edit of the same message replaces:
        cancelled unsent (the later one sets all of text and keyboard). A person pressing a
        button a second gets their answers at once and the page once, not a backlog of pages
        each waiting Telegram's second per chat."""
        # Looked at on every pass over up to a fetch of rows: the edits are picked out once.
        edits = [row for row in rows if row.method == OutboxMethod.EDIT_MESSAGE_TEXT
                 and "message_id" in row.payload]
        cancelled: set[int] = set()
        if len(edits) < 2:
            return cancelled
        latest: dict[tuple[int, int], int] = {}
        for row in edits:
            key = (row.chat_id, int(row.payload["message_id"]))
            latest[key] = max(latest.get(key, 0), row.id or 0)
        for row in edits:
            if (row.id is not None
                    and latest[(row.chat_id, int(row.payload["message_id"]))] > row.id):
                # Held as in flight until the outcome is written, so no read sends it meanwhile.
                self._in_flight[row.id] = 0
                self._results.append(Outcome(row.id, OutboxStatus.CANCELLED,
                                             {"error": "superseded"}))
                cancelled.add(row.id)
        if cancelled:
            self._wake.set()
        return cancelled

    async def _dispatch(self, rows: list[OutboxMessage]) -> tuple[set[int], float | None]:
        """Start sends for the rows that may go now; returns (their ids, seconds to next ready)."""
        # Only rows read since the last pass can supersede an edit: the check (a look at every
        # row) is skipped on the many passes that only send on from memory.
        dispatched: set[int] = self._cancel_superseded(rows) if self._rows_changed else set()
        self._rows_changed = False
        next_ready: float | None = None
        # A chat with a message in flight waits, so every chat sees its messages in order.
        waiting_chats: set[int] = set(self._busy_chats)
        now_wall = self.clock()
        now_domain = self.stamp()
        started = time.monotonic()
        # A reply that had to wait (its chat busy or at its limit) must not sit behind a whole
        # fetch of broadcast rows: the pass is then kept short and the outbox looked at again.
        reply_waiting = False
        messages_paced_out = False  # the pacer is out: only callback answers go this pass
        for row in rows:
            if self._stopping:
                break
            if messages_paced_out and row.priority > Priority.REPLY:
                # Rows come in priority order and callback answers are replies: none follows.
                break
            if row.id in dispatched or (messages_paced_out
                                        and row.method != OutboxMethod.ANSWER_CALLBACK):
                continue
            if (reply_waiting and row.priority >= Priority.BULK
                    and time.monotonic() - started > REPLY_RECHECK_SECONDS):
                break
            chat = row.chat_id
            if as_id(chat) is None:
                # Not a chat Telegram could have (text where a number belongs, out of range):
                # the row fails with the reason; the sender goes on with the others.
                assert row.id is not None
                self._fail_unsendable(row.id, f"bad chat id: {chat!r}"[:1000])
                dispatched.add(row.id)
                continue
            if row.id in self._bodiless:
                assert row.id is not None
                self._bodiless.discard(row.id)
                self._fail_unsendable(row.id, f"its shared body #{row.body_id} is gone")
                dispatched.add(row.id)
                continue
            if row.not_after is not None and row.not_after <= now_domain:
                # Too late to be of use (a nudge when quiet hours begin): dropped, not sent late.
                assert row.id is not None
                self.stats.expired += 1
                self._settle_unsent(row.id, OutboxStatus.CANCELLED,
                                    f"expired: not sent by {row.not_after.isoformat()}")
                dispatched.add(row.id)
                continue
            # A callback answer is no message in the chat: it need not wait behind one (the
            # person's spinner would, and Telegram drops answers after a few seconds).
            if chat in waiting_chats and row.method != OutboxMethod.ANSWER_CALLBACK:
                reply_waiting = reply_waiting or row.priority < Priority.BULK
                continue
            if row.not_before is not None and row.not_before > now_wall:
                waiting_chats.add(chat)
                wait = (row.not_before - now_wall).total_seconds()
                next_ready = wait if next_ready is None else min(next_ready, wait)
                continue
            paced = row.method in PACED
            if paced:
                ready = self._chats.ready_at(chat) - time.monotonic()
                if ready > 0:
                    waiting_chats.add(chat)
                    next_ready = ready if next_ready is None else min(next_ready, ready)
                    reply_waiting = reply_waiting or row.priority < Priority.BULK
                    continue
            paid = self._is_paid(row)
            bulk = row.priority >= Priority.BULK
            pacer = self._paid if paid else self._global
            if paced:
                # Bulk leaves a slot free and goes evenly, so a reply never waits for it.
                wait = pacer.ready_in(bulk=bulk)
                if wait > 0:
                    # Messages further down come later in order: look again once a slot is
                    # free, or sooner if something new is queued. Callback answers further
                    # down still go: they are no message, and a spinner must not wait.
                    next_ready = wait if next_ready is None else min(next_ready, wait)
                    self._paced_out = messages_paced_out = True
                    continue
            if len(self._in_flight) >= self.max_in_flight:
                self._paced_out = True  # wait for outcomes to be written, then go on
                break
            pause = self._paused_until - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            if paced:
                pacer.take(bulk=bulk)
            assert row.id is not None
            self._in_flight[row.id] = chat
            self._busy_chats[chat] = row.id
            waiting_chats.add(chat)
            task = asyncio.create_task(self._send(row, paid, pacer if paced else None))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            dispatched.add(row.id)
            if self._new_rows and row.priority > Priority.REPLY:
                # Something new was queued (maybe a reply): look again before more bulk.
                break
        return dispatched, next_ready

    def _fail_unsendable(self, row_id: int, reason: str) -> None:
        log.warning("outbox row %s cannot be sent: %s", row_id, reason)
        self.stats.failed += 1
        self._settle_unsent(row_id, OutboxStatus.FAILED, reason)

    def _settle_unsent(self, row_id: int, status: OutboxStatus, reason: str) -> None:
        """Record a row's end without calling Telegram (written back with the other outcomes)."""
        self._in_flight[row_id] = 0
        self._results.append(Outcome(row_id, status, {"error": reason}))
        self._wake.set()

    def _is_paid(self, row: OutboxMessage) -> bool:
        return (self.paid_broadcast and row.priority >= Priority.BULK
                and row.method in PAID_ELIGIBLE)

    # -- sending one row --------------------------------------------------------------------------
    async def _send(self, row: OutboxMessage, paid: bool, pacer: Pacer | None) -> None:
        assert row.id is not None
        try:
            outcome = await self._attempt(row, paid)
        except Exception as exc:  # a bug must not lose the row: record it as failed
            log.exception("outbox row %s crashed the sender", row.id)
            outcome = Outcome(row.id, OutboxStatus.FAILED, {"error": f"internal: {exc!r}"[:1000]})
        finally:
            if pacer is not None:
                # Counted from the answer, which comes after Telegram counted the send: sends
                # bunched on the way cannot make it count more than the limit.
                pacer.answered()
                self._chats.take(row.chat_id)
        outcome.has_file = "upload" in row.payload
        self._results.append(outcome)
        if outcome.status != OutboxStatus.PENDING:
            # Final: the chat's next message may go now, before the outcome is written.
            self._release_chat(row.chat_id, row.id)
        self._wake.set()

    def _release_chat(self, chat_id: int, row_id: int) -> None:
        if self._busy_chats.get(chat_id) == row_id:
            del self._busy_chats[chat_id]

    async def _attempt(self, row: OutboxMessage, paid: bool) -> Outcome:
        assert row.id is not None
        now = self.clock()
        try:
            message_id = await self._call(row, paid)
        except _Deferred:
            return Outcome(row.id, OutboxStatus.PENDING,
                           {"not_before": now + timedelta(seconds=1)})
        except RetryAfter as exc:
            self.stats.retry_after += 1
            self._paused_until = max(self._paused_until, time.monotonic() + exc.seconds)
            self._global.push_back(time.monotonic() + exc.seconds)
            self._paid.push_back(time.monotonic() + exc.seconds)
            return Outcome(row.id, OutboxStatus.PENDING,
                           {"attempts": row.attempts + 1,
                            "not_before": now + timedelta(seconds=exc.seconds)})
        except Forbidden as exc:
            self.stats.forbidden += 1
            self.stats.failed += 1
            reason = "blocked" if row.chat_id > 0 else "kicked"
            return Outcome(row.id, OutboxStatus.FAILED,
                           {"attempts": row.attempts + 1, "error": f"{reason}: {exc}"[:1000]},
                           unreachable=(row.chat_id, reason))
        except ChatMigrated as exc:
            self.stats.migrated += 1
            return Outcome(row.id, OutboxStatus.PENDING,
                           {"attempts": row.attempts + 1, "chat_id": exc.new_chat_id},
                           migrated=(row.chat_id, exc.new_chat_id))
        except (TimedOut, _Unreadable):
            # The message may have been delivered: retry once only, and count it.
            self.stats.timeouts += 1
            if row.timeouts >= 1:
                self.stats.uncertain += 1
                return Outcome(row.id, OutboxStatus.UNCERTAIN,
                               {"timeouts": row.timeouts + 1, "attempts": row.attempts + 1,
                                "error": "timed out twice; may have been delivered"})
            self.stats.retried += 1
            return Outcome(row.id, OutboxStatus.PENDING,
                           {"timeouts": row.timeouts + 1, "attempts": row.attempts + 1})
        except BadRequest as exc:
            if exc.not_modified:
                self.stats.sent += 1
                return Outcome(row.id, OutboxStatus.SENT, {"attempts": row.attempts + 1,
                                                           "sent_at": self.stamp()})
            self.stats.failed += 1
            log.warning("outbox row %s rejected: %s", row.id, exc)
            return Outcome(row.id, OutboxStatus.FAILED,
                           {"attempts": row.attempts + 1, "error": str(exc)[:1000]})
        except NetworkError as exc:
            attempts = row.attempts + 1
            if attempts >= self.max_network_attempts:
                self.stats.failed += 1
                return Outcome(row.id, OutboxStatus.FAILED,
                               {"attempts": attempts, "error": f"network: {exc}"[:1000]})
            self.stats.retried += 1
            backoff = min(60.0, 0.5 * 2 ** (attempts - 1))
            return Outcome(row.id, OutboxStatus.PENDING,
                           {"attempts": attempts, "not_before": now + timedelta(seconds=backoff),
                            "error": f"network: {exc}"[:1000]})
        self.stats.sent += 1
        return Outcome(row.id, OutboxStatus.SENT,
                       {"attempts": row.attempts + 1, "message_id": message_id,
                        "sent_at": self.stamp(), "error": None})

    async def _call(self, row: OutboxMessage, paid: bool) -> int | None:
        try:
            return await self._call_gateway(row, paid)
        except (RetryAfter, Forbidden, ChatMigrated, TimedOut, BadRequest, NetworkError):
            raise
        except GatewayError as exc:
            raise _Unreadable(str(exc)) from exc

    async def _call_gateway(self, row: OutboxMessage, paid: bool) -> int | None:
        p = row.payload
        method = row.method
        keyboard = keyboard_from_json(p.get("keyboard"))
        if method == OutboxMethod.SEND_MESSAGE:
            sent = await self.gateway.send_message(row.chat_id, p["text"], keyboard,
                                                   paid_broadcast=paid)
            return sent.message_id
        if method == OutboxMethod.COPY_MESSAGE:
            sent = await self.gateway.copy_message(row.chat_id, p["from_chat_id"],
                                                   p["message_id"], keyboard, paid_broadcast=paid)
            return sent.message_id
        if method == OutboxMethod.EDIT_MESSAGE_MEDIA:
            target = await self._target_message(p)
            await self._upload(row, keyboard, edit=target)
            return target
        if method in (OutboxMethod.SEND_DOCUMENT, OutboxMethod.SEND_PHOTO):
            if "blob" in p:
                return await self._send_stored_document(row.chat_id, p, keyboard)
            if "upload" in p:
                return await self._upload(row, keyboard)
            send = (self.gateway.send_photo if method == OutboxMethod.SEND_PHOTO
                    else self.gateway.send_document)
            sent = await send(row.chat_id, p["file_id"], p.get("caption"), keyboard)
            return sent.message_id
        if method == OutboxMethod.EDIT_MESSAGE_TEXT:
            target = await self._target_message(p)
            await self.gateway.edit_message_text(row.chat_id, target, p["text"], keyboard)
            return target
        if method == OutboxMethod.EDIT_MESSAGE_KEYBOARD:
            target = await self._target_message(p)
            await self.gateway.edit_message_keyboard(row.chat_id, target, keyboard)
            return target
        if method == OutboxMethod.ANSWER_CALLBACK:
            await self.gateway.answer_callback_query(p["callback_query_id"], p.get("text"),
                                                     bool(p.get("show_alert")))
            return None
        if method == OutboxMethod.SET_COMMANDS:
            commands = [BotCommand(c, d) for c, d in p["commands"]]
            await self.gateway.set_my_commands(commands, chat_id=row.chat_id,
                                               language_code=p.get("language_code"))
            return None
        raise ValueError(f"unknown outbox method {method!r}")

    async def _send_stored_document(self, chat_id: int, payload: dict[str, Any],
                                    keyboard: Any = None) -> int:
        """A document whose bytes the bot keeps (award_file_blob), uploaded: it does not depend on
        a Telegram file_id that may have expired."""
        from models import FileBlob

        async with self.session_factory() as session:
            blob = await session.get(FileBlob, payload["blob"])
        if blob is None:
            raise _Unreadable(f"stored file {payload['blob'][:12]}… is gone")
        upload = FileUpload(payload.get("file_name") or "file", blob.content)
        sent = await self.gateway.send_document(chat_id, upload, payload.get("caption"), keyboard)
        return sent.message_id

    async def _upload(self, row: OutboxMessage, keyboard: Any, edit: int | None = None) -> int:
        """Upload the row's stored file by multipart; the bytes are read only now, and only a
        few uploads hold theirs in memory at a time."""
        assert row.id is not None
        async with self._uploads:
            async with self.session_factory() as session:
                await read_only(session)
                stored = await outbox_files.load(session, row.id)
            if stored is None:
                raise BadRequest("Bad Request: the file of this outbox row is gone")
            upload = FileUpload(stored.filename, stored.data, stored.mime_type)
            caption = row.payload.get("caption")
            if edit is not None:
                await self.gateway.edit_message_photo(row.chat_id, edit, upload, caption, keyboard)
                return edit
            send = (self.gateway.send_photo if row.method == OutboxMethod.SEND_PHOTO
                    else self.gateway.send_document)
            sent = await send(row.chat_id, upload, caption, keyboard)
            return sent.message_id

    async def _target_message(self, payload: dict[str, Any]) -> int:
        if "message_id" in payload:
            return int(payload["message_id"])
        async with self.session_factory() as session:
            await read_only(session)
            source = await session.get(OutboxMessage, payload["message_outbox_id"])
        if source is None or source.status in (OutboxStatus.FAILED, OutboxStatus.CANCELLED,
                                               OutboxStatus.UNCERTAIN):
            raise BadRequest("Bad Request: message to edit not found")
        if source.message_id is None:
            raise _Deferred()
        return int(source.message_id)

    # -- writing outcomes ----------------------------------------------------------------------
    async def _flush_loop(self) -> None:
        failures = 0
        while not self._flusher_done:
            await asyncio.sleep(FLUSH_SECONDS)
            if self._results:
                try:
                    await self._flush()
                    failures = 0
                except Exception as exc:
                    failures += 1
                    # A full disk or a read-only database does not heal by waiting: the sender
                    # stops (and with it the process, non-zero) rather than send on unrecorded.
                    if _lasting(exc) or failures >= MAX_FLUSH_FAILURES:
                        raise
                    log.warning("could not record outbox outcomes (%r); will retry", exc)
                    await asyncio.sleep(0.5)

    async def _flush(self) -> None:
        if not self._results:
            return
        batch, self._results = self._results, []
        # One statement per shape of change, executed for many rows at once.
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for outcome in batch:
            values = {"status": outcome.status, **outcome.values}
            groups.setdefault(tuple(sorted(values)), []).append(
                {"row_id": outcome.row_id, **{f"v_{k}": v for k, v in values.items()}})
        table = OutboxMessage.__table__  # type: ignore[attr-defined]
        try:
            async with (write_gate(self.session_factory), self.session_factory() as session,
                        session.begin()):
                for keys, params in groups.items():
                    stmt = (update(table).where(table.c.id == bindparam("row_id"))
                            .values({k: bindparam(f"v_{k}") for k in keys}))
                    await session.execute(stmt, params)
                # A final row's file is not needed any more: removed in the same transaction
                # that records the outcome, so it is kept exactly until the row is settled.
                await outbox_files.discard(session, [
                    o.row_id for o in batch if o.has_file and o.status != OutboxStatus.PENDING])
                for outcome in batch:
                    if outcome.unreachable is not None:
                        await recipients.mark_unreachable(session, *outcome.unreachable)
                    if outcome.migrated is not None:
                        await recipients.follow_migration(session, *outcome.migrated)
        except BaseException:
            self._results[:0] = batch  # keep them for the next try
            raise
        for outcome in batch:
            chat = self._in_flight.pop(outcome.row_id, None)
            if chat is not None:
                self._release_chat(chat, outcome.row_id)
            if outcome.status == OutboxStatus.PENDING:
                self._reread = True  # to be tried again: read it back with its new values
        self._wake.set()


__all__ = ["OutboxSender", "SenderStats"]
