"""The campaigns area's test harness: a small sector (units, people, one campaign) and a chat driver
that runs handlers through the root router with a real database session, as the inbox worker does."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import i18n
from handlers.campaign_new import series_name
from handlers.chat import ContentKind, FileRef, Incoming, IncomingKind
from handlers.context import Context, HandlerConfig
from handlers.flow import Flow
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
from services import audit, campaigns, members
from services.campaigns import CampaignSpec, MilestoneSpec, TargetSpec
from services.errors import AccessDenied, DomainError

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
VI_SERIES = series_name(i18n.Translator(Language.VI))  # recurring milestones named in Vietnamese


@dataclass
class World:
    units: dict[str, Unit]
    people: dict[str, Member]
    campaign_id: int
    targets: list[int]
    milestones: dict[str, int]


async def make_unit(session: AsyncSession, code: str, *fields: str) -> Unit:
    unit = Unit(code=code, name=f"Đơn vị {code}", search_key=code.lower())
    session.add(unit)
    await session.flush()
    for f in fields:
        session.add(UnitField(unit_id=unit.id or 0, field_code=f))
    await session.flush()
    return unit


async def make_member(session: AsyncSession, telegram_id: int, name: str, role: Role,
                      unit: Unit | None = None, field_code: str | None = None,
                      language: Language = Language.VI) -> Member:
    m = Member(telegram_id=telegram_id, full_name=name, role=role,
               unit_id=unit.id if unit else None, field_code=field_code, language=language)
    session.add(m)
    await session.flush()
    return m


def sample_spec(code: str = "CDS2027", fields: tuple[str, ...] = ("ung_dung_cntt", "attt")
                ) -> CampaignSpec:
    due = lambda s: campaigns.parse_due(s, now=NOW)  # noqa: E731
    return CampaignSpec(
        code=code, title="Chuyển đổi số 2027", slogan="Đổi mới, sáng tạo",
        field_codes=list(fields),
        targets=[TargetSpec("Tỷ lệ hồ sơ xử lý trực tuyến", "%", 90, 3, code="T1",
                            kind=campaigns.TargetKind.PERCENT),
                 TargetSpec("Số dịch vụ công toàn trình", "dịch vụ", 20, 2, code="T2"),
                 TargetSpec("Diễn tập an toàn thông tin", "", 1, 1, code="T3",
                            kind=campaigns.TargetKind.YES_NO)],
        milestones=[MilestoneSpec(campaigns.MilestoneKind.REGISTRATION, due("17:00 15/03/2027"),
                                  "Đăng ký", "DK"),
                    MilestoneSpec(campaigns.MilestoneKind.MIDTERM, due("17:00 30/06/2027"),
                                  "Sơ kết", "SK"),
                    MilestoneSpec(campaigns.MilestoneKind.FINAL, due("17:00 30/11/2027"),
                                  "Tổng kết", "TK")],
    )


async def seed(session: AsyncSession) -> World:
    units = {
        "A": await make_unit(session, "A", "ung_dung_cntt"),
        "B": await make_unit(session, "B", "ung_dung_cntt"),
        "C": await make_unit(session, "C", "attt"),
        "D": await make_unit(session, "D", "buu_chinh"),
    }
    people = {
        "admin": await make_member(session, 1000, "Quản trị", Role.ADMIN),
        "lead_it": await make_member(session, 1001, "Lãnh đạo CNTT", Role.FIELD_LEAD, units["A"],
                                     "ung_dung_cntt"),
        "lead_post": await make_member(session, 1002, "Lãnh đạo BC", Role.FIELD_LEAD, units["D"],
                                       "buu_chinh"),
        "off_a": await make_member(session, 2001, "Cán bộ A", Role.OFFICER, units["A"]),
        "off_a2": await make_member(session, 2002, "Cán bộ A2", Role.OFFICER, units["A"]),
        "off_b": await make_member(session, 2003, "Cán bộ B", Role.OFFICER, units["B"],
                                   language=Language.EN),
        "off_c": await make_member(session, 2004, "Cán bộ C", Role.OFFICER, units["C"]),
        "stranger": await make_member(session, 3001, "Người lạ", Role.STRANGER),
    }
    result = await campaigns.save(session, sample_spec(), actor=people["admin"], now=NOW)
    c = result.campaign
    await campaigns.mark_launched(session, actor=people["admin"], campaign_id=c.id or 0, now=NOW)
    targets = [t.id or 0 for t in await campaigns.targets_of(session, c.id or 0)]
    ms = {m.code: m.id or 0 for m in await campaigns.milestones_of(session, c.id or 0)}
    await session.commit()
    return World(units, people, c.id or 0, targets, ms)



# -- a chat driver ------------------------------------------------------------------------------
_update_ids = itertools.count(1)


@dataclass
class Sent:
    chat_id: int
    method: OutboxMethod
    payload: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.payload.get("text") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        kb = self.payload.get("keyboard") or []
        return [(b["text"], b.get("callback_data", "")) for row in kb for b in row]

    def data_for(self, fragment: str) -> str:
        for text, data in self.buttons:
            if fragment in text:
                return data
        raise AssertionError(f"no button with {fragment!r} in {self.buttons}")


@dataclass
class Chat:
    """One person talking to the bot in private; every update runs in its own transaction."""

    session_factory: SessionFactory
    telegram_id: int
    clock: list[datetime] = field(default_factory=lambda: [NOW])
    config: HandlerConfig = field(default_factory=lambda: HandlerConfig(max_file_bytes=1_000_000))

    async def _run(self, msg: Incoming) -> list[Sent]:
        router = build_router()
        async with self.session_factory() as session, session.begin():
            before = (await session.exec(select(OutboxMessage.id).order_by(
                col(OutboxMessage.id).desc()).limit(1))).first() or 0
            flow = await Flow.load(session, msg.chat_id, msg.user_id or 0)
            route = router.resolve(msg, flow.name, flow.step)
            member = await members.meet(session, telegram_id=self.telegram_id, full_name="x",
                                        username=None)
            ctx = Context(msg=msg, session=session, member=member, flow=flow,
                          config=self.config, clock=lambda: self.clock[0])
            try:
                async with session.begin_nested():
                    if route is not None:
                        await route(ctx)
            except AccessDenied as denied:
                await audit.record(session, actor=msg.user_id, action=denied.action,
                                   target=denied.target, outcome="denied")
                await ctx.reply(i18n.render("common.access_denied", member.language))
            except DomainError as error:
                key = f"error.{error.code}"
                assert i18n.has(key), f"missing text {key}"
                await ctx.reply(i18n.render(key, member.language, **error.params))
            rows = (await session.exec(select(OutboxMessage).where(
                col(OutboxMessage.id) > before).order_by(col(OutboxMessage.id)))).all()
            return [Sent(r.chat_id, r.method, dict(r.payload)) for r in rows]

    def _incoming(self, **kw: Any) -> Incoming:
        base: dict[str, Any] = dict(update_id=next(_update_ids), kind=IncomingKind.MESSAGE,
                                    chat_id=self.telegram_id, chat_type="private",
                                    user_id=self.telegram_id, user_name="x", message_id=50)
        base.update(kw)
        return Incoming(**base)

    async def send(self, text: str) -> list[Sent]:
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            msg = self._incoming(content=ContentKind.TEXT, text=text, command=command.lower(),
                                 args=args.strip())
        else:
            msg = self._incoming(content=ContentKind.TEXT, text=text)
        return await self._run(msg)

    async def press(self, data: str) -> list[Sent]:
        # Telegram gives every press its own callback query id.
        return await self._run(self._incoming(kind=IncomingKind.CALLBACK,
                                              callback_id=f"cb{next(_update_ids)}",
                                              callback_data=data))

    async def send_file(self, name: str, size: int, kind: ContentKind = ContentKind.DOCUMENT
                        ) -> list[Sent]:
        ref = FileRef(file_id=f"FILE-{name}", file_unique_id=f"U-{name}", kind=kind,
                      file_name=name, mime_type="application/pdf", size=size)
        return await self._run(self._incoming(content=kind, file=ref))

    async def send_sticker(self) -> list[Sent]:
        ref = FileRef(file_id="STK", file_unique_id="STKU", kind=ContentKind.STICKER)
        return await self._run(self._incoming(content=ContentKind.STICKER, file=ref))


def replies(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if s.method in (OutboxMethod.SEND_MESSAGE,
                                            OutboxMethod.EDIT_MESSAGE_TEXT)]


def last_text(sent: list[Sent]) -> str:
    r = replies(sent)
    assert r, f"no reply in {sent}"
    return r[-1].text


async def denied_entries(session_factory: SessionFactory) -> list[AuditEntry]:
    async with session_factory() as session:
        return list((await session.exec(select(AuditEntry).where(
            AuditEntry.outcome == "denied"))).all())




def later(days: float) -> datetime:
    return NOW + timedelta(days=days)


def spec_for_post() -> CampaignSpec:
    spec = sample_spec("BC2027", ("buu_chinh",))
    spec.title = "Thi đua Bưu chính 2027"
    return spec


async def make_unit_cds(session: AsyncSession) -> None:
    await make_unit(session, "CDS", "ung_dung_cntt")
