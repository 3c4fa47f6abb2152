"""The council's sweeps: sent (or superseded) ballot messages are blanked; the monthly exemplar
digest goes once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import ChatGroup, DirectiveKind, OutboxMessage, OutboxMethod, OutboxStatus
from scheduler.council_jobs import exemplar_digest, scrub_sent_ballots
from services.awards import council, stories
from services.awards.register import record_award
from services.directives import Audience
from tests.council.helpers import NOW, RULES, seed


async def test_sent_ballot_messages_are_blanked_while_open(session: AsyncSession) -> None:
    c = await seed(session, members=3, majority=1, ninety=0, nominee_member=False)
    cs = await council.open_session(session, c.admin, title="Phiên", member_ids=[
        m.id for m in c.members if m.id], chair_id=c.members[0].id or 0, rules=RULES, now=NOW)
    ref = council.ballot_ref(cs.id or 0)
    sent = OutboxMessage(chat_id=c.members[0].telegram_id, method=OutboxMethod.EDIT_MESSAGE_TEXT,
                         payload={"text": "Phiếu của đồng chí: Đồng ý"}, ref=ref,
                         status=OutboxStatus.SENT)
    waiting = OutboxMessage(chat_id=c.members[1].telegram_id, method=OutboxMethod.SEND_MESSAGE,
                            payload={"text": "Phiếu của đồng chí: Không đồng ý"}, ref=ref)
    # A page the sender cancelled unsent because a newer page of the same message replaced it.
    superseded = OutboxMessage(chat_id=c.members[2].telegram_id,
                               method=OutboxMethod.EDIT_MESSAGE_TEXT,
                               payload={"text": "Phiếu của đồng chí: Đồng ý"}, ref=ref,
                               status=OutboxStatus.CANCELLED, error="superseded")
    session.add_all([sent, waiting, superseded])
    await session.commit()
    assert await scrub_sent_ballots(session, NOW) == 2
    assert await scrub_sent_ballots(session, NOW) == 0  # nothing left to blank
    await session.commit()
    await session.refresh(sent)
    await session.refresh(waiting)
    await session.refresh(superseded)
    assert sent.payload == {"scrubbed": True}
    assert superseded.payload == {"scrubbed": True}
    assert waiting.payload["text"].endswith("Không đồng ý")  # the sender still needs it


async def test_monthly_digest_lists_last_months_stories_once(session: AsyncSession) -> None:
    c = await seed(session, members=1, majority=1, ninety=0, nominee_member=False)
    group = ChatGroup(chat_id=-100123, title="Nhóm đơn vị")
    session.add(group)
    record = await record_award(session, award_code="LDTT", year=2026, unit_id=c.unit.id or 0,
                                person_id=c.entries[0].person_id, decision_number="9/QĐ",
                                decision_date=date(2026, 12, 1), signer="Bộ trưởng")
    subject = stories.Subject(record, "Nguyễn Văn <Mẫu>", c.unit.id, None, "Lao động tiên tiến")
    story = await stories.publish(
        session, c.admin, subject=subject, summary="Đi đầu chuyển đổi số", source_chat_id=1,
        source_message_id=2, has_photo=False, audience=Audience(group_chat_ids=[-100123]),
        ask_ack=False, button_label="🏅 Lao động tiên tiến · 2026", now=NOW)
    await session.commit()
    assert story.directive_id is not None
    copy = (await session.exec(select(OutboxMessage).where(
        OutboxMessage.chat_id == -100123))).one()
    assert copy.payload["keyboard"] == [[{"text": "🏅 Lao động tiên tiến · 2026",
                                          "callback_data": f"kx:{story.id}"}]]
    # December's digest goes out in January, to everyone and every group, once.
    january = datetime(2027, 1, 1, 1, 0, tzinfo=UTC)
    assert await exemplar_digest(session, NOW) == 0  # November had none
    added = await exemplar_digest(session, january)
    await session.commit()
    assert added >= 2
    digest = (await session.exec(select(OutboxMessage).where(
        OutboxMessage.dedupe_key == "exemplar-digest:2026-12:-100123"))).one()
    assert "Gương điển hình tháng 12/2026" in digest.payload["text"]
    assert "Nguyễn Văn &lt;Mẫu&gt;" in digest.payload["text"]
    assert await exemplar_digest(session, january) == 0
    assert DirectiveKind.EXEMPLAR_INFO.value == "exemplar_info"


async def test_acknowledgements_are_optional(session: AsyncSession) -> None:
    c = await seed(session, members=1, majority=1, ninety=0, nominee_member=False)
    record = await record_award(session, award_code="LDTT", year=2026, unit_id=c.unit.id or 0,
                                person_id=c.entries[0].person_id, decision_number="9/QĐ",
                                decision_date=date(2026, 12, 1), signer="Bộ trưởng")
    subject = stories.Subject(record, "Nguyễn Văn A", c.unit.id, None, "Lao động tiên tiến")
    keyboards = []
    for ask in (True, False):
        story = await stories.publish(
            session, c.admin, subject=subject, summary="", source_chat_id=1,
            source_message_id=2, has_photo=False, audience=Audience(unit_ids=[c.unit.id or 0]),
            ask_ack=ask, button_label="🏅 LĐTT", now=NOW)
        row = (await session.exec(select(OutboxMessage).where(
            OutboxMessage.ref == f"directive:{story.directive_id}",
            OutboxMessage.chat_id == c.officer.telegram_id))).one()
        keyboards.append([b["text"] for line in row.payload["keyboard"] for b in line])
    assert keyboards == [["🏅 LĐTT", "✅ Đã nhận"], ["🏅 LĐTT"]]
