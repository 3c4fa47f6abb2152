"""Nudges in chat (through the root router, a real database): day-off warnings where deadlines
are set, /calendar for admins only, the plan on the campaign card, offsets, forged buttons."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from models import CalendarDay, CampaignNudges
from services import workdays
from tests.campaigns.campaign_harness import World, last_text, replies


def tet_day(year: int) -> date:
    return min(d for d, n in workdays.public_holidays(year).items() if "Tết Nguyên Đán" in n)


async def test_deadline_moved_onto_tet_is_warned_in_the_same_reply(chat, world: World) -> None:
    admin = chat(world.people["admin"].telegram_id)
    await admin.press(f"cp:dm:{world.milestones['SK']}")
    day = tet_day(2028)
    sent = [r for r in replies(await admin.send(f"17:00 {day:%d/%m/%Y}"))
            if r.chat_id == admin.telegram_id]
    assert len(sent) == 1
    assert "Đã đổi hạn" in sent[0].text
    assert "Hạn này rơi vào ngày nghỉ Tết Nguyên đán" in sent[0].text
    await admin.press(f"cp:dm:{world.milestones['SK']}")
    assert "ngày nghỉ" not in last_text(await admin.send("17:00 29/06/2027"))


async def test_new_campaign_milestone_on_a_holiday_is_warned(chat, world: World) -> None:
    admin = chat(world.people["admin"].telegram_id)
    await admin.send("/campaign_new")
    await admin.send("Thi đua Bưu chính 2027")
    await admin.press("cn:skip")
    await admin.press("cn:f:buu_chinh")
    await admin.press("cn:next")
    await admin.press("cn:k:theo_dot")
    await admin.send("01/01/2027 - 31/12/2027")
    await admin.send("d")
    await admin.send("Sản lượng bưu gửi; triệu; 12,5; 2")
    await admin.press("cn:next")
    text = last_text(await admin.send("sơ kết; 17:00 30/04/2027\ntổng kết; 17:00 30/11/2027"))
    assert "Hạn này rơi vào ngày nghỉ Ngày Chiến thắng (30/04/2027)" in text
    assert text.count("ngày nghỉ") == 1


async def test_calendar_commands_are_for_admins(chat, world: World, session_factory) -> None:
    admin = chat(world.people["admin"].telegram_id)
    assert "Đã thêm ngày nghỉ 03/02/2027 (Nghỉ Tết &lt;kéo dài&gt;)" in last_text(
        await admin.send("/calendar off 03/02/2027 Nghỉ Tết <kéo dài>"))
    assert "Đã thêm ngày làm bù 13/02/2027" in last_text(await admin.send("/calendar work 13/02/2027"))
    shown = last_text(await admin.send("/calendar 2027"))
    assert "03/02/2027: Nghỉ Tết" in shown and "13/02/2027 (thứ Bảy)" in shown
    assert "08/02/2027: Tết Nguyên đán" in shown
    assert "Không đọc được ngày" in last_text(await admin.send("/calendar off 31/02/2027"))
    assert "đã là ngày làm việc" in last_text(await admin.send("/calendar work 03/03/2027"))
    officer = chat(world.people["off_a"].telegram_id)
    assert "không có quyền" in last_text(await officer.send("/calendar off 04/03/2027")).lower()
    stranger = chat(world.people["stranger"].telegram_id)
    assert "không có quyền" in last_text(await stranger.send("/calendar 2027")).lower()
    assert "Đã bỏ đánh dấu" in last_text(await admin.send("/calendar clear 13/02/2027"))
    async with session_factory() as s:
        assert [d.day for d in (await s.exec(select(CalendarDay))).all()] == [date(2027, 2, 3)]


async def test_plan_on_the_card_and_offsets(chat, world: World, session_factory) -> None:
    admin = chat(world.people["admin"].telegram_id)
    card = replies(await admin.press(f"cp:v:{world.campaign_id}"))[-1]
    plan = replies(await admin.press(card.data_for("Lịch nhắc hạn")))[-1]
    assert "Lịch nhắc hạn" in plan.text and "-3, -1, 0, +1" in plan.text
    assert "08:00 thứ Tư, 10/03/2027" in plan.text  # 3 working days before Mon 15/03 (DK)
    assert "sẽ nhận tin nhắc" in plan.text
    assert "Nhập các mốc nhắc" in last_text(await admin.press(plan.data_for("Sửa")))
    assert "từ -30 đến +30" in last_text(await admin.send("-45, 0"))
    sent = replies(await admin.send("-5, −2, 0"))
    assert "Đã lưu các mốc nhắc: -5, -2, 0" in sent[0].text and "08:00" in sent[1].text
    async with session_factory() as s:
        assert (await s.get(CampaignNudges, world.campaign_id)).offsets == [-5, -2, 0]
    officer = chat(world.people["off_a"].telegram_id)
    assert "không có quyền" in last_text(await officer.press(f"ng:plan:{world.campaign_id}")).lower()


async def test_forged_and_stale_buttons(chat, world: World) -> None:
    officer = chat(world.people["off_a"].telegram_id)
    assert replies(await officer.press("ng:r:abc")) == []
    assert "Không tìm thấy mốc này" in last_text(await officer.press("ng:sl:999999"))
    stranger = chat(world.people["stranger"].telegram_id)
    assert "không có quyền" in last_text(await stranger.press(
        f"ng:s:{world.milestones['SK']}")).lower()
    lead = chat(world.people["lead_post"].telegram_id)  # another field's lead
    assert "không có quyền" in last_text(await lead.press(f"ng:p:{world.milestones['SK']}")).lower()
