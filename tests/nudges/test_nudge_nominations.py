"""The nộp hồ sơ milestone is nudged like a report: units that have not sent their nomination
list are reminded; a unit whose list has gone is not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import MilestoneKind, Nomination, NominationKind, NominationStatus
from scheduler.app import build_scheduler
from scheduler.nudge_jobs import nudge_sweep
from services import nudges
from tests.nudges.nudge_world import Clock, build, local, nudge_rows


@pytest.fixture(autouse=True)
def default_config():
    nudges.configure(nudges.NudgeConfig())
    yield
    nudges.configure(nudges.NudgeConfig())


async def test_nomination_files_milestone_nudges_only_units_without_a_list(session_factory):
    async with session_factory() as s:
        world = await build(s, {"HS": (MilestoneKind.NOMINATION, local(2027, 3, 19, 17))},
                            created=local(2027, 3, 1))
        # U2 sent its list for the milestone; U3 has one too, but only as a draft.
        for code, times in (("U2", 1), ("U3", 0)):
            s.add(Nomination(unit_id=world.units[code], kind=NominationKind.CAMPAIGN, year=2027,
                             campaign_id=world.campaign_id, milestone_id=world.milestones["HS"],
                             status=NominationStatus.SUBMITTED if times else NominationStatus.DRAFT,
                             times_submitted=times, created_at=datetime(2027, 3, 2, tzinfo=UTC)))
        await s.commit()
    clock = Clock(local(2027, 3, 16, 8))  # three working days before the deadline
    await build_scheduler(session_factory, clock=clock).run_sweep("n", nudge_sweep)
    chats = sorted(r.chat_id for r in await nudge_rows(session_factory))
    people = world.people
    assert chats == sorted(people[k].telegram_id for k in ("a1", "a2", "c"))
