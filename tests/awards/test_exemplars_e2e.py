"""Exemplars in chat on both gateways: an officer registers one with a photo and evidence, bad files
are refused with a reason, another unit cannot open it even with a forged button, the department
marks it to be spread, and /awards shows history only within what a person may see."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from models import AwardFile, Exemplar, FileRole, Role
from sandbox.world import FileRecord
from tests.awards.test_awards_e2e import Officer, next_with

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


async def test_register_an_exemplar_and_spread_it(stack: Any) -> None:
    emu = stack.emu
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    a = Officer(stack, await stack.user("Cán bộ A", role=Role.OFFICER, unit="TTTT-HN"))
    b = Officer(stack, await stack.user("Cán bộ B", role=Role.OFFICER, unit="TTTT-HP"))
    await stack.settle()
    for u in (admin, a.user, b.user):
        u.chat.started = True
        u.skip_pending()

    start = await a.say("/exemplars", "Điển hình tiên tiến")
    asked = await a.press(start, "➕ Đăng ký điển hình", "họ tên và ngày sinh")
    await a.say("Trần Thị <b>Bình</b>, 31/02/1990", "không phải ngày sinh")
    fields = await a.say("Trần Thị <b>Bình</b>, 05/07/1990", "lĩnh vực nào")
    assert asked is not None
    story = await a.press(fields, "Ứng dụng công nghệ thông tin", "tóm tắt thành tích")
    assert story is not None
    await a.say("Ngắn quá", "ít nhất")
    photo_ask = await a.say("Xây dựng nền tảng một cửa điện tử cho 30 xã, rút ngắn thời gian xử lý hồ sơ "
                            "còn một nửa.", "gửi một ảnh")
    assert photo_ask is not None
    # A document where a photo is asked for, then a real photo.
    await a.user.send_document("anh.pdf", data=PDF)
    await stack.settle()
    await next_with(a.user, "không phải ảnh JPG hay PNG")
    stack.clock.advance(seconds=3)
    rec = FileRecord(kind="photo", size=len(JPEG), data=JPEG, width=800, height=600)
    emu.add_file(rec)
    a.user.post(None, photo=emu.photo_sizes(rec))
    await stack.settle()
    await next_with(a.user, "tệp minh chứng")
    # An executable is refused; a file over the limit is refused before it is fetched.
    refused = await a.upload("setup.pdf", "không phải PDF", data=b"MZ\x90\x00")
    assert "setup.pdf" in refused.text
    stack.clock.advance(seconds=3)
    await a.user.send_document("qua-lon.pdf", size=25 * 1024 * 1024)
    await stack.settle()
    assert "vượt quá 20 MB" in (await next_with(a.user, "MB")).text
    kept = await a.upload("quyet-dinh-sang-kien.pdf", "Đã lưu tệp")
    card = await a.press(kept, "Xong", "Đã đăng ký điển hình")
    card = await next_with(a.user, "Trần Thị")
    assert "Trần Thị <b>Bình</b>" in card.text  # the person's HTML shown as typed, never run
    assert "Nhân rộng: chưa" in card.text and "quyet-dinh-sang-kien.pdf" in card.text

    async with stack.session_factory() as s:
        exemplar = (await s.exec(select(Exemplar))).one()
        files = (await s.exec(select(AwardFile).where(AwardFile.owner_id == exemplar.id))).all()
        assert sorted(f.role for f in files) == [FileRole.EVIDENCE, FileRole.PHOTO]
        assert exemplar.field_code == "ung_dung_cntt"

    # Another unit's officer: not in their list, and a forged button is refused.
    other = await b.say("/exemplars", "Điển hình tiên tiến")
    assert "Bình" not in other.text
    stack.clock.advance(seconds=3)
    qid = emu.new_callback_query(b.user, other, f"ex:v:{exemplar.id}")
    await stack.settle()
    assert "không có quyền" in (b.user.callback_answer(qid) or {}).get("text", "")
    assert not any("Bình" in (m.text or "") for m in b.user.inbox())

    # The department marks it to be spread.
    listing = await Officer(stack, admin).say("/exemplars", "Điển hình tiên tiến")
    card = await Officer(stack, admin).press(listing, "Trần Thị", "Nhân rộng: chưa")
    done = await Officer(stack, admin).press(card, "⭐ Nhân rộng", "nhân rộng")
    assert "Đã đánh dấu nhân rộng" in done.text
    async with stack.session_factory() as s:
        exemplar = (await s.exec(select(Exemplar))).one()
        assert exemplar.spread and exemplar.spread_by == admin.id
    # An officer cannot mark one.
    stack.clock.advance(seconds=3)
    qid = emu.new_callback_query(a.user, a.user.inbox()[-1], f"ex:s:{exemplar.id}:0")
    await stack.settle()
    assert "không có quyền" in (a.user.callback_answer(qid) or {}).get("text", "")
    async with stack.session_factory() as s:
        assert (await s.exec(select(Exemplar))).one().spread
