"""What people ask of deadline nudges: "Nhắc lại sau" (a snooze, and the sweep that brings it
back), "Nhắc ngay các đơn vị này" (an admin's remind-now, a slot the nudge sweep sends) and the
plan of a campaign's nudges shown to admins. The planning and queueing are in
:mod:`services.nudges`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignStatus,
    Member,
    Milestone,
    NudgeSlot,
    NudgeSnooze,
    OutboxMessage,
    Role,
    SlotStatus,
    Unit,
)
from services import audit, campaigns, workdays
from services.errors import AccessDenied, DomainError
from services.nudges import (
    PUSH_BASE,
    NudgeConfig,
    Render,
    campaign_offsets,
    card_for,
    config,
    has_check,
    lock_milestones,
    missing_officers,
    outbox_values,
    slot_times,
    submitted_units,
    unit_ref,
)
from services.workdays import WorkCalendar


async def has_submitted(session: AsyncSession, m: Milestone, unit_id: int) -> bool:
    if not has_check(m.kind):
        return False
    found = await session.execute(
        select(Unit.id).where(Unit.id == unit_id, col(Unit.id).in_(submitted_units(m))))
    return found.first() is not None


# -- "Nhắc lại sau" ---------------------------------------------------------------------------------
SNOOZE_LATER = "later"
SNOOZE_MORNING = "morning"


def snooze_choices(now: datetime, calendar: WorkCalendar, cfg: NudgeConfig | None = None
                   ) -> dict[str, datetime]:
    """Later today (if that is still before quiet hours on a working day) and the next working
    morning."""
    cfg = cfg or config()
    out: dict[str, datetime] = {}
    later = now + timedelta(hours=cfg.snooze_hours)
    local = now.astimezone(cfg.timezone)
    if (later.astimezone(cfg.timezone).date() == local.date() and cfg.may_send(later, calendar)):
        out[SNOOZE_LATER] = later
    next_day = calendar.next_working(local.date())
    out[SNOOZE_MORNING] = calendar.at(next_day, cfg.send_at, cfg.timezone)
    return out


async def _officer_for(session: AsyncSession, actor: Member | None, milestone_id: int,
                       action: str) -> tuple[Member, Milestone, Campaign]:
    if actor is None or not actor.is_active or actor.unit_id is None:
        raise AccessDenied(action, target=f"milestone:{milestone_id}")
    milestone, campaign = await campaigns.get_milestone(session, milestone_id)
    return actor, milestone, campaign


async def snooze(session: AsyncSession, *, actor: Member | None, milestone_id: int, choice: str,
                 now: datetime, cfg: NudgeConfig | None = None) -> datetime:
    """Remind this person of this milestone (only) later; returns when."""
    cfg = cfg or config()
    member, milestone, campaign = await _officer_for(session, actor, milestone_id, "nudge.snooze")
    if campaign.status != CampaignStatus.ACTIVE:
        raise DomainError("nudge.campaign_closed", title=campaign.title)
    if await has_submitted(session, milestone, member.unit_id or 0):
        raise DomainError("nudge.already_submitted")
    choices = snooze_choices(now, await workdays.load(session), cfg)
    if choice not in choices:
        raise DomainError("nudge.snooze_too_late")
    at = choices[choice]
    row = await session.get(NudgeSnooze, (milestone_id, member.id))
    if row is None:
        row = NudgeSnooze(milestone_id=milestone_id, member_id=member.id or 0)
    row.remind_at, row.times, row.updated_at = at, row.times + 1, now
    session.add(row)
    await session.flush()
    await audit.record(session, actor=member.telegram_id, action="nudge.snooze",
                       target=f"milestone:{milestone_id}", remind_at=at.isoformat(), choice=choice)
    return at


async def sweep_snoozes(session: AsyncSession, now: datetime, render: Render,
                        cfg: NudgeConfig | None = None) -> int:
    """Bring back the snoozed nudges that are due, to people who still have something missing."""
    cfg = cfg or config()
    rows = (await session.execute(
        select(NudgeSnooze, Member, Milestone, Campaign)
        .join(Member, col(Member.id) == col(NudgeSnooze.member_id))
        .join(Milestone, col(Milestone.id) == col(NudgeSnooze.milestone_id))
        .join(Campaign, col(Campaign.id) == col(Milestone.campaign_id))
        .where(col(NudgeSnooze.remind_at) <= now).limit(500))).all()
    if not rows:
        return 0
    calendar = await workdays.load(session)
    if not cfg.may_send(now, calendar):
        return 0
    await lock_milestones(session, sorted({m.id or 0 for _, _, m, _ in rows}), share=False)
    queued = 0
    for snoozed, member, m, c in rows:
        snoozed.remind_at = None
        session.add(snoozed)
        if (c.status != CampaignStatus.ACTIVE or not has_check(m.kind) or member.unit_id is None
                or not member.is_active or member.blocked_bot or member.role != Role.OFFICER):
            continue
        still = (await session.execute(missing_officers(m).where(Member.id == member.id))).first()
        if still is None:
            continue
        unit = await session.get(Unit, member.unit_id)
        body, keyboard = render(card_for(m, c, unit_name=unit.name if unit else "",
                                         language=member.language, now=now, calendar=calendar,
                                         cfg=cfg, reminder=True))
        await session.execute(insert(OutboxMessage), [outbox_values(
            member.telegram_id, body, keyboard, now,
            dedupe_key=f"nudge-snooze:{m.id}:{member.id}:{snoozed.times}",
            ref=unit_ref(m.id or 0, member.unit_id), not_after=cfg.quiet_from(now))])
        queued += 1
    await session.flush()
    return queued


# -- "Nhắc ngay các đơn vị này" ---------------------------------------------------------------------
async def push(session: AsyncSession, *, actor: Member, milestone_id: int, now: datetime,
               cfg: NudgeConfig | None = None) -> tuple[int, datetime]:
    """An admin or field lead asks to remind the missing units now (at most once an hour per
    milestone): a slot the next sweep sends. Returns how many people it will reach, and when."""
    cfg = cfg or config()
    target = f"milestone:{milestone_id}"
    if not actor.is_active or actor.role not in (Role.ADMIN, Role.FIELD_LEAD):
        raise AccessDenied("nudge.push", target=target)
    milestone, campaign = await campaigns.get_milestone(session, milestone_id)
    codes = await campaigns.field_codes_of(session, campaign.id or 0)
    if actor.role != Role.ADMIN and actor.field_code not in codes:
        raise AccessDenied("nudge.push", target=target)
    if campaign.status != CampaignStatus.ACTIVE:
        raise DomainError("nudge.campaign_closed", title=campaign.title)
    if not has_check(milestone.kind):
        raise DomainError("nudge.no_check")
    await lock_milestones(session, [milestone_id], share=False)
    pushes = list((await session.exec(select(NudgeSlot).where(
        NudgeSlot.milestone_id == milestone_id, col(NudgeSlot.offset) >= PUSH_BASE)
        .order_by(col(NudgeSlot.offset)))).all())
    if pushes:
        last = max(s.due_at for s in pushes)
        if now - last < cfg.push_every:
            raise DomainError("nudge.push_too_soon", next=last + cfg.push_every)
    field_code = actor.field_code if actor.role == Role.FIELD_LEAD else None
    reach = (await session.execute(select(func.count()).select_from(
        missing_officers(milestone, field_code=field_code).subquery()))).scalar_one()
    if reach == 0:
        raise DomainError("nudge.nobody_missing")
    calendar = await workdays.load(session)
    offset = (pushes[-1].offset + 1) if pushes else PUSH_BASE
    session.add(NudgeSlot(milestone_id=milestone_id, offset=offset, due_at=now, planned_for=now,
                          requested_by=actor.telegram_id))
    await session.flush()
    await audit.record(session, actor=actor.telegram_id, action="nudge.push", target=target,
                       reach=int(reach))
    return int(reach), cfg.next_send_time(now, calendar)


# -- the plan shown to admins -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlannedNudge:
    offset: int
    at: datetime
    status: str  # planned, done, skipped, dropped; "push" for an admin's reminder
    sent: int = 0


@dataclass(frozen=True, slots=True)
class MilestonePlan:
    milestone: Milestone
    checked: bool  # False: no way yet to tell who submitted (no nudges)
    nudges: list[PlannedNudge]
    reach: int  # people a nudge would reach now
    units: int  # units still missing


async def preview(session: AsyncSession, campaign_id: int, now: datetime,
                  cfg: NudgeConfig | None = None) -> tuple[Campaign, tuple[int, ...], list[MilestonePlan]]:
    """Every planned nudge time per milestone, and whom it would reach now (even when nobody)."""
    cfg = cfg or config()
    campaign = await campaigns.get(session, campaign_id)
    offsets = (await campaign_offsets(session, [campaign_id], cfg))[campaign_id]
    calendar = await workdays.load(session)
    out = []
    for m in await campaigns.milestones_of(session, campaign_id):
        stored = {s.offset: s for s in (await session.exec(
            select(NudgeSlot).where(NudgeSlot.milestone_id == m.id))).all()}
        items = []
        for offset, at in slot_times(m, offsets, calendar, cfg).items():
            s = stored.get(offset)
            if s is not None and s.status in (SlotStatus.DONE, SlotStatus.SKIPPED):
                items.append(PlannedNudge(offset, s.done_at or s.due_at, s.status.value, s.sent))
            else:
                items.append(PlannedNudge(offset, at, SlotStatus.PLANNED.value))
        items += [PlannedNudge(s.offset, s.done_at or s.due_at, "push", s.sent)
                  for s in stored.values() if s.offset >= PUSH_BASE]
        checked = has_check(m.kind)
        reach = units = 0
        if checked:
            people = (await session.execute(missing_officers(m))).all()
            reach, units = len(people), len({p[2] for p in people})
        out.append(MilestonePlan(m, checked, sorted(items, key=lambda p: (p.at, p.offset)),
                                 reach, units))
    return campaign, offsets, out
