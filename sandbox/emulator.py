"""The emulator: a simulated Telegram served over HTTP as the Bot API, with the test API.

Its parts: :class:`~sandbox.simulation.Simulation` (the world and the rules the methods share, the
base class), :class:`~sandbox.population.Population` (new people and groups),
:class:`~sandbox.dispatch.Dispatcher` (the request pipeline) and
:class:`~sandbox.recorder.CallRecord` (every request, for assertions).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from aiohttp import web

from .calls import Call
from .dispatch import Answer, Dispatcher
from .errors import SandboxError
from .faults import Faults
from .limits import Limits, RateLimiter
from .people import Group, User
from .population import Population
from .recorder import CallRecord
from .simulation import Simulation
from .spec import Spec, Upload, load_spec
from .webhook import Webhook
from .world import Chat, Message

__all__ = ["DEFAULT_TOKEN", "Emulator"]

DEFAULT_TOKEN = "7000000001:AAEmulatorTokenForTheThiDuaSandbox01"


class Emulator(Simulation):
    """A Telegram Bot API emulator with simulated users and groups.

    >>> emu = Emulator(limits=Limits(enabled=False))
    >>> await emu.start()
    >>> alice = emu.add_user("Nguyễn Thị An", username="an_nt")
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "thidua_bot",
        bot_name: str = "ThiDua Bot",
        *,
        limits: Limits | None = None,
        privacy_mode: bool = True,
        strict_html_entities: bool = True,
        callback_ttl: float | None = 60.0,
        webhook_retry_delay: float = 0.1,
        webhook_retry_max: float = 2.0,
        webhook_timeout: float = 10.0,
        webhook_require_https: bool = False,
        timeout_fault_delay: float = 5.0,
        faults_seed: int = 0,
        record_calls: bool = True,
        max_long_poll: float = 50.0,
        clock: Callable[[], float] = time.time,
        spec: Spec | None = None,
    ) -> None:
        super().__init__(
            token,
            bot_username,
            bot_name,
            limits=limits,
            privacy_mode=privacy_mode,
            strict_html_entities=strict_html_entities,
            callback_ttl=callback_ttl,
            clock=clock,
        )
        self.spec = spec or load_spec()
        self.webhook_require_https = webhook_require_https
        self.max_long_poll = max_long_poll
        self.faults = Faults(seed=faults_seed, default_delay=timeout_fault_delay)
        # The file parts of the request being handled, for media named by "attach://<part>".
        self.current_uploads: dict[str, Upload] = {}
        self.webhook = Webhook(
            self.updates,
            retry_delay=webhook_retry_delay,
            retry_max=webhook_retry_max,
            timeout=webhook_timeout,
            execute=self._execute_webhook_reply,
        )
        self.population = Population(self)
        self.dispatcher = Dispatcher(self)
        self.record = CallRecord(keep=record_calls)
        # server
        self.base_url = ""
        self.running = False
        self._runner: web.AppRunner | None = None

    # ==========================================================================================
    # lifecycle
    # ==========================================================================================
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve the Bot API on ``host:port`` (0 = a free port); returns :attr:`base_url`."""
        from .server import make_app

        app = make_app(self)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=1024)
        await site.start()
        server = site._server
        assert server is not None
        sock_port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.base_url = f"http://{host}:{sock_port}"
        self.running = True
        self.dispatcher.stopping.clear()
        return self.base_url

    async def stop(self) -> None:
        self.running = False
        self.dispatcher.stopping.set()
        self.updates.wake_poller()
        await self.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        if not self.running:
            await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """``{base_url}/bot{token}``: append ``/getMe`` etc."""
        return f"{self.base_url}/bot{self.token}"

    @property
    def file_url(self) -> str:
        return f"{self.base_url}/file/bot{self.token}"

    # ==========================================================================================
    # people and groups
    # ==========================================================================================
    def add_user(
        self,
        name: str,
        username: str | None = None,
        language_code: str | None = "vi",
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
        started: bool = False,
    ) -> User:
        """A new user. ``name`` is split at its last space into first and last name (``"Nguyễn
        Thị An"`` → ``"Nguyễn Thị"`` + ``"An"``), so that ``first + " " + last`` is the name.
        Until the user writes to the bot (or ``started=True``), the bot can't message them."""
        return self.population.add_user(
            name, username, language_code,
            first_name=first_name, last_name=last_name, user_id=user_id, started=started,
        )

    def add_group(
        self,
        title: str,
        members: Iterable[User] = (),
        admins: Iterable[User] = (),
        *,
        supergroup: bool = False,
        creator: User | None = None,
        bot_member: bool = True,
        bot_admin: bool = False,
        username: str | None = None,
        chat_id: int | None = None,
    ) -> Group:
        """A group with the bot already in it (no update), unless ``bot_member=False``.
        The creator is ``creator`` or the first admin or the first member."""
        return self.population.add_group(
            title, members, admins,
            supergroup=supergroup, creator=creator, bot_member=bot_member, bot_admin=bot_admin,
            username=username, chat_id=chat_id,
        )

    def user(self, user_id: int) -> User:
        return self.users[user_id]

    def group(self, chat_id: int) -> Group:
        return self.groups[chat_id]

    def chat(self, chat_id: int) -> Chat:
        return self.chats[chat_id]

    def inject_text(self, user: User, text: str, chat: Group | int | None = None) -> int | None:
        """Cheap, synchronous: the user writes ``text``; returns the update_id (for benchmarks)."""
        return user.post(chat, plain_text=text)

    def upgrade_chat(self, old: Chat, by: User) -> Chat:
        return self.population.upgrade_chat(old, by)

    # ==========================================================================================
    # requests
    # ==========================================================================================
    async def call(
        self, method: str, raw: dict[str, Any], uploads: dict[str, Upload] | None = None
    ) -> Answer:
        """Run one Bot API request; returns (HTTP status, JSON body, fault applied)."""
        return await self.dispatcher.call(method, raw, uploads)

    def record_unauthorized(self, method: str) -> dict[str, Any]:
        return self.dispatcher.unauthorized(method)

    async def _execute_webhook_reply(self, reply: dict[str, Any]) -> None:
        # through self.call, so that a subclass that watches calls sees these too
        params = {k: v for k, v in reply.items() if k != "method"}
        await self.call(reply["method"], params)

    # ==========================================================================================
    # assertions and waiting
    # ==========================================================================================
    @property
    def calls(self) -> list[Call]:
        return self.record.calls

    @property
    def stats(self) -> Counter[tuple[str, str]]:
        return self.record.stats

    @property
    def record_calls(self) -> bool:
        return self.record.keep

    @record_calls.setter
    def record_calls(self, keep: bool) -> None:
        self.record.keep = keep

    def unexpected_rejections(self, *, ignore: Iterable[str] = ()) -> list[Call]:
        """Failed calls the test did not provoke: not faults, not rate limits, not 403s from a
        block/kick/never-started user, not migrations. ``ignore``: kinds to leave out too
        (e.g. ``{"conflict"}``)."""
        return self.record.unexpected_rejections(ignore=ignore)

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        return self.record.calls_to(method, ok=ok)

    def count(self, method: str | None = None, kind: str | None = "ok") -> int:
        """How many calls (of ``method``, of ``kind``; None = any) were made (from :attr:`stats`,
        so it works with ``record_calls=False`` too)."""
        return self.record.count(method, kind)

    def rejected(self, kind: str | None = None) -> list[Call]:
        return self.record.rejected(kind)

    def commands_for(
        self,
        chat_id: int | None = None,
        language_code: str | None = None,
        user_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """The command list a user would see, resolved like Telegram: the most specific scope
        first (chat member, chat administrators, chat, all chat administrators / all private or
        group chats, default), within each the user's language before no language."""
        scopes: list[tuple[str, int | None, int | None]] = []
        if chat_id is not None:
            chat = self.chats.get(chat_id)
            if chat is None:
                raise SandboxError(f"no chat {chat_id}")
            if chat.is_group:
                uid = user_id
                admin = uid is not None and chat.member_status.get(uid) in ("creator", "administrator")
                if uid is not None:
                    scopes.append(("chat_member", chat.id, uid))
                if admin:
                    scopes.append(("chat_administrators", chat.id, None))
                scopes.append(("chat", chat.id, None))
                if admin:
                    scopes.append(("all_chat_administrators", None, None))
                scopes.append(("all_group_chats", None, None))
            else:
                scopes.append(("chat", chat.id, None))
                scopes.append(("all_private_chats", None, None))
        scopes.append(("default", None, None))
        langs = [language_code, ""] if language_code else [""]
        for scope in scopes:
            for lang in langs:
                cmds = self.commands.get((scope, lang))
                if cmds:
                    return list(cmds)
        return []

    async def drain(self, timeout: float = 5.0) -> bool:
        """Wait until the bot has taken every pending update (confirmed by a later getUpdates
        offset, or accepted by the webhook); False on timeout."""
        return await self.updates.drained(timeout)

    @property
    def pending_updates(self) -> int:
        return len(self.updates)

    def webhook_info(self) -> dict[str, Any]:
        return self.webhook.info(self.updates.allowed_given)

    def describe_chat(self, chat: Chat, last: int = 8) -> str:
        """A readable summary of a chat's last messages and the recent failed calls (for
        assertion messages)."""
        lines = [f"  {chat!r}, bot status {chat.bot_status}; last messages:"]
        msgs = list(chat.messages.values())[-last:]
        if not msgs:
            lines.append("    (none)")
        for m in msgs:
            who = "bot" if m.from_bot else (m.sender or {}).get("first_name", "?")
            lines.append(f"    {who}: {m!r}")
        failed = self.record.rejected()[-last:]
        if failed:
            lines.append("  recent failed calls:")
            lines.extend(f"    {c!r}" for c in failed)
        return "\n".join(lines)

    def reset_limits(self) -> None:
        self.limiter.reset()

    def set_limits(self, limits: Limits) -> None:
        self.limits = limits
        self.limiter = RateLimiter(limits)

    def messages(self, chat_id: int) -> Sequence[Message]:
        """The bot's messages in a chat (deleted ones included, flagged)."""
        return list(self.chats[chat_id].bot_messages)
