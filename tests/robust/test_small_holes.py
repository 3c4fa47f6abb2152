"""The smaller holes of item 8, each closed for every case of its kind.

A stranger (or a deactivated member) pressing any of a campaign card's buttons is refused and
audited; a unit outside a campaign's fields cannot file a one-line report for it; a file without
a size is refused politely; feedback reaching admins carries no direction overrides or control
characters; a NUL anywhere in what people type is stored on PostgreSQL.
"""

from __future__ import annotations

import unicodedata

import pytest
from sqlmodel import select

from handlers.chat import ContentKind
from models import (
    AuditEntry,
    Feedback,
    InboxStatus,
    Member,
    OutboxMessage,
    OutboxMethod,
    Report,
    Role,
)
from services.text import clean_text
from tests.campaigns.campaign_harness import World, last_text, replies
from tests.campaigns.conftest import chat, world  # noqa: F401  (fixtures)
from tests.robust.batch_harness import BatchHarness

CARD_ACTIONS = ("v", "close", "open", "launch", "due")


async def _deactivate(session_factory, telegram_id: int) -> None:
    async with session_factory() as session, session.begin():
        member = (await session.exec(select(Member).where(Member.telegram_id == telegram_id))).one()
        member.is_active = False


@pytest.mark.parametrize("who", ["stranger", "deactivated officer"])
async def test_a_campaign_card_is_refused_and_audited_for_outsiders(chat, world: World,  # noqa: F811
                                                                     session_factory, who):
    person = world.people["stranger" if who == "stranger" else "off_c"]
    if who != "stranger":
        await _deactivate(session_factory, person.telegram_id)
    outsider = chat(person.telegram_id)
    milestone = next(iter(world.milestones.values()))
    presses = [f"cp:{action}:{world.campaign_id}" for action in CARD_ACTIONS]
    presses.append(f"cp:dm:{milestone}")
    for data in presses:
        sent = await outsider.press(data)
        text = "\n".join(s.text for s in replies(sent))
        assert "Chuyển đổi số 2027" not in text, data  # the card is not shown
        assert "không có quyền" in text or "chưa được cấp quyền" in text, (data, text)
    async with session_factory() as session:
        denied = (await session.exec(select(AuditEntry).where(
            AuditEntry.outcome == "denied",
            AuditEntry.actor_telegram_id == person.telegram_id))).all()
    assert len(denied) == len(presses)


async def test_a_member_of_the_sector_still_sees_an_active_card(chat, world: World):  # noqa: F811
    sent = await chat(world.people["off_c"].telegram_id).press(f"cp:v:{world.campaign_id}")
    assert "Chuyển đổi số 2027" in last_text(sent)


async def test_a_unit_outside_the_fields_cannot_file_a_one_line_report(chat, world: World,  # noqa: F811
                                                                       session_factory):
    async with session_factory() as session, session.begin():
        session.add(Member(telegram_id=2099, full_name="Cán bộ D", role=Role.OFFICER,
                           unit_id=world.units["D"].id))
    outsider, insider = chat(2099), chat(world.people["off_a"].telegram_id)
    for code in ("SK", "TK", "sk"):
        sent = await outsider.send(f"/report CDS2027 {code} T1=90% T2=3 T3=có")
        text = "\n".join(s.text for s in replies(sent))
        assert "không thuộc lĩnh vực" in text, (code, text)
    assert "Đã nhận báo cáo" in last_text(await insider.send("/report CDS2027 SK T1=90% T2=3 T3=có"))
    async with session_factory() as session:
        reports = (await session.exec(select(Report))).all()
    assert [r.unit_id for r in reports] == [world.units["A"].id]


async def test_a_file_without_a_size_is_refused_politely(chat, world: World):  # noqa: F811
    officer = chat(world.people["off_a"].telegram_id)
    sent = await officer.send("/report")
    sent = await officer.press(replies(sent)[-1].data_for("SK"))
    for value in ("90", "3", "có", "Thuyết minh ngắn."):
        sent = await officer.send(value)
    for kind in (ContentKind.DOCUMENT, ContentKind.PHOTO):
        text = last_text(await officer.send_file("khong-co-co.pdf", None, kind))  # type: ignore[arg-type]
        assert "Không xác định được dung lượng" in text
    assert "Đã nhận tệp" in last_text(await officer.send_file("bao-cao.pdf", 10_000))


# Every control and format character there is in the first planes (bidi overrides, isolates,
# marks, zero-width characters, C0 and C1 controls), except the joiners kept for emoji.
HIDDEN = [chr(c) for c in range(0x3000) if unicodedata.category(chr(c))[0] == "C"
          and chr(c) not in "\n\u200c\u200d" and unicodedata.category(chr(c)) != "Cn"]


def test_clean_text_removes_every_hidden_character_and_keeps_lines():
    dirty = "Dòng một\u202e ngược\n" + "".join(HIDDEN) + "\nDòng ba 👩\u200d💻"
    clean = clean_text(dirty)
    assert not any(ch in clean for ch in HIDDEN)
    assert clean.split("\n") == ["Dòng một ngược", " ", "Dòng ba 👩\u200d💻"]


@pytest.fixture
def bot(session_factory) -> BatchHarness:
    return BatchHarness(session_factory, flood_max_updates=1000)


async def test_feedback_reaches_admins_without_overrides_or_controls(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    officer = await bot.person("Cán\u202e bộ\u0007 A\u2066", Role.OFFICER, unit="U1")
    chunks = [HIDDEN[i:i + 40] for i in range(0, len(HIDDEN), 40)]
    updates = []
    for n, chunk in enumerate(chunks):
        updates += [bot.text(officer, "/feedback"), bot.text(officer, f"Ý kiến {n}: {''.join(chunk)}x")]
    await bot.run_all(updates)
    async with bot.sf() as session:
        notes = (await session.exec(select(OutboxMessage).where(
            OutboxMessage.chat_id == admin))).all()
        kept = (await session.exec(select(Feedback))).all()
    assert len(notes) == len(chunks) == len(kept)
    for note in notes:
        assert not any(ch in note.payload["text"] for ch in HIDDEN), note.payload["text"]
    assert all(not any(ch in f.text for ch in HIDDEN) for f in kept)


async def test_nul_in_anything_typed_is_stored_on_postgresql(pg_url):
    from models import make_engine, make_session_factory

    engine = make_engine(pg_url)
    bot = BatchHarness(make_session_factory(engine), flood_max_updates=1000)
    try:
        officer = await bot.person("Cán bộ", Role.OFFICER, unit="U1")
        bot._names[officer] = "Tên\x00 có NUL"
        texts = ["/feedback", "góp\x00 ý", "/start\x00", "\x00", "/feedback", "\x00\x00x\x00",
                 "/lang\x00 vi", "chào\x00"]
        await bot.run_all([bot.text(officer, t) for t in texts])
        assert set((await bot.statuses()).values()) == {InboxStatus.DONE}
        async with bot.sf() as session:
            kept = [f.text for f in (await session.exec(select(Feedback))).all()]
        assert kept == ["góp ý", "x"]
    finally:
        await engine.dispose()


async def test_two_presses_with_one_query_id_are_both_handled(bot):
    """Telegram never repeats a callback query id, but a client or a forger can: the second
    press is handled like any other (it failed on the answer's key once), each answered once."""
    me = 700_321
    raw = [bot.text(me, "/start")]
    for _ in range(2):
        uid = bot._next()
        raw.append({"update_id": uid, "callback_query": {
            "id": "same-id", "from": bot._user(me), "chat_instance": "1", "data": "menu:help",
            "message": {"message_id": 5, "date": 0, "chat": bot._chat(me, None, "private")}}})
    await bot.run_all(raw)
    statuses = await bot.statuses()
    assert [statuses[u["update_id"]] for u in raw] == [InboxStatus.DONE] * 3
    async with bot.sf() as session:
        answers = (await session.exec(select(OutboxMessage).where(
            OutboxMessage.chat_id == me, OutboxMessage.method == OutboxMethod.ANSWER_CALLBACK))).all()
    assert sorted(a.source_update_id for a in answers) == sorted(u["update_id"] for u in raw[1:])
