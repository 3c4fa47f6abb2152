"""Roles (told to the person, menus refreshed, last admin kept), /me, /members, groups, flood."""

from __future__ import annotations

from sqlmodel import select

from handlers.context import HandlerConfig
from models import ChatGroup, GroupField, OutboxMethod, Role
from services import groups
from tests.people.harness import Harness

GROUP = -4242


async def test_role_change_is_told_to_the_person_with_a_fresh_menu(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.unit("BĐHN", "Bưu điện Hà Nội")
    person = await bot.person("Nguyễn An", Role.OFFICER, unit="BĐHN", language="en")
    m = await bot.member(person)
    out = await bot.send(admin, f"/role #{m.id} field_lead attt")
    assert "An toàn, an ninh mạng" in out.text
    notes = out.to(person)
    assert any("Your role on ThiDua Bot is now" in r.payload.get("text", "") for r in notes)
    menu = [r for r in notes if r.method == OutboxMethod.SET_COMMANDS]
    assert menu and ["invite", "Create an invite for a unit"] in menu[0].payload["commands"]
    m = await bot.member(person)
    assert m.role == Role.FIELD_LEAD and m.field_code == "attt"
    assert (await bot.audit(action="member.role"))[-1].details["previous"] == "officer"


async def test_role_buttons_and_unit_change(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.unit("A1", "Đơn vị Một")
    await bot.unit("B2", "Đơn vị Hai")
    person = await bot.person("Trần Bình", Role.OFFICER, unit="A1")
    out = await bot.send(admin, "/members A1")
    assert "Trần Bình" in out.text
    out = await bot.press(admin, out.data_for("Trần Bình"))
    out = await bot.press(admin, out.data_for("Đổi đơn vị"))
    out = await bot.send(admin, "hai")
    out = await bot.press(admin, out.data_for("B2"))
    assert "B2 — Đơn vị Hai" in out.text
    assert any("Đơn vị Hai" in r.payload.get("text", "") for r in out.to(person))
    out = await bot.send(admin, "/members")
    out = await bot.press(admin, out.data_for("Trần Bình"))
    out = await bot.press(admin, out.data_for("Đổi vai trò"))
    out = await bot.press(admin, out.data_for("Hội đồng"))
    assert (await bot.member(person)).role == Role.COUNCIL


async def test_the_last_active_admin_cannot_be_removed(bot):
    admin = await bot.person("Quản trị duy nhất", Role.ADMIN)
    m = await bot.member(admin)
    for command in (f"/deactivate #{m.id}", f"/role #{m.id} council"):
        out = await bot.send(admin, command)
        assert "quản trị viên duy nhất" in out.text
    assert (await bot.member(admin)).role == Role.ADMIN
    assert (await bot.member(admin)).is_active
    second = await bot.person("Quản trị 2", Role.ADMIN)
    out = await bot.send(admin, f"/deactivate {second}")
    assert any("đã tạm ngừng" in r.payload.get("text", "") for r in out.to(second))
    assert any(r.method == OutboxMethod.SET_COMMANDS and r.payload["commands"][0][0] == "start"
               and len(r.payload["commands"]) == 4 for r in out.to(second))


async def test_me_shows_name_unit_role_fields_language(bot):
    await bot.unit("VNPT", "Tập đoàn VNPT", fields=("vien_thong", "ung_dung_cntt"))
    person = await bot.person("Lê Cúc", Role.OFFICER, unit="VNPT", username="cuc")
    out = await bot.send(person, "/me")
    for part in ("Lê Cúc", "@cuc", "VNPT — Tập đoàn VNPT", "Viễn thông; Ứng dụng công nghệ thông tin",
                 "Tiếng Việt", "Cán bộ thi đua"):
        assert part in out.text


async def test_unit_add_flow_keeps_the_draft_on_bad_input(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.unit("BO", "Bộ TT&TT")
    out = await bot.send(admin, "/unit_add")
    out = await bot.send(admin, "mã có dấu cách")
    assert "chưa hợp lệ" in out.text
    out = await bot.send(admin, "BO")
    assert "đã được dùng" in out.text
    out = await bot.send(admin, "CBC")
    out = await bot.send(admin, "Cục <Bưu chính>")
    out = await bot.press(admin, out.data_for("Cơ quan"))
    out = await bot.send(admin, "KHONGCO")
    assert "Không tìm thấy" in out.text
    out = await bot.send(admin, "bo")
    fields = out
    refused = await bot.press(admin, fields.data_for("Xong"))  # no field chosen yet
    assert any("ít nhất một lĩnh vực" in (r.payload.get("text") or "") for r in refused.rows)
    out = await bot.press(admin, fields.data_for("Bưu chính"))
    out = await bot.press(admin, fields.data_for("Xong"))
    assert "Cục &lt;Bưu chính&gt;" in out.text
    out = await bot.press(admin, out.data_for("Xác nhận"))
    assert "Đã thêm đơn vị" in out.text
    out = await bot.send(admin, "/units buu chinh")
    assert "CBC" in out.text
    out = await bot.press(admin, out.data_for("CBC"))
    assert "Đơn vị cấp trên: BO — Bộ TT&amp;TT" in out.text


async def test_units_are_paged(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    for i in range(23):
        await bot.unit(f"U{i:02d}", f"Đơn vị {i:02d}")
    out = await bot.send(admin, "/units")
    assert "trang 1/3" in out.text and len(out.text) < 3500
    out = await bot.press(admin, out.data_for("Sau"))
    assert "trang 2/3" in out.text


async def test_group_is_recorded_migrated_with_settings_and_marked_inactive(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    bot.chat_admins.add((GROUP, admin))
    out = await bot.bot_membership(admin, GROUP, "member", title="Nhóm Bưu chính")
    assert "/subscribe" in out.text
    out = await bot.send(admin, "/subscribe", chat_id=GROUP, chat_type="group")
    await bot.press(admin, "gs:buu_chinh", chat_id=GROUP, chat_type="group")
    await bot.press(admin, "gs:attt", chat_id=GROUP, chat_type="group")
    out = await bot.press(admin, "gd", chat_id=GROUP, chat_type="group")
    assert "Bưu chính; An toàn, an ninh mạng" in out.text
    await bot.migrate(admin, GROUP, -100_4242)
    async with bot.sf() as session:
        found = await groups.subscribed_groups(session, ["attt"])
        assert [g.chat_id for g in found] == [-100_4242]
        assert found[0].migrated_from == GROUP
    out = await bot.send(admin, "/groups")
    assert "Nhóm Bưu chính" in out.text and "đang hoạt động" in out.text
    await bot.bot_membership(admin, -100_4242, "kicked", chat_type="supergroup")
    async with bot.sf() as session:
        assert await groups.subscribed_groups(session, ["attt"]) == []
        group = (await session.exec(select(ChatGroup))).one()
        assert not group.is_active
        assert len((await session.exec(select(GroupField))).all()) == 2  # settings kept
    out = await bot.send(admin, "/unsubscribe", chat_id=-100_4242, chat_type="supergroup")


async def test_unsubscribe_and_migration_onto_a_known_group(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    bot.chat_admins.add((GROUP, admin))
    await bot.bot_membership(admin, GROUP, "member")
    await bot.press(admin, "gs:vien_thong", chat_id=GROUP, chat_type="group")
    await bot.press(admin, "gs:attt", chat_id=GROUP, chat_type="group")
    out = await bot.send(admin, "/unsubscribe", chat_id=GROUP, chat_type="group")
    out = await bot.press(admin, out.data_for("Viễn thông"), chat_id=GROUP, chat_type="group")
    assert "An toàn, an ninh mạng" in out.text and "Viễn thông" not in out.texts[-1]
    await bot.bot_membership(admin, -100_9, "member", chat_type="supergroup")
    await bot.migrate(admin, GROUP, -100_9)
    async with bot.sf() as session:
        rows = (await session.exec(select(ChatGroup))).all()
        assert [g.chat_id for g in rows] == [-100_9]
        assert [g.chat_id for g in await groups.subscribed_groups(session, ["attt"])] == [-100_9]


async def test_group_chatter_is_ignored(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.bot_membership(admin, GROUP, "member")
    out = await bot.send(admin, "xin chào mọi người", chat_id=GROUP, chat_type="group")
    assert out.rows == []
    out = await bot.send(admin, "/subscribe@other_bot", chat_id=GROUP, chat_type="group")
    assert out.rows == []


async def test_flood_guard_answers_once_then_ignores_until_the_window_passes(session_factory):
    bot = Harness(session_factory)
    bot.config = HandlerConfig(bot_username="thidua_test_bot", flood_max_updates=3,
                               flood_window_seconds=10)
    bot.worker.config = bot.config
    person = await bot.person("Người gửi nhanh", Role.OFFICER, unit="A")
    answers = [await bot.send(person, "/me") for _ in range(3)]
    assert all("Thông tin của đồng chí" in a.text for a in answers)  # nothing before the limit lost
    warn = await bot.send(person, "/me")
    assert "quá nhanh" in warn.text and "10 giây" in warn.text
    assert (await bot.send(person, "/me")).rows == []
    assert (await bot.press(person, "ml:1:-")).rows == []
    bot.clock.advance(seconds=10)
    assert "Thông tin của đồng chí" in (await bot.send(person, "/me")).text
    other = await bot.person("Người khác")
    assert (await bot.send(other, "/help")).rows


async def test_member_lists_show_names_units_and_roles_not_ids(bot):
    """Item 19: /members shows each person by name (escaped), role and unit, never "#id"."""
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.unit("A1", "Sở Thông tin và Truyền thông Hà Nội")
    await bot.person("Trần <b>Bình</b>", Role.OFFICER, unit="A1")
    m = await bot.member(admin)
    out = await bot.send(admin, "/members")
    line = next(x for x in out.text.splitlines() if "Bình" in x)
    assert line == ("Trần &lt;b&gt;Bình&lt;/b&gt; · Cán bộ thi đua · "
                    "A1 — Sở Thông tin và Truyền thông Hà Nội"), line
    assert f"#{m.id}" not in out.text and "#" not in " ".join(b for b, _ in out.buttons())
    assert any(b.startswith("Trần <b>Bình</b> · A1") for b, _ in out.buttons())


async def test_a_member_card_is_headed_by_the_name_not_a_number(bot):
    """Item 19: the card chosen from /members shows who it is; the number is only the hint for
    typing /role or /deactivate."""
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.unit("A1", "Đơn vị Một")
    person = await bot.person("Trần <b>Bình</b>", Role.OFFICER, unit="A1")
    m = await bot.member(person)
    out = await bot.send(admin, "/members A1")
    card = await bot.press(admin, out.data_for("Trần <b>Bình</b>"))
    first, *rest = next(x for x in card.texts if "Tài khoản:" in x).splitlines()
    assert first == "<b>Trần &lt;b&gt;Bình&lt;/b&gt;</b>", card.text
    assert "Thành viên #" not in card.text and "Họ tên:" not in card.text
    assert rest[-1] == (f"<i>Khi gõ lệnh /role hoặc /deactivate thay cho các nút, chỉ người này "
                        f"bằng #{m.id}.</i>"), card.text
    typed = await bot.send(admin, f"/deactivate #{m.id}")
    shown = next(x for x in typed.texts if "Tài khoản:" in x)
    assert shown.splitlines()[0] == "<b>Trần &lt;b&gt;Bình&lt;/b&gt;</b>", shown
    assert "Trạng thái: tạm ngừng" in shown, shown
