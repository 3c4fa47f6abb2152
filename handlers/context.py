"""What a handler gets besides the incoming update: the session, the member, texts and replies.

Replies are outbox rows in the handler's own transaction; nothing here talks to Telegram.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.chat import Incoming, Keyboard, keyboard_to_json
from handlers.flow import Flow
from handlers.i18n import Translator, use_organisation
from models import Language, Member, OutboxMessage, OutboxMethod, Priority
from models.base import utcnow
from services import audit, outbox
from services.awards.ballot import DEFAULT_RULES, CouncilRules
from services.organisation import DEFAULT_ORGANISATION, Organisation

ChatAdminCheck = Callable[[int, int], Awaitable[bool]]
# (file_id, max_bytes) → the file's bytes, fetched from Telegram by the runtime.
FileFetch = Callable[[str, int], Awaitable[bytes]]


async def _nobody_is_chat_admin(chat_id: int, user_id: int) -> bool:
    return False


async def _no_file_fetch(file_id: str, max_bytes: int) -> bytes:
    raise LookupError("no gateway to fetch files from")


def answer_key(update_id: int) -> str:
    """The outbox key of the one answer to a pressed button: one per stored update."""
    return f"answer:{update_id}"


@dataclass(slots=True)
class HandlerConfig:
    """Settings the handlers need, copied from the runtime's settings (handlers never read env)."""

    bot_username: str = "thidua_bot"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    max_file_bytes: int = 20 * 1024 * 1024
    max_text_chars: int = 3000
    page_size: int = 10
    invite_ttl_days: int = 7
    flood_max_updates: int = 20
    flood_window_seconds: float = 10.0
    paid_broadcast: bool = False
    organisation: Organisation = DEFAULT_ORGANISATION
    council: CouncilRules = DEFAULT_RULES


class Context:
    """Everything a handler may touch for one update."""

    def __init__(
        self,
        *,
        msg: Incoming,
        session: AsyncSession,
        member: Member | None,
        flow: Flow,
        config: HandlerConfig,
        is_chat_admin: ChatAdminCheck = _nobody_is_chat_admin,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.msg = msg
        self.fetch_file: FileFetch = _no_file_fetch  # the runtime sets the gateway's
        self.session = session
        self.member = member
        self.flow = flow
        self.config = config
        use_organisation(config.organisation)
        self.is_chat_admin = is_chat_admin
        self.clock = clock
        self.t = Translator(member.language if member else Language.VI)
        self.answered = False  # the pressed button's answer is queued

    @property
    def lang(self) -> Language:
        return self.t.language

    def now(self) -> datetime:
        return self.clock()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.config.timezone)

    def use_language(self, language: Language) -> None:
        self.t = Translator(language)

    async def reply(self, text: str, keyboard: Keyboard | None = None) -> OutboxMessage | None:
        """A new message in the chat the update came from."""
        return await self.send(self.msg.chat_id, text, keyboard)

    async def send(
        self,
        chat_id: int,
        text: str,
        keyboard: Keyboard | None = None,
        *,
        priority: int = Priority.REPLY,
        dedupe_key: str | None = None,
        ref: str | None = None,
    ) -> OutboxMessage | None:
        return await outbox.enqueue(
            self.session,
            chat_id,
            OutboxMethod.SEND_MESSAGE,
            {"text": text, "keyboard": keyboard_to_json(keyboard)},
            priority=priority,
            dedupe_key=dedupe_key,
            ref=ref,
            source_update_id=self.msg.update_id,
        )

    async def edit(self, text: str, keyboard: Keyboard | None = None) -> None:
        """Replace the message whose button was pressed (or reply, if there is none)."""
        if self.msg.message_id is None or self.msg.callback_id is None:
            await self.reply(text, keyboard)
            return
        await outbox.enqueue(
            self.session,
            self.msg.chat_id,
            OutboxMethod.EDIT_MESSAGE_TEXT,
            {"message_id": self.msg.message_id, "text": text,
             "keyboard": keyboard_to_json(keyboard)},
            source_update_id=self.msg.update_id,
        )

    async def edit_keyboard(self, keyboard: Keyboard | None) -> None:
        if self.msg.message_id is None:
            return
        await outbox.enqueue(
            self.session,
            self.msg.chat_id,
            OutboxMethod.EDIT_MESSAGE_KEYBOARD,
            {"message_id": self.msg.message_id, "keyboard": keyboard_to_json(keyboard)},
            source_update_id=self.msg.update_id,
        )

    async def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer the pressed button (stops its spinner); a no-op for plain messages."""
        if self.msg.callback_id is None or self.answered:
            return
        # Only the first answer counts (Telegram takes one). The key names the update, which the
        # inbox stores once, and this context is its only writer: no look-up in the outbox is
        # needed (a vote answers one round trip sooner). Not the query's id: a client may send
        # the same id twice, and the second press must still be handled, not fail on the key.
        self.answered = True
        await outbox.enqueue(
            self.session,
            self.msg.chat_id,
            OutboxMethod.ANSWER_CALLBACK,
            {"callback_query_id": self.msg.callback_id, "text": text, "show_alert": alert or None},
            dedupe_key=answer_key(self.msg.update_id),
            known_new=True,
            source_update_id=self.msg.update_id,
        )

    async def audit(self, action: str, target: str | None = None, *, outcome: str = "ok",
                    **details: Any) -> None:
        await audit.record(self.session, actor=self.msg.user_id, action=action, target=target,
                           outcome=outcome, **details)
