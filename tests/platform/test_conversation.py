"""The first conversation, end to end through the emulator on both gateways."""

from __future__ import annotations

from sqlmodel import col, select

from models import AuditEntry, ConversationState, Language, Member, Role


async def test_start_welcomes_a_stranger_and_says_how_to_get_access(stack):
    an = await stack.user("Nguyễn Thị An")
    await an.send("/start")
    welcome = await an.next_message()
    assert "Xin chào đồng chí Nguyễn Thị An" in welcome.text
    assert "/join" in welcome.text
    assert welcome.buttons == ["🇻🇳 Tiếng Việt", "🇬🇧 English"]


async def test_help_lists_only_what_the_role_may_do(stack):
    stranger = await stack.user("Trần Văn Bình")
    admin = await stack.user("Lê Thị Cúc", role=Role.ADMIN)
    await stranger.send("/help")
    await admin.send("/help")
    stranger_help = (await stranger.next_message()).text
    admin_help = (await admin.next_message()).text
    assert "/audit" not in stranger_help
    assert "/audit" in admin_help
    assert "chưa được cấp quyền" in stranger_help


async def test_language_choice_is_remembered(stack):
    an = await stack.user("Phạm An")
    await an.send("/lang")
    choice = await an.next_message()
    await an.press(choice, "🇬🇧 English")
    await an.wait_for(lambda m: m.text == "Language set to English.")
    await stack.settle()
    await an.send("/start")
    assert "Hello" in (await an.next_message()).text
    async with stack.session_factory() as session:
        member = (await session.exec(select(Member).where(Member.telegram_id == an.id))).one()
        assert member.language == Language.EN
    # The command menu follows the language.
    assert any(c["command"] == "help" and "What you can do" in c["description"]
               for c in stack.emu.commands_for(chat_id=an.id))


async def test_unknown_command_and_stray_message_get_a_clear_answer(stack):
    an = await stack.user("Đỗ An")
    await an.send("/xyz")
    assert "/xyz" in (await an.next_message()).text
    await an.send("chào bot")
    assert "chưa hiểu" in (await an.next_message()).text


async def test_feedback_flow_confirms_and_reaches_admins(stack):
    admin = await stack.user("Admin Vụ", role=Role.ADMIN)
    officer = await stack.user("Cán bộ A", role=Role.OFFICER, unit="U1")
    await admin.send("/start")
    await admin.next_message()
    await officer.send("/feedback")
    assert "góp ý" in (await officer.next_message()).text
    await officer.send("Nên có nút xuất báo cáo ra Excel")
    thanks = await officer.next_message()
    assert "đã được ghi nhận" in thanks.text
    assert "Nên có nút xuất báo cáo ra Excel" in thanks.text
    note = await admin.next_message()
    assert "Cán bộ A" in note.text and "Excel" in note.text


async def test_feedback_text_with_html_and_oversize_is_escaped_and_bounded(stack):
    officer = await stack.user("<b>Kẻ</b> & đồng nghiệp", role=Role.OFFICER, unit="U1")
    await officer.send("/feedback")
    await officer.next_message()
    await officer.send("x" * 3500)  # over the 3000-character limit
    too_long = await officer.next_message()
    assert "3500" in too_long.text and "3000" in too_long.text
    nasty = "<script>alert(1)</script> & <b>bold</b> " + "đ" * 2900
    await officer.send(nasty)
    thanks = await officer.next_message()
    assert "<script>alert(1)</script> & <b>bold</b>" in thanks.text  # shown literally
    assert "&lt;script&gt;" in thanks.html
    assert len(thanks.text) <= 4096


async def test_cancel_leaves_a_flow(stack):
    an = await stack.user("Vũ An", role=Role.OFFICER, unit="U1")
    await an.send("/feedback")
    await an.next_message()
    await an.send("/cancel")
    assert "Đã hủy" in (await an.next_message()).text
    await an.send("không phải góp ý")
    assert "chưa hiểu" in (await an.next_message()).text
    await an.send("/cancel")
    assert "không có thao tác" in (await an.next_message()).text


async def test_conversation_step_survives_a_restart(stack):
    an = await stack.user("Hoàng An", role=Role.OFFICER, unit="U1")
    await an.send("/feedback")
    await an.next_message()
    await stack.settle()
    await stack.restart()
    async with stack.session_factory() as session:
        state = await session.get(ConversationState, (an.id, an.id))
        assert state is not None and state.flow == "feedback"
    await an.send("Góp ý sau khi khởi động lại")
    assert "đã được ghi nhận" in (await an.next_message()).text


async def test_audit_is_refused_to_a_non_admin_and_the_refusal_is_audited(stack):
    officer = await stack.user("Cán bộ B", role=Role.OFFICER, unit="U1")
    admin = await stack.user("Quản trị", role=Role.ADMIN)
    await officer.send("/audit")
    refusal = await officer.next_message()
    assert "không có quyền" in refusal.text
    await stack.settle()
    async with stack.session_factory() as session:
        denied = (await session.exec(select(AuditEntry).where(
            AuditEntry.outcome == "denied", AuditEntry.actor_telegram_id == officer.id))).all()
        assert [d.action for d in denied] == ["audit.view"]
    await admin.send("/audit")
    page = await admin.next_message()
    assert "Nhật ký gần nhất" in page.text
    # who did what, in words: the officer's name and the action in Vietnamese, not ids and codes
    assert "Cán bộ B · xem nhật ký" in page.text and "⛔" in page.text
    assert "audit.view" not in page.text and str(officer.id) not in page.text


async def test_forged_audit_page_button_is_refused(stack):
    officer = await stack.user("Cán bộ C", role=Role.OFFICER, unit="U1")
    await officer.send("/start")
    msg = await officer.next_message()
    # A button the bot never offered this person: the emulator lets a client send any data.
    query_id = stack.emu.new_callback_query(officer, msg, "audit:2")
    await stack.settle()
    answer = officer.callback_answer(query_id)
    assert answer is not None and "không có quyền" in answer["text"]
    async with stack.session_factory() as session:
        denied = (await session.exec(select(AuditEntry).where(
            AuditEntry.outcome == "denied", col(AuditEntry.action) == "audit.view"))).all()
        assert len(denied) == 1
