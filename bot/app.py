"""The runtime: one process that receives, handles, sends and schedules, and stops cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import GatewayError
from bot.gateway import BotInfo, Gateway
from bot.gateways import make_gateway
from bot.inbox import InboxWorker
from bot.lease import LeaseKeeper
from bot.polling import Poller
from bot.sender import OutboxSender
from bot.settings import Mode, Settings
from bot.wakeups import INBOX, OUTBOX, Wakeups
from bot.webhook import derived_secret, make_webhook_app
from handlers.context import HandlerConfig
from handlers.root import build_router
from models import SessionFactory, is_sqlite, make_engine, make_session_factory
from models.base import utcnow
from models.migrate import is_up_to_date, upgrade

log = logging.getLogger(__name__)


class SchemaBehind(RuntimeError):
    """The PostgreSQL schema is older than the code; an operator must run the migration."""


async def prepare_database(settings: Settings) -> tuple[AsyncEngine, SessionFactory]:
    engine = make_engine(settings.database_url)
    if not await is_up_to_date(engine):
        if is_sqlite(settings.database_url):
            log.info("upgrading the SQLite database schema")
            await upgrade(engine)
        else:
            await engine.dispose()
            raise SchemaBehind(
                "the PostgreSQL database schema is behind this version; run `thidua db upgrade` first")
    return engine, make_session_factory(engine)


ROLES = ("web", "worker", "sender", "scheduler")


class Runtime:
    """Plays the roles it is given: ``web`` (polling or the webhook server → inbox), ``worker``
    (inbox → handlers), ``sender`` (outbox → Telegram) and ``scheduler`` (sweeps). One process
    plays all four by default; at scale they run as separate processes, and the sender, the
    scheduler and the poller each hold a lease so that a second copy waits instead of doubling.
    """

    def __init__(self, settings: Settings, *, gateway: Gateway | None = None,
                 clock: Callable[[], datetime] = utcnow, receive: bool = True,
                 with_scheduler: bool = True, roles: Iterable[str] = ROLES,
                 lease_ttl: float = 10.0, idle_seconds: float = 1.0) -> None:
        self.settings = settings
        self.clock = clock
        self.roles = set(roles)
        unknown = self.roles - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(unknown)}; choose from {', '.join(ROLES)}")
        self.receive = receive and "web" in self.roles
        self.with_scheduler = with_scheduler and "scheduler" in self.roles
        self.lease_ttl = lease_ttl
        self.idle_seconds = idle_seconds
        self.wakeups: Wakeups | None = None  # PostgreSQL only: roles in other processes
        self._stopping = asyncio.Event()
        self.gateway: Gateway = gateway or make_gateway(
            settings.gateway.value, settings.token(), settings.api_base_url,
            request_timeout=settings.request_timeout)
        self.engine: AsyncEngine | None = None
        self.session_factory: SessionFactory | None = None
        self.bot: BotInfo | None = None
        self.worker: InboxWorker | None = None
        self.sender: OutboxSender | None = None
        self.poller: Poller | None = None
        self.scheduler: object | None = None
        self._webhook_runner: web.AppRunner | None = None
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self.stopped = asyncio.Event()

    def handler_config(self, bot: BotInfo) -> HandlerConfig:
        s = self.settings
        return HandlerConfig(
            bot_username=bot.username, timezone=ZoneInfo(s.timezone),
            max_file_bytes=s.max_file_mb * 1024 * 1024, flood_max_updates=s.flood_max_updates,
            flood_window_seconds=s.flood_window_seconds, paid_broadcast=s.paid_broadcast,
            organisation=s.organisation.to_domain(),
            council=s.council.to_domain(s.bot_token.get_secret_value() if s.bot_token else None))

    async def start(self) -> None:
        await self._start()
        # Everything loaded so far (libraries, models, texts) lives as long as the process:
        # keep it out of the garbage collector's full passes, which otherwise pause the loop.
        gc.collect()
        gc.freeze()

    async def _start(self) -> None:
        self.engine, self.session_factory = await prepare_database(self.settings)
        self.bot = await self.gateway.get_me()
        log.info("connected as @%s (%s gateway, %s mode)", self.bot.username,
                 self.gateway.name, self.settings.mode.value)
        self.worker = InboxWorker(
            self.session_factory, build_router(), self.handler_config(self.bot),
            bot_id=self.bot.id, bootstrap_admins=self.settings.admin_ids,
            is_chat_admin=self._is_chat_admin, fetch_file=self.gateway.download_file, clock=self.clock,
            batch_size=self.settings.inbox_batch, idle_seconds=self.idle_seconds)
        self.worker.on_committed = self._messages_queued
        if "sender" in self.roles:
            self.sender = OutboxSender(self.session_factory, self.gateway, self.settings.limits,
                                       paid_broadcast=self.settings.paid_broadcast,
                                       stamp=self.clock, idle_seconds=self.idle_seconds)
        if not is_sqlite(self.settings.database_url):
            self.wakeups = Wakeups(self.engine.url)
            if "worker" in self.roles:
                self.wakeups.listen(INBOX, self.worker.wake)
            if self.sender is not None:
                self.wakeups.listen(OUTBOX, self.sender.wake)
            self.wakeups.start()
        if self.sender is not None:
            await self._leased("sender", self._start_sender, self._stop_sender)
        if "worker" in self.roles:
            self._spawn("worker", self.worker.run())
        if self.with_scheduler:
            await self._leased("scheduler", self._start_scheduler, self._stop_scheduler)
        if self.receive:
            if self.settings.mode == Mode.WEBHOOK:
                await self._start_webhook()
            else:
                await self._leased("poller", self._start_poller, self._stop_poller)

    async def _leased(self, name: str, start: Callable[[], Awaitable[None]],
                      stop: Callable[[], Awaitable[None]]) -> None:
        """Play a single-copy role under a database lease; start at once if the lease is free."""
        assert self.session_factory is not None
        keeper = LeaseKeeper(self.session_factory, name, ttl=self.lease_ttl, clock=utcnow)
        started = asyncio.Event()

        async def start_and_signal() -> None:
            await start()
            started.set()

        self._spawn(f"lease:{name}", keeper.run_while_held(start_and_signal, stop, self._stopping))
        with contextlib.suppress(TimeoutError):
            # Usually immediate; a lease left by a killed process is free after its TTL.
            await asyncio.wait_for(started.wait(), 1.0)
        if not started.is_set():
            log.info("another process holds the %s lease; this one waits to take over", name)

    async def _start_sender(self) -> None:
        assert self.sender is not None
        self._spawn("sender", self.sender.run())

    async def _stop_sender(self) -> None:
        if self.sender is not None:
            self.sender.stop()
            await self._join("sender")

    async def _start_poller(self) -> None:
        assert self.session_factory is not None and self.worker is not None
        await self.gateway.delete_webhook()
        self.poller = Poller(self.gateway, self.session_factory, on_stored=self._updates_stored,
                             timeout=self.settings.poll_timeout)
        self._spawn("poller", self.poller.run())
        await self.poller.first_poll.wait()

    async def _stop_poller(self) -> None:
        if self.poller is not None:
            self.poller.stop()
            poll = self._tasks.pop("poller", None)
            if poll is not None:
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await poll

    async def _start_scheduler(self) -> None:
        try:
            from scheduler import build_scheduler
        except ImportError:  # the scheduler package has no jobs yet
            return
        assert self.session_factory is not None
        handle = build_scheduler(self.session_factory, clock=self.clock,
                                 on_change=self._messages_queued)
        handle.start()
        self.scheduler = handle

    async def _stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()  # type: ignore[attr-defined]
            self.scheduler = None

    async def _start_webhook(self) -> None:
        assert self.session_factory is not None and self.worker is not None
        hook = self.settings.webhook
        secret = (hook.secret_token.get_secret_value() if hook.secret_token
                  else derived_secret(self.settings.token()))
        app = make_webhook_app(self.session_factory, path=hook.path, secret=secret,
                               on_stored=self._updates_stored)
        self._webhook_runner = web.AppRunner(app, access_log=None)
        await self._webhook_runner.setup()
        await web.TCPSite(self._webhook_runner, hook.listen_host, hook.listen_port).start()
        assert hook.public_url is not None
        await self.gateway.set_webhook(hook.public_url, secret)
        log.info("webhook listening on %s:%s%s", hook.listen_host, hook.listen_port, hook.path)

    def _updates_stored(self) -> None:
        if "worker" in self.roles and self.worker is not None:
            self.worker.wake()
        elif self.wakeups is not None:
            self.wakeups.notify(INBOX)

    def _messages_queued(self) -> None:
        if "sender" in self._tasks and self.sender is not None:  # we hold the sender lease
            self.sender.wake()
        elif self.wakeups is not None:
            self.wakeups.notify(OUTBOX)

    async def _is_chat_admin(self, chat_id: int, user_id: int) -> bool:
        try:
            status = await self.gateway.get_chat_member_status(chat_id, user_id)
        except GatewayError:
            return False
        return status in ("creator", "administrator")

    def _spawn(self, name: str, coro: object) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coro, name=name)  # type: ignore[arg-type]
        task.add_done_callback(self._on_task_done)
        self._tasks[name] = task

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        log.error("%s stopped with an error: %r", task.get_name(), task.exception())
        self.stopped.set()

    async def stop(self) -> None:
        """Stop taking updates, finish what is in hand, send what was produced, then close."""
        await self._stop_poller()
        if self._webhook_runner is not None:
            await self._webhook_runner.cleanup()
        if self.worker is not None:
            self.worker.stop()
            await self._join("worker")
        # The leased roles (poller, scheduler, sender) stop and give their leases back.
        self._stopping.set()
        for name in [n for n in self._tasks if n.startswith("lease:")]:
            await self._join(name, timeout=60.0)
        if self.wakeups is not None:
            await self.wakeups.stop()
        await self.gateway.close()
        if self.engine is not None:
            await self.engine.dispose()
        self.stopped.set()

    async def _join(self, name: str, timeout: float = 30.0) -> None:
        task = self._tasks.pop(name, None)
        if task is None:
            return
        try:
            await asyncio.wait_for(task, timeout)
        except (TimeoutError, Exception):
            log.warning("%s did not stop cleanly", name)

    async def run_until_signal(self) -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await self.start()
        waiter = asyncio.create_task(stop.wait())
        crashed = asyncio.create_task(self.stopped.wait())
        await asyncio.wait({waiter, crashed}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        crashed.cancel()
        log.info("stopping: finishing in-flight work")
        await self.stop()
