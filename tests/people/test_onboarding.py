"""Onboarding through the real worker: invites by buttons, links, /join, welcome and menus."""

from __future__ import annotations

from sqlmodel import select

from models import Invite, OutboxMethod, Role


async def _invite(bot, admin: int, unit_code: str, role_label: str) -> tuple[str, str]:
    await bot.unit(unit_code, "Bưu điện Hà Nội", fields=("buu_chinh",))
    out = await bot.send(admin, f"/invite {unit_code}")
    out = await bot.press(admin, out.data_for(unit_code))
    out = await bot.press(admin, out.data_for(role_label))
    text = out.text
    link = next(w for w in text.split() if w.startswith("https://t.me/"))
    code = link.split("start=")[1]
    return link, code


async def test_admin_creates_invite_with_buttons_and_link_binds_the_officer(bot):
    admin = await bot.person("Lê Thị Cúc", Role.ADMIN)
    link, code = await _invite(bot, admin, "BĐHN", "Cán bộ thi đua")
    assert link == f"https://t.me/thidua_test_bot?start={code}"
    assert 1 <= len(code) <= 64 and all(c.isalnum() or c in "_-" for c in code)

    newcomer = await bot.person("Nguyễn Văn An")
    out = await bot.send(newcomer, f"/start {code}")
    assert "Chào mừng đồng chí Nguyễn Văn An" in out.text
    assert "BĐHN — Bưu điện Hà Nội" in out.text
    assert "/me" in out.text  # what they can now do
    menus = [r for r in out.rows if r.method == OutboxMethod.SET_COMMANDS]
    assert menus and ["me", "Thông tin của tôi"] in menus[-1].payload["commands"]
    member = await bot.member(newcomer)
    assert member.role == Role.OFFICER and member.unit_id is not None

    # Single use: a second person gets a clear answer and nothing changes for them.
    other = await bot.person("Trần Bình")
    out = await bot.send(other, f"/start {code}")
    assert "đã được sử dụng" in out.text
    assert (await bot.member(other)).role == Role.STRANGER


async def test_join_with_code_and_join_then_code(bot):
    admin = await bot.person("Admin", Role.ADMIN)
    _, code1 = await _invite(bot, admin, "VNPT", "Cán bộ thi đua")
    _, code2 = await _invite(bot, admin, "VNPT", "Hội đồng")
    a = await bot.person("An")
    out = await bot.send(a, f"/join {code1}")
    assert "Chào mừng" in out.text
    b = await bot.person("Bình")
    out = await bot.send(b, "/join")
    assert "mã mời" in out.text
    out = await bot.send(b, "sai-ma-123")
    assert "Mã mời không đúng" in out.text
    out = await bot.send(b, code2)
    assert "Chào mừng" in out.text
    assert (await bot.member(b)).role == Role.COUNCIL
    # The README's path run twice: a new code for what An already is is not spent, nobody is
    # welcomed again, and the admin is not told of a join that did not happen.
    _, code3 = await _invite(bot, admin, "VNPT", "Cán bộ thi đua")
    out = await bot.send(a, f"/join {code3}")
    assert "đã có đúng quyền và đơn vị" in out.text and "Chào mừng" not in out.text
    assert not out.to(admin)
    async with bot.sf() as session:
        invite = (await session.exec(select(Invite).where(Invite.code == code3))).one()
        assert invite.used_at is None


async def test_expired_and_revoked_codes_bind_nothing(bot):
    admin = await bot.person("Admin", Role.ADMIN)
    _, code = await _invite(bot, admin, "VNPT", "Cán bộ thi đua")
    bot.clock.advance(days=8)
    a = await bot.person("An")
    out = await bot.send(a, f"/start {code}")
    assert "hết hạn" in out.text
    assert (await bot.member(a)).role == Role.STRANGER

    out = await bot.send(admin, "/invite VNPT")
    out = await bot.press(admin, out.data_for("VNPT"))
    out = await bot.press(admin, out.data_for("Cán bộ thi đua"))
    revoke = out.data_for("Thu hồi")
    code = out.text.split("start=")[1].split()[0]
    out = await bot.press(admin, revoke)
    assert "thu hồi" in out.text
    out = await bot.send(a, f"/join {code}")
    assert "bị thu hồi" in out.text
    assert (await bot.member(a)).role == Role.STRANGER
    async with bot.sf() as session:
        invite = (await session.exec(select(Invite).where(Invite.code == code))).one()
        assert invite.revoked_by == admin and invite.used_at is None


async def test_field_lead_invite_asks_for_the_field(bot):
    admin = await bot.person("Admin", Role.ADMIN)
    await bot.unit("CATTT", "Cục An toàn thông tin", fields=("attt",))
    out = await bot.send(admin, "/invite CATTT")
    out = await bot.press(admin, out.data_for("CATTT"))
    out = await bot.press(admin, out.data_for("đầu mối"))
    out = await bot.press(admin, out.data_for("An toàn, an ninh mạng"))
    code = out.text.split("start=")[1].split()[0]
    lead = await bot.person("Phạm Dũng")
    out = await bot.send(lead, f"/start {code}")
    assert "An toàn, an ninh mạng" in out.text
    m = await bot.member(lead)
    assert m.role == Role.FIELD_LEAD and m.field_code == "attt"


async def test_strangers_menu_is_start_join_help_lang(bot):
    from handlers import menu
    from handlers.i18n import Translator

    assert [c for c, _ in menu.commands_for(Role.STRANGER, Translator("vi"))] == [
        "start", "help", "join", "lang"]
