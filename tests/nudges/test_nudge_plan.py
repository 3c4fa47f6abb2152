"""Nudges on a simulated clock (never sleeping): the Tết calendar, downtime, moved deadlines,
people who leave, several officers of a unit, snoozes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import select

from models import DayKind, Language, Member, MilestoneKind, Nudge
from scheduler.app import build_scheduler
from scheduler.nudge_jobs import nudge_sweep, snooze_sweep
from services import campaigns, nudge_requests, nudges, workdays
from services.campaigns import CampaignSpec, MilestoneSpec, TargetSpec
from tests.nudges.nudge_world import FIELD, VN, Clock, build, hours, local, mark, nudge_rows, report

SK = MilestoneKind.MIDTERM


@pytest.fixture(autouse=True)
def default_config():
    nudges.configure(nudges.NudgeConfig())
    yield
    nudges.configure(nudges.NudgeConfig())


async def sweep_every_hour(session_factory, clock, start, end, *, sweeps=(("n", nudge_sweep),)):
    handle = build_scheduler(session_factory, clock=clock)
    for moment in hours(start, end):
        clock.now = moment
        for name, fn in sweeps:
            await handle.run_sweep(name, fn)


def chat_of(world, key):
    return world.people[key].telegram_id


async def test_across_tet_2027_with_compensatory_saturdays(session_factory):
    """Deadline 17:00 Friday 12/02/2027, the week after Tết (04/02–10/02 in the holidays
    package). The government also gave 01–03/02 off and two làm bù Saturdays: 30/01 and 13/02."""
    for d in (date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 3)):
        await mark(session_factory, d, DayKind.OFF, "Nghỉ Tết Nguyên đán theo thông báo")
    for d in (date(2027, 1, 30), date(2027, 2, 13)):
        await mark(session_factory, d, DayKind.WORK, "Làm bù")
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 2, 12, 17))}, created=local(2027, 1, 20))
    clock = Clock(local(2027, 1, 25, 0))
    await sweep_every_hour(session_factory, clock, local(2027, 1, 25, 0), local(2027, 2, 17, 0))

    rows = await nudge_rows(session_factory)
    by_offset: dict[int, set] = {}
    for r in rows:
        offset = int(r.key.split(":")[3])
        by_offset.setdefault(offset, set()).add(r.created_at.astimezone(VN).replace(tzinfo=None))
    from datetime import datetime as dt
    assert by_offset == {
        -3: {dt(2027, 1, 29, 8, 0)},  # Fri: Sat 30/01 làm bù and Thu 11/02 are the other two
        -1: {dt(2027, 2, 11, 8, 0)},  # Thu, the first working day after the Tết break
        0: {dt(2027, 2, 12, 8, 0)},  # the deadline's morning
        1: {dt(2027, 2, 13, 8, 0)},  # Sat 13/02 is a làm bù working day
    }
    # Four officers of the three missing units in the campaign's field, each once per offset;
    # the officer of the unit in another field gets nothing.
    officers = {chat_of(world, k) for k in ("a1", "a2", "b", "c")}
    assert {r.chat_id for r in rows} == officers and len(rows) == 4 * 4
    before = next(r for r in rows if r.key.endswith(":-1"))
    assert "17:00 thứ Sáu, 12/02/2027 — còn 1 ngày làm việc" in before.payload["text"]
    assert "Thi đua Chuyển đổi số 2027" in before.payload["text"]
    buttons = [b["text"] for row in before.payload["keyboard"] for b in row]
    assert buttons == ["📝 Báo cáo ngay", "⏰ Nhắc lại sau"]
    late = next(r for r in rows if r.key.endswith(":1"))
    assert "Quá hạn" in late.payload["text"] and "đã quá hạn 1 ngày làm việc" in late.payload["text"]


async def test_warning_names_the_tet_break(session_factory):
    async with session_factory() as s:
        (off,) = await workdays.deadline_warnings(s, [local(2027, 2, 8, 17)])
        assert off.name == "Tết Nguyên đán"
        assert not await workdays.deadline_warnings(s, [local(2027, 2, 11, 17)])


async def test_down_three_days_one_catch_up_each_nothing_for_submitted(session_factory):
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17)),
                                "TK": (MilestoneKind.FINAL, local(2027, 3, 22, 17))},
                            created=local(2027, 3, 1))
    clock = Clock(local(2027, 3, 15, 9))
    handle = build_scheduler(session_factory, clock=clock)
    await handle.run_sweep("n", nudge_sweep)
    assert not await nudge_rows(session_factory)  # -3 for SK is Tue 16/03
    await report(session_factory, world, "b", "SK", local(2027, 3, 15, 10))
    # The bot is down from Monday night to Friday 10:00: SK's -3, -1 and 0 and TK's -3, -1 passed.
    clock.now = local(2027, 3, 19, 10)
    await handle.run_sweep("n", nudge_sweep)
    await handle.run_sweep("n", nudge_sweep)
    rows = await nudge_rows(session_factory)
    sk = [r for r in rows if r.key.startswith(f"nudge:{world.milestones['SK']}:")]
    tk = [r for r in rows if r.key.startswith(f"nudge:{world.milestones['TK']}:")]
    # One per person per milestone, the most recent due: SK's deadline morning, TK's -1 (Fri).
    assert sorted(r.chat_id for r in sk) == sorted(chat_of(world, k) for k in ("a1", "a2", "c"))
    assert {r.key.split(":")[3] for r in sk} == {"0"}
    assert sorted(r.chat_id for r in tk) == sorted(chat_of(world, k) for k in ("a1", "a2", "b", "c"))
    assert {r.key.split(":")[3] for r in tk} == {"-1"}
    assert chat_of(world, "b") not in {r.chat_id for r in sk}  # U2 already reported


async def test_moved_deadline_replans_pending_never_repeats_sent(session_factory):
    from handlers.campaigns import announce_moved
    from models import Directive
    from services import campaigns

    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17))}, created=local(2027, 3, 1))
    clock = Clock(local(2027, 3, 16, 8, 5))
    handle = build_scheduler(session_factory, clock=clock)
    await handle.run_sweep("n", nudge_sweep)  # -3 (Tue 16/03)
    assert {r.key.split(":")[3] for r in await nudge_rows(session_factory)} == {"-3"}

    async def move(to):
        async with session_factory() as s, s.begin():
            admin = await s.get(Member, world.people["admin"].id)
            m, c, previous = await campaigns.change_due(s, actor=admin, milestone_id=world.milestones["SK"],
                                                        due_at=to, now=clock.now)
            await announce_moved(s, actor=admin, campaign=c, moved=[(m, previous)], now=clock.now)

    # Earlier: to Wed 17/03 → -1 is Tue 16/03 08:00, already past: sent now; -3 is not repeated.
    clock.now = local(2027, 3, 16, 9)
    await move(local(2027, 3, 17, 17))
    await handle.run_sweep("n", nudge_sweep)
    await handle.run_sweep("n", nudge_sweep)
    offsets = [r.key.split(":")[3] for r in await nudge_rows(session_factory)]
    assert sorted(set(offsets)) == ["-1", "-3"] and len(offsets) == 2 * 4
    # Later again: to Fri 26/03; the deadline's morning moves with it; nothing sent twice.
    clock.now = local(2027, 3, 16, 10)
    await move(local(2027, 3, 26, 17))
    await sweep_every_hour(session_factory, clock, local(2027, 3, 16, 11), local(2027, 3, 30, 12))
    rows = await nudge_rows(session_factory)
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys))
    when = {r.key.split(":")[3]: r.created_at.astimezone(VN).strftime("%d/%m %H:%M")
            for r in rows}
    assert when == {"-3": "16/03 08:05", "-1": "16/03 09:00", "0": "26/03 08:00", "1": "29/03 08:00"}
    assert "17:00 thứ Sáu, 26/03/2027" in next(r for r in rows if r.key.endswith(":0")).payload["text"]
    # Each change announced once (a directive per change), not again by the nudges.
    async with session_factory() as s:
        notices = (await s.exec(select(Directive).where(Directive.ref == f"campaign:{world.campaign_id}",
                                                        Directive.kind == "directive"))).all()
    assert len(notices) == 2


async def test_left_unit_not_nudged_and_one_report_stops_all_officers(session_factory):
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17))}, created=local(2027, 3, 1))
        c = await s.get(Member, world.people["c"].id)
        c.unit_id = None  # left U3
        s.add(c)
        await s.commit()
    clock = Clock(local(2027, 3, 16, 8))
    handle = build_scheduler(session_factory, clock=clock)
    await handle.run_sweep("n", nudge_sweep)
    rows = await nudge_rows(session_factory)
    assert sorted(r.chat_id for r in rows) == sorted(chat_of(world, k) for k in ("a1", "a2", "b"))
    # a2 reports for U1 while the nudges still wait in the outbox: both U1 nudges are withdrawn,
    # and later rounds skip U1 entirely.
    await report(session_factory, world, "a2", "SK", local(2027, 3, 16, 8, 1))
    rows = await nudge_rows(session_factory)
    assert sorted(r.chat_id for r in rows) == [chat_of(world, "b")]
    cancelled = [r for r in await nudge_rows(session_factory, include_cancelled=True)
                 if r.status == "cancelled"]
    assert sorted(r.chat_id for r in cancelled) == sorted(chat_of(world, k) for k in ("a1", "a2"))
    clock.now = local(2027, 3, 18, 8)
    await handle.run_sweep("n", nudge_sweep)
    assert {r.chat_id for r in await nudge_rows(session_factory)} == {chat_of(world, "b")}


async def test_snooze_is_per_milestone(session_factory):
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17)),
                                "TK": (MilestoneKind.FINAL, local(2027, 3, 19, 17, 30))},
                            created=local(2027, 3, 1))
    clock = Clock(local(2027, 3, 16, 8))
    handle = build_scheduler(session_factory, clock=clock)
    await handle.run_sweep("n", nudge_sweep)
    clock.now = local(2027, 3, 16, 9)
    async with session_factory() as s, s.begin():
        b = await s.get(Member, world.people["b"].id)
        at = await nudge_requests.snooze(s, actor=b, milestone_id=world.milestones["SK"], choice="later",
                                 now=clock.now)
    assert at == local(2027, 3, 16, 11)
    sweeps = (("n", nudge_sweep), ("s", snooze_sweep))
    await sweep_every_hour(session_factory, clock, local(2027, 3, 16, 10), local(2027, 3, 16, 12),
                           sweeps=sweeps)
    again = [r for r in await nudge_rows(session_factory) if r.key.startswith("nudge-snooze")]
    assert [(r.chat_id, r.created_at) for r in again] == [(chat_of(world, "b"), local(2027, 3, 16, 11))]
    assert "Nhắc lại" in again[0].payload["text"] and "SK" in again[0].payload["text"]
    # Next working morning, snoozed at 20:30 (no "later today" then); TK is not snoozed.
    clock.now = local(2027, 3, 16, 20, 30)
    async with session_factory() as s, s.begin():
        b = await s.get(Member, world.people["b"].id)
        with pytest.raises(Exception, match=r"nudge\.snooze_too_late"):
            await nudge_requests.snooze(s, actor=b, milestone_id=world.milestones["SK"], choice="later",
                                now=clock.now)
    async with session_factory() as s, s.begin():
        b = await s.get(Member, world.people["b"].id)
        at = await nudge_requests.snooze(s, actor=b, milestone_id=world.milestones["SK"], choice="morning",
                                 now=clock.now)
    assert at == local(2027, 3, 17, 8)
    async with session_factory() as s:
        counted = (await s.exec(select(Nudge).where(Nudge.member_id == world.people["b"].id))).all()
    assert {n.milestone_id for n in counted} == {world.milestones["SK"], world.milestones["TK"]}


async def test_quiet_hours_and_weekends_hold_everything(session_factory):
    cfg = nudges.NudgeConfig()
    async with session_factory() as s:
        calendar = await workdays.load(s)
    assert not cfg.may_send(local(2027, 3, 16, 21, 30), calendar)
    assert not cfg.may_send(local(2027, 3, 16, 7, 30), calendar)
    assert not cfg.may_send(local(2027, 3, 20, 10), calendar)  # Saturday
    assert cfg.may_send(local(2027, 3, 16, 8), calendar)
    assert cfg.next_send_time(local(2027, 3, 19, 22), calendar) == local(2027, 3, 22, 8)
    assert cfg.next_send_time(local(2027, 2, 5, 10), calendar) == local(2027, 2, 11, 8)  # Tết
    assert calendar.shift(date(2027, 2, 11), -1) == date(2027, 2, 3)


async def test_one_sweep_queues_a_whole_round_in_short_transactions(session_factory):
    """On SQLite a round goes in several short write transactions (people's replies get the lock
    in between), all in one sweep; PostgreSQL needs one. Nobody is nudged twice."""
    nudges.configure(nudges.NudgeConfig(parts=3, part_min=1))  # 7 people: parts of 3
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17))}, created=local(2027, 3, 1))
    engine = session_factory.kw["bind"].sync_engine
    commits = 0

    def on_commit(_conn) -> None:
        nonlocal commits
        commits += 1

    event.listen(engine, "commit", on_commit)
    handle = build_scheduler(session_factory, clock=Clock(local(2027, 3, 16, 8)))
    try:
        assert (await handle.run_sweep("n", nudge_sweep)) >= 4
    finally:
        event.remove(engine, "commit", on_commit)
    assert commits == (1 if engine.dialect.name == "postgresql" else 2)
    rows = await nudge_rows(session_factory)
    assert sorted(r.chat_id for r in rows) == sorted(chat_of(world, k) for k in ("a1", "a2", "b", "c"))
    await handle.run_sweep("n", nudge_sweep)
    assert len(await nudge_rows(session_factory)) == 4


async def test_a_milestone_removed_from_its_campaign_takes_its_nudge_log_along(session_factory):
    """The nudge log has no foreign key to milestone (the sweep would check it 30,000 times):
    a campaign edit that removes a milestone deletes that milestone's nudges itself, and the
    remaining milestone keeps its own."""
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17)),
                                "TK": (MilestoneKind.FINAL, local(2027, 3, 22, 17))},
                            created=local(2027, 3, 1))
    handle = build_scheduler(session_factory, clock=Clock(local(2027, 3, 19, 10)))
    await handle.run_sweep("n", nudge_sweep)

    async def logged() -> dict[int, int]:
        async with session_factory() as s:
            out: dict[int, int] = {}
            for n in (await s.exec(select(Nudge))).all():
                out[n.milestone_id] = out.get(n.milestone_id, 0) + 1
            return out

    sk, tk = world.milestones["SK"], world.milestones["TK"]
    assert await logged() == {sk: 4, tk: 4}
    async with session_factory() as s, s.begin():
        admin = await s.get(Member, world.people["admin"].id)
        await campaigns.save(s, CampaignSpec(
            title="Thi đua Chuyển đổi số 2027", code="CDS27", field_codes=[FIELD],
            targets=[TargetSpec("Dịch vụ công trực tuyến", "dịch vụ", 10, 1, code="T1")],
            milestones=[MilestoneSpec(MilestoneKind.FINAL, local(2027, 3, 22, 17), "TK", "TK")],
        ), actor=admin, now=local(2027, 3, 19, 11))
    assert await logged() == {tk: 4}


async def test_a_round_in_parts_gives_each_person_their_language_and_unit(session_factory):
    """A round's text is stored once per language and each row keeps only its unit's name: an
    officer who chose English gets the English text, the others Vietnamese, each with their own
    unit, also in the parts after the first (which go on with the round, planning nothing)."""
    nudges.configure(nudges.NudgeConfig(parts=4, part_min=1))  # 7 people: parts of 2
    async with session_factory() as s:
        world = await build(s, {"SK": (SK, local(2027, 3, 19, 17))}, created=local(2027, 3, 1))
        c = await s.get(Member, world.people["c"].id)
        assert c is not None
        c.language = Language.EN
        s.add(c)
        await s.commit()
    handle = build_scheduler(session_factory, clock=Clock(local(2027, 3, 16, 8)))
    await handle.run_sweep("n", nudge_sweep)
    texts = {r.chat_id: r.payload["text"] for r in await nudge_rows(session_factory)}
    assert len(texts) == 4
    for key, unit in (("a1", "U1"), ("a2", "U1"), ("b", "U2")):
        assert "Nhắc hạn" in texts[chat_of(world, key)]
        assert f"Đơn vị: Sở TT&amp;TT {unit}" in texts[chat_of(world, key)]
    assert "Deadline reminder" in texts[chat_of(world, "c")]
    assert "Unit: Sở TT&amp;TT U3" in texts[chat_of(world, "c")]
    assert "còn 3 ngày làm việc" in texts[chat_of(world, "a1")]
