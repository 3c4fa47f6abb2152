"""Drive the real inbox worker with hand-built Telegram updates, without HTTP.

The worker is the runtime's own (savepoints, refusals audited as "denied", error texts), so what
these tests see is what a person would see; only the gateway and the emulator are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.inbox import InboxWorker, store_updates
from handlers.context import HandlerConfig
from handlers.root import build_router
from models import (
    AuditEntry,
    Language,
    Member,
    OutboxMessage,
    OutboxMethod,
    Role,
    SessionFactory,
    Unit,
    UnitField,
)
from services.units import search_key

BOT_ID = 999_000_001
BOT_USERNAME = "thidua_test_bot"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Out:
    """What one update made the bot do."""

    rows: list[OutboxMessage] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [r.payload.get("text", "") for r in self.rows
                if r.method in (OutboxMethod.SEND_MESSAGE, OutboxMethod.EDIT_MESSAGE_TEXT,
                                OutboxMethod.ANSWER_CALLBACK)]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def buttons(self) -> list[tuple[str, str]]:
        out = []
        for r in self.rows:
            for row in r.payload.get("keyboard") or []:
                for b in row:
                    out.append((b["text"], b.get("callback_data") or b.get("url") or ""))
        return out

    def data_for(self, label_part: str) -> str:
        for text, data in self.buttons():
            if label_part in text:
                return data
        raise AssertionError(f"no button with {label_part!r} in {self.buttons()}")

    def to(self, chat_id: int) -> list[OutboxMessage]:
        return [r for r in self.rows if r.chat_id == chat_id]


class Harness:
    def __init__(self, session_factory: SessionFactory, **config: Any) -> None:
        self.sf = session_factory
        self.clock = Clock()
        self.config = HandlerConfig(bot_username=BOT_USERNAME, **config)
        self.chat_admins: set[tuple[int, int]] = set()
        self.worker = InboxWorker(session_factory, build_router(), self.config, bot_id=BOT_ID,
                                  is_chat_admin=self._is_chat_admin, clock=self.clock)
        self._update_id = 10_000
        self._next_user = 500_000
        self._names: dict[int, str] = {}
        self._usernames: dict[int, str] = {}

    async def _is_chat_admin(self, chat_id: int, user_id: int) -> bool:
        return (chat_id, user_id) in self.chat_admins

    # -- people and units --------------------------------------------------------------------
    async def unit(self, code: str, name: str | None = None, fields: tuple[str, ...] = ()) -> Unit:
        async with self.sf() as session, session.begin():
            unit = (await session.exec(select(Unit).where(Unit.code == code))).first()
            if unit is None:
                name = name or f"Đơn vị {code}"
                unit = Unit(code=code, name=name, search_key=search_key(name, code))
                session.add(unit)
                await session.flush()
                for f in fields:
                    session.add(UnitField(unit_id=unit.id or 0, field_code=f))
            return unit

    async def person(self, name: str, role: Role = Role.STRANGER, *, unit: str | None = None,
                     field: str | None = None, language: str = "vi",
                     username: str | None = None) -> int:
        self._next_user += 1
        user_id = self._next_user
        self._names[user_id] = name
        if username:
            self._usernames[user_id] = username
        unit_id = (await self.unit(unit)).id if unit else None
        async with self.sf() as session, session.begin():
            session.add(Member(telegram_id=user_id, full_name=name, role=role, unit_id=unit_id,
                               field_code=field, language=Language(language), username=username))
        return user_id

    async def member(self, user_id: int) -> Member:
        async with self.sf() as session:
            return (await session.exec(select(Member).where(Member.telegram_id == user_id))).one()

    # -- updates -----------------------------------------------------------------------------
    def _user(self, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": self._names.get(user_id, "Người dùng"),
                "language_code": "vi"}
        if user_id in self._usernames:
            user["username"] = self._usernames[user_id]
        return user

    def _chat(self, user_id: int, chat_id: int | None, chat_type: str) -> dict[str, Any]:
        if chat_id is None or chat_type == "private":
            return {"id": user_id, "type": "private", "first_name": self._names.get(user_id, "X")}
        return {"id": chat_id, "type": chat_type, "title": f"Nhóm {chat_id}"}

    async def _run(self, update: dict[str, Any]) -> Out:
        async with self.sf() as session:
            last = (await session.exec(select(OutboxMessage.id)
                                       .order_by(col(OutboxMessage.id).desc()))).first() or 0
        await store_updates(self.sf, [update])
        while await self.worker.process_batch():
            pass
        async with self.sf() as session:
            rows = (await session.exec(select(OutboxMessage).where(col(OutboxMessage.id) > last)
                                       .order_by(col(OutboxMessage.id)))).all()
        return Out(list(rows))

    def _next(self) -> int:
        self._update_id += 1
        return self._update_id

    async def send(self, user_id: int, text: str, *, chat_id: int | None = None,
                   chat_type: str = "private") -> Out:
        uid = self._next()
        msg: dict[str, Any] = {"message_id": uid, "from": self._user(user_id),
                               "chat": self._chat(user_id, chat_id, chat_type),
                               "date": int(self.clock.now.timestamp()), "text": text}
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
        return await self._run({"update_id": uid, "message": msg})

    async def press(self, user_id: int, data: str, *, chat_id: int | None = None,
                    chat_type: str = "private") -> Out:
        uid = self._next()
        chat = self._chat(user_id, chat_id, chat_type)
        cq = {"id": f"cq{uid}", "from": self._user(user_id), "chat_instance": "1", "data": data,
              "message": {"message_id": 77, "date": int(self.clock.now.timestamp()),
                          "chat": chat, "text": "…",
                          "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot"}}}
        return await self._run({"update_id": uid, "callback_query": cq})

    async def bot_membership(self, user_id: int, chat_id: int, status: str,
                             chat_type: str = "group", title: str = "Nhóm TĐKT") -> Out:
        uid = self._next()
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME}
        change = {"chat": {"id": chat_id, "type": chat_type, "title": title},
                  "from": self._user(user_id), "date": int(self.clock.now.timestamp()),
                  "old_chat_member": {"user": bot, "status": "left"},
                  "new_chat_member": {"user": bot, "status": status}}
        return await self._run({"update_id": uid, "my_chat_member": change})

    async def migrate(self, user_id: int, old_chat_id: int, new_chat_id: int) -> Out:
        uid = self._next()
        msg = {"message_id": uid, "from": self._user(user_id),
               "chat": {"id": old_chat_id, "type": "group", "title": "Nhóm"},
               "date": int(self.clock.now.timestamp()), "migrate_to_chat_id": new_chat_id}
        return await self._run({"update_id": uid, "message": msg})

    async def audit(self, action: str | None = None, outcome: str | None = None) -> list[AuditEntry]:
        async with self.sf() as session:
            query = select(AuditEntry).order_by(col(AuditEntry.id))
            if action:
                query = query.where(AuditEntry.action == action)
            if outcome:
                query = query.where(AuditEntry.outcome == outcome)
            return list((await session.exec(query)).all())
