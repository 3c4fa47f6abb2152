"""The demo's scene of a nomination (đề nghị khen thưởng): the award register imported, the officer
proposes a person and sees the check's verdict, sends the list with its files; the department
approves; the DOCX dossier comes back."""

from __future__ import annotations

from typing import Any

from bot.demo_stage import Stage, having, step, text_of

DEMO_REGISTER = """họ tên,ngày sinh,mã đơn vị,khen thưởng,năm,số quyết định,ngày quyết định
Nguyễn Văn An,12/03/1985,TTTT-HN,Chiến sĩ thi đua cơ sở,2026,12/QĐ-STTTT,20/12/2026
Nguyễn Văn An,12/03/1985,TTTT-HN,Chiến sĩ thi đua cơ sở,2027,3/QĐ-STTTT,02/01/2027
Nguyễn Văn An,12/03/1985,TTTT-HN,hoàn thành xuất sắc nhiệm vụ,2027,,
"""
DEMO_PDF = b"%PDF-1.4\n% demo\n"


async def nomination_proposed(stage: Stage) -> None:
    """The officer proposes a person for an award, with the check's verdict, files and the DOCX
    dossier; the department approves."""
    t, clock, tmp, admin, officer = stage.t, stage.clock, stage.tmp, stage.admin, stage.officer
    from services.awards.register_files import import_register

    factory = t.runtime.session_factory
    assert factory is not None
    t.scene("Đề nghị khen thưởng: sổ theo dõi, kiểm tra điều kiện, hồ sơ, tờ trình, thẩm định")
    (tmp / "so-theo-doi.csv").write_text(DEMO_REGISTER, encoding="utf-8")
    async with factory() as s, s.begin():
        imported = await import_register(s, tmp / "so-theo-doi.csv")
    t.check(imported.applied and imported.awards == 2, "the award register imported")
    t.operator("thidua awards import so-theo-doi.csv",
               f"{imported.rows} dòng: {imported.awards} khen thưởng, {imported.ratings} xếp loại")

    async def send_pdf(name: str) -> list[Any]:
        t.person(officer, f"[gửi tệp {name}]")
        await officer.send_document(name, data=DEMO_PDF + name.encode())
        return await t.show(officer)

    clock.pause(minutes=5)
    start = await t.say(officer, "/nominations")
    kinds = await step(t, start, "danh sách đề nghị", lambda m: t.press(officer, m, "Lập danh sách đề nghị"))
    listing = await step(t, kinds, "lập danh sách", lambda m: t.press(officer, m, "Tổng kết năm"))
    awards = await step(t, listing, "Danh sách đề nghị", lambda m: t.press(officer, m, "➕ Thêm"))
    asked = await step(t, awards, "chọn danh hiệu", lambda m: t.press(officer, m, "Bằng khen của Bộ trưởng"))
    t.check(having(asked, "họ tên và ngày sinh") is not None, "the bot asks who")
    card = await t.say(officer, "Nguyễn Văn An, 12/03/1985")
    t.check("Đủ điều kiện: Chiến sĩ thi đua cơ sở 2026, 2027 (2 năm liên tục)" in text_of(card),
            "the verdict with its reason in words")
    await step(t, card, "Đủ điều kiện", lambda m: t.press(officer, m, "📎 Báo cáo thành tích"))
    card = await send_pdf("bao-cao-thanh-tich.pdf")
    listing = await step(t, card, "Tệp đính kèm", lambda m: t.press(officer, m, "◀ Về danh sách"))
    await step(t, listing, "Danh sách đề nghị", lambda m: t.press(officer, m, "📎 Biên bản bình xét"))
    listing = await send_pdf("bien-ban-binh-xet.pdf")
    sent = await step(t, listing, "Đã có biên bản", lambda m: t.press(officer, m, "📤 Gửi danh sách đề nghị"))
    t.check("Đã gửi danh sách" in text_of(sent), "the list is sent")
    told = [m for m in admin.inbox() if "đã gửi danh sách đề nghị" in (m.text or "")]
    t.check(bool(told), "the department is told")

    clock.pause(minutes=5)
    overview = await t.say(admin, "/nominations")
    entry = await step(t, overview, "chờ thẩm định", lambda m: t.press(admin, m, "Nguyễn Văn An"))
    approved = await step(t, entry, "Bằng khen", lambda m: t.press(admin, m, "✅ Duyệt"))
    t.check("Đã duyệt" in text_of(approved), "the department approves")
    t.check(any("đã được duyệt" in (m.text or "") for m in officer.inbox()), "the officer is told")

    clock.pause(minutes=5)
    listing = await t.say(officer, "/nominations")
    listing = await step(t, listing, "danh sách đề nghị", lambda m: t.press(officer, m, "#"))
    docs = await step(t, listing, "Danh sách đề nghị", lambda m: t.press(officer, m, "📄 Tờ trình"))
    t.check(sum(1 for m in docs if m.document is not None) == 2, "the tờ trình and danh sách as DOCX")
