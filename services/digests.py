"""Morning digests: each working morning, one message per field lead for their field and one per
admin for the whole sector — what falls due this week and who is late, per milestone, counts first.
Nothing is sent to someone with nothing to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    CampaignStatus,
    DigestRun,
    EmulationField,
    Member,
    Milestone,
    Role,
    Unit,
    UnitField,
)
from services import nudges, workdays
from services.nudges import NudgeConfig

# Milestones overdue longer than this no longer appear as "late" in digests.
LATE_WINDOW = timedelta(days=30)


@dataclass(slots=True)
class DigestLine:
    campaign: Campaign
    milestone: Milestone
    expected: int
    missing: list[tuple[int, str]]  # (unit id, name), by name
    overdue: bool


@dataclass(slots=True)
class Digest:
    member: Member
    field_code: str | None  # None: the whole sector (an admin's digest)
    field_name_vi: str = ""
    field_name_en: str = ""
    due_week: list[DigestLine] = field(default_factory=list)
    late: list[DigestLine] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.due_week and not self.late


@dataclass(slots=True)
class _Units:
    expected: dict[int, str] = field(default_factory=dict)
    missing: dict[int, str] = field(default_factory=dict)


async def _milestone_units(session: AsyncSession, m: Milestone
                           ) -> tuple[_Units, dict[str, _Units]]:
    """Expected and missing units of a milestone: for the sector, and per field."""
    rows = (await session.execute(
        select(Unit.id, Unit.name, UnitField.field_code,
               col(Unit.id).in_(nudges.submitted_units(m)))
        .outerjoin(UnitField, col(UnitField.unit_id) == col(Unit.id))
        .where(nudges.expected_clause(m)))).all()
    sector = _Units()
    fields: dict[str, _Units] = {}
    for unit_id, name, field_code, submitted in rows:
        targets = [sector] + ([fields.setdefault(field_code, _Units())] if field_code else [])
        for t in targets:
            t.expected[unit_id] = name
            if not submitted:
                t.missing[unit_id] = name
    return sector, fields


def _line(c: Campaign, m: Milestone, units: _Units, overdue: bool) -> DigestLine:
    missing = sorted(units.missing.items(), key=lambda kv: kv[1])
    return DigestLine(c, m, len(units.expected), missing, overdue)


async def build(session: AsyncSession, now: datetime, cfg: NudgeConfig | None = None
                ) -> list[Digest]:
    cfg = cfg or nudges.config()
    today = now.astimezone(cfg.timezone).date()
    week_end = today + timedelta(days=6 - today.weekday())
    pairs = [(m, c) for m, c in (await session.exec(
        select(Milestone, Campaign).join(Campaign, col(Campaign.id) == col(Milestone.campaign_id))
        .where(Campaign.status == CampaignStatus.ACTIVE, col(Milestone.due_at) >= now - LATE_WINDOW)
        .order_by(col(Milestone.due_at), col(Milestone.id)))).all()
        if nudges.has_check(m.kind)]
    wanted: list[tuple[Milestone, Campaign, bool]] = []
    for m, c in pairs:
        day = m.due_at.astimezone(cfg.timezone).date()
        if m.due_at < now:
            wanted.append((m, c, True))
        elif today <= day <= week_end:
            wanted.append((m, c, False))
    people = (await session.exec(select(Member).where(
        col(Member.role).in_([Role.ADMIN, Role.FIELD_LEAD]), col(Member.is_active).is_(True),
        col(Member.blocked_bot).is_(False)).order_by(col(Member.id)))).all()
    names = {f.code: f for f in (await session.exec(select(EmulationField))).all()}
    digests: list[Digest] = []
    for p in people:
        if p.role == Role.ADMIN:
            digests.append(Digest(p, None))
        elif p.field_code:
            f = names.get(p.field_code)
            digests.append(Digest(p, p.field_code, f.name_vi if f else p.field_code,
                                  f.name_en if f else p.field_code))
    if not wanted or not digests:
        return []
    campaign_fields: dict[int, set[str]] = {}
    for cid, code in (await session.exec(select(CampaignField.campaign_id, CampaignField.field_code)
                                         .where(col(CampaignField.campaign_id).in_(
                                             [c.id for _, c, _ in wanted])))).all():
        campaign_fields.setdefault(cid, set()).add(code)
    for m, c, overdue in wanted:
        sector, per_field = await _milestone_units(session, m)
        for d in digests:
            if d.field_code is None:
                units = sector
            elif d.field_code in campaign_fields.get(c.id or 0, set()):
                units = per_field.get(d.field_code, _Units())
            else:
                continue
            if overdue and not units.missing:
                continue
            if not units.expected:
                continue
            (d.late if overdue else d.due_week).append(_line(c, m, units, overdue))
    return [d for d in digests if not d.empty]


async def due_today(session: AsyncSession, now: datetime, cfg: NudgeConfig | None = None
                    ) -> date | None:
    """The local day whose digests are due now, or None (not a sending time, or already done)."""
    cfg = cfg or nudges.config()
    calendar = await workdays.load(session)
    if not cfg.may_send(now, calendar):
        return None
    day = now.astimezone(cfg.timezone).date()
    if await session.get(DigestRun, day) is not None:
        return None
    return day


async def mark_done(session: AsyncSession, day: date, sent: int, now: datetime) -> None:
    session.add(DigestRun(day=day, sent=sent, done_at=now))
    await session.flush()
