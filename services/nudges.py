"""Deadline nudges: who must be reminded of which milestone, when, and queueing it exactly once.

Each milestone that expects something from units gets a plan: one :class:`NudgeSlot` per offset
(working days before or after its deadline, sent at the configured hour). The sweep re-plans slots
whose deadline moved, picks per milestone the most recent slot that is due (older ones missed
while the bot was down are skipped: one catch-up, never a burst) and queues, in the same
transaction that records them, one :class:`Nudge` and one outbox row for every officer of every
unit that has not submitted. The round's text is stored once per language
(:mod:`services.outbox_bodies`); each outbox row holds only the unit's name. The log's key
(milestone, offset, person) and a lock taken before anything is read make a second scheduler, or
a second run, add nothing.

What "submitted" means is a small registry keyed by milestone kind (:func:`register_check`): the
campaign area provides registrations and reports; the awards area adds nomination files. A service
that accepts a submission calls :func:`withdraw` in its transaction, which cancels nudges still
waiting in the outbox for that unit — also those a sweep running at the same moment just queued.

Texts are not made here: the caller passes ``render`` (the scheduler keeps the nudge texts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    text,
    union,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.sql import Select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    CampaignNudges,
    CampaignStatus,
    Language,
    Member,
    Milestone,
    MilestoneKind,
    Nudge,
    NudgeSlot,
    NudgeSnooze,
    OutboxMessage,
    OutboxMethod,
    OutboxStatus,
    Priority,
    Registration,
    RegistrationStatus,
    Report,
    Role,
    SlotStatus,
    Unit,
    UnitField,
)
from models.base import UTCDateTime
from services import audit, campaigns, outbox_bodies, workdays
from services.errors import DomainError
from services.workdays import VN, WorkCalendar

DEFAULT_OFFSETS = (-3, -1, 0, 1)
MAX_OFFSET = 30  # working days either side of a deadline
MAX_OFFSETS = 8
PUSH_BASE = 1000  # slots with offset >= PUSH_BASE are an admin's "remind these units now"
# Milestones whose deadline is further in the past than this are no longer swept.
HORIZON = timedelta(days=90)


# -- settings -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NudgeConfig:
    offsets: tuple[int, ...] = DEFAULT_OFFSETS
    send_at: time = time(8, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)
    snooze_hours: float = 2.0
    catch_up_days: int = 7  # a nudge missed longer ago than this is not sent late
    push_every: timedelta = timedelta(hours=1)
    timezone: ZoneInfo = VN
    # SQLite: a round of nudges is queued in about this many short write transactions (parts of
    # one sweep), so people's replies get the write lock in between; a part holds at least
    # part_min nudges. PostgreSQL queues a round in one transaction: its writers do not wait.
    parts: int = 5
    part_min: int = 200

    def in_quiet_hours(self, moment: datetime) -> bool:
        local = moment.astimezone(self.timezone).time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end

    def quiet_from(self, moment: datetime) -> datetime | None:
        """When the next quiet hours begin (``moment`` itself if they begin then): a nudge or
        digest not delivered by then is dropped, never sent in the night. None: no quiet hours."""
        if self.quiet_start == self.quiet_end:
            return None
        local = moment.astimezone(self.timezone)
        start = datetime.combine(local.date(), self.quiet_start, tzinfo=self.timezone)
        if start < local:
            start = datetime.combine(local.date() + timedelta(days=1), self.quiet_start,
                                     tzinfo=self.timezone)
        return start.astimezone(moment.tzinfo)

    def may_send(self, moment: datetime, calendar: WorkCalendar) -> bool:
        """Nudges go out on working days, from the sending hour until quiet hours begin."""
        local = moment.astimezone(self.timezone)
        return (calendar.is_working(local.date()) and local.time() >= self.send_at
                and not self.in_quiet_hours(moment))

    def next_send_time(self, moment: datetime, calendar: WorkCalendar) -> datetime:
        """``moment`` if a nudge may go then, else the next working morning's sending hour."""
        if self.may_send(moment, calendar):
            return moment
        local = moment.astimezone(self.timezone)
        day = local.date()
        if not (calendar.is_working(day) and local.time() < self.send_at):
            day = calendar.next_working(day)
        return calendar.at(day, self.send_at, self.timezone)


_config = NudgeConfig()


def configure(config: NudgeConfig) -> None:
    """Set by the runtime from ``THIDUA_NUDGES__*`` (and by tests)."""
    global _config
    _config = config


def config() -> NudgeConfig:
    return _config


def parse_offsets(text_or_items: str | Iterable[Any]) -> tuple[int, ...]:
    """``"-3, -1, 0, +1"`` or ``[-3, -1, 0, 1]`` → sorted unique offsets, checked."""
    if isinstance(text_or_items, str):
        parts = [p for p in text_or_items.replace(";", ",").replace(" ", ",").split(",") if p]
    else:
        parts = list(text_or_items)
    values: set[int] = set()
    for part in parts:
        try:
            value = int(str(part).strip().replace("−", "-"))
        except ValueError:
            raise DomainError("nudge.bad_offsets", text=str(part)[:20]) from None
        if abs(value) > MAX_OFFSET:
            raise DomainError("nudge.offset_range", text=str(part)[:20], limit=MAX_OFFSET)
        values.add(value)
    if not values:
        raise DomainError("nudge.bad_offsets", text="")
    if len(values) > MAX_OFFSETS:
        raise DomainError("nudge.too_many_offsets", limit=MAX_OFFSETS)
    return tuple(sorted(values))


# -- what "submitted" means, per milestone kind ---------------------------------------------------
SubmittedUnits = Callable[[Milestone], Select[Any]]
_checks: dict[MilestoneKind, SubmittedUnits] = {}


def register_check(kind: MilestoneKind, submitted_units: SubmittedUnits) -> None:
    """``submitted_units(milestone)`` is a SELECT of the ids of units that submitted for it.

    Milestones of a kind with no check are not nudged: nobody can tell who is missing."""
    _checks[kind] = submitted_units


def has_check(kind: MilestoneKind) -> bool:
    return kind in _checks


def submitted_units(m: Milestone) -> Select[Any]:
    return _checks[m.kind](m)


def _registered(m: Milestone) -> Select[Any]:
    return select(Registration.unit_id).where(
        Registration.campaign_id == m.campaign_id,
        Registration.status != RegistrationStatus.RETURNED)


def _reported(m: Milestone) -> Select[Any]:
    return select(Report.unit_id).where(Report.milestone_id == m.id)


def _nominated(m: Milestone) -> Select[Any]:
    # The awards area owns nomination lists and calls withdraw() here when one is sent, so its
    # module is imported on use rather than at the top.
    from services.awards.nominations import submitted_units as nominating_units

    return nominating_units(m.id or 0)


register_check(MilestoneKind.REGISTRATION, _registered)
register_check(MilestoneKind.NOMINATION, _nominated)
for _kind in (MilestoneKind.MIDTERM, MilestoneKind.FINAL, MilestoneKind.MONTHLY,
              MilestoneKind.QUARTERLY):
    register_check(_kind, _reported)


def expected_clause(m: Milestone) -> Any:
    """Units expected to submit: active units in the campaign's fields, and any that registered."""
    in_fields = select(UnitField.unit_id).join(
        CampaignField, col(CampaignField.field_code) == col(UnitField.field_code)
    ).where(CampaignField.campaign_id == m.campaign_id)
    registered = select(Registration.unit_id).where(Registration.campaign_id == m.campaign_id)
    # One IN over a UNION (not an OR of two INs): PostgreSQL hashes it once instead of
    # probing a sub-plan per unit.
    return and_(col(Unit.is_active).is_(True), col(Unit.id).in_(union(in_fields, registered)))


def missing_officers(m: Milestone, *, field_code: str | None = None,
                     in_id_order: bool = False) -> Any:
    """Officers (active, reachable) of units that are expected and have not submitted.

    ``in_id_order`` (SQLite, a sweep's part: the first N after an id) walks people by id and
    looks each one's unit up, instead of walking units and sorting everyone for every part."""
    unit_of = col(Member.unit_id) + 0 if in_id_order else col(Member.unit_id)  # + 0: no index
    query = (sa_select(col(Member.id), col(Member.telegram_id), col(Member.unit_id),
                       col(Member.language), col(Unit.name))
             .join(Unit, col(Unit.id) == unit_of)
             .where(col(Member.role) == Role.OFFICER, col(Member.is_active).is_(True),
                    col(Member.blocked_bot).is_(False), expected_clause(m),
                    col(Unit.id).not_in(_checks[m.kind](m))))
    if field_code is not None:
        query = query.where(col(Unit.id).in_(
            select(UnitField.unit_id).where(UnitField.field_code == field_code)))
    return query


# -- the plan -------------------------------------------------------------------------------------
def slot_times(m: Milestone, offsets: Sequence[int], calendar: WorkCalendar,
               cfg: NudgeConfig) -> dict[int, datetime]:
    """When each offset's nudge goes: N working days from the deadline's date, at the sending
    hour. A before-nudge that would come after the deadline itself is left out."""
    day = m.due_at.astimezone(cfg.timezone).date()
    out: dict[int, datetime] = {}
    for offset in offsets:
        at = calendar.at(calendar.shift(day, offset), cfg.send_at, cfg.timezone)
        if offset <= 0 and at >= m.due_at:
            continue
        out[offset] = at
    return out


async def campaign_offsets(session: AsyncSession, campaign_ids: Sequence[int],
                           cfg: NudgeConfig | None = None) -> dict[int, tuple[int, ...]]:
    cfg = cfg or _config
    own = {row.campaign_id: tuple(row.offsets) for row in (await session.exec(
        select(CampaignNudges).where(col(CampaignNudges.campaign_id).in_(campaign_ids)))).all()}
    return {cid: own.get(cid, cfg.offsets) for cid in campaign_ids}


async def set_offsets(session: AsyncSession, *, actor: Member | None, campaign_id: int,
                      offsets: Iterable[Any] | str, now: datetime) -> tuple[int, ...]:
    """A campaign's own offsets (``actor=None``: the operator, e.g. a campaign file)."""
    values = parse_offsets(offsets)
    if actor is not None:
        campaigns.require_manager(actor, await campaigns.field_codes_of(session, campaign_id),
                                  action="nudge.set_offsets", target=f"campaign:{campaign_id}")
    row = await session.get(CampaignNudges, campaign_id)
    previous = list(row.offsets) if row is not None else None
    if row is None:
        row = CampaignNudges(campaign_id=campaign_id)
    row.offsets = list(values)
    row.updated_by = actor.telegram_id if actor is not None else None
    row.updated_at = now
    session.add(row)
    await session.flush()
    if previous != list(values):
        await audit.record(session, actor=actor.telegram_id if actor else None,
                           action="nudge.set_offsets", target=f"campaign:{campaign_id}",
                           offsets=list(values), previous=previous)
    return values


async def _active_milestones(session: AsyncSession, now: datetime,
                             campaign_id: int | None = None) -> list[tuple[Milestone, Campaign]]:
    query = (select(Milestone, Campaign).join(Campaign, col(Campaign.id) == col(Milestone.campaign_id))
             .where(Campaign.status == CampaignStatus.ACTIVE,
                    col(Milestone.due_at) >= now - HORIZON,
                    col(Milestone.kind).in_(list(_checks)))
             .order_by(col(Milestone.id)))
    if campaign_id is not None:
        query = query.where(Campaign.id == campaign_id)
    return [(m, c) for m, c in (await session.exec(query)).all()]


def _replan(m: Milestone, wanted: dict[int, datetime], slots: list[NudgeSlot],
            session: AsyncSession) -> int:
    """Bring the milestone's waiting slots in line with its deadline and offsets."""
    changed = 0
    have = {s.offset: s for s in slots}
    for s in slots:
        if s.offset >= PUSH_BASE or s.status in (SlotStatus.DONE, SlotStatus.SKIPPED):
            continue
        at = wanted.get(s.offset)
        if at is None:
            if s.status != SlotStatus.DROPPED:
                s.status = SlotStatus.DROPPED
                session.add(s)
                changed += 1
        elif s.status == SlotStatus.DROPPED or s.due_at != at or s.planned_for != m.due_at:
            s.status, s.due_at, s.planned_for = SlotStatus.PLANNED, at, m.due_at
            session.add(s)
            changed += 1
    for offset, at in wanted.items():
        if offset not in have:
            slot = NudgeSlot(milestone_id=m.id or 0, offset=offset, due_at=at, planned_for=m.due_at)
            session.add(slot)
            slots.append(slot)
            changed += 1
    return changed


# -- what a nudge says (filled by the caller's renderer) -----------------------------------------
@dataclass(frozen=True, slots=True)
class NudgeCard:
    language: Language
    campaign_code: str
    campaign_title: str
    milestone_id: int
    milestone_kind: MilestoneKind
    milestone_title: str
    unit_name: str
    due_at: datetime
    days_left: int  # working days from today to the deadline's date (0: today)
    days_over: int  # working days since the deadline's date (0: not late)
    past_due: bool
    reminder: bool = False  # a snoozed nudge coming back
    timezone: ZoneInfo = VN


Render = Callable[[NudgeCard], tuple[str, list[list[dict[str, str]]]]]


def card_for(m: Milestone, c: Campaign, *, unit_name: str, language: Language, now: datetime,
             calendar: WorkCalendar, cfg: NudgeConfig, reminder: bool = False) -> NudgeCard:
    today = now.astimezone(cfg.timezone).date()
    due_day = m.due_at.astimezone(cfg.timezone).date()
    return NudgeCard(
        language=language, campaign_code=c.code, campaign_title=c.title,
        milestone_id=m.id or 0, milestone_kind=m.kind, milestone_title=m.title,
        unit_name=unit_name, due_at=m.due_at,
        days_left=calendar.working_days_between(today, due_day),
        days_over=calendar.working_days_between(due_day, today) if now > m.due_at else 0,
        past_due=now > m.due_at, reminder=reminder, timezone=cfg.timezone)


def unit_ref(milestone_id: int, unit_id: int) -> str:
    """The outbox ``ref`` of every nudge to a unit about a milestone: what :func:`withdraw` cancels."""
    return f"nudge:{milestone_id}:{unit_id}"


# -- the sweep ------------------------------------------------------------------------------------
NUDGE_TABLE: Any = Nudge.__table__  # type: ignore[attr-defined]
OUTBOX_TABLE: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
SWEEP_LOCK = 0x7468_6E75  # "thnu": one nudge sweep at a time across processes (PostgreSQL)


def _is_pg(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def lock_milestones(session: AsyncSession, ids: Sequence[int], *, share: bool) -> None:
    """PostgreSQL: a sweep about to queue nudges for these milestones and a submission for them
    wait for each other, so the sweep sees every submission committed before it reads, and a
    submission sees (and withdraws) every nudge queued before it. SQLite writes one at a time."""
    if not ids or not _is_pg(session):
        return
    mode = "FOR SHARE" if share else "FOR NO KEY UPDATE"
    await session.execute(text(f"SELECT id FROM milestone WHERE id = ANY(:ids) ORDER BY id {mode}"),
                          {"ids": list(ids)})


@dataclass(slots=True)
class SweepResult:
    queued: int = 0
    replanned: int = 0
    skipped: int = 0
    rounds: list[tuple[int, int, int]] = field(default_factory=list)  # milestone, offset, queued
    more: bool = False  # a round stopped at its part's size: run the sweep again (new transaction)


async def sweep(session: AsyncSession, now: datetime, render: Render,
                cfg: NudgeConfig | None = None) -> SweepResult:
    """Plan, and queue what is due, or (SQLite) the next part of it: ``result.more`` asks the
    caller to commit and call again. The statements a part runs do not grow with the number of
    units, nor does the number of parts (``cfg.parts``)."""
    cfg = cfg or _config
    result = SweepResult()
    if _is_pg(session):
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SWEEP_LOCK})
    going_on = await _rounds_under_way(session, now)
    if going_on:
        # The next part of a sweep (SQLite): its first part planned and chose the rounds.
        calendar = await workdays.load(session)
        if cfg.may_send(now, calendar):
            await _queue(session, going_on, now, render, calendar, cfg, result)
            return result
    pairs = await _active_milestones(session, now)
    if not pairs:
        return result
    calendar = await workdays.load(session)
    ids = [m.id or 0 for m, _ in pairs]
    offsets = await campaign_offsets(session, sorted({c.id or 0 for _, c in pairs}), cfg)
    slots: dict[int, list[NudgeSlot]] = {i: [] for i in ids}
    for s in (await session.exec(select(NudgeSlot).where(col(NudgeSlot.milestone_id).in_(ids)))).all():
        slots[s.milestone_id].append(s)
    for m, c in pairs:
        result.replanned += _replan(m, slot_times(m, offsets[c.id or 0], calendar, cfg),
                                    slots[m.id or 0], session)
    if not cfg.may_send(now, calendar):
        await session.flush()
        return result
    rounds: list[tuple[Milestone, Campaign, NudgeSlot]] = []
    for m, c in pairs:
        due = sorted((s for s in slots[m.id or 0]
                      if s.status == SlotStatus.PLANNED and s.due_at <= now),
                     key=lambda s: (s.due_at, s.offset))
        if not due:
            continue
        latest = due[-1]
        for s in due[:-1]:
            s.status, s.done_at = SlotStatus.SKIPPED, now
            session.add(s)
            result.skipped += 1
        if latest.due_at < now - timedelta(days=cfg.catch_up_days):
            latest.status, latest.done_at = SlotStatus.SKIPPED, now
            session.add(latest)
            result.skipped += 1
            continue
        rounds.append((m, c, latest))
    await session.flush()
    await _queue(session, rounds, now, render, calendar, cfg, result)
    return result


async def _rounds_under_way(session: AsyncSession,
                            now: datetime) -> list[tuple[Milestone, Campaign, NudgeSlot]]:
    """Rounds that an earlier part of this sweep began and did not finish (queued, not done)."""
    rows = (await session.exec(
        select(Milestone, Campaign, NudgeSlot)
        .join(Campaign, col(Campaign.id) == col(Milestone.campaign_id))
        .join(NudgeSlot, col(NudgeSlot.milestone_id) == col(Milestone.id))
        .where(NudgeSlot.status == SlotStatus.PLANNED, col(NudgeSlot.sent) > 0,
               col(NudgeSlot.due_at) <= now, Campaign.status == CampaignStatus.ACTIVE)
        .order_by(col(Milestone.id), col(NudgeSlot.offset)))).all()
    return [(m, c, slot) for m, c, slot in rows]


async def _queue(session: AsyncSession, rounds: list[tuple[Milestone, Campaign, NudgeSlot]],
                 now: datetime, render: Render, calendar: WorkCalendar, cfg: NudgeConfig,
                 result: SweepResult) -> None:
    """Queue the next part of each round; ``result.more`` when a round may have people left."""
    if not rounds:
        return
    await lock_milestones(session, [m.id or 0 for m, _, _ in rounds], share=False)
    size = await _part_size(session, cfg)
    for m, c, slot in rounds:
        field_code = await _requester_field(session, slot)
        queued = await _send_round(session, m, c, slot.offset, now, render, calendar, cfg,
                                   field_code=field_code, size=size)
        slot.sent += queued
        if queued < size:
            slot.status, slot.done_at = SlotStatus.DONE, now
        else:  # more people may be left: the next part goes on
            result.more = True
        session.add(slot)
        result.queued += queued
        result.rounds.append((m.id or 0, slot.offset, queued))
    await session.flush()


async def _part_size(session: AsyncSession, cfg: NudgeConfig) -> int:
    """How many nudges of a round one transaction queues: a share of everyone, so that the
    number of parts (and of statements) does not grow with the number of units. One more than
    the even share, so that the last part comes up short and knows it is the last."""
    # Everyone, not only officers: a count over the smallest index, and a bound all the same.
    people = int((await session.execute(sa_select(func.count()).select_from(Member)))
                 .scalar_one())
    if _is_pg(session):
        return people + 1
    return max(cfg.part_min, people // max(1, cfg.parts) + 1)


async def _requester_field(session: AsyncSession, slot: NudgeSlot) -> str | None:
    """A field lead's "remind now" reaches the units of their field only."""
    if slot.offset < PUSH_BASE or slot.requested_by is None:
        return None
    who = (await session.exec(select(Member).where(Member.telegram_id == slot.requested_by))).first()
    if who is not None and who.role == Role.FIELD_LEAD and who.field_code:
        return who.field_code
    return None


async def _send_round(session: AsyncSession, m: Milestone, c: Campaign, offset: int,
                      now: datetime, render: Render, calendar: WorkCalendar, cfg: NudgeConfig,
                      *, field_code: str | None = None, size: int) -> int:
    """One nudge for every officer of every unit still missing, unless already nudged at this
    offset: rows in ``nudge`` and ``outbox_message``, in this transaction.

    Exactly once is the log's unique key: the outbox rows are written for the log rows written
    with them, and a second sweep that got past the lock and the anti-join would fail on the key
    (its transaction, messages included, undone) rather than send anything twice."""
    pg = _is_pg(session)
    bodies = await _round_bodies(session, m, c, offset, now, render, calendar, cfg)
    already = exists().where(col(Nudge.milestone_id) == m.id, col(Nudge.offset) == offset,
                             col(Nudge.member_id) == col(Member.id))
    # Parts go in the order of people's ids: a part starts after the last one nudged, so it
    # reads only its own share instead of everyone again.
    last = (await session.execute(sa_select(func.max(col(Nudge.member_id))).where(
        col(Nudge.milestone_id) == m.id, col(Nudge.offset) == offset))).scalar_one() or 0
    chosen_query = (missing_officers(m, field_code=field_code, in_id_order=not pg)
                    .where(~already, col(Member.id) > last)
                    .order_by(col(Member.id)).limit(size))
    at = literal(now, UTCDateTime)
    mid, off = literal(m.id or 0), literal(offset)
    if pg:
        # One statement: PostgreSQL materialises `chosen` (a CTE read twice) and finds the
        # recipients once; the outbox INSERT is a data-modifying CTE, run to completion
        # whether or not anything reads it.
        chosen = chosen_query.cte("chosen")
        log_rows = insert(NUDGE_TABLE).from_select(
            NUDGE_COLUMNS, sa_select(mid, chosen.c.unit_id, chosen.c.id, off, at))
        messages = _messages(chosen, m, offset, bodies, now, cfg, pg=True)
        added = await session.execute(log_rows.add_cte(messages.cte("queued_outbox")))
    else:
        # At most `size` people (a short transaction: handlers wait for it); the next part goes
        # on where this one stopped. The part's messages are made from the log rows it wrote.
        chosen = chosen_query.subquery()
        added = await session.execute(insert(NUDGE_TABLE).from_select(
            NUDGE_COLUMNS, sa_select(mid, chosen.c.unit_id, chosen.c.id, off, at)))
        logged = (sa_select(col(Member.telegram_id), col(Member.language),
                            col(Nudge.unit_id), col(Unit.name))
                  .join(Member, col(Member.id) == col(Nudge.member_id))
                  .join(Unit, col(Unit.id) == col(Nudge.unit_id))
                  .where(col(Nudge.milestone_id) == m.id, col(Nudge.offset) == offset,
                         col(Nudge.member_id) > last)).subquery()
        await session.execute(_messages(logged, m, offset, bodies, now, cfg, pg=False))
    queued = int(getattr(added, "rowcount", 0) or 0)
    # A round supersedes any "remind me later" still waiting for this milestone. Correlated,
    # so it reads the few snoozes rather than every nudge of the round at each part.
    nudged = exists().where(col(Nudge.milestone_id) == m.id, col(Nudge.offset) == offset,
                            col(Nudge.member_id) == col(NudgeSnooze.member_id))
    await session.execute(update(NudgeSnooze).where(
        col(NudgeSnooze.milestone_id) == m.id, col(NudgeSnooze.remind_at).is_not(None),
        nudged).values(remind_at=None))
    return queued


NUDGE_COLUMNS = ["milestone_id", "unit_id", "member_id", "offset", "created_at"]
MESSAGE_COLUMNS = ["chat_id", "method", "payload", "body_id", "priority", "status", "ref",
                   "attempts", "timeouts", "created_at", "not_after"]


async def _round_bodies(session: AsyncSession, m: Milestone, c: Campaign, offset: int,
                        now: datetime, render: Render, calendar: WorkCalendar,
                        cfg: NudgeConfig) -> dict[Language, int]:
    """The round's text in each language, stored once: rows carry only the unit's name."""
    day = now.astimezone(cfg.timezone).date().isoformat()
    payloads: dict[str, dict[str, Any]] = {}
    for lang in Language:
        body, keyboard = render(card_for(m, c, unit_name=outbox_bodies.mark("unit"),
                                         language=lang, now=now, calendar=calendar, cfg=cfg))
        payloads[f"nudge:{m.id}:{offset}:{lang.value}:{day}"] = {"text": body,
                                                                  "keyboard": keyboard}
    ids = await outbox_bodies.stored(session, payloads, now)
    return {lang: ids[f"nudge:{m.id}:{offset}:{lang.value}:{day}"] for lang in Language}


def _messages(people: Any, m: Milestone, offset: int, bodies: dict[Language, int], now: datetime,
              cfg: NudgeConfig, *, pg: bool) -> Any:
    """INSERT … SELECT of one outbox row per person in ``people`` (columns telegram_id,
    language, unit_id, name): the language's body, and the unit's name escaped for HTML."""
    name = func.replace(func.replace(func.replace(people.c.name, "&", "&amp;"), "<", "&lt;"),
                        ">", "&gt;")
    values = func.json_build_object("unit", name) if pg else func.json_object("unit", name)
    body = case((people.c.language == Language.EN.value, bodies[Language.EN]),
                else_=bodies[Language.VI])
    key = literal(f"nudge:{m.id}:")
    return insert(OUTBOX_TABLE).from_select(MESSAGE_COLUMNS, sa_select(
        people.c.telegram_id, literal(OutboxMethod.SEND_MESSAGE.value), values, body,
        literal(int(Priority.BULK)), literal(OutboxStatus.PENDING.value),
        key + cast(people.c.unit_id, String), literal(0), literal(0), literal(now, UTCDateTime),
        literal(cfg.quiet_from(now), UTCDateTime)))


def outbox_values(chat_id: int, body: str, keyboard: list[list[dict[str, str]]], now: datetime,
                   *, dedupe_key: str, ref: str, not_after: datetime | None) -> dict[str, Any]:
    return {"chat_id": chat_id, "method": OutboxMethod.SEND_MESSAGE,
            "payload": {"text": body, "keyboard": keyboard}, "priority": Priority.BULK,
            "status": OutboxStatus.PENDING, "dedupe_key": dedupe_key, "ref": ref,
            "attempts": 0, "timeouts": 0, "created_at": now, "not_before": None,
            "not_after": not_after, "message_id": None, "error": None, "source_update_id": None,
            "sent_at": None}


# -- submissions withdraw what is still waiting ---------------------------------------------------
async def withdraw(session: AsyncSession, *, unit_id: int, milestone_ids: Sequence[int]) -> int:
    """A unit submitted: cancel its nudges (to every officer) still waiting in the outbox.

    Call it in the submission's own transaction. On PostgreSQL it first waits for a nudge sweep
    that is queueing for these milestones, so nudges that sweep queued are cancelled too."""
    if not milestone_ids:
        return 0
    await lock_milestones(session, milestone_ids, share=True)
    refs = [unit_ref(mid, unit_id) for mid in milestone_ids]
    done = await session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.ref).in_(refs), col(OutboxMessage.status) == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED, error="withdrawn: the unit submitted"))
    await session.execute(update(NudgeSnooze).where(
        col(NudgeSnooze.milestone_id).in_(milestone_ids), col(NudgeSnooze.remind_at).is_not(None),
        col(NudgeSnooze.member_id).in_(select(Member.id).where(Member.unit_id == unit_id)),
    ).values(remind_at=None))
    return int(getattr(done, "rowcount", 0) or 0)


async def withdraw_registration(session: AsyncSession, *, campaign_id: int, unit_id: int) -> int:
    ids = (await session.exec(select(Milestone.id).where(
        Milestone.campaign_id == campaign_id, Milestone.kind == MilestoneKind.REGISTRATION))).all()
    return await withdraw(session, unit_id=unit_id, milestone_ids=[i for i in ids if i is not None])
