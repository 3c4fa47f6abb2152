"""People, units and groups end to end: the emulator, both gateways, the real runtime."""

from __future__ import annotations

from sqlmodel import select

from models import ChatGroup, Member, Role
from services import groups

BOT = "thidua_test_bot"


async def test_an_officer_is_onboarded_by_link_and_gets_their_menu(stack):
    admin = await stack.user("Lê Thị Cúc", role=Role.ADMIN)
    await stack.user("Cán bộ cũ", role=Role.OFFICER, unit="BĐHN")  # makes the unit
    await admin.send("/invite")
    picker = await admin.next_message()
    await admin.press(picker, "BĐHN")
    await stack.settle()
    await admin.press(admin.last_message, "Cán bộ thi đua")
    await stack.settle()
    created = admin.last_message
    assert "Đã tạo mã mời" in created.text
    link = next(w for w in created.text.split() if w.startswith("https://t.me/"))
    assert link.startswith(f"https://t.me/{BOT}?start=")
    code = link.split("start=")[1]

    newcomer = stack.emu.add_user("Nguyễn Văn An")
    await newcomer.send("/start")
    await newcomer.next_message()
    assert [c["command"] for c in stack.emu.commands_for(chat_id=newcomer.id)] in (
        [], ["start", "help", "join", "lang"])
    await newcomer.send(f"/start {code}")
    welcome = await newcomer.next_message()
    assert "Chào mừng đồng chí Nguyễn Văn An" in welcome.text
    await stack.settle()
    commands = [c["command"] for c in stack.emu.commands_for(chat_id=newcomer.id)]
    assert "me" in commands and "members" not in commands
    async with stack.session_factory() as session:
        member = (await session.exec(select(Member).where(Member.telegram_id == newcomer.id))).one()
        assert member.role == Role.OFFICER

    late = stack.emu.add_user("Trần Bình")
    await late.send(f"/join {code}")
    assert "đã được sử dụng" in (await late.next_message()).text


async def test_a_group_subscribes_and_is_marked_inactive_when_the_bot_leaves(stack):
    admin = await stack.user("Quản trị", role=Role.ADMIN)
    officer = await stack.user("Cán bộ", role=Role.OFFICER, unit="U1")
    group = stack.emu.add_group("Nhóm Viễn thông", members=[officer], admins=[admin],
                                bot_member=False)
    await group.add_bot(admin)
    hello = await group.next_message()
    assert "/subscribe" in hello.text

    await officer.send(f"/subscribe@{BOT}", chat=group)
    refused = await group.next_message()
    assert "không có quyền" in refused.text

    await admin.send(f"/subscribe@{BOT}", chat=group)
    picker = await group.next_message()
    await admin.press(picker, "Viễn thông")
    await stack.settle()
    async with stack.session_factory() as session:
        found = await groups.subscribed_groups(session, ["vien_thong"])
        assert [g.chat_id for g in found] == [group.id]

    await group.remove_bot(admin)
    await stack.settle()
    async with stack.session_factory() as session:
        row = (await session.exec(select(ChatGroup).where(ChatGroup.chat_id == group.id))).one()
        assert not row.is_active
        assert await groups.subscribed_groups(session, ["vien_thong"]) == []


async def test_a_stranger_using_admin_commands_is_refused_politely(stack):
    stranger = await stack.user("Người lạ")
    for command in ("/members", "/unit_add", "/invite", "/groups"):
        await stranger.send(command)
        reply = await stranger.next_message()
        assert "không có quyền" in reply.text, command
