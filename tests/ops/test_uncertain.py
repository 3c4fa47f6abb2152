"""A copy that timed out twice but was delivered reads "có thể đã nhận", not failed."""

from __future__ import annotations

from sqlmodel import select

from bot.app import Runtime
from models import OutboxMessage, OutboxStatus, make_engine, make_session_factory
from services import directive_register, directives
from tests.conftest import Stack, stack_settings
from tests.directives.test_directive_reliability import seed


async def test_twice_timed_out_but_delivered_is_uncertain_not_failed(emulator, db_url):
    users = [emulator.add_user(f"Cán bộ {i}", started=True) for i in range(3)]
    admin = emulator.add_user("Quản trị Viên", started=True)
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    did = await seed(factory, users, with_admin=admin)
    # Delivered, but the answer is late twice: the sender stops after the second timeout.
    emulator.faults.add("timeout", methods={"sendmessage"}, chat_ids={users[0].id}, count=2,
                        delay=2.0)
    runtime = Runtime(stack_settings(emulator, db_url, "aiogram", request_timeout=1.0),
                      with_scheduler=False)
    await runtime.start()
    try:
        stack = Stack(emulator, runtime, None, "aiogram")  # type: ignore[arg-type]
        await stack.settle(timeout=30)
        async with factory() as s:
            rows = (await s.exec(select(OutboxMessage).where(
                OutboxMessage.ref == directives.ref_of(did)))).all()
            c = (await directive_register.delivery_counts(s, [did]))[did]
        mine = [r for r in rows if r.chat_id == users[0].id]
        assert [r.status for r in mine] == [OutboxStatus.UNCERTAIN]
        assert "may have been delivered" in (mine[0].error or "")
        assert (c.sent, c.uncertain, c.failed, c.pending) == (2, 1, 0, 0)
        assert c.done == c.recipients == 3
        assert any("Chỉ thị khẩn" in (m.text or "") for m in users[0].inbox())  # it did arrive

        # What the admin sees in the register.
        await admin.send("/directives")
        await stack.settle(timeout=15)
        shown = admin.inbox()[-1].text or ""
        assert "có thể đã nhận 1" in shown, shown
        assert "lỗi" not in shown, shown  # an uncertain copy is not a failure; zeros are not shown
    finally:
        await runtime.stop()
        await engine.dispose()
