"""Quiet hours hold at send time, on both gateways and a simulated clock: a nudge or digest still
waiting in the outbox when quiet hours begin (the sender was down, or far behind) is dropped at
21:00, never delivered in the night; the next morning's plan speaks for the right day."""

from __future__ import annotations

from sqlmodel import col, select

from bot.app import Runtime
from models import OutboxMessage, OutboxStatus, Role
from scheduler.app import build_scheduler
from scheduler.nudge_jobs import digest_sweep, nudge_sweep
from services import nudges
from tests.nudges.nudge_world import launch_sk, local


def said(user, fragment: str) -> list[str]:
    return [m.text for m in user.inbox() if fragment in (m.text or "")]


async def test_what_waits_past_the_start_of_quiet_hours_is_never_sent_at_night(stack) -> None:
    nudges.configure(nudges.NudgeConfig())
    stack.clock.set(local(2027, 3, 16, 20, 30))  # Tuesday evening, before quiet hours
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    officer = await stack.user("Nguyễn Thị Hà", role=Role.OFFICER, unit="SO-HN")
    await launch_sk(stack, admin, "SO-HN")
    for u in (admin, officer):
        u.chat.started = True
    scheduler = build_scheduler(stack.session_factory, clock=stack.clock)

    # 20:30 with the sender up: Tuesday's nudge (3 working days before) still goes out.
    await scheduler.run_sweep("nudges.sweep", nudge_sweep)
    await stack.settle()
    assert len(said(officer, "còn 3 ngày làm việc")) == 1

    # Thursday 20:40: the day's nudge (1 working day before) and the admin's digest are queued,
    # but the sender is down ...
    await stack.runtime.stop()
    stack.clock.set(local(2027, 3, 18, 20, 40))
    await scheduler.run_sweep("nudges.sweep", nudge_sweep)
    await scheduler.run_sweep("digests.morning", digest_sweep)
    # ... and comes back at 22:00: neither is delivered in the night, nor later.
    stack.clock.set(local(2027, 3, 18, 22, 0))
    stack.runtime = Runtime(stack.runtime.settings, clock=stack.clock, with_scheduler=False)
    await stack.runtime.start()
    await stack.settle()
    assert not said(officer, "còn 1 ngày làm việc")
    assert not said(admin, "Tình hình thi đua")
    async with stack.session_factory() as s:
        dropped = (await s.exec(select(OutboxMessage).where(
            col(OutboxMessage.not_after) == local(2027, 3, 18, 21, 0)))).all()
    assert sorted(r.chat_id for r in dropped) == sorted([officer.id, admin.id])
    assert {r.status for r in dropped} == {OutboxStatus.CANCELLED}
    assert all((r.error or "").startswith("expired") for r in dropped)

    # Friday 08:00: the deadline's own nudge says what is true that morning.
    stack.clock.set(local(2027, 3, 19, 8, 0))
    await scheduler.run_sweep("nudges.sweep", nudge_sweep)
    await stack.settle()
    assert len(said(officer, "hôm nay là hạn cuối")) == 1
    assert len(said(officer, "Nhắc hạn")) == 2
