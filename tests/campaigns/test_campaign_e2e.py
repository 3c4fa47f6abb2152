"""The whole campaign cycle through the Bot API emulator, on both gateways:
import units, invite an officer, import a campaign, launch, register, review, report twice
(guided and one-line), and /missing shows the right units."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from bot.demo import CAMPAIGN_YAML, START, UNITS_CSV
from models import (
    ChatGroup,
    GroupField,
    Member,
    Registration,
    RegistrationStatus,
    Report,
    ReportRevision,
    Role,
)
from services import invites
from services.campaign_files import import_campaign
from services.unit_files import import_units
from tests.campaigns.campaign_harness import VI_SERIES

# The same scenario `thidua demo` plays: one source for what the demo shows and the test checks.


async def next_with(user, fragment: str, timeout: float = 5.0):
    """The next bot message containing ``fragment`` (earlier ones are skipped)."""
    while True:
        m = await user.next_message(timeout=timeout)
        if fragment in (m.text or ""):
            return m


async def test_whole_cycle(stack, tmp_path: Path) -> None:
    stack.clock.set(START)
    emu = stack.emu
    # 1. the operator imports units and the campaign, and invites an officer
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp_path / "campaign.yaml").write_text(CAMPAIGN_YAML, encoding="utf-8")
    async with stack.session_factory() as s, s.begin():
        report = await import_units(s, tmp_path / "units.csv")
        assert report is not None
        invite = await invites.create_invite(s, actor=None, unit_code="TTTT-HN", role=Role.OFFICER,
                                             now=START)
        code = invite.code
        await import_campaign(s, tmp_path / "campaign.yaml", now=START, series_name=VI_SERIES)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    lead = await stack.user("Lê Đầu Mối", role=Role.FIELD_LEAD, unit="CDS", field="ung_dung_cntt")
    officer = emu.add_user("Nguyễn Thị Hà", language_code="vi")
    await officer.send(f"/join {code}")
    await stack.settle()
    async with stack.session_factory() as s:
        me = (await s.exec(select(Member).where(Member.telegram_id == officer.id))).one()
        assert me.role == Role.OFFICER and me.unit_id is not None
    for u in (admin, lead, officer):
        u.chat.started = True
        u.chat.read_cursor = len(u.chat.bot_messages)
    # a staff group subscribed to the IT field, and one subscribed to postal services only
    it_group = emu.add_group("Tổ CNTT các Sở", members=[officer])
    post_group = emu.add_group("Bưu chính", members=[officer])
    async with stack.session_factory() as s, s.begin():
        for g, field_code in ((it_group, "ung_dung_cntt"), (post_group, "buu_chinh")):
            row = ChatGroup(chat_id=g.id, title=g.chat.title or "")
            s.add(row)
            await s.flush()
            s.add(GroupField(chat_group_id=row.id or 0, field_code=field_code))

    # 2. launch from the campaign's card
    await admin.send("/campaigns")
    await stack.settle()
    listing = await next_with(admin, "Phong trào thi đua")
    await admin.press(listing, "CDS2027")
    await stack.settle()
    card = await next_with(admin, "CDS2027")
    await admin.press(card, "Phát động")
    await stack.settle()
    assert "Đã phát động" in (await next_with(admin, "phát động")).text
    announcement = await next_with(officer, "PHÁT ĐỘNG")
    assert "Thi đua Chuyển đổi số 2027" in announcement.text
    # Item 17: the announcement opens with the header every document carries.
    assert announcement.text.startswith("📄 THÔNG BÁO của Vụ Thi đua – Khen thưởng\n")
    assert "📝 Đăng ký thi đua" in announcement.buttons and "✅ Đã nhận" in announcement.buttons
    in_group = await it_group.next_message()
    assert "PHÁT ĐỘNG" in in_group.text and "📝 Đăng ký thi đua" in in_group.buttons
    assert not post_group.inbox()
    qid = await officer.press(in_group, "Đăng ký thi đua")
    await stack.settle()
    assert "tin nhắn riêng" in officer.callback_answer(qid)["text"]
    assert len(it_group.inbox()) == 1  # the bot did not start a form in the group

    # 3. register from the announcement
    await officer.press(announcement, "Đăng ký thi đua")
    await stack.settle()
    ask = await next_with(officer, "Đăng ký chỉ tiêu 1/2")
    await officer.send("abc")
    await stack.settle()
    assert "không phải là một số" in (await officer.next_message()).text
    await officer.send("95")
    await stack.settle()
    ask = await next_with(officer, "Đăng ký chỉ tiêu 2/2")
    await officer.press(ask, "Bằng chỉ tiêu")
    await stack.settle()
    # the registration's prompt is edited in place as the officer presses its buttons
    titles = await officer.wait_for(lambda m: "danh hiệu" in m.text)
    assert titles is ask
    await officer.press(titles, "Cờ thi đua của Bộ")
    await stack.settle()
    assert "☑ Cờ thi đua của Bộ" in titles.buttons
    await officer.press(titles, "Tiếp tục")
    await stack.settle()
    summary = await officer.wait_for(lambda m: "Nội dung đăng ký" in m.text)
    assert summary is ask
    await officer.press(summary, "Gửi")
    await stack.settle()
    assert "Đã gửi đăng ký" in (await next_with(officer, "đăng ký thi đua số")).text

    # 4. the field lead is told, reviews and approves; the officer is told
    told = await next_with(lead, "đang chờ duyệt")
    assert "Sở Thông tin và Truyền thông Hà Nội" in told.text
    await lead.send("/review")
    await stack.settle()
    review = await next_with(lead, "Đăng ký chờ duyệt")
    assert "Sở Thông tin và Truyền thông Hà Nội" in review.text
    await lead.press(review, "Duyệt")
    await stack.settle()
    assert "đã được duyệt" in (await next_with(officer, "đã được duyệt")).text
    async with stack.session_factory() as s:
        assert (await s.exec(select(Registration))).one().status == RegistrationStatus.APPROVED

    stack.clock.advance(minutes=5)  # people pause; the flood guard counts updates per window

    # 5. report: the walk-through, with a sticker and a too-big file on the way
    await officer.send("/report")
    await stack.settle()
    pick = await next_with(officer, "kỳ báo cáo")
    await officer.press(pick, "SK")
    await stack.settle()
    await next_with(officer, "Chỉ tiêu 1/2")
    await officer.send_sticker()
    await stack.settle()
    assert "nhãn dán" in (await officer.next_message()).text
    await officer.send("-5")
    await stack.settle()
    assert "không được âm" in (await officer.next_message()).text
    await officer.send("45,5")
    await stack.settle()
    await next_with(officer, "Chỉ tiêu 2/2")
    await officer.send("8")
    await stack.settle()
    await next_with(officer, "thuyết minh")
    await officer.send("Đã triển khai 8 dịch vụ công toàn trình.")
    await stack.settle()
    await next_with(officer, "tài liệu hoặc ảnh")
    await officer.send_document("huge.pdf", size=30 * 1024 * 1024)
    await stack.settle()
    assert "vượt quá giới hạn" in (await officer.next_message()).text
    await officer.send_document("minh-chung.pdf", size=50_000)
    await stack.settle()
    added = await next_with(officer, "Đã nhận tệp")
    await officer.press(added, "Xong")
    await stack.settle()
    summary = await next_with(officer, "kiểm tra báo cáo")
    assert "45,5%" in summary.text or "45.5%" in summary.text
    assert summary.buttons == ["✔ Gửi", "✏ Sửa", "✖ Hủy"]
    await officer.press(summary, "Gửi")
    await stack.settle()
    receipt = await next_with(officer, "Đã nhận báo cáo")
    assert "lần nộp thứ 1" in receipt.text

    # 6. a second revision, in one line
    await officer.send("/report CDS2027 SK T1=60 T2=10")
    await stack.settle()
    assert "lần nộp thứ 2" in (await next_with(officer, "Đã nhận báo cáo")).text
    async with stack.session_factory() as s:
        assert sorted(r.number for r in (await s.exec(select(ReportRevision))).all()) == [1, 2]
        assert len((await s.exec(select(Report))).all()) == 1

    stack.clock.advance(minutes=5)

    # 7. who is missing: the other units of the campaign's fields, grouped by field
    await admin.send("/missing CDS2027 SK")
    await stack.settle()
    missing = await next_with(admin, "Chưa nộp")
    assert "Chưa nộp: 3/4" in missing.text
    for code in ("CDS", "TTTT-HP", "NCSC"):
        assert code in missing.text
    assert "TTTT-HN" not in missing.text and "VNPOST" not in missing.text
    assert missing.text.index("Ứng dụng công nghệ thông tin") < missing.text.index("An toàn")
    await lead.send("/missing CDS2027 SK")
    await stack.settle()
    lead_view = await next_with(lead, "Chưa nộp")
    assert "NCSC" not in lead_view.text and "TTTT-HP" in lead_view.text

    stack.clock.advance(minutes=5)

    # 8. the officer's own status
    await officer.send("/status")
    await stack.settle()
    status = await next_with(officer, "Tình hình thi đua")
    assert "đã nộp 2 lần" in status.text and "đã được duyệt" in status.text
