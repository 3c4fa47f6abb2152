"""/export in chat, end to end on both gateways: after the kind of file, the person picks a
campaign (latest first, paged), a year or a directive; the document that arrives is reopened with
openpyxl and compared with the database; forged buttons get a clear answer and no file."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from sqlmodel import col, func, select

from models import (
    AuditEntry,
    Campaign,
    DirectiveRecipient,
    NominationEntry,
    Report,
    ReportRevision,
    ReportValue,
    Role,
)
from services import campaigns
from services.stats_facts import year_bounds
from tests.campaigns.campaign_harness import sample_spec
from tests.conftest import Stack

from .stats_world import NOW, seed_figures

EXTRA = [f"BC{i}" for i in range(7)]  # seven more campaigns, launched after CDS2027


async def admin_with_campaigns(stack: Stack) -> Any:
    async with stack.session_factory() as session:
        w = await seed_figures(session)
        for code in EXTRA:
            saved = await campaigns.save(session, sample_spec(code, ("buu_chinh",)),
                                         actor=w.people["admin"], now=NOW)
            await campaigns.mark_launched(session, actor=w.people["admin"],
                                          campaign_id=saved.campaign.id or 0, now=NOW)
        # A nomination of an earlier year, which the 2027 file must leave out.
        session.add(NominationEntry(nomination_id=1, unit_id=w.units["A"].id or 0, name="Phạm Văn Cũ",
                                    award_code="CSTDCS", year=2026))
        await session.commit()
    stack.clock.set(NOW)
    return await stack.user("Nguyễn Quản Trị", role=Role.ADMIN)


def sheet_rows(stack: Stack, msg: Any) -> list[tuple[Any, ...]]:
    data = stack.emu.files[msg.document["file_id"]].data
    assert data is not None
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True))


async def picked(stack: Stack, user: Any, msg: Any, label: str) -> Any:
    """Press a button and return the message it was on, as it now reads (edited in place)."""
    await user.press(msg, label)
    await stack.settle(timeout=15)
    return next(m for m in user.inbox() if m.message_id == msg.message_id)


async def export_menu(stack: Stack, user: Any, kind: str) -> Any:
    """/export, then the kind of file: the second step's message."""
    await user.send("/export")
    menu = await user.next_message(timeout=15)
    return await picked(stack, user, menu, kind)


async def test_reports_of_one_campaign_picked_from_a_paged_list(stack):
    admin = await admin_with_campaigns(stack)
    page = await export_menu(stack, admin, "Báo cáo tiến độ (mọi lần nộp)")
    assert page.text == "Báo cáo tiến độ (mọi lần nộp): đồng chí chọn phong trào (mới nhất ở trên)."
    codes = [b.split(" — ")[0] for b in page.buttons if " — " in b]
    assert codes == ["BC6", "BC5", "BC4", "BC3", "BC2", "BC1"]  # the latest first, six a page
    assert "Tất cả phong trào" in page.buttons and "◀ Trước" not in page.buttons
    page = await picked(stack, admin, page, "Sau ▶")
    assert [b.split(" — ")[0] for b in page.buttons if " — " in b] == ["BC0", "CDS2027"]
    assert "Sau ▶" not in page.buttons and "◀ Trước" in page.buttons
    await admin.press(page, "CDS2027 — Chuyển đổi số 2027")
    doc = await admin.next_message(timeout=15)
    assert doc.document["file_name"].startswith("bao-cao-tien-do-cds2027-")
    assert doc.caption.startswith("Báo cáo tiến độ (mọi lần nộp), phong trào CDS2027 — xuất lúc")
    rows = sheet_rows(stack, doc)
    async with stack.session_factory() as session:
        in_db = (await session.exec(
            select(func.count()).select_from(ReportValue)
            .join(ReportRevision, col(ReportRevision.id) == col(ReportValue.revision_id))
            .join(Report, col(Report.id) == col(ReportRevision.report_id))
            .join(Campaign, col(Campaign.id) == col(Report.campaign_id))
            .where(Campaign.code == "CDS2027"))).one()
    assert len(rows) == in_db == 9 and {r[0] for r in rows} == {"CDS2027"}
    # Another campaign's late list names only that campaign's units: D, missing at DK and SK.
    page = await export_menu(stack, admin, "Nộp muộn, chưa nộp theo mốc")
    await admin.press(page, "BC6 — Chuyển đổi số 2027")
    late = await admin.next_message(timeout=15)
    assert [(r[0], r[1], r[4], r[6]) for r in sheet_rows(stack, late)] == [
        ("BC6", "DK", "D", "Chưa nộp"), ("BC6", "SK", "D", "Chưa nộp")]


async def test_nominations_and_the_audit_log_of_a_year(stack):
    admin = await admin_with_campaigns(stack)
    page = await export_menu(stack, admin, "Đề nghị khen thưởng")
    assert page.text == "Đề nghị khen thưởng: đồng chí chọn năm."
    assert page.buttons == ["2027", "2026", "2025", "2024", "2023", "Tất cả các năm"]
    await admin.press(page, "2027")
    doc = await admin.next_message(timeout=15)
    assert doc.document["file_name"].startswith("de-nghi-khen-thuong-2027-")
    rows = sheet_rows(stack, doc)
    async with stack.session_factory() as session:
        in_db = sorted((await session.exec(select(NominationEntry.name)
                                           .where(NominationEntry.year == 2027))).all())
    assert sorted(r[7] for r in rows) == in_db and len(in_db) == 5 and {r[0] for r in rows} == {2027}
    await admin.press(page, "Tất cả các năm")
    every = await admin.next_message(timeout=15)
    assert "Phạm Văn Cũ" in [r[7] for r in sheet_rows(stack, every)]
    # The audit log of the year the entries were written in (the database's own clock).
    async with stack.session_factory() as session:
        first = (await session.exec(select(AuditEntry.at).order_by(col(AuditEntry.id)))).first()
        assert first is not None
        year = first.year
        start, end = year_bounds(year)
        before = (await session.exec(select(func.count()).select_from(AuditEntry).where(
            col(AuditEntry.at) >= start, col(AuditEntry.at) < end))).one()
    qid = stack.emu.new_callback_query(admin, page, f"xp:u:y{year}")
    await stack.settle(timeout=15)
    audit_doc = admin.inbox()[-1]
    assert stack.emu.callbacks[qid].answered_at is not None and audit_doc.document is not None
    assert len(sheet_rows(stack, audit_doc)) == before > 0  # the export's own entry comes after


async def test_a_directive_register_picked_from_the_list(stack):
    admin = await admin_with_campaigns(stack)
    page = await export_menu(stack, admin, "Gửi và xác nhận một văn bản")
    assert page.text == "Đồng chí chọn văn bản (mới nhất ở trên)."
    await admin.press(page, "05/CT-BTT — Đẩy mạnh thi đua")
    doc = await admin.next_message(timeout=15)
    assert doc.document["file_name"].startswith("van-ban-")
    rows = sheet_rows(stack, doc)
    async with stack.session_factory() as session:
        acked = (await session.exec(select(DirectiveRecipient.acknowledged_at)
                                    .order_by(col(DirectiveRecipient.id)))).all()
    assert [(r[0], r[9]) for r in rows] == [("05/CT-BTT", "Có" if at else "Không") for at in acked]
    assert [r[9] for r in rows] == ["Có", "Không", "Có"]


async def test_forged_export_buttons_get_a_clear_answer_and_no_file(stack):
    admin = await admin_with_campaigns(stack)
    lead = await stack.user("Lê Trưởng Ngành", role=Role.FIELD_LEAD, unit="A", field="ung_dung_cntt")
    async with stack.session_factory() as session:
        other = (await session.exec(select(Campaign.id).where(Campaign.code == "BC0"))).one()
    page = await export_menu(stack, lead, "Báo cáo tiến độ (mọi lần nộp)")
    # A field lead is offered only their field's campaign.
    assert [b for b in page.buttons if " — " in b] == ["CDS2027 — Chuyển đổi số 2027"]
    answers = {}
    for data in ("xp:r:c999999", f"xp:r:c{other}", "xp:n:y1900", "xp:n:c1", "xp:v:dabc", "xp:zz",
                 "xp:r:c1:x"):
        qid = stack.emu.new_callback_query(lead, page, data)
        await stack.settle(timeout=15)
        answers[data] = stack.emu.callbacks[qid].text
    stale = "Nút này đã hết hiệu lực. Vui lòng thao tác lại từ đầu."
    assert answers == {"xp:r:c999999": "Không tìm thấy phong trào này.",
                       f"xp:r:c{other}": "Xin lỗi, đồng chí không có quyền thực hiện thao tác này.",
                       "xp:n:y1900": stale, "xp:n:c1": stale, "xp:v:dabc": stale, "xp:zz": stale,
                       "xp:r:c1:x": stale}
    assert not [m for m in lead.inbox() if m.document]
    del admin
