"""Morning digests on a simulated clock: one per field lead and per admin, once a working day,
counts first and names after, nothing when there is nothing to say."""

from __future__ import annotations

from sqlmodel import col, select

from models import MilestoneKind, OutboxMessage
from scheduler.app import build_scheduler
from scheduler.nudge_jobs import digest_sweep
from services import nudges
from tests.nudges.nudge_world import Clock, build, local, report


async def digests(session_factory) -> list[OutboxMessage]:
    async with session_factory() as s:
        return list((await s.exec(select(OutboxMessage).where(
            col(OutboxMessage.dedupe_key).like("digest:%")).order_by(col(OutboxMessage.id)))).all())


async def test_one_digest_each_working_morning_counts_first(session_factory):
    nudges.configure(nudges.NudgeConfig())
    async with session_factory() as s:
        world = await build(s, {"SK": (MilestoneKind.MIDTERM, local(2027, 3, 19, 17)),
                                "TK": (MilestoneKind.FINAL, local(2027, 6, 30, 17))},
                            created=local(2027, 3, 1))
    await report(session_factory, world, "b", "SK", local(2027, 3, 12, 9))
    clock = Clock(local(2027, 3, 13, 9))  # Saturday: no digest
    handle = build_scheduler(session_factory, clock=clock)
    await handle.run_sweep("d", digest_sweep)
    clock.now = local(2027, 3, 15, 7, 30)  # Monday, before the sending hour
    await handle.run_sweep("d", digest_sweep)
    assert not await digests(session_factory)
    clock.now = local(2027, 3, 15, 8, 0)
    await handle.run_sweep("d", digest_sweep)
    clock.now = local(2027, 3, 15, 9, 0)
    await handle.run_sweep("d", digest_sweep)
    rows = await digests(session_factory)
    assert sorted(r.chat_id for r in rows) == sorted(
        world.people[k].telegram_id for k in ("admin", "lead"))
    admin = next(r for r in rows if r.chat_id == world.people["admin"].telegram_id)
    text = admin.payload["text"]
    assert "Toàn ngành" in text and "Đến hạn trong tuần" in text
    assert "SK — hạn 17:00 thứ Sáu, 19/03/2027: <b>2/3</b> đơn vị chưa nộp" in text
    assert "Sở TT&amp;TT U1; Sở TT&amp;TT U3" in text and "U2" not in text
    assert "TK" not in text  # due in June: not this week, not late
    lead = next(r for r in rows if r.chat_id == world.people["lead"].telegram_id)
    assert "Lĩnh vực: Ứng dụng công nghệ thông tin" in lead.payload["text"]
    assert lead.payload["keyboard"][0][0]["callback_data"] == f"mi:{world.milestones['SK']}:1"
    # The next week: SK is late for two units; once everyone reported there is nothing to say.
    clock.now = local(2027, 3, 22, 8, 0)
    await handle.run_sweep("d", digest_sweep)
    late = (await digests(session_factory))[-1].payload["text"]
    assert "Quá hạn, còn đơn vị chưa nộp" in late and "<b>2/3</b>" in late
    for who in ("a1", "c"):
        await report(session_factory, world, who, "SK", local(2027, 3, 22, 9))
    before = len(await digests(session_factory))
    clock.now = local(2027, 3, 23, 8, 0)
    await handle.run_sweep("d", digest_sweep)
    assert len(await digests(session_factory)) == before
