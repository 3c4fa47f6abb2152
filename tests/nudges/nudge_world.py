"""A small sector for the nudge tests: one campaign, units with officers, a simulated clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    DayKind,
    Member,
    MilestoneKind,
    OutboxBody,
    OutboxMessage,
    OutboxStatus,
    Role,
    SessionFactory,
    Unit,
    UnitField,
)
from services import campaigns, outbox_bodies, reports, workdays
from services.campaigns import CampaignSpec, MilestoneSpec, TargetSpec
from services.reports import ValueEntry

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD = "ung_dung_cntt"


def local(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN).astimezone(UTC)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    campaign_id: int
    milestones: dict[str, int]
    targets: list[int]
    units: dict[str, int]
    people: dict[str, Member]


async def build(session: AsyncSession, milestones: dict[str, tuple[MilestoneKind, datetime]],
                *, created: datetime) -> World:
    """Units U1 (two officers), U2, U3 (one each), U4 in another field; an admin, a field lead."""
    units: dict[str, int] = {}
    for code, field_code in (("U1", FIELD), ("U2", FIELD), ("U3", FIELD), ("U4", "buu_chinh")):
        u = Unit(code=code, name=f"Sở TT&TT {code}", search_key=code.lower())
        session.add(u)
        await session.flush()
        session.add(UnitField(unit_id=u.id or 0, field_code=field_code))
        units[code] = u.id or 0
    people: dict[str, Member] = {}
    spec = [("admin", Role.ADMIN, None, None), ("lead", Role.FIELD_LEAD, "U1", FIELD),
            ("a1", Role.OFFICER, "U1", None), ("a2", Role.OFFICER, "U1", None),
            ("b", Role.OFFICER, "U2", None), ("c", Role.OFFICER, "U3", None),
            ("d", Role.OFFICER, "U4", None)]
    for n, (key, role, unit, field_code) in enumerate(spec):
        m = Member(telegram_id=5000 + n, full_name=f"Người {key}", role=role,
                   unit_id=units[unit] if unit else None, field_code=field_code)
        session.add(m)
        await session.flush()
        people[key] = m
    result = await campaigns.save(session, CampaignSpec(
        title="Thi đua Chuyển đổi số 2027", code="CDS27", field_codes=[FIELD],
        targets=[TargetSpec("Dịch vụ công trực tuyến", "dịch vụ", 10, 1, code="T1")],
        milestones=[MilestoneSpec(kind, due, code, code) for code, (kind, due) in milestones.items()],
    ), actor=people["admin"], now=created)
    cid = result.campaign.id or 0
    await campaigns.mark_launched(session, actor=people["admin"], campaign_id=cid, now=created)
    ms = {m.code: m.id or 0 for m in await campaigns.milestones_of(session, cid)}
    targets = [t.id or 0 for t in await campaigns.targets_of(session, cid)]
    await session.commit()
    return World(cid, ms, targets, units, people)


async def report(session_factory: SessionFactory, world: World, who: str, milestone: str,
                 now: datetime) -> None:
    async with session_factory() as s, s.begin():
        actor = await s.get(Member, world.people[who].id)
        assert actor is not None
        await reports.submit(s, actor=actor, milestone_id=world.milestones[milestone],
                             values=[ValueEntry(t, 5.0, "5") for t in world.targets], now=now)


async def mark(session_factory: SessionFactory, day: date, kind: DayKind, reason: str = "") -> None:
    async with session_factory() as s, s.begin():
        await workdays.set_day(s, actor=None, day=day, kind=kind, reason=reason,
                               now=datetime(2026, 12, 1, tzinfo=UTC))


@dataclass
class NudgeMessage:
    """A queued nudge as its person gets it: ``payload`` whole (the round's shared body with the
    unit's name put in), ``key`` the (milestone, person, offset) it was sent for, written as
    ``nudge:<milestone>:<member>:<offset>`` (a snoozed nudge's reminder: its dedupe key)."""

    row: OutboxMessage
    key: str
    payload: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


async def nudge_rows(session_factory: SessionFactory, *, include_cancelled: bool = False
                     ) -> list[NudgeMessage]:
    async with session_factory() as s:
        query = (select(OutboxMessage, OutboxBody, Member.id)
                 .outerjoin(OutboxBody, col(OutboxBody.id) == col(OutboxMessage.body_id))
                 .outerjoin(Member, col(Member.telegram_id) == col(OutboxMessage.chat_id))
                 .where(col(OutboxMessage.ref).like("nudge:%")))
        if not include_cancelled:
            query = query.where(OutboxMessage.status != OutboxStatus.CANCELLED)
        out = []
        for row, body, member_id in (await s.exec(query.order_by(col(OutboxMessage.id)))).all():
            if body is None:  # a snoozed nudge's reminder: its own payload and dedupe key
                out.append(NudgeMessage(row, row.dedupe_key or "", row.payload))
                continue
            # The body's key is nudge:<milestone>:<offset>:<language>:<day>.
            _, milestone, offset, *_ = body.key.split(":")
            out.append(NudgeMessage(row, f"nudge:{milestone}:{member_id}:{offset}",
                                    outbox_bodies.filled(body.payload, row.payload)))
        return out


def hours(start: datetime, end: datetime, step: timedelta = timedelta(hours=1)) -> list[datetime]:
    out, t = [], start
    while t <= end:
        out.append(t)
        t += step
    return out


async def launch_sk(stack, admin, unit_code: str, *, unit_name: str | None = None) -> None:
    """Through the running bot's database: unit ``unit_code`` in the campaign's field, and the
    admin's campaign CDS27 launched with one milestone, "Sơ kết quý I", due 17:00 Fri 19/03/2027."""
    async with stack.session_factory() as s, s.begin():
        unit = (await s.exec(select(Unit).where(Unit.code == unit_code))).one()
        if unit_name is not None:
            unit.name = unit_name
            s.add(unit)
        s.add(UnitField(unit_id=unit.id or 0, field_code=FIELD))
        boss = (await s.exec(select(Member).where(Member.telegram_id == admin.id))).one()
        saved = await campaigns.save(s, CampaignSpec(
            title="Thi đua Chuyển đổi số 2027", code="CDS27", field_codes=[FIELD],
            targets=[TargetSpec("Dịch vụ công trực tuyến", "dịch vụ", 10, 1, code="T1")],
            milestones=[MilestoneSpec(MilestoneKind.MIDTERM, local(2027, 3, 19, 17), "Sơ kết quý I",
                                      "SK")]), actor=boss, now=stack.clock.now)
        await campaigns.mark_launched(s, actor=boss, campaign_id=saved.campaign.id or 0,
                                      now=stack.clock.now)
