"""A broadcast end to end through the Bot API emulator: compose, audience, confirm, copies,
"✅ Đã nhận", forged acknowledgements, progress, scheduling, the register and reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from models import AuditEntry, DirectiveRecipient, Role
from scheduler.app import build_scheduler

START = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # 10:00 Saturday in Hà Nội


async def people(stack):
    stack.clock.set(START)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    a = await stack.user("Nguyễn Văn An", role=Role.OFFICER, unit="BD", field="BC")
    b = await stack.user("Trần Thị Bình", role=Role.OFFICER, unit="BD", field="BC")
    c = await stack.user("Lê Văn Cường", role=Role.OFFICER, unit="VT", field="VT")
    for u in (admin, a, b, c):
        u.chat.started = True  # they have talked to the bot before
    return admin, a, b, c


async def compose(stack, admin, content):
    """/broadcast, the message itself, then the audience: field BC."""
    await admin.send("/broadcast")
    assert "Gửi văn bản" in (await admin.next_message()).text
    await content()
    menu = await admin.next_message()
    assert "Chọn người nhận" in menu.text
    await admin.press(menu, "Lĩnh vực")
    await stack.settle()
    await admin.press(menu, "BC")
    await stack.settle()
    assert any(label.startswith("☑") for label in menu.buttons)
    await admin.press(menu, "Quay lại")
    await stack.settle()
    await admin.press(menu, "Tiếp tục")
    await stack.settle()
    assert "Xem lại trước khi gửi" in menu.text and "<b>2</b> người" in (menu.html or "")
    return menu


async def test_broadcast_copy_ack_and_progress(stack):
    admin, a, b, c = await people(stack)
    text = "Chỉ thị 05/CT-BTTTT: đẩy mạnh phong trào thi đua <b>năm 2026</b>"
    menu = await compose(stack, admin, lambda: admin.send(text))
    (source,) = [m for m in admin.messages() if not m.from_bot and m.text == text]
    await admin.press(menu, "Số hiệu")
    await stack.settle()
    assert "số hiệu" in (await admin.next_message()).text.lower()
    await admin.send("05/CT-BTTTT | Về việc phát động thi đua")
    preview = await admin.next_message()
    assert "05/CT-BTTTT" in preview.text and "Về việc phát động thi đua" in preview.text
    await admin.press(preview, "Xác nhận gửi ngay")
    await stack.settle()
    assert "Đã bắt đầu gửi" in preview.text

    # a formal document arrives under a header: who sends it, its số hiệu and trích yếu
    for head in (await a.next_message(), await b.next_message()):
        assert "VĂN BẢN của Vụ Thi đua – Khen thưởng" in head.text and not head.buttons
        assert "Số: 05/CT-BTTTT" in head.text
        assert "Trích yếu: Về việc phát động thi đua" in head.text
    got_a, got_b = await a.next_message(), await b.next_message()
    for got in (got_a, got_b):
        assert got.text == text and got.copied_from == (admin.id, source.message_id)
        assert got.buttons == ["✅ Đã nhận"]
    assert not c.inbox()  # another field

    # Someone else's acknowledgement, forged: refused, audited, nothing recorded.
    a_button = got_a.keyboard[0][0]["callback_data"]
    qid = stack.emu.new_callback_query(b, got_b, a_button)
    await stack.settle()
    assert b.callback_answer(qid)["show_alert"]
    async with stack.session_factory() as s:
        denied = (await s.exec(select(AuditEntry).where(AuditEntry.action == "directive.ack",
                                                        AuditEntry.outcome == "denied"))).all()
        assert len(denied) == 1 and denied[0].actor_telegram_id == b.id
        assert all(r.acknowledged_at is None for r in (await s.exec(select(DirectiveRecipient))).all())

    stack.clock.set(START + timedelta(minutes=15))
    qid = await a.press(got_a, "Đã nhận")
    await stack.settle()
    assert got_a.buttons == ["✅ Đã nhận lúc 10:15 28/11"]
    assert "Cảm ơn" in a.callback_answer(qid)["text"]
    qid = await a.press(got_a, "Đã nhận lúc")  # pressing again changes nothing
    await stack.settle()
    assert "“Đã nhận” lúc 10:15" in a.callback_answer(qid)["text"]

    # The scheduler tells the sender how it went.
    scheduler = build_scheduler(stack.session_factory, clock=stack.clock)
    await scheduler.run_once()
    await stack.settle()
    report = await admin.wait_for(lambda m: "Đã gửi xong" in m.text)
    assert "Đã gửi: 2" in report.text and "Thời gian gửi: 0 giây" in report.text
    assert "Lỗi" not in report.text and "Đã hủy" not in report.text  # zero counts are not shown
    admin.skip_pending()

    # The register: counts, who has not acknowledged, one reminder to exactly them.
    await admin.send("/directives")
    listing = await admin.next_message()
    assert "2/2 người nhận" in listing.text and "đã nhận 1/2 (50%)" in listing.text
    await admin.press(listing, "#1")
    await stack.settle()
    assert "Trần Thị Bình" in listing.text and "Nguyễn Văn An" not in listing.text
    await admin.press(listing, "Nhắc 1 người")
    await stack.settle()
    reminder = await b.next_message()
    assert "Nhắc báo đã nhận" in reminder.text and reminder.buttons == ["✅ Đã nhận"]
    assert not [m for m in a.inbox() if "Nhắc" in (m.text or "")]
    assert not any("Nhắc" in label for label in listing.buttons)  # once only
    await b.press(reminder, "Đã nhận")
    await stack.settle()
    assert reminder.buttons[0].startswith("✅ Đã nhận lúc") and got_b.buttons[0].startswith("✅ Đã nhận lúc")


async def test_scheduled_document_goes_out_at_its_time_and_can_be_listed(stack):
    admin, a, b, _ = await people(stack)
    menu = await compose(stack, admin, lambda: admin.send_document(
        "ke-hoach.pdf", caption="Kế hoạch thi đua năm 2026"))
    await admin.press(menu, "Hẹn giờ")
    await stack.settle()
    await admin.next_message()
    await admin.send("8h 27/11")  # yesterday
    assert "đã qua" in (await admin.next_message()).text
    await admin.send("30/11 8h")
    preview = await admin.next_message()
    assert "08:00 thứ Hai, 30/11/2026" in preview.text
    await admin.press(preview, "Xác nhận hẹn giờ")
    await stack.settle()
    assert "Đã hẹn gửi" in preview.text

    scheduler = build_scheduler(stack.session_factory, clock=stack.clock)
    await scheduler.run_once()
    await stack.settle()
    assert not a.inbox()
    stack.clock.set(datetime(2026, 11, 30, 1, 0, 30, tzinfo=UTC))
    await scheduler.run_once()
    await scheduler.run_once()
    await stack.settle()
    for u in (a, b):
        # Item 17: without số hiệu or trích yếu the document still arrives under its header.
        head, got = u.inbox()
        assert head.text == "📄 VĂN BẢN của Vụ Thi đua – Khen thưởng" and not head.buttons
        assert got.kind == "document" and got.text == "Kế hoạch thi đua năm 2026"


async def test_cancel_a_scheduled_directive(stack):
    admin, a, _, _ = await people(stack)
    menu = await compose(stack, admin, lambda: admin.send("Thông báo họp"))
    await admin.press(menu, "Hẹn giờ")
    await stack.settle()
    await admin.next_message()
    await admin.send("ngày mai 8h")
    preview = await admin.next_message()
    await admin.press(preview, "Xác nhận hẹn giờ")
    await stack.settle()
    await admin.send("/directives")
    listing = await admin.next_message()
    assert "hẹn 08:00 Chủ nhật, 29/11/2026" in listing.text
    await admin.press(listing, "#1")
    await stack.settle()
    await admin.press(listing, "Hủy lịch gửi")
    await stack.settle()
    await admin.press(listing, "Đồng ý hủy")
    await stack.settle()
    assert "đã hủy" in listing.text
    stack.clock.set(START + timedelta(days=2))
    await build_scheduler(stack.session_factory, clock=stack.clock).run_once()
    await stack.settle()
    assert not a.inbox()


async def test_an_officer_cannot_broadcast(stack):
    _, a, _, _ = await people(stack)
    await a.send("/broadcast")
    assert "không có quyền" in (await a.next_message()).text
