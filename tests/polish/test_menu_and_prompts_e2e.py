"""Through the Bot API emulator, on both gateways: the main menu (/start, /menu, with counts) and
prompts that are edited in place, with a toast for a press on an outdated copy (issue 10, 6–7)."""

from __future__ import annotations

from datetime import UTC, datetime

from models import Registration, RegistrationStatus, Role, Unit, UnitField
from services import campaigns
from tests.campaigns.campaign_harness import sample_spec

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


async def next_with(user, fragment: str, timeout: float = 5.0):
    while True:
        m = await user.next_message(timeout=timeout)
        if fragment in (m.text or ""):
            return m


async def test_admin_start_and_menu_show_buttons_with_counts(stack) -> None:
    stack.clock.set(NOW)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    officer = await stack.user("Cán bộ A", role=Role.OFFICER, unit="A")
    async with stack.session_factory() as s, s.begin():
        unit_a = (await s.exec(Unit.__table__.select().where(Unit.code == "A"))).first()
        s.add(UnitField(unit_id=unit_a.id, field_code="ung_dung_cntt"))
        result = await campaigns.save(s, sample_spec(), actor=None, now=NOW)
        cid = result.campaign.id
        await campaigns.mark_launched(s, actor=None, campaign_id=cid, now=NOW)
        for code in ("B", "C", "D"):
            u = Unit(code=code, name=f"Đơn vị {code}")
            s.add(u)
            await s.flush()
            s.add(Registration(campaign_id=cid, unit_id=u.id, status=RegistrationStatus.PENDING,
                               submitted_by=None, commitments={}, titles=[], submitted_at=NOW))
    await admin.send("/start")
    await stack.settle()
    hello = await next_with(admin, "Xin chào đồng chí")
    assert "Duyệt đăng ký (3)" in " ".join(hello.buttons)
    assert any("Phong trào thi đua (1)" in b for b in hello.buttons)
    await admin.press(hello, "Duyệt đăng ký")
    await stack.settle()
    review = await next_with(admin, "chờ duyệt")
    assert "Đơn vị B" in review.text
    # an officer's menu offers reporting and registering, not reviewing
    await officer.send("/menu")
    await stack.settle()
    menu = await next_with(officer, "muốn làm gì")
    assert any("Báo cáo tiến độ" in b for b in menu.buttons)
    assert any("Đăng ký thi đua (1)" in b for b in menu.buttons)
    assert not any("Duyệt" in b for b in menu.buttons)


async def test_toggles_edit_the_prompt_and_old_copies_only_toast(stack) -> None:
    stack.clock.set(NOW)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    await admin.send("/campaign_new")
    await stack.settle()
    await next_with(admin, "tên phong trào")
    await admin.send("Thi đua Bưu chính 2027")
    await stack.settle()
    slogan = await next_with(admin, "khẩu hiệu")
    await admin.press(slogan, "Bỏ qua")
    await stack.settle()
    count = len(admin.chat.bot_messages)
    fields = admin.chat.bot_messages[-1]
    assert "lĩnh vực" in fields.text and fields is slogan  # the same message, edited
    await admin.press(fields, "Bưu chính")
    await stack.settle()
    await admin.press(fields, "Viễn thông")
    await stack.settle()
    assert len(admin.chat.bot_messages) == count  # no new copies of the prompt
    assert any(b.startswith("☑ Bưu chính") for b in fields.buttons)
    assert any(b.startswith("☑ Viễn thông") for b in fields.buttons)
    # /campaign_new again posts the prompt anew; the older message's buttons are outdated
    await admin.send("/campaign_new")
    await stack.settle()
    qid = await admin.press(fields, "Tiếp tục")
    await stack.settle()
    answer = admin.callback_answer(qid)
    assert answer is not None and "tin nhắn cũ" in (answer.get("text") or "")
    assert "Tiếp tục" in " ".join(fields.buttons)  # nothing happened to the draft's old prompt


async def test_joining_tells_the_admin_and_subscribe_in_private_is_answered(stack) -> None:
    from services import invites

    stack.clock.set(NOW)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    admin.chat.started = True  # the admin has talked to the bot before
    async with stack.session_factory() as s, s.begin():
        s.add(Unit(code="TTTT-HN", name="Sở Thông tin và Truyền thông Hà Nội"))
        await s.flush()
        code = (await invites.create_invite(s, actor=None, unit_code="TTTT-HN", role="officer",
                                            now=NOW)).code
    newcomer = stack.emu.add_user("Nguyễn Thị Hà", language_code="vi")
    await newcomer.send(f"/join {code}")
    await stack.settle()
    told = await next_with(admin, "đã dùng mã mời")
    assert "Nguyễn Thị Hà" in told.text and "Sở Thông tin và Truyền thông Hà Nội" in told.text
    await admin.send("/subscribe")
    await stack.settle()
    assert "dùng trong nhóm" in (await admin.next_message()).text


async def test_the_target_example_can_be_pasted_and_next_appears_when_it_exists(stack) -> None:
    import html
    import re

    stack.clock.set(NOW)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    await admin.send("/campaign_new")
    await stack.settle()
    await next_with(admin, "tên phong trào")
    await admin.send("Thi đua thử")
    await stack.settle()
    prompt = await next_with(admin, "khẩu hiệu")
    for button in ("Bỏ qua", "Bưu chính", "Tiếp tục", "Thường xuyên", "Bỏ qua", "Bỏ qua"):
        await admin.press(prompt, button)
        await stack.settle()
    assert "mỗi dòng một chỉ tiêu" in prompt.text
    assert not any("Tiếp tục" in b for b in prompt.buttons)  # not there before a target is
    example = re.search(r"<code>(Dịch vụ[^<]*)</code>", prompt.html, re.S)
    assert example is not None
    await admin.send(html.unescape(example[1]))  # the three example lines, pasted as they are
    await stack.settle()
    added = await next_with(admin, "Diễn tập an toàn thông tin")
    assert "1. Dịch vụ công trực tuyến: 20 dịch vụ" in added.text and "3. " in added.text
    assert any("Tiếp tục" in b for b in added.buttons)


async def test_later_areas_are_in_the_menu_for_the_right_roles(stack) -> None:
    stack.clock.set(NOW)
    officer = await stack.user("Cán bộ A", role=Role.OFFICER, unit="A")
    member = await stack.user("Ủy viên Hội đồng", role=Role.COUNCIL)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    await officer.send("/menu")
    await stack.settle()
    menu = await next_with(officer, "muốn làm gì")
    assert any("Đề nghị khen thưởng" in b for b in menu.buttons)
    assert not any("Phiên họp Hội đồng" in b for b in menu.buttons)
    await officer.press(menu, "Đề nghị khen thưởng")
    await stack.settle()
    opened = await next_with(officer, "đề nghị")
    assert opened.buttons, "the nominations screen offers its actions"
    # a council member votes; they see no nomination before the session
    await member.send("/menu")
    await stack.settle()
    menu = await next_with(member, "muốn làm gì")
    assert any("Phiếu bầu" in b for b in menu.buttons)
    assert not any("Đề nghị khen thưởng" in b for b in menu.buttons)
    await admin.send("/menu")
    await stack.settle()
    menu = await next_with(admin, "muốn làm gì")
    for label in ("Phiên họp Hội đồng", "Ghi quyết định", "Thống kê", "Xuất Excel",
                  "Lịch làm việc"):
        assert any(label in b for b in menu.buttons), label
