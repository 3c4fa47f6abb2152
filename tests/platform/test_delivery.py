"""The outbox sender against Telegram's refusals: 429, 403, group migration, timeouts."""

from __future__ import annotations

import time

from sqlmodel import select

from bot.app import Runtime
from models import ChatGroup, ChatKind, Member, OutboxMessage, OutboxMethod, OutboxStatus
from services import outbox
from tests.conftest import Stack, stack_settings


async def queue_text(stack: Stack, chat_id: int, text: str) -> int:
    async with stack.session_factory() as session, session.begin():
        row = await outbox.enqueue_text(session, chat_id, text)
        await session.flush()
        assert row is not None and row.id is not None
        row_id = row.id
    assert stack.runtime.sender is not None
    stack.runtime.sender.wake()
    return row_id


async def row(stack: Stack, row_id: int) -> OutboxMessage:
    async with stack.session_factory() as session:
        found = await session.get(OutboxMessage, row_id)
        assert found is not None
        return found


async def test_429_waits_retry_after_then_delivers(stack):
    an = await stack.user("Ngô An")
    await an.send("/start")
    await an.next_message()
    stack.emu.faults.add("429", methods={"sendmessage"}, count=1, retry_after=1)
    started = time.monotonic()
    row_id = await queue_text(stack, an.id, "Thông báo sau giới hạn")
    msg = await an.next_message(timeout=10)
    assert msg.text == "Thông báo sau giới hạn"
    assert time.monotonic() - started >= 0.9
    await stack.settle()
    sent = await row(stack, row_id)
    assert sent.status == OutboxStatus.SENT and sent.message_id == msg.message_id
    assert stack.runtime.sender is not None and stack.runtime.sender.stats.retry_after == 1


async def test_403_marks_the_person_unreachable_and_fails_the_row(stack):
    an = await stack.user("Lý An")
    await an.send("/start")
    await an.next_message()
    an.block_bot()
    await stack.settle()
    row_id = await queue_text(stack, an.id, "Chỉ thị mới")
    await stack.settle()
    failed = await row(stack, row_id)
    assert failed.status == OutboxStatus.FAILED and failed.error.startswith("blocked")
    async with stack.session_factory() as session:
        member = (await session.exec(select(Member).where(Member.telegram_id == an.id))).one()
        assert member.blocked_bot
    # Writing again means they unblocked the bot.
    an.unblock_bot()
    await an.send("/help")
    await an.next_message()
    async with stack.session_factory() as session:
        member = (await session.exec(select(Member).where(Member.telegram_id == an.id))).one()
        assert not member.blocked_bot


async def test_group_migration_resends_to_the_new_supergroup(stack):
    an = await stack.user("Mai An")
    group = stack.emu.add_group("Phòng TĐKT", members=[an], admins=[an])
    old_id = group.id
    async with stack.session_factory() as session, session.begin():
        session.add(ChatGroup(chat_id=old_id, title="Phòng TĐKT"))
    await stack.settle()
    new_id = await group.upgrade_to_supergroup(by=an)
    row_id = await queue_text(stack, old_id, "Thông báo cho nhóm")
    await stack.settle()
    delivered = await row(stack, row_id)
    assert delivered.status == OutboxStatus.SENT and delivered.chat_id == new_id
    assert [m.text for m in stack.emu.group(new_id).inbox()][-1] == "Thông báo cho nhóm"
    async with stack.session_factory() as session:
        saved = (await session.exec(select(ChatGroup).where(ChatGroup.chat_id == new_id))).one()
        assert saved.migrated_from == old_id and saved.kind == ChatKind.SUPERGROUP


async def test_a_timeout_is_retried_once_and_counted(emulator, db_url):
    runtime = Runtime(stack_settings(emulator, db_url, "aiogram", request_timeout=1.0),
                      with_scheduler=False)
    await runtime.start()
    try:
        stack = Stack(emulator, runtime, None, "aiogram")  # type: ignore[arg-type]
        an = await stack.user("Tạ An")
        await an.send("/start")
        await an.next_message()
        emulator.faults.add("timeout", methods={"sendmessage"}, count=1, delay=2.0)
        once = await queue_text(stack, an.id, "Lần một")
        await stack.settle(timeout=15)
        first = await row(stack, once)
        assert first.status == OutboxStatus.SENT and first.timeouts == 1
        emulator.faults.add("timeout", methods={"sendmessage"}, count=2, delay=2.0)
        twice = await queue_text(stack, an.id, "Lần hai")
        await stack.settle(timeout=15)
        second = await row(stack, twice)
        assert second.status == OutboxStatus.UNCERTAIN and second.timeouts == 2
        assert "may have been delivered" in (second.error or "")
        texts = [m.text for m in an.inbox()]
        # A timed-out send may still have arrived: at most one extra copy per timeout, no more.
        assert 1 <= texts.count("Lần một") <= 2
        assert texts.count("Lần hai") == 2
        assert runtime.sender is not None and runtime.sender.stats.timeouts == 3
        assert runtime.sender.stats.uncertain == 1 and runtime.sender.stats.failed == 0
    finally:
        await runtime.stop()


async def test_a_newer_edit_of_a_message_cancels_the_older_one_still_queued(stack):
    """A page edited twice before the sender got to it goes out once, with the newer text."""
    an = await stack.user("Đỗ An")
    await an.send("/start")
    page = await an.next_message()
    await stack.settle()
    edits_before = len(stack.emu.calls_to("editMessageText"))
    async with stack.session_factory() as session, session.begin():
        ids = []
        for text in ("Trang cũ", "Trang mới"):
            queued = await outbox.enqueue(session, an.id, OutboxMethod.EDIT_MESSAGE_TEXT,
                                          {"message_id": page.message_id, "text": text})
            await session.flush()
            assert queued is not None and queued.id is not None
            ids.append(queued.id)
    assert stack.runtime.sender is not None
    stack.runtime.sender.wake()
    await stack.settle()
    older, newer = await row(stack, ids[0]), await row(stack, ids[1])
    assert (older.status, older.error) == (OutboxStatus.CANCELLED, "superseded")
    assert newer.status == OutboxStatus.SENT
    assert len(stack.emu.calls_to("editMessageText")) == edits_before + 1
    assert page.text == "Trang mới"
