"""What only PostgreSQL can show: two schedulers at once, and a unit submitting while a sweep
is queueing its nudges (skipped, with the reason, only when no server answers)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import text

from models import MilestoneKind, make_engine, make_session_factory
from scheduler.app import build_scheduler
from scheduler.nudge_jobs import nudge_sweep
from scheduler.nudge_texts import nudge as render
from services import nudges
from tests.nudges.nudge_world import Clock, build, local, nudge_rows, report


@pytest.fixture
async def pg_factories(pg_url):
    engines = [make_engine(pg_url) for _ in range(2)]
    yield [make_session_factory(e) for e in engines]
    for e in engines:
        await e.dispose()


async def test_two_schedulers_send_every_nudge_once(pg_factories):
    first, second = pg_factories
    nudges.configure(nudges.NudgeConfig())
    async with first() as s:
        world = await build(s, {"SK": (MilestoneKind.MIDTERM, local(2027, 3, 19, 17)),
                                "DK": (MilestoneKind.REGISTRATION, local(2027, 3, 18, 17))},
                            created=local(2027, 3, 1))
    clock = Clock(local(2027, 3, 16, 8))
    a = build_scheduler(first, clock=clock)
    b = build_scheduler(second, clock=clock)
    for moment in (local(2027, 3, 16, 8), local(2027, 3, 16, 8, 1), local(2027, 3, 17, 8),
                   local(2027, 3, 18, 8), local(2027, 3, 19, 8), local(2027, 3, 22, 8)):
        clock.now = moment
        await asyncio.gather(*(h.run_sweep("n", nudge_sweep) for h in (a, b, a, b)))
    rows = await nudge_rows(first)
    keys = Counter(r.key for r in rows)
    assert keys and max(keys.values()) == 1
    # SK: -3 (16/03), -1 (18/03), 0 (19/03), +1 (22/03); DK: -1 (17/03), 0 (18/03), +1 (19/03);
    # DK's -3 was 15/03, before the first sweep, and is caught up on 16/03: four officers each.
    per_milestone = Counter(r.key.split(":")[1] for r in rows)
    assert per_milestone == {str(world.milestones["SK"]): 4 * 4, str(world.milestones["DK"]): 4 * 4}


async def lock_waits(session) -> bool:
    """True once another transaction waits for a lock (PostgreSQL's own view, not a timer)."""
    for _ in range(500):
        waiting = (await session.execute(text(
            "SELECT count(*) FROM pg_locks WHERE NOT granted"))).scalar_one()
        if waiting:
            return True
        await asyncio.sleep(0.01)  # the other task gets to run; bounded at 5 s
    return False


async def test_submission_during_a_sweep_withdraws_its_nudges(pg_factories):
    first, second = pg_factories
    nudges.configure(nudges.NudgeConfig())
    async with first() as s:
        world = await build(s, {"SK": (MilestoneKind.MIDTERM, local(2027, 3, 19, 17))},
                            created=local(2027, 3, 1))
    now = local(2027, 3, 16, 8)
    # The sweep has read who is missing and queued its rows, but not committed yet ...
    sweeping = first()
    await sweeping.begin()
    result = await nudges.sweep(sweeping, now, render)
    assert result.queued == 4
    # ... when an officer of U1 submits: the submission waits for the sweep's lock,
    submit = asyncio.create_task(report(second, world, "a1", "SK", now))
    assert await lock_waits(sweeping), "the submission waits for the sweep's lock"
    assert not submit.done()
    await sweeping.commit()
    await sweeping.close()
    await asyncio.wait_for(submit, 10)
    # then withdraws both U1 nudges the sweep had just queued: they are never sent.
    rows = await nudge_rows(first, include_cancelled=True)
    u1 = {world.people[k].telegram_id for k in ("a1", "a2")}
    assert {r.chat_id: r.status for r in rows if r.chat_id in u1} == dict.fromkeys(u1, "cancelled")
    assert sorted(r.chat_id for r in rows if r.status == "pending") == sorted(
        world.people[k].telegram_id for k in ("b", "c"))
