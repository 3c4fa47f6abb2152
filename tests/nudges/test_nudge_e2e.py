"""Nudges through the Bot API emulator, on both gateways: the nudge arrives with its buttons,
"Nhắc lại sau" brings it back later that day, "Báo cáo ngay" opens the report of that milestone,
and the report stops the other officer's reminders; /missing offers "remind now" once an hour."""

from __future__ import annotations

from models import Role
from scheduler.app import build_scheduler
from scheduler.nudge_jobs import nudge_sweep, snooze_sweep
from services import nudges
from tests.nudges.nudge_world import launch_sk, local


async def next_with(user, fragment: str, timeout: float = 5.0):
    while True:
        m = await user.next_message(timeout=timeout)
        if fragment in (m.text or ""):
            return m


async def test_nudge_snooze_and_the_report_it_leads_to(stack) -> None:
    nudges.configure(nudges.NudgeConfig())
    stack.clock.set(local(2027, 3, 16, 7, 0))
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    officer = await stack.user("Nguyễn Thị Hà", role=Role.OFFICER, unit="SO-HN")
    colleague = await stack.user("Trần Văn Nam", role=Role.OFFICER, unit="SO-HN")
    await launch_sk(stack, admin, "SO-HN", unit_name="Sở TT&TT <Hà Nội>")
    for u in (admin, officer, colleague):
        u.chat.started = True
    scheduler = build_scheduler(stack.session_factory, clock=stack.clock)

    async def sweep() -> None:
        await scheduler.run_sweep("nudges.sweep", nudge_sweep)
        await scheduler.run_sweep("nudges.snoozes", snooze_sweep)
        await stack.settle()

    await sweep()  # 07:00: quiet hours still
    assert not officer.inbox()
    stack.clock.set(local(2027, 3, 16, 8, 0))  # Tuesday: three working days before Friday
    await sweep()
    nudge = await next_with(officer, "Nhắc hạn")
    assert "17:00 thứ Sáu, 19/03/2027 — còn 3 ngày làm việc" in nudge.text
    assert "Sở TT&amp;TT &lt;Hà Nội&gt;" in nudge.text or "Sở TT&TT <Hà Nội>" in nudge.text
    assert nudge.buttons == ["📝 Báo cáo ngay", "⏰ Nhắc lại sau"]
    await next_with(colleague, "Nhắc hạn")

    # "Nhắc lại sau" → later today (10:00) or Wednesday morning; the officer takes later today.
    stack.clock.set(local(2027, 3, 16, 8, 5))
    await officer.press(nudge, "Nhắc lại sau")
    await stack.settle()
    assert "Hôm nay, 10:05" in nudge.buttons and "Sáng thứ Tư 17/03, 08:00" in nudge.buttons
    await officer.press(nudge, "Hôm nay")
    await stack.settle()
    assert "10:05 thứ Ba, 16/03/2027" in (await next_with(officer, "Đã hẹn")).text
    await sweep()
    stack.clock.set(local(2027, 3, 16, 10, 5))
    await sweep()
    again = await next_with(officer, "Nhắc lại")
    assert "Sơ kết quý I" in again.text
    assert len([m for m in colleague.inbox() if "Nhắc" in (m.text or "")]) == 1  # snooze is hers

    # The admin reminds the missing units now from /missing: once, not twice within the hour.
    await admin.send("/missing CDS27 SK")
    await stack.settle()
    listing = await next_with(admin, "Sơ kết quý I")
    assert "🔔 Nhắc ngay các đơn vị này" in listing.buttons
    await admin.press(listing, "Nhắc ngay")
    await stack.settle()
    assert "2 cán bộ" in (await next_with(admin, "Đã xếp lịch nhắc")).text
    qid = await admin.press(listing, "Nhắc ngay")
    await stack.settle()
    assert "một lần mỗi giờ" in admin.callback_answer(qid)["text"]
    await sweep()
    await next_with(colleague, "Nhắc hạn")
    await next_with(officer, "Nhắc hạn")

    # "Báo cáo ngay" opens the report of that milestone; sending it withdraws nothing pending
    # but stops every later nudge to both officers of the unit.
    stack.clock.set(local(2027, 3, 16, 10, 10))
    await officer.press(again, "Báo cáo ngay")
    await stack.settle()
    await next_with(officer, "Chỉ tiêu 1/1")
    await officer.send("7")
    await stack.settle()
    await next_with(officer, "thuyết minh")
    await officer.send("Đã triển khai 7 dịch vụ.")
    await stack.settle()
    files = await next_with(officer, "tài liệu hoặc ảnh")
    await officer.press(files, "Xong")
    await stack.settle()
    summary = await next_with(officer, "kiểm tra báo cáo")
    await officer.press(summary, "Gửi")
    await stack.settle()
    await next_with(officer, "Đã nhận báo cáo")
    before = len(colleague.inbox())
    for day in (17, 18, 19, 22):
        stack.clock.set(local(2027, 3, day, 8, 0))
        await sweep()
    assert len(colleague.inbox()) == before

    # /missing for the admin: everyone reported, nothing to remind.
    await admin.send("/missing CDS27 SK")
    await stack.settle()
    listing = await next_with(admin, "Sơ kết quý I")
    assert "Nhắc ngay các đơn vị này" not in " ".join(listing.buttons)
