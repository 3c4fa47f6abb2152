"""End to end on both gateways: /stats answers with a chart photo whose buttons redraw it in
place, /export with an XLSX document, through the emulator over real HTTP."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from PIL import Image

from models import Role
from services import charts
from tests.conftest import Stack

from .stats_world import NOW, seed_figures


async def admin_with_figures(stack: Stack):
    async with stack.session_factory() as session:
        await seed_figures(session)
    stack.clock.set(NOW)
    return await stack.user("Nguyễn Quản Trị", role=Role.ADMIN)


def png_size(stack: Stack, photo: list[dict]) -> tuple[int, int]:
    data = stack.emu.files[photo[-1]["file_id"]].data
    assert data is not None
    return Image.open(io.BytesIO(data)).size


async def test_stats_sends_a_chart_and_its_buttons_redraw_it_in_place(stack):
    admin = await admin_with_figures(stack)
    await admin.send("/stats")
    msg = await admin.next_message(timeout=15)
    assert msg.photo and png_size(stack, msg.photo) == (charts.WIDTH_PX, charts.HEIGHT_PX)
    assert msg.caption.startswith("Mốc SK: hoàn thành bình quân 47.2%")
    first_file = msg.photo[-1]["file_id"]
    await admin.press(msg, "Xếp hạng")
    await stack.settle(timeout=15)
    edited = stack.emu.messages(admin.id)[-1]
    assert edited.message_id == msg.message_id and edited.edited  # the same message, redrawn
    assert edited.caption.startswith("Dẫn đầu: A (83.3%)")
    assert edited.photo[-1]["file_id"] != first_file
    assert len([m for m in admin.inbox() if m.photo]) == 1
    upload = stack.emu.calls_to("editMessageMedia", ok=True)[-1]
    assert upload.params["media"]["media"].startswith("attach://")


async def test_forged_stats_buttons_get_a_clear_answer_and_change_nothing(stack):
    admin = await admin_with_figures(stack)
    lead = await stack.user("Lê Trưởng Ngành", role=Role.FIELD_LEAD, unit="A", field="ung_dung_cntt")
    await lead.send("/stats")
    msg = await lead.next_message(timeout=15)
    # A made-up view, and a field the lead may not see: a button nobody was given.
    answers = []
    for data in ("sx:z:y2027:-", "sx:r:y2027:attt"):
        qid = stack.emu.new_callback_query(lead, msg, data)
        await stack.settle(timeout=15)
        answers.append(stack.emu.callbacks[qid].text or "")
    assert answers[0] == "Nút này đã hết hiệu lực. Vui lòng thao tác lại từ đầu."
    assert "quyền" in answers[1] or "quyền" in lead.inbox()[-1].text
    assert not msg.edited and not stack.emu.calls_to("editMessageMedia")
    del admin


async def test_the_unit_grid_shows_a_field_leads_units_worst_first(stack):
    admin = await admin_with_figures(stack)
    lead = await stack.user("Lê Trưởng Ngành", role=Role.FIELD_LEAD, unit="A", field="ung_dung_cntt")
    await lead.send("/stats")
    msg = await lead.next_message(timeout=15)
    await lead.press(msg, "Từng đơn vị")
    await stack.settle(timeout=15)
    edited = lead.inbox()[-1]
    assert edited.message_id == msg.message_id and edited.edited
    assert png_size(stack, edited.photo) == (charts.WIDTH_PX, charts.HEIGHT_PX)
    assert edited.caption == ("Ứng dụng công nghệ thông tin: 2 đơn vị; thấp nhất B (58.3%); "
                              "1 lượt chưa nộp.")
    assert "• Từng đơn vị" in edited.buttons
    # An admin, who sees every field, is taken to the first field the year's campaign covers.
    await admin.send("/stats")
    first = await admin.next_message(timeout=15)
    await admin.press(first, "Từng đơn vị")
    await stack.settle(timeout=15)
    grid = admin.inbox()[-1]
    assert grid.caption.startswith("Ứng dụng công nghệ thông tin: 2 đơn vị")
    assert "Lĩnh vực: Ứng dụng công nghệ thông tin ▸" in grid.buttons


async def test_an_officer_is_offered_no_unit_grid_and_cannot_forge_one(stack):
    async with stack.session_factory() as session:
        await seed_figures(session)
    stack.clock.set(NOW)
    officer = await stack.user("Cán bộ A", role=Role.OFFICER, unit="A")
    await officer.send("/stats")
    msg = await officer.next_message(timeout=15)
    assert msg.photo and not any("Từng đơn vị" in b for b in msg.buttons)
    qid = stack.emu.new_callback_query(officer, msg, "sx:u:y2027:ung_dung_cntt")
    await stack.settle(timeout=15)
    answer = stack.emu.callbacks[qid].text or officer.inbox()[-1].text or ""
    assert "quyền" in answer
    assert not msg.edited and not stack.emu.calls_to("editMessageMedia")
    assert not any("B" in (m.caption or "").split() for m in officer.inbox())


async def test_export_sends_a_spreadsheet_document(stack):
    admin = await admin_with_figures(stack)
    await admin.send("/export")
    menu = await admin.next_message(timeout=15)
    await admin.press(menu, "Báo cáo tiến độ (mọi lần nộp)")
    await stack.settle(timeout=15)
    await admin.press(admin.inbox()[-1], "Tất cả phong trào")
    doc = await admin.next_message(timeout=15)
    name = doc.document["file_name"]
    assert name.startswith("bao-cao-tien-do-") and name.endswith(".xlsx")
    data = stack.emu.files[doc.document["file_id"]].data
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9
    assert doc.caption.startswith("Báo cáo tiến độ (mọi lần nộp) — xuất lúc")


async def test_an_officer_may_not_export(stack):
    async with stack.session_factory() as session:
        await seed_figures(session)
    officer = await stack.user("Cán bộ Lạ", role=Role.OFFICER, unit="A")
    await officer.send("/export")
    reply = await officer.next_message(timeout=15)
    assert reply.photo is None and reply.document is None
    assert "quyền" in reply.text
