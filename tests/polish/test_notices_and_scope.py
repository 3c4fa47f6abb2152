"""Who is told what, and what is said when nobody is concerned (issue 10, items 12–13)."""

from __future__ import annotations

from models import Member, OutboxMethod
from services import campaigns, invites
from tests.campaigns.campaign_harness import NOW, World, last_text, replies, sample_spec


async def launched_elsewhere(session_factory, world: World, *, launch: bool = True) -> int:
    """A campaign in a field no unit of the sector is in (Công nghiệp ICT)."""
    async with session_factory() as s, s.begin():
        admin = await s.get(Member, world.people["admin"].id)
        c = (await campaigns.save(s, sample_spec("ICT2027", ("cong_nghiep_ict",)), actor=admin,
                                  now=NOW)).campaign
        if launch:
            await campaigns.mark_launched(s, actor=admin, campaign_id=c.id or 0, now=NOW)
        return c.id or 0


async def test_missing_says_no_unit_is_concerned_instead_of_all_submitted(chat, world: World,
                                                                         session_factory) -> None:
    await launched_elsewhere(session_factory, world)
    text = last_text(await chat(world.people["admin"].telegram_id).send("/missing ICT2027 SK"))
    assert "Không có đơn vị nào thuộc diện" in text
    assert "Tất cả đơn vị đã nộp" not in text and "0/0 đơn vị" not in text


async def test_launching_to_nobody_warns(chat, world: World, session_factory) -> None:
    cid = await launched_elsewhere(session_factory, world, launch=False)
    text = last_text(await chat(world.people["admin"].telegram_id).press(f"cp:launch:{cid}"))
    assert "chưa tới được ai" in text and "/invite" in text


async def test_admin_status_is_the_sector_overview(chat, world: World) -> None:
    off_a = chat(world.people["off_a"].telegram_id)
    await off_a.send("/report CDS2027 SK T1=90 T2=20 T3=có")
    text = last_text(await chat(world.people["admin"].telegram_id).send("/status"))
    assert "chưa gắn với đơn vị" not in text
    assert "toàn ngành" in text and "Chuyển đổi số 2027" in text
    assert "đã nộp 1/3 đơn vị" in text


async def test_reviewers_are_told_a_registration_waits(chat, world: World) -> None:
    officer = chat(world.people["off_a"].telegram_id)
    await officer.press(f"rg:c:{world.campaign_id}")
    sent = await officer.send("95")
    for _ in range(2):
        sent = await officer.press(replies(sent)[-1].data_for("Bằng chỉ tiêu"))
    sent = await officer.press(replies(sent)[-1].data_for("Tiếp tục"))
    sent = await officer.press(replies(sent)[-1].data_for("Gửi"))
    told = {s.chat_id: s for s in sent if s.method == OutboxMethod.SEND_MESSAGE
            and "đang chờ duyệt" in s.text}
    # the admin and the IT field's lead review unit A; the postal lead does not
    assert set(told) == {world.people["admin"].telegram_id, world.people["lead_it"].telegram_id}
    note = told[world.people["admin"].telegram_id]
    assert "Đơn vị A" in note.text and "Chuyển đổi số 2027" in note.text
    assert note.buttons and note.buttons[0][1] == "mm:review"


async def test_admins_are_told_an_invite_was_used_and_the_newcomer_hears_of_campaigns(
        chat, world: World, session_factory) -> None:
    async with session_factory() as s, s.begin():
        lead = await s.get(Member, world.people["lead_it"].id)
        invite = await invites.create_invite(s, actor=lead, unit_code="B", role="officer", now=NOW)
        code = invite.code
    newcomer = chat(4001)
    sent = await newcomer.send(f"/join {code}")
    to_admin = [s for s in sent if s.chat_id == world.people["admin"].telegram_id]
    to_lead = [s for s in sent if s.chat_id == world.people["lead_it"].telegram_id]
    assert to_admin and "đã dùng mã mời" in to_admin[0].text and "Đơn vị B" in to_admin[0].text
    assert to_lead and "đã dùng mã mời" in to_lead[0].text
    running = [s for s in sent if s.chat_id == 4001 and "Phong trào thi đua đang diễn ra" in s.text]
    assert running and "Chuyển đổi số 2027" in running[0].text
    assert running[0].buttons[0][1] == f"rg:c:{world.campaign_id}"


async def test_subscribe_in_a_private_chat_is_answered(chat, world: World) -> None:
    text = last_text(await chat(world.people["admin"].telegram_id).send("/subscribe"))
    assert "dùng trong nhóm" in text
