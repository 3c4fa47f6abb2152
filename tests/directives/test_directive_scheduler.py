"""The scheduler's sweeps with a fake clock: release due directives once, report progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select, update

from models import Directive, DirectiveStatus, OutboxMessage, OutboxMethod, OutboxStatus, Role
from scheduler.app import build_scheduler
from scheduler.jobs import PROGRESS_EVERY
from services import directives
from services.directives import Audience
from tests.directives.directive_helpers import field, member, unit

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def setup(session_factory):
    async with session_factory() as s, s.begin():
        await field(s, "BC")
        bd = await unit(s, "BD", "BC")
        admin = await member(s, "Quản trị", Role.ADMIN)
        people = [await member(s, f"Cán bộ {i}", unit=bd) for i in range(4)]
    return admin, people


async def schedule(session_factory, admin, send_at):
    async with session_factory() as s, s.begin():
        d = await directives.create_directive(
            s, actor=admin, title="Kế hoạch", number=None, body_html=None,
            source_chat_id=admin.telegram_id, source_message_id=5,
            audience=Audience(fields=["BC"]), send_at=send_at, now=NOW)
    return d.id


async def copies(session_factory, directive_id):
    async with session_factory() as s:
        return list((await s.exec(select(OutboxMessage).where(
            OutboxMessage.ref == f"directive:{directive_id}"))).all())


async def progress_rows(session_factory, directive_id):
    async with session_factory() as s:
        return list((await s.exec(select(OutboxMessage).where(
            OutboxMessage.ref == f"directive-progress:{directive_id}")
            .order_by(col(OutboxMessage.id)))).all())


async def settle_all(session_factory, ref_prefix="directive", status=OutboxStatus.SENT):
    """What the sender would do: every pending row sent (with a message id)."""
    async with session_factory() as s, s.begin():
        rows = (await s.exec(select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.PENDING))).all()
        for row in rows:
            row.status, row.message_id = status, 1000 + (row.id or 0)
            row.sent_at = NOW
            s.add(row)


async def test_due_directive_released_once_even_if_swept_twice_or_late(session_factory, setup):
    admin, people = setup
    clock = Clock()
    handle = build_scheduler(session_factory, clock=clock)
    did = await schedule(session_factory, admin, NOW + timedelta(minutes=30))
    assert (await handle.run_once())["directives.release"] == 0
    assert not await copies(session_factory, did)
    clock.now = NOW + timedelta(days=2)  # the process was down when it was due
    assert (await handle.run_once())["directives.release"] == 1
    assert (await handle.run_once())["directives.release"] == 0
    # A second scheduler (a restarted process) sweeping at the same time adds nothing either.
    other = build_scheduler(session_factory, clock=clock)
    await other.run_once()
    rows = await copies(session_factory, did)
    assert len(rows) == len(people) and len({r.chat_id for r in rows}) == len(rows)


async def test_progress_message_edited_then_finished(session_factory, setup):
    admin, people = setup
    clock = Clock()
    changed = []
    handle = build_scheduler(session_factory, clock=clock, on_change=lambda: changed.append(1))
    did = await schedule(session_factory, admin, None)

    await handle.run_once()
    (first,) = await progress_rows(session_factory, did)
    assert first.chat_id == admin.telegram_id and first.method == OutboxMethod.SEND_MESSAGE
    assert "0/4" in first.payload["text"] and first.priority < 20
    assert changed

    # Half delivered, the first progress message out; too soon for an edit.
    async with session_factory() as s, s.begin():
        await s.exec(update(OutboxMessage).where(col(OutboxMessage.id) == first.id)
                     .values(status=OutboxStatus.SENT, message_id=900))
        for m in people[:2]:
            await s.exec(update(OutboxMessage).where(
                col(OutboxMessage.dedupe_key) == f"directive:{did}:{m.telegram_id}")
                .values(status=OutboxStatus.SENT, message_id=901, sent_at=NOW))
    clock.now = NOW + timedelta(seconds=1)
    await handle.run_once()
    assert len(await progress_rows(session_factory, did)) == 1
    clock.now = NOW + PROGRESS_EVERY + timedelta(seconds=1)
    await handle.run_once()
    rows = await progress_rows(session_factory, did)
    assert len(rows) == 2 and rows[1].method == OutboxMethod.EDIT_MESSAGE_TEXT
    assert rows[1].payload["message_outbox_id"] == first.id and "2/4" in rows[1].payload["text"]
    # Nothing changed: no edit (Telegram would say "message is not modified").
    clock.now += PROGRESS_EVERY * 2
    await handle.run_once()
    assert len(await progress_rows(session_factory, did)) == 2

    # The rest: one is blocked; the final edit has the totals and the time it took.
    async with session_factory() as s, s.begin():
        await s.exec(update(OutboxMessage).where(
            col(OutboxMessage.dedupe_key) == f"directive:{did}:{people[2].telegram_id}")
            .values(status=OutboxStatus.FAILED, error="blocked: Forbidden"))
    await settle_all(session_factory)
    async with session_factory() as s, s.begin():
        await s.exec(update(OutboxMessage).where(col(OutboxMessage.ref) == f"directive:{did}",
                                                 col(OutboxMessage.status) == OutboxStatus.SENT)
                     .values(sent_at=NOW + timedelta(seconds=83)))
    clock.now += timedelta(seconds=1)
    await handle.run_once()
    rows = await progress_rows(session_factory, did)
    final = rows[-1].payload["text"]
    assert "Đã gửi xong" in final and "1 phút 23 giây" in final
    assert "Đã gửi: 3" in final and "Chặn bot/không còn trong nhóm: 1" in final
    async with session_factory() as s:
        d = await s.get(Directive, did)
        assert d.status == DirectiveStatus.SENT and d.finished_at is not None
    clock.now += timedelta(minutes=1)
    await handle.run_once()
    assert len(await progress_rows(session_factory, did)) == len(rows)


async def test_small_broadcast_gets_one_final_message(session_factory, setup):
    admin, _ = setup
    handle = build_scheduler(session_factory, clock=Clock())
    did = await schedule(session_factory, admin, None)
    await settle_all(session_factory)
    await handle.run_once()
    (only,) = await progress_rows(session_factory, did)
    assert "Đã gửi xong" in only.payload["text"]


async def test_start_and_shutdown_on_a_running_loop(session_factory, setup):
    handle = build_scheduler(session_factory, clock=Clock(), interval_seconds=0.05)
    handle.start()
    assert handle.running
    handle.shutdown()
    assert not handle.running
