"""The emulator: the simulated world, the request pipeline and the test API, in one object.

Every request goes: token → method exists (404) → spec check (400) → fault (if one is switched
on) → the method's own checks (chat, 403, migration, content, flood limits) → the action. Every
request is recorded in :attr:`Emulator.calls`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from aiohttp import web

from .calls import Call, CallbackQuery
from .errors import PROVOKED_KINDS, ApiError, SandboxError, bad_request, forbidden, too_many_requests
from .faults import Fault, Faults
from .limits import Limits, RateLimiter
from .methods import HANDLERS
from .methods.chats import chat_member
from .people import Group, User
from .spec import Spec, Upload, load_spec
from .updates import UpdateQueue
from .webhook import Webhook
from .world import Chat, FileRecord, Message

__all__ = ["DEFAULT_TOKEN", "Emulator"]

log = logging.getLogger("sandbox")

SUPERGROUP_BASE = 1_001_800_000_000  # supergroup ids are -(SUPERGROUP_BASE + n)
DEFAULT_TOKEN = "7000000001:AAEmulatorTokenForTheThiDuaSandbox01"
_EXPIRED = "query is too old and response timeout expired or query ID is invalid"
_FAULT_ERRORS = {
    "500": (500, "Internal Server Error"),
    "502": (502, "Bad Gateway"),
}


class Emulator:
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
        head = token.split(":", 1)[0]
        if not head.isdigit() or ":" not in token:
            raise ValueError("a bot token looks like '123456:ABC...'")
        self.token = token
        self.bot_id = int(head)
        self.bot_username = bot_username
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.spec = spec or load_spec()
        self.limits = limits if limits is not None else Limits()
        self.limiter = RateLimiter(self.limits)
        self.privacy_mode = privacy_mode
        self.strict_html_entities = strict_html_entities
        self.callback_ttl = callback_ttl
        self.webhook_require_https = webhook_require_https
        self.record_calls = record_calls
        self.max_long_poll = max_long_poll
        self.clock = clock
        self.faults = Faults(seed=faults_seed, default_delay=timeout_fault_delay)
        # The file parts of the request being handled, for media named by "attach://<part>".
        self.current_uploads: dict[str, Upload] = {}
        self.updates = UpdateQueue()
        self.webhook = Webhook(
            self.updates,
            retry_delay=webhook_retry_delay,
            retry_max=webhook_retry_max,
            timeout=webhook_timeout,
            execute=self._execute_webhook_reply,
        )
        # the world
        self.users: dict[int, User] = {}
        self.groups: dict[int, Group] = {}
        self.chats: dict[int, Chat] = {}
        self._usernames: dict[str, Chat] = {}
        self.files: dict[str, FileRecord] = {}
        self.files_by_path: dict[str, FileRecord] = {}
        self._photo_sets: dict[str, list[dict[str, Any]]] = {}
        self.commands: dict[tuple[tuple[str, int | None, int | None], str], list[dict[str, Any]]] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.answered_callbacks: list[CallbackQuery] = []
        # the record
        self.calls: list[Call] = []
        self.stats: Counter[tuple[str, str]] = Counter()
        self.sent_messages = 0
        # ids
        self._user_ids = itertools.count(6_000_000_001)
        self._group_ids = itertools.count(4_100_000_001)
        self._supergroup_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        # server
        self.base_url = ""
        self.running = False
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

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
        self._stopping.clear()
        return self.base_url

    async def stop(self) -> None:
        self.running = False
        self._stopping.set()
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
    # the world: people and groups
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
        if first_name is None:
            first_name, _, last = name.strip().rpartition(" ")
            if not first_name:
                first_name, last = last, ""
            last_name = last_name if last_name is not None else (last or None)
        uid = user_id if user_id is not None else next(self._user_ids)
        if uid in self.users or uid <= 0:
            raise SandboxError(f"user id {uid} is taken or not positive")
        user = User(self, uid, first_name, last_name, username, language_code)
        user.chat.started = started
        self.users[uid] = user
        self.chats[uid] = user.chat
        if username:
            self._usernames[username.lower()] = user.chat
        return user

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
        members, admins = list(members), list(admins)
        if chat_id is None:
            chat_id = self._new_supergroup_id() if supergroup else -next(self._group_ids)
        chat = Chat(chat_id, "supergroup" if supergroup else "group", title=title, username=username)
        everyone = [*admins, *members] + ([creator] if creator else [])
        for u in everyone:
            chat.member_status[u.id] = "member"
        for u in admins:
            chat.member_status[u.id] = "administrator"
        owner = creator or (admins[0] if admins else members[0] if members else None)
        if owner is not None:
            chat.member_status[owner.id] = "creator"
        chat.bot_status = ("administrator" if bot_admin else "member") if bot_member else "left"
        self.chats[chat_id] = chat
        if username:
            self._usernames[username.lower()] = chat
        group = Group(self, chat)
        self.groups[chat_id] = group
        return group

    def user(self, user_id: int) -> User:
        return self.users[user_id]

    def group(self, chat_id: int) -> Group:
        return self.groups[chat_id]

    def chat(self, chat_id: int) -> Chat:
        return self.chats[chat_id]

    def inject_text(self, user: User, text: str, chat: Group | int | None = None) -> int | None:
        """Cheap, synchronous: the user writes ``text``; returns the update_id (for benchmarks)."""
        return user.post(chat, plain_text=text)

    def _new_supergroup_id(self) -> int:
        return -(SUPERGROUP_BASE + next(self._supergroup_ids))

    def upgrade_chat(self, old: Chat, by: User) -> Chat:
        new = Chat(self._new_supergroup_id(), "supergroup", title=old.title, username=old.username)
        new.member_status = dict(old.member_status)
        new.bot_status = old.bot_status
        new.migrated_from = old.id
        old.migrated_to = new.id
        self.chats[new.id] = new
        self.groups[new.id] = self.groups[old.id]
        if old.username:
            self._usernames[old.username.lower()] = new
        now = self.now()
        m_old = Message(old, old.new_message_id(), now, by.api, False, service={"migrate_to_chat_id": new.id})
        m_new = Message(
            new, new.new_message_id(), now, by.api, False, service={"migrate_from_chat_id": old.id}
        )
        old.add(m_old)
        new.add(m_new)
        if self.bot_in(old):
            self.updates.push("message", m_old.to_api(), old.id)
            self.updates.push("message", m_new.to_api(), new.id)
        return new

    # ==========================================================================================
    # helpers for the methods
    # ==========================================================================================
    def now(self) -> int:
        return int(self.clock())

    def bot_in(self, chat: Chat) -> bool:
        return chat.bot_status in ("member", "administrator")

    def bot_sees(self, chat: Chat, msg: Message) -> bool:
        """Whether the bot gets a group message (privacy mode: commands, replies, mentions)."""
        if not self.bot_in(chat):
            return False
        if not self.privacy_mode or chat.bot_status == "administrator" or msg.service:
            return True
        text = msg.plain_text or msg.caption or ""
        if text.startswith("/"):
            first = text.split(maxsplit=1)[0]
            if "@" in first:
                return first.split("@", 1)[1].lower() == self.bot_username.lower()
            return True
        if msg.reply_to is not None and msg.reply_to.from_bot:
            return True
        return f"@{self.bot_username.lower()}" in text.lower()

    def resolve_chat(self, chat_id: int | str, *, send: bool = False) -> Chat:
        """The chat named by ``chat_id``; with ``send``, also 403 if the bot can't write there."""
        if isinstance(chat_id, int):
            chat = self.chats.get(chat_id)
        elif chat_id.startswith("@"):
            # @username names public groups and channels, not people
            chat = self._usernames.get(chat_id[1:].lower())
            if chat is not None and chat.type == "private":
                chat = None
        else:
            chat = None
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                kind="migrated",
                migrate_to_chat_id=chat.migrated_to,
            )
        if send:
            status = chat.bot_status
            if chat.type == "private":
                if status == "kicked":
                    raise forbidden("bot was blocked by the user")
                if not chat.started:
                    raise forbidden("bot can't initiate conversation with a user")
            elif status == "kicked":
                raise forbidden(f"bot was kicked from the {chat.type} chat")
            elif status == "left":
                raise forbidden(f"bot is not a member of the {chat.type} chat")
        return chat

    def take_send_slot(self, chat: Chat, p: dict[str, Any]) -> None:
        """The flood limits: 429 with retry_after when a send would exceed them."""
        if self.limits.enabled:
            wait = self.limiter.check(chat.id, chat.is_group, bool(p.get("allow_paid_broadcast")))
            if wait:
                raise too_many_requests(wait)

    def bot_message(self, chat: Chat, **fields: Any) -> Message:
        msg = Message(chat, chat.new_message_id(), self.now(), self.bot_user, True, **fields)
        chat.add(msg)
        self.sent_messages += 1
        return msg

    def add_file(self, rec: FileRecord) -> FileRecord:
        self.files[rec.file_id] = rec
        self.files_by_path[rec.file_path] = rec
        return rec

    def photo_sizes(self, rec: FileRecord) -> list[dict[str, Any]]:
        """The PhotoSize list of a photo (a thumbnail and the photo itself)."""
        sizes = self._photo_sets.get(rec.file_id)
        if sizes is None:
            w, h = rec.width or 1280, rec.height or 960
            scale = 320 / max(w, h)
            thumb = self.add_file(
                FileRecord(
                    kind="photo",
                    size=max(rec.size // 12, 1),
                    width=max(int(w * scale), 1),
                    height=max(int(h * scale), 1),
                )
            )
            sizes = [thumb.photo_size(), rec.photo_size()]
            self._photo_sets[rec.file_id] = sizes
            self._photo_sets[thumb.file_id] = sizes
        return sizes

    def sticker_object(self, rec: FileRecord, emoji: str | None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "file_id": rec.file_id,
            "file_unique_id": rec.file_unique_id,
            "type": "regular",
            "width": rec.width or 512,
            "height": rec.height or 512,
            "is_animated": False,
            "is_video": False,
            "file_size": rec.size,
        }
        if emoji:
            d["emoji"] = emoji
        return d

    def push_my_chat_member(self, chat: Chat, by: dict[str, Any], old: str, new: str) -> int | None:
        payload = {
            "chat": chat.api,
            "from": by,
            "date": self.now(),
            "old_chat_member": chat_member(self.bot_user, old),
            "new_chat_member": chat_member(self.bot_user, new),
        }
        return self.updates.push("my_chat_member", payload, chat.id)

    def push_chat_member(
        self, chat: Chat, by: dict[str, Any], user: dict[str, Any], old: str, new: str
    ) -> int | None:
        if chat.bot_status != "administrator":
            return None  # only administrators get chat_member updates
        payload = {
            "chat": chat.api,
            "from": by,
            "date": self.now(),
            "old_chat_member": chat_member(user, old),
            "new_chat_member": chat_member(user, new),
        }
        return self.updates.push("chat_member", payload, chat.id)

    def new_callback_query(self, user: User, msg: Message, data: str) -> str:
        qid = str(next(self._query_ids))
        self.callbacks[qid] = CallbackQuery(qid, user.id, msg.chat.id, msg.message_id, data, time.monotonic())
        payload = {
            "id": qid,
            "from": user.api,
            "message": msg.to_api(),
            "chat_instance": str((msg.chat.id * 2654435761) % 10**19),
            "data": data,
        }
        self.updates.push("callback_query", payload, msg.chat.id)
        return qid

    def answer_callback(self, query_id: str, p: dict[str, Any]) -> None:
        rec = self.callbacks.get(query_id)
        if rec is None or rec.answer is not None:
            raise bad_request(_EXPIRED)
        if self.callback_ttl is not None and time.monotonic() - rec.created > self.callback_ttl:
            raise bad_request(_EXPIRED)
        rec.answer = {k: p[k] for k in ("text", "show_alert", "url", "cache_time") if k in p}
        rec.answered_at = time.monotonic()
        self.answered_callbacks.append(rec)

    # ==========================================================================================
    # the request pipeline
    # ==========================================================================================
    async def call(
        self, method: str, raw: dict[str, Any], uploads: dict[str, Upload] | None = None
    ) -> tuple[int, dict[str, Any], Fault | None]:
        """Run one Bot API request; returns (HTTP status, JSON body, fault applied)."""
        t0 = time.monotonic()
        mspec = self.spec.method(method)
        if mspec is None:
            return self._fail(method, raw, t0, ApiError(404, "Not Found", kind="unknown_method"))
        name = mspec.name
        try:
            params = self.spec.check_request(mspec, raw, uploads or {})
        except ApiError as e:
            return self._fail(name, raw, t0, e)
        lname = name.lower()
        handler = HANDLERS.get(lname)
        if handler is None:
            if mspec.returns == ("Boolean",):
                self._record(name, params, t0, result=True, kind="unimplemented")
                return 200, {"ok": True, "result": True}, None
            text = f'method "{name}" is not supported by the emulator'
            return self._fail(name, params, t0, bad_request(text, kind="unsupported"))
        fault = self.faults.pick(lname, params.get("chat_id")) if self.faults else None
        if fault is not None and fault.kind != "timeout":
            if fault.kind == "429":
                error = too_many_requests(fault.retry_after, kind="fault")
            elif fault.kind == "drop":
                error = ApiError(0, "connection dropped", kind="fault")
            else:
                code, text = _FAULT_ERRORS[fault.kind]
                error = ApiError(code, text, kind="fault")
            return self._fail(name, params, t0, error, fault)
        self.current_uploads = uploads or {}
        try:
            result = handler(self, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as e:
            return self._fail(name, params, t0, e)
        except Exception as exc:  # a bug in the emulator: make it loud
            log.exception("emulator error in %s", name)
            text = f"Internal Server Error: emulator bug: {exc!r}"
            return self._fail(name, params, t0, ApiError(500, text, kind="emulator_error"))
        if fault is not None:  # timeout: done, but the answer comes too late
            self._record(name, params, t0, result=result, kind="fault", fault="timeout")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), fault.delay)
            return 200, {"ok": True, "result": result}, fault
        self._record(name, params, t0, result=result)
        return 200, {"ok": True, "result": result}, None

    def _fail(
        self,
        method: str,
        params: dict[str, Any],
        t0: float,
        error: ApiError,
        fault: Fault | None = None,
    ) -> tuple[int, dict[str, Any], Fault | None]:
        self._record(method, params, t0, error=error, fault=fault.kind if fault else None)
        return error.code, error.payload(), fault

    def record_unauthorized(self, method: str) -> dict[str, Any]:
        err = ApiError(401, "Unauthorized", kind="unauthorized")
        self._record(method, {}, time.monotonic(), error=err)
        return err.payload()

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        t0: float,
        *,
        error: ApiError | None = None,
        result: Any = None,
        kind: str = "ok",
        fault: str | None = None,
    ) -> None:
        if error is not None:
            kind = error.kind
        self.stats[(method, kind)] += 1
        if error is None and not self.record_calls:
            return
        if error is None:
            call = Call(
                method,
                params,
                True,
                kind,
                provoked=kind == "fault",
                result=result,
                fault=fault,
                time=t0,
                duration=time.monotonic() - t0,
            )
        else:
            call = Call(
                method,
                params,
                False,
                kind,
                provoked=kind in PROVOKED_KINDS,
                error_code=error.code,
                description=error.description,
                parameters=error.parameters,
                fault=fault,
                time=t0,
                duration=time.monotonic() - t0,
            )
        self.calls.append(call)

    async def _execute_webhook_reply(self, reply: dict[str, Any]) -> None:
        params = {k: v for k, v in reply.items() if k != "method"}
        await self.call(reply["method"], params)

    # ==========================================================================================
    # assertions and waiting
    # ==========================================================================================
    def unexpected_rejections(self, *, ignore: Iterable[str] = ()) -> list[Call]:
        """Failed calls the test did not provoke: not faults, not rate limits, not 403s from a
        block/kick/never-started user, not migrations. ``ignore``: kinds to leave out too
        (e.g. ``{"conflict"}``)."""
        skip = set(ignore)
        return [c for c in self.calls if not c.ok and not c.provoked and c.kind not in skip]

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        lname = method.lower()
        return [c for c in self.calls if c.method.lower() == lname and (ok is None or c.ok == ok)]

    def count(self, method: str | None = None, kind: str | None = "ok") -> int:
        """How many calls (of ``method``, of ``kind``; None = any) were made (from :attr:`stats`,
        so it works with ``record_calls=False`` too)."""
        lname = method.lower() if method else None
        return sum(
            n
            for (m, k), n in self.stats.items()
            if (lname is None or m.lower() == lname) and (kind is None or k == kind)
        )

    def rejected(self, kind: str | None = None) -> list[Call]:
        return [c for c in self.calls if not c.ok and (kind is None or c.kind == kind)]

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
        failed = [c for c in self.calls if not c.ok][-last:]
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
