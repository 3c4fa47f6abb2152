"""The emulator's world saved and restored: a second emulator continues the first one's ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox import Emulator, Limits, SandboxError
from sandbox import state as world_state


async def test_a_restored_world_continues_the_ids_people_and_groups(emu: Emulator,
                                                                    tmp_path: Path) -> None:
    an = emu.add_user("Nguyễn Thị An", username="an_nt")
    binh = emu.add_user("Trần Văn Bình")
    first_update = await an.send("/start")
    await binh.send("/start")
    group = emu.add_group("Tổ Thi đua", members=[an, binh], admins=[an], bot_member=False)
    await group.add_bot(an)
    old_group = emu.add_group("Nhóm cũ", members=[an])
    new_id = await old_group.upgrade_to_supergroup(an)
    await an.send_document("bao-cao.pdf", size=2048)
    file_id = an.messages()[-1].document["file_id"]  # type: ignore[index]
    last_update = emu.updates.next_id - 1
    path = tmp_path / "world.json"
    world_state.save(emu, path, extra={"current": an.full_name})

    again = Emulator(limits=Limits(enabled=False))
    state = world_state.load(path)
    assert state is not None and state["extra"] == {"current": "Nguyễn Thị An"}
    world_state.restore(again, state)
    await again.start()
    try:
        people = {u.full_name: u for u in again.users.values()}
        assert people["Nguyễn Thị An"].id == an.id and people["Trần Văn Bình"].id == binh.id
        assert people["Nguyễn Thị An"].username == "an_nt" and people["Trần Văn Bình"].started
        # the next update continues the sequence: a bot that stored the old ones takes it
        uid = await people["Trần Văn Bình"].send("/help")
        assert uid is not None and first_update is not None and uid == last_update + 1
        # a new person gets a new id, not the id of someone the bot knows
        assert again.add_user("Lê Thu Trang").id not in (an.id, binh.id)
        restored = again.groups[group.id]
        assert restored.title == "Tổ Thi đua" and restored.bot_status == "member"
        assert {u.id for u in restored.members} == {an.id, binh.id}
        assert again.chats[group.id].member_status[an.id] == "creator"
        # the upgraded group: its old id tells the bot where it moved
        assert again.groups[new_id].type == "supergroup"
        status, body = await _send(again, old_group.old_ids[0])
        assert status == 400 and body["parameters"]["migrate_to_chat_id"] == new_id
        # a file sent before the restart can still be fetched; a new file gets a new id
        assert file_id in again.files
        await people["Nguyễn Thị An"].send_document("moi.pdf", size=10)
        assert people["Nguyễn Thị An"].messages()[-1].document["file_id"] != file_id  # type: ignore[index]
    finally:
        await again.stop()


async def test_stay_above_skips_the_ids_a_bot_has_seen() -> None:
    emu = Emulator(limits=Limits(enabled=False))
    world_state.stay_above(emu, update_id=100_000_050, user_id=6_000_000_009,
                           chat_ids=[-4_100_000_003, -1_001_800_000_002])
    user = emu.add_user("Phạm Quốc Bảo")
    assert user.id == 6_000_000_010
    assert emu.add_group("Nhóm").id == -4_100_000_004
    assert emu.add_group("Siêu nhóm", supergroup=True).id == -1_001_800_000_003
    assert emu.updates.push("message", {}, user.id) == 100_000_051


async def test_restore_refuses_a_world_that_is_not_empty_or_another_version(tmp_path: Path) -> None:
    emu = Emulator(limits=Limits(enabled=False))
    state = world_state.snapshot(emu)
    emu.add_user("Nguyễn Thị An")
    with pytest.raises(SandboxError):
        world_state.restore(emu, state)
    with pytest.raises(SandboxError):
        world_state.restore(Emulator(), {**state, "version": 99})
    assert world_state.load(tmp_path / "none.json") is None


async def _send(emu: Emulator, chat_id: int) -> tuple[int, dict]:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.post(
            f"{emu.api_url}/sendMessage", json={"chat_id": chat_id, "text": "x"}) as resp:
        return resp.status, await resp.json()
