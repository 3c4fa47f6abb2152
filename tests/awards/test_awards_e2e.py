"""A year of khen thưởng through the Bot API emulator, on both gateways (and on PostgreSQL when
THIDUA_TEST_DATABASE_URL is set): the register's history imported, a campaign with a nộp hồ sơ
milestone, three units nominate (one eligible, one doubtful with an explanation, one over the
cap), the department returns one and approves it after the fix, the DOCX files open with
python-docx and hold the right people, and the milestone counts the units that submitted."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from sqlmodel import select

from bot.demo import START, UNITS_CSV
from models import EntryStatus, Milestone, MilestoneKind, NominationEntry, NominationEntryVersion, Role, Unit
from services.awards.nominations import unit_submitted_nominations
from services.awards.register_files import import_register
from services.campaign_files import import_campaign
from services.unit_files import import_units
from tests.campaigns.campaign_harness import VI_SERIES

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"

CAMPAIGN = """code: KT2027
title: Thi đua Chuyển đổi số 2027
kind: theo_dot
period: 01/01/2027 - 31/12/2027
fields: [ung_dung_cntt, attt]
lead_unit: CDS
targets:
  - {code: T1, name: Tỷ lệ hồ sơ xử lý trực tuyến, unit: "%", target: 90, weight: 1}
milestones:
  - {code: HS, kind: nop_ho_so, due: "17:00 15/12/2027", title: Nộp hồ sơ khen thưởng}
"""

# TTTT-HN: Nguyễn Văn An, two years Chiến sĩ thi đua cơ sở → Bằng khen của Bộ trưởng.
# TTTT-HP: the collective, excellent this year → Cờ thi đua của Bộ needs the dossier (doubtful).
# NCSC: seven Lao động tiên tiến → at most one Chiến sĩ thi đua cơ sở (15 %); it proposes two.
REGISTER = ["họ tên,ngày sinh,mã đơn vị,khen thưởng,năm,số quyết định,ngày quyết định",
            "Nguyễn Văn An,12/03/1985,TTTT-HN,Chiến sĩ thi đua cơ sở,2026,12/QĐ-STTTT,20/12/2026",
            "Nguyễn Văn An,12/03/1985,TTTT-HN,chien si thi dua co so,2027,15/QĐ-STTTT,10/12/2027",
            "Nguyễn Văn An,12/03/1985,TTTT-HN,hoàn thành xuất sắc nhiệm vụ,2027,,",
            "Sở Thông tin và Truyền thông Hải Phòng,,TTTT-HP,hoàn thành xuất sắc nhiệm vụ,2027,,"]
REGISTER += [f"Cán bộ {i},01/01/199{i},NCSC,Lao động tiên tiến,2027,3/QĐ-NCSC,01/12/2027" for i in range(7)]
REGISTER += ["Phạm Minh Đức,02/02/1988,NCSC,hoàn thành xuất sắc nhiệm vụ,2027,,",
             "Hoàng Thu Hà,03/03/1989,NCSC,hoàn thành xuất sắc nhiệm vụ,2027,,"]


async def next_with(user: Any, fragment: str, timeout: float = 5.0) -> Any:
    """The next bot message containing ``fragment`` (earlier ones are skipped)."""
    while True:
        m = await user.next_message(timeout=timeout)
        if fragment in (m.text or ""):
            return m


async def documents(user: Any, count: int, timeout: float = 5.0) -> list[Any]:
    found = []
    while len(found) < count:
        m = await user.next_message(timeout=timeout)
        if m.document is not None:
            found.append(m)
    return found


class Officer:
    """An officer working their unit's list in chat."""

    def __init__(self, stack: Any, user: Any) -> None:
        self.stack, self.user = stack, user

    async def press(self, msg: Any, button: str, expect: str) -> Any:
        self.stack.clock.advance(seconds=3)  # people take a moment: the flood guard sees a person
        await self.user.press(msg, button)
        await self.stack.settle()
        return await next_with(self.user, expect)

    async def say(self, text: str, expect: str) -> Any:
        self.stack.clock.advance(seconds=3)
        await self.user.send(text)
        await self.stack.settle()
        return await next_with(self.user, expect)

    async def upload(self, name: str, expect: str, data: bytes = PDF) -> Any:
        self.stack.clock.advance(seconds=3)
        await self.user.send_document(name, data=data + name.encode())
        await self.stack.settle()
        return await next_with(self.user, expect)

    async def open_list(self) -> Any:
        start = await self.say("/nominations", "danh sách đề nghị")
        kinds = await self.press(start, "Lập danh sách đề nghị", "lập danh sách")
        return await self.press(kinds, "KT2027 · Nộp hồ sơ khen thưởng", "Danh sách đề nghị khen thưởng #")

    async def propose(self, listing: Any, award: str, who: str | None, expect: str) -> Any:
        awards = await self.press(listing, "➕ Thêm", "Đồng chí chọn danh hiệu")
        if who is None:
            await self.user.press(awards, award)
            await self.stack.settle()
            return await next_with(self.user, expect)
        asked = await self.press(awards, award, "họ tên và ngày sinh")
        assert asked is not None
        return await self.say(who, expect)

    async def report(self, card: Any, name: str) -> Any:
        asked = await self.press(card, "📎 Báo cáo thành tích", "báo cáo thành tích")
        assert asked is not None
        return await self.upload(name, "Tệp đính kèm")

    async def minutes(self, listing: Any) -> Any:
        asked = await self.press(listing, "📎 Biên bản bình xét", "biên bản bình xét")
        assert asked is not None
        return await self.upload("bien-ban-binh-xet.pdf", "Đã có biên bản bình xét")


async def test_a_year_of_nominations(stack: Any, tmp_path: Path) -> None:
    stack.clock.set(START)
    emu = stack.emu
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp_path / "campaign.yaml").write_text(CAMPAIGN, encoding="utf-8")
    (tmp_path / "register.csv").write_text("\n".join(REGISTER) + "\n", encoding="utf-8")
    async with stack.session_factory() as s, s.begin():
        await import_units(s, tmp_path / "units.csv")
        imported = await import_register(s, tmp_path / "register.csv")
        assert imported.applied and imported.awards == 9, imported.errors
        campaign = await import_campaign(s, tmp_path / "campaign.yaml", now=START, series_name=VI_SERIES)
        from handlers.campaigns import launch_campaign

        await launch_campaign(s, actor=None, campaign_id=campaign.id or 0, now=START)
        milestone = (await s.exec(select(Milestone).where(Milestone.kind == MilestoneKind.NOMINATION))).one()
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    lead = await stack.user("Lê Đầu Mối", role=Role.FIELD_LEAD, unit="CDS", field="ung_dung_cntt")
    council = await stack.user("Đỗ Hội Đồng", role=Role.COUNCIL)
    a = Officer(stack, await stack.user("Cán bộ Hà Nội", role=Role.OFFICER, unit="TTTT-HN"))
    b = Officer(stack, await stack.user("Cán bộ Hải Phòng", role=Role.OFFICER, unit="TTTT-HP"))
    c = Officer(stack, await stack.user("Cán bộ NCSC", role=Role.OFFICER, unit="NCSC"))
    await stack.settle()
    for u in (admin, lead, council, a.user, b.user, c.user):
        u.chat.started = True
        u.skip_pending()

    # The register's history, as /awards shows it.
    history = await a.say("/awards nguyen van an", "Nguyễn Văn An")
    assert "2026: Chiến sĩ thi đua cơ sở (Quyết định số 12/QĐ-STTTT)" in history.text
    assert "2027: hoàn thành xuất sắc nhiệm vụ" in history.text
    refused = await b.say("/awards Nguyễn Văn An", "Không tìm thấy")  # another unit's person
    assert refused is not None

    # Unit A: eligible.
    listing = await a.open_list()
    card = await a.propose(listing, "Bằng khen của Bộ trưởng", "nguyễn văn an, 12/03/1985", "Đủ điều kiện")
    assert "✅ Đủ điều kiện: Chiến sĩ thi đua cơ sở 2026, 2027 (2 năm liên tục)" in card.text
    card = await a.report(card, "bao-cao-thanh-tich-an.pdf")
    listing = await a.press(card, "◀ Về danh sách", "Danh sách đề nghị khen thưởng #")
    listing = await a.minutes(listing)
    sent = await a.press(listing, "📤 Gửi danh sách đề nghị", "Đã gửi danh sách")
    assert "(1 hồ sơ)" in sent.text
    told = await next_with(admin, "đã gửi danh sách đề nghị khen thưởng")
    assert "Sở Thông tin và Truyền thông Hà Nội" in told.text

    # Unit B: the collective's flag is doubtful; the list goes only with an explanation.
    listing = await b.open_list()
    card = await b.propose(listing, "Cờ thi đua của Bộ", None, "Cần xem xét")
    assert "⚠️ Cần xem xét: dẫn đầu cụm, khối thi đua" in card.text
    card = await b.report(card, "bao-cao-tap-the.pdf")
    listing = await b.press(card, "◀ Về danh sách", "Danh sách đề nghị khen thưởng #")
    listing = await b.minutes(listing)
    refused = await b.press(listing, "📤 Gửi danh sách đề nghị", "chưa gửi được")
    assert "cần giải trình" in refused.text
    card = await b.say("/nominations", "danh sách đề nghị")
    listing = await b.press(card, "#", "Danh sách đề nghị khen thưởng #")
    card = await b.press(listing, "✎ 1", "Cờ thi đua của Bộ")
    asked = await b.press(card, "✍️ Giải trình", "nội dung giải trình")
    assert asked is not None
    card = await b.say("Đơn vị dẫn đầu Cụm thi đua số 3 năm 2027 (biên bản họp cụm kèm theo).", "Giải trình")
    listing = await b.press(card, "◀ Về danh sách", "Danh sách đề nghị khen thưởng #")
    await b.press(listing, "📤 Gửi danh sách đề nghị", "Đã gửi danh sách")

    # Unit C: two Chiến sĩ thi đua cơ sở against seven Lao động tiên tiến: over the cap.
    listing = await c.open_list()
    card = await c.propose(listing, "Chiến sĩ thi đua cơ sở", "Phạm Minh Đức, 02/02/1988", "Đủ điều kiện")
    await c.report(card, "bao-cao-duc.pdf")
    listing = await c.say("/nominations", "danh sách đề nghị")
    listing = await c.press(listing, "#", "Danh sách đề nghị khen thưởng #")
    card = await c.propose(listing, "Chiến sĩ thi đua cơ sở", "Hoàng Thu Hà, 03/03/1989", "Đủ điều kiện")
    card = await c.report(card, "bao-cao-ha.pdf")
    listing = await c.press(card, "◀ Về danh sách", "Danh sách đề nghị khen thưởng #")
    listing = await c.minutes(listing)
    refused = await c.press(listing, "📤 Gửi danh sách đề nghị", "chưa gửi được")
    assert "Vượt giới hạn: Chiến sĩ thi đua cơ sở năm 2027 tối đa 15% số Lao động tiên tiến của đơn vị " \
           "(7 → tối đa 1), danh sách đề nghị 2" in refused.text
    listing = await c.press(refused, "◀ Về danh sách", "Danh sách đề nghị khen thưởng #")
    card = await c.press(listing, "✎ 2", "Hoàng Thu Hà")
    listing = await c.press(card, "🗑 Bỏ khỏi danh sách", "Danh sách đề nghị khen thưởng #")
    await c.press(listing, "📤 Gửi danh sách đề nghị", "Đã gửi danh sách")

    # A council member sees nothing before the council session; a stranger's forged button fails.
    denied = await Officer(stack, council).say("/nominations", "không")
    assert "Phạm Minh Đức" not in denied.text

    # The department: counts per unit against the caps; returns A's entry, approves the others.
    overview = await Officer(stack, admin).say("/nominations", "Đề nghị khen thưởng")
    assert "NCSC: Chiến sĩ thi đua cơ sở 1/1" in overview.text
    assert "chờ thẩm định: 3" in overview.text
    reviewer = Officer(stack, admin)
    entry = await reviewer.press(overview, "Nguyễn Văn An", "Bằng khen của Bộ trưởng")
    asked = await reviewer.press(entry, "↩️ Trả lại", "lý do trả lại")
    assert asked is not None
    await reviewer.say("Bổ sung bản sao quyết định công nhận Chiến sĩ thi đua cơ sở 2026.", "Đã trả lại")
    returned = await next_with(a.user, "bị trả lại")
    assert "Bổ sung bản sao quyết định" in returned.text
    # The field lead reviews the flag of a unit in their field.
    overview = await Officer(stack, lead).say("/nominations", "Đề nghị khen thưởng")
    entry = await Officer(stack, lead).press(overview, "Sở Thông tin và Truyền thông Hải Phòng", "Giải trình")
    assert "Đơn vị dẫn đầu Cụm thi đua số 3" in entry.text and "Cần xem xét" in entry.text
    await Officer(stack, lead).press(entry, "✅ Duyệt", "Đã duyệt")
    assert "đã được duyệt" in (await next_with(b.user, "Cờ thi đua của Bộ")).text
    overview = await reviewer.say("/nominations", "Đề nghị khen thưởng")
    entry = await reviewer.press(overview, "Phạm Minh Đức", "Chiến sĩ thi đua cơ sở")
    await reviewer.press(entry, "✅ Duyệt", "Đã duyệt")

    # A fixes the returned entry and sends the list again; the department approves it.
    card = await a.press(returned, "Xem hồ sơ", "Bằng khen của Bộ trưởng")
    asked = await a.press(card, "📎 Minh chứng", "minh chứng")
    assert asked is not None
    more = await a.upload("qd-cstdcs-2026.pdf", "Đã lưu tệp")
    card = await a.press(more, "Xong", "Tệp đính kèm")
    assert "qd-cstdcs-2026.pdf" in card.text
    listing = await a.press(card, "◀ Về danh sách", "Danh sách đề nghị khen thưởng #")
    await a.press(listing, "📤 Gửi danh sách đề nghị", "Đã gửi danh sách")
    told = await next_with(admin, "đã gửi danh sách đề nghị khen thưởng")
    listing = await reviewer.press(told, "Xem danh sách", "danh sách #")
    entry = await reviewer.press(listing, "Nguyễn Văn An", "lần 2")
    await reviewer.press(entry, "✅ Duyệt", "Đã duyệt")

    # Files stay downloadable from the bot's own copy.
    await admin.press(entry, "📎 qd-cstdcs-2026.pdf")
    await stack.settle()
    (doc,) = await documents(admin, 1)
    assert emu.files[doc.document["file_id"]].content() == PDF + b"qd-cstdcs-2026.pdf"

    # The dossier documents, as DOCX, with the right people.
    listing = await a.say("/nominations", "danh sách đề nghị")
    listing = await a.press(listing, "#", "Danh sách đề nghị khen thưởng #")
    await a.user.press(listing, "📄 Tờ trình, danh sách (DOCX)")
    await stack.settle()
    request, names = await documents(a.user, 2)
    request_doc = Document(io.BytesIO(emu.files[request.document["file_id"]].content()))
    text = "\n".join(p.text for p in request_doc.paragraphs)
    assert "TỜ TRÌNH" in text and "Sở Thông tin và Truyền thông Hà Nội" in text
    assert "Bằng khen của Bộ trưởng: 1" in text
    listing_doc = Document(io.BytesIO(emu.files[names.document["file_id"]].content()))
    cells = [cell.text for t in listing_doc.tables for row in t.rows for cell in row.cells]
    assert "Nguyễn Văn An" in cells and "12/03/1985" in cells
    await c.user.press(await c.press(await c.say("/nominations", "danh sách đề nghị"), "#",
                                     "Danh sách đề nghị khen thưởng #"), "📄 Tờ trình, danh sách (DOCX)")
    await stack.settle()
    _, c_names = await documents(c.user, 2)
    c_doc = Document(io.BytesIO(emu.files[c_names.document["file_id"]].content()))
    c_cells = [cell.text for t in c_doc.tables for row in t.rows for cell in row.cells]
    assert "Phạm Minh Đức" in c_cells and "Hoàng Thu Hà" not in c_cells

    async with stack.session_factory() as s:
        for code, done in (("TTTT-HN", True), ("TTTT-HP", True), ("NCSC", True), ("CDS", False)):
            unit = (await s.exec(select(Unit).where(Unit.code == code))).one()
            assert await unit_submitted_nominations(s, milestone_id=milestone.id or 0,
                                                    unit_id=unit.id or 0) is done, code
        entries = (await s.exec(select(NominationEntry))).all()
        assert sorted((e.name, e.status) for e in entries) == [
            ("Nguyễn Văn An", EntryStatus.APPROVED), ("Phạm Minh Đức", EntryStatus.APPROVED),
            ("Sở Thông tin và Truyền thông Hải Phòng", EntryStatus.APPROVED)]
        an = next(e for e in entries if e.name == "Nguyễn Văn An")
        versions = (await s.exec(select(NominationEntryVersion).where(
            NominationEntryVersion.entry_id == an.id))).all()
        assert [(v.number, v.status) for v in versions] == [
            (1, EntryStatus.SUBMITTED), (1, EntryStatus.RETURNED), (2, EntryStatus.SUBMITTED),
            (2, EntryStatus.APPROVED)]
