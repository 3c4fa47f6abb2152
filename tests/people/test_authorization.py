"""Authorization is a property: every privileged command and button of the people area, sent by
a stranger, an officer and a field lead of another field (with button data forged to name other
units' records), is refused, changes nothing, and leaves an audit entry with outcome "denied"."""

from __future__ import annotations

# mypy: disable-error-code="union-attr,arg-type"
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from models import ChatGroup, EmulationField, GroupField, Invite, Member, Role, Unit, UnitField
from services import invites

GROUP = -100_777
DENIED = "không có quyền"


async def snapshot(bot) -> dict[str, list[dict[str, Any]]]:
    tables = {"unit": Unit, "unit_field": UnitField, "member": Member, "invite": Invite,
              "chat_group": ChatGroup, "group_field": GroupField, "field": EmulationField}
    out: dict[str, list[dict[str, Any]]] = {}
    async with bot.sf() as session:
        for name, model in tables.items():
            rows = (await session.exec(select(model))).all()
            out[name] = sorted((r.model_dump() for r in rows), key=repr)
    # Members may be met (name refreshed); their role, unit, field and status must not change.
    out["member"] = [{k: m[k] for k in ("telegram_id", "role", "unit_id", "field_code",
                                        "is_active")} for m in out["member"]]
    return out


@pytest.fixture
async def world(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    await bot.unit("BĐHN", "Bưu điện Hà Nội", fields=("buu_chinh",))
    await bot.unit("BAO", "Báo Điện tử", fields=("bao_chi_truyen_thong",))
    officer = await bot.person("Cán bộ", Role.OFFICER, unit="BĐHN")
    stranger = await bot.person("Người lạ")
    lead = await bot.person("Đầu mối báo chí", Role.FIELD_LEAD, unit="BAO",
                            field="bao_chi_truyen_thong")
    async with bot.sf() as session, session.begin():
        post = (await session.exec(select(Unit).where(Unit.code == "BĐHN"))).one()
        adm = (await session.exec(select(Member).where(Member.telegram_id == admin))).one()
        invite = await invites.create_invite(session, actor=adm, unit_code="BĐHN",
                                             role=Role.OFFICER, now=bot.clock.now)
        target = (await session.exec(select(Member).where(Member.telegram_id == officer))).one()
    # A staff group subscribed to "buu_chinh"; everyone here is a Telegram admin of it.
    for person in (admin, officer, stranger, lead):
        bot.chat_admins.add((GROUP, person))
    await bot.bot_membership(admin, GROUP, "member")
    await bot.send(admin, "/subscribe", chat_id=GROUP, chat_type="group")
    await bot.press(admin, "gs:buu_chinh", chat_id=GROUP, chat_type="group")
    return {"admin": admin, "officer": officer, "stranger": stranger, "lead": lead,
            "unit": post.id, "invite": invite.id, "member": target.id}


def privileged(w: dict[str, int]) -> list[tuple[str, str, bool]]:
    """(kind, text or data, in the group?) for every admin/field-lead entry point."""
    u, i, m = w["unit"], w["invite"], w["member"]
    return [
        ("send", "/unit_add", False), ("send", "/members", False), ("send", "/members BĐHN", False),
        ("send", "/role #1 admin", False), ("send", f"/deactivate #{m}", False),
        ("send", "/groups", False),
        ("press", "ul:1:", False), ("press", f"uv:{u}", False),
        ("press", f"ue:{u}:name", False), ("press", f"ue:{u}:parent", False),
        ("press", f"ue:{u}:kind", False), ("press", f"ue:{u}:fields", False),
        ("press", f"ue:{u}:active", False), ("press", f"uk:{u}:doanh_nghiep", False),
        ("press", f"uf:{u}:attt", False), ("press", "uak:co_quan", False), ("press", "uap", False),
        ("press", "uaf:attt", False), ("press", "uad", False), ("press", "uas", False),
        ("press", "ip:1:", False), ("press", f"iu:{u}", False), ("press", "iu:0", False),
        ("press", f"ir:{u}:officer", False), ("press", f"ir:{u}:admin", False),
        ("press", "ir:0:admin", False), ("press", f"if:{u}:buu_chinh", False),
        ("press", f"ix:{i}", False),
        ("press", "ml:1:-", False), ("press", f"mv:{m}", False), ("press", f"mr:{m}", False),
        ("press", f"ms:{m}:admin", False), ("press", f"ms:{m}:field_lead:attt", False),
        ("press", f"md:{m}", False), ("press", f"mdy:{m}", False), ("press", f"ma:{m}", False),
        ("press", f"mu:{m}", False), ("press", f"mus:{m}:{u}", False),
        ("press", "gl:1", False),
        ("send", "/subscribe", True), ("send", "/unsubscribe", True),
        ("press", "gs:buu_chinh", True), ("press", "gu:buu_chinh", True),
        ("press", "gu:*", True), ("press", "gd", True),
    ]


# A field lead may use these for their own field; forged data naming the other field is refused.
LEAD_MAY = {"/subscribe", "/unsubscribe", "gd", "ul:1:", "ip:1:", "gu:*"}


@pytest.mark.parametrize("who", ["stranger", "officer", "lead"])
async def test_every_privileged_entry_point_is_refused(bot, world, who):
    user = world[who]
    before = await snapshot(bot)
    for kind, payload, in_group in privileged(world):
        if who == "lead" and payload in LEAD_MAY:
            continue
        denied_before = len(await bot.audit(outcome="denied"))
        where = {"chat_id": GROUP, "chat_type": "group"} if in_group else {}
        if kind == "send":
            out = await bot.send(user, payload, **where)
        else:
            out = await bot.press(user, payload, **where)
        assert DENIED in out.text, (who, payload, out.texts)
        denied = await bot.audit(outcome="denied")
        assert len(denied) == denied_before + 1, (who, payload)
        assert denied[-1].actor_telegram_id == user
        assert await snapshot(bot) == before, (who, payload)


async def test_a_field_lead_sees_only_their_fields_units(bot, world):
    lead = world["lead"]
    out = await bot.send(lead, "/units")
    assert "BAO" in out.text and "BĐHN" not in out.text
    out = await bot.send(lead, "/invite")
    assert "BĐHN" not in str(out.buttons()) and "BAO" in str(out.buttons())
    out = await bot.send(lead, "/units bưu điện")
    assert "BĐHN" not in out.text


async def test_a_field_lead_invites_officers_of_their_own_field_only(bot, world):
    lead = world["lead"]
    async with bot.sf() as session:
        bao = (await session.exec(select(Unit).where(Unit.code == "BAO"))).one()
    out = await bot.press(lead, f"iu:{bao.id}")
    assert [d for _, d in out.buttons()] == [f"ir:{bao.id}:officer"]
    out = await bot.press(lead, f"ir:{bao.id}:officer")
    assert "Đã tạo mã mời" in out.text
    out = await bot.press(lead, f"ir:{bao.id}:council")
    assert DENIED in out.text


async def test_subscribe_needs_both_telegram_admin_and_bot_role(bot, world):
    admin = world["admin"]
    bot.chat_admins.discard((GROUP, admin))
    out = await bot.send(admin, "/subscribe", chat_id=GROUP, chat_type="group")
    assert DENIED in out.text
    out = await bot.press(admin, "gs:attt", chat_id=GROUP, chat_type="group")
    assert DENIED in out.text
    denied = await bot.audit(action="group.subscribe", outcome="denied")
    assert len(denied) == 2 and denied[0].target == f"group:{GROUP}"


async def test_a_deactivated_admin_is_refused(bot, world):
    second = await bot.person("Quản trị 2", Role.ADMIN)
    out = await bot.send(world["admin"], f"/deactivate {second}")
    assert "tạm ngừng" in out.text
    out = await bot.send(second, "/members")
    assert DENIED in out.text


async def test_expired_invite_is_not_listed_as_open(bot, world):
    async with bot.sf() as session:
        adm = (await session.exec(select(Member).where(Member.telegram_id == world["admin"]))).one()
        assert len(await invites.open_invites(session, adm, now=bot.clock.now)) == 1
        later = bot.clock.now + timedelta(days=8)
        assert len(await invites.open_invites(session, adm, now=later)) == 0
