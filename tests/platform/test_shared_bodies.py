"""Outbox rows that share one stored body (a round of nudges): each person gets the body with
their own values put in, through the real sender and the emulator; a row whose body is gone
fails with the reason and holds nobody else up."""

from __future__ import annotations

from models import OutboxMessage, OutboxMethod, OutboxStatus, Priority
from models.base import utcnow
from services import outbox_bodies
from tests.conftest import Stack


async def queue_shared(stack: Stack, rows: list[tuple[int, dict[str, str]]],
                       body_id: int | None = None) -> list[int]:
    """Store one body and queue a row per (chat, values); ``body_id`` overrides the stored id."""
    body = {"text": f"Kính gửi <b>{outbox_bodies.mark('unit')}</b>: còn 1 ngày làm việc.",
            "keyboard": [[{"text": "📝 Báo cáo ngay", "callback_data": "noop"}]]}
    async with stack.session_factory() as session, session.begin():
        stored = await outbox_bodies.stored(session, {"test:body": body}, utcnow())
        queued = [OutboxMessage(chat_id=chat, method=OutboxMethod.SEND_MESSAGE, payload=values,
                                body_id=stored["test:body"] if body_id is None else body_id,
                                priority=Priority.BULK) for chat, values in rows]
        session.add_all(queued)
        await session.flush()
        ids = [r.id or 0 for r in queued]
    assert stack.runtime.sender is not None
    stack.runtime.sender.wake()
    return ids


async def test_each_row_of_a_shared_body_arrives_with_its_own_values(stack):
    ha, nam = await stack.user("Nguyễn Thị Hà"), await stack.user("Trần Văn Nam")
    for u in (ha, nam):
        u.chat.started = True
    ids = await queue_shared(stack, [(ha.id, {"unit": "Sở TT&amp;TT &lt;Hà Nội&gt;"}),
                                     (nam.id, {"unit": "Sở Tài chính"})])
    got_ha, got_nam = await ha.next_message(), await nam.next_message()
    assert got_ha.text == "Kính gửi Sở TT&TT <Hà Nội>: còn 1 ngày làm việc."
    assert got_nam.text == "Kính gửi Sở Tài chính: còn 1 ngày làm việc."
    assert got_ha.buttons == got_nam.buttons == ["📝 Báo cáo ngay"]
    # The body asked for again under its key is the same one: stored once.
    async with stack.session_factory() as session:
        again = await outbox_bodies.stored(session, {"test:body": {"text": "khác"}}, utcnow())
        row = await session.get(OutboxMessage, ids[0])
        assert row is not None and again["test:body"] == row.body_id
        assert row.payload == {"unit": "Sở TT&amp;TT &lt;Hà Nội&gt;"}  # its own values only


async def test_a_row_whose_shared_body_is_gone_fails_and_the_next_goes(stack):
    ha, nam = await stack.user("Lê Thu Hà"), await stack.user("Phạm Văn Nam")
    for u in (ha, nam):
        u.chat.started = True
    lost = await queue_shared(stack, [(ha.id, {"unit": "Sở Y tế"})], body_id=987654)
    await queue_shared(stack, [(nam.id, {"unit": "Sở Y tế"})])
    assert (await nam.next_message()).text == "Kính gửi Sở Y tế: còn 1 ngày làm việc."
    await stack.settle()
    async with stack.session_factory() as session:
        failed = await session.get(OutboxMessage, lost[0])
    assert failed is not None and failed.status == OutboxStatus.FAILED
    assert failed.error == "its shared body #987654 is gone"
    assert not ha.inbox()
