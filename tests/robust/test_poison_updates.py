"""One malformed update never stops the bot (item 1).

A backlog of valid updates with hundreds of broken ones among them — every field of a text
message, a document, a photo, a pressed button and a membership change, broken every way, plus
things that are not updates at all — waits at the emulator when the bot starts, through each
gateway. Every good update is answered, every broken one is stored set aside (or handled, when
what was broken is a field the bot does not need), all are confirmed to Telegram, and a restart
finds nothing left to choke on.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
from sqlmodel import select

from bot.app import Runtime
from bot.sender import OutboxSender
from models import InboxStatus, InboxUpdate, OutboxMessage, OutboxMethod, OutboxStatus
from tests.conftest import FakeClock, Stack, stack_settings
from tests.robust.poison import oddities, variants

MUST_BE_SET_ASIDE = ("message = None", "message.from removed", "message.chat removed",
                     "message.chat.id = 'abc'", "callback_query.from removed",
                     "message.chat = None", "message.from.id = 'abc'", "message.text = True",
                     "message.chat.id = 1180591620717411303424")


def _queue(emu: Any) -> Any:
    return emu.updates.pending


def _replace_last(emu: Any, make: Any) -> int:
    uid, chat, update = _queue(emu)[-1]
    _queue(emu)[-1] = (uid, chat, make(update))
    return int(uid)


def build_backlog(emu: Any) -> tuple[list[Any], dict[int, str]]:
    """Queue valid and broken updates at the emulator; returns (good people, broken: uid → what)."""
    people = [emu.add_user(f"Người {i}", started=True) for i in range(60)]
    good = [emu.add_user(f"Chính chủ {i}", started=True) for i in range(15)]
    broken: dict[int, str] = {}
    templates: list[tuple[str, Any]] = []

    def text(person: Any) -> None:
        emu.inject_text(person, "/help")

    def document(person: Any) -> None:
        emu.inject_text(person, "tệp")
        _replace_last(emu, lambda u: {**u, "message": {
            **{k: v for k, v in u["message"].items() if k not in ("text", "entities")},
            "document": {"file_id": "BQACAgIAAxkBAAIB", "file_unique_id": "AgADBQ",
                         "file_name": "bao-cao.pdf", "mime_type": "application/pdf",
                         "file_size": 1024}, "caption": "báo cáo"}})

    def photo(person: Any) -> None:
        emu.inject_text(person, "ảnh")
        _replace_last(emu, lambda u: {**u, "message": {
            **{k: v for k, v in u["message"].items() if k not in ("text", "entities")},
            "photo": [{"file_id": "AgACAgIAAxkB", "file_unique_id": "AQAD", "width": 90,
                       "height": 90, "file_size": 900}]}})

    def button(person: Any) -> None:
        msg = emu.bot_message(person.chat, plain_text="Chọn ngôn ngữ")
        emu.new_callback_query(person, msg, "lang:vi")

    def membership(person: Any) -> None:
        # Someone else's membership in a group: read, and nothing to do.
        emu.inject_text(person, "x")
        _replace_last(emu, lambda u: {"update_id": u["update_id"], "my_chat_member": {
            "chat": {"id": -4001, "type": "group", "title": "Nhóm"},
            "from": u["message"]["from"], "date": 0,
            "old_chat_member": {"user": u["message"]["from"], "status": "left"},
            "new_chat_member": {"user": u["message"]["from"], "status": "member"}}})

    templates = [("text", text), ("document", document), ("photo", photo),
                 ("button", button), ("membership", membership)]
    n = 0
    for name, make in templates:
        make(people[0])
        _, _, sample = _queue(emu).pop()
        for what, bad in variants(sample):
            person = people[n % len(people)]
            n += 1
            make(person)
            uid = _replace_last(emu, lambda u, bad=bad: {**bad, "update_id": u["update_id"]})
            broken[uid] = f"{name}: {what}"
            if n % 40 == 0:
                emu.inject_text(good[(n // 40) % len(good)], "/start")
    for index, (what, _) in enumerate(oddities(0)):
        uid = emu.updates.push_raw(lambda uid, index=index: oddities(uid)[index][1])
        broken[uid] = f"odd: {what}"
    for person in good:
        emu.inject_text(person, "/start")
    return good, broken


@pytest.mark.parametrize("gateway", ["aiogram", "ptb"])
async def test_a_backlog_full_of_broken_updates_is_set_aside_and_the_rest_answered(
        emulator, db_url, gateway):
    good, broken = build_backlog(emulator)
    assert len(broken) > 400
    settings = stack_settings(emulator, db_url, gateway)
    stack = Stack(emulator, Runtime(settings, clock=FakeClock(), with_scheduler=False),
                  FakeClock(), gateway)
    await stack.runtime.start()
    try:
        for person in good:
            await person.wait_for(lambda m: "Xin chào" in (m.text or ""), timeout=30)
        await stack.settle(timeout=30)
        assert emulator.pending_updates == 0  # every one confirmed, the broken ones too
        async with stack.session_factory() as session:
            rows = {r.update_id: r for r in (await session.exec(select(InboxUpdate))).all()}
        statuses = Counter(r.status for r in rows.values())
        assert set(statuses) <= {InboxStatus.DONE, InboxStatus.SET_ASIDE}, statuses
        by_what = {what: uid for uid, what in broken.items()}
        for what in MUST_BE_SET_ASIDE:
            uid = next(u for w, u in by_what.items() if w.endswith(what))
            assert rows[uid].status == InboxStatus.SET_ASIDE, what
            assert rows[uid].error and rows[uid].payload  # kept, with the reason
        odd = [r for r in rows.values() if r.update_id < 0]
        assert len(odd) >= 4 and all(r.status == InboxStatus.SET_ASIDE for r in odd)
        assert statuses[InboxStatus.SET_ASIDE] >= 200
        # The bot goes on answering, and a restart finds nothing left to choke on.
        await stack.restart()
        late = emulator.add_user("Người đến sau")
        await late.send("/start")
        assert "Xin chào" in (await late.next_message(timeout=10)).text
    finally:
        await stack.runtime.stop()


async def test_the_sender_fails_a_row_with_a_bad_chat_id_and_goes_on(emulator, stack, db_url):
    an = await stack.user("Người Nhận")
    await an.send("/start")
    await an.next_message()
    await stack.settle()
    if not db_url.startswith("sqlite"):
        pytest.skip("only SQLite lets a column typed BIGINT hold text")
    bad_ids: list[Any] = ["abc", "", "-100x", 1.5]
    async with stack.session_factory() as session, session.begin():
        for chat in [*bad_ids, an.id]:
            session.add(OutboxMessage(chat_id=chat, method=OutboxMethod.SEND_MESSAGE,
                                      payload={"text": f"tin cho {chat}"}))
    assert isinstance(stack.runtime.sender, OutboxSender)
    stack.runtime.sender.wake()
    await an.wait_for(lambda m: f"tin cho {an.id}" in (m.text or ""))
    await asyncio.sleep(0.1)
    await stack.settle()
    async with stack.session_factory() as session:
        rows = (await session.exec(select(OutboxMessage).where(
            OutboxMessage.payload.is_not(None)))).all()  # type: ignore[union-attr]
    failed = [r for r in rows if r.status == OutboxStatus.FAILED]
    assert len(failed) == len(bad_ids) and all("bad chat id" in (r.error or "") for r in failed)
    await an.send("/help")
    await an.wait_for(lambda m: "/start" in (m.text or ""))
