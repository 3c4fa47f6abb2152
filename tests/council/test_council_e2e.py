"""A council session end to end through the Bot API emulator, on both gateways: 15 members,
30 entries, 2 absent members voting in writing, one tie (the chair's side wins), one entry below
its threshold; the minutes, the decision in the register, and a story published to a group."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
from sqlmodel import select

from models import (
    AuditEntry,
    AwardFile,
    AwardRecord,
    ChatGroup,
    CouncilBallot,
    CouncilItem,
    CouncilSession,
    EntryStatus,
    ExemplarStory,
    FileOwner,
    FileRole,
    Member,
    Nomination,
    NominationEntry,
    NominationKind,
    NominationStatus,
    Role,
    Unit,
    Verdict,
)
from services.awards import files
from services.awards.register import find_or_create_person

START = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # 09:00 Thursday in Hà Nội
MEMBERS = 15
LDTT = 27
CSTDCS = 3


async def seed_entries(stack) -> None:
    async with stack.session_factory() as s, s.begin():
        unit = (await s.exec(select(Unit).where(Unit.code == "BD"))).one()
        nomination = Nomination(unit_id=unit.id, kind=NominationKind.YEAR_END, year=2026,
                                status=NominationStatus.REVIEWED)
        s.add(nomination)
        await s.flush()
        for n in range(CSTDCS + LDTT):
            name = f"Phạm Thị {n:02d}"
            person, _ = await find_or_create_person(s, unit_id=unit.id, full_name=name,
                                                    birth_date=None)
            entry = NominationEntry(
                nomination_id=nomination.id, person_id=person.id, unit_id=unit.id, name=name,
                award_code="CSTDCS" if n < CSTDCS else "LDTT", year=2026,
                status=EntryStatus.APPROVED, verdict=Verdict.ELIGIBLE, reason="Đủ điều kiện")
            s.add(entry)
            if n == 0:  # the first CSTDCS entry comes with its achievement report
                await s.flush()
                sha = await files.store_generated(s, b"%PDF-1.4 bao cao thanh tich")
                s.add(AwardFile(owner_kind=FileOwner.ENTRY, owner_id=entry.id, role=FileRole.
                                ACHIEVEMENT_REPORT, sha256=sha, file_name="bao-cao-thanh-tich.pdf",
                                size=27))


async def press_and_settle(stack, user, msg, text=None, **kw):
    qid = await user.press(msg, text, **kw)
    await stack.settle()
    return qid


async def open_session(stack, admin, council):
    await admin.send("/council")
    listing = await admin.next_message()
    await press_and_settle(stack, admin, listing, "Mở phiên họp mới")
    assert "tên phiên họp" in (await admin.next_message()).text
    await admin.send("Xét tặng danh hiệu thi đua năm 2026")
    await stack.settle()
    menu = await admin.next_message()
    assert f"({MEMBERS} đã chọn)" in menu.text
    await press_and_settle(stack, admin, menu, "Chủ tịch")
    await press_and_settle(stack, admin, menu, council[0].full_name)
    await press_and_settle(stack, admin, menu, "Thư ký")
    await press_and_settle(stack, admin, menu, council[1].full_name)
    assert f"Chủ tịch: {council[0].full_name}" in menu.text
    await press_and_settle(stack, admin, menu, "Tiếp tục")
    assert f"{CSTDCS + LDTT} trường hợp" in menu.text
    await press_and_settle(stack, admin, menu, "Mở phiên và gửi phiếu")
    assert "Đã mở phiên họp số" in menu.text
    return menu


def plan(k: int, award: str, position: int, tie: int, low: int) -> str:
    """What member k votes on an entry: the tie 7–7 (+1 abstaining), the low one 13 of 15."""
    if position == tie:
        return "Đồng ý" if k < 7 else "Không" if k < 14 else "KBQ"
    if position == low:
        return "Đồng ý" if k < 13 else "Không"
    return "Đồng ý"


async def vote_all(stack, user, k, positions, tie, low):
    invite = await user.wait_for(lambda m: "Phiên họp" in (m.text or ""))
    assert "bỏ phiếu kín" in invite.text
    await press_and_settle(stack, user, invite, "Mở phiếu bầu")
    ballot = await user.wait_for(lambda m: "Phiếu bầu" in (m.text or ""))
    pages = (len(positions) + 4) // 5
    for page in range(1, pages + 1):
        assert f"trang {page}/{pages}" in ballot.text
        stack.clock.advance(seconds=10)  # a person reads a page before voting (flood guard)
        for pos in range(page * 5 - 4, min(page * 5, len(positions)) + 1):
            label = f"{pos}: {plan(k, positions[pos], pos, tie, low)}"
            await user.press(ballot, label)
        await stack.settle()
        if page < pages:
            await press_and_settle(stack, user, ballot, "Sau")
    return ballot


async def test_council_session_end_to_end(stack):
    stack.clock.set(START)
    admin = await stack.user("Vũ Quản Trị", role=Role.ADMIN)
    officer = await stack.user("Cán Bộ Thi Đua", role=Role.OFFICER, unit="BD", field="BC")
    council = [await stack.user(f"Ủy Viên {k:02d}", role=Role.COUNCIL) for k in range(MEMBERS)]
    stranger = await stack.user("Người Ngoài", role=Role.OFFICER, unit="VT")
    for u in (admin, officer, stranger, *council):
        u.chat.started = True
    await seed_entries(stack)
    group = stack.emu.add_group("Nhóm Bưu điện", members=[admin])
    async with stack.session_factory() as s, s.begin():
        s.add(ChatGroup(chat_id=group.id, title="Nhóm Bưu điện"))

    card = await open_session(stack, admin, council)
    async with stack.session_factory() as s:
        cs = (await s.exec(select(CouncilSession))).one()
        items = (await s.exec(select(CouncilItem).order_by(CouncilItem.position))).all()
    positions = {i.position: i.award_code for i in items}
    cstd = [p for p, code in positions.items() if code == "CSTDCS"]
    ldtt = [p for p, code in positions.items() if code == "LDTT"]
    tie, low = ldtt[3], cstd[1]

    # Two members are absent; the rules let them vote in writing.
    await press_and_settle(stack, admin, card, "Điểm danh")
    await press_and_settle(stack, admin, card, council[13].full_name)
    await press_and_settle(stack, admin, card, council[14].full_name)
    absent = [b for b in card.buttons if b.startswith("⬜")]
    assert absent == [f"⬜ {council[13].full_name}", f"⬜ {council[14].full_name}"]

    ballots = []
    for k, user in enumerate(council):
        ballots.append(await vote_all(stack, user, k, positions, tie, low))
    # A member changes their mind: the second vote replaces the first.
    last = ballots[3]
    stack.clock.advance(seconds=10)
    await press_and_settle(stack, council[3], last, "Trước")
    page_of_tie = (tie + 4) // 5
    while f"trang {page_of_tie}/" not in last.text:
        await press_and_settle(stack, council[3], last, "Trước")
    await press_and_settle(stack, council[3], last, f"{tie}: Không")
    await press_and_settle(stack, council[3], last, f"{tie}: Đồng ý")
    assert f"☑️ {tie}: Đồng ý" in last.buttons

    # The files of an entry are one tap away.
    stack.emu.new_callback_query(council[0], ballots[0], f"kf:{cs.id}:{cstd[0]}")
    await stack.settle()
    report = await council[0].wait_for(lambda m: m.document is not None)
    assert report.document["file_name"] == "bao-cao-thanh-tich.pdf"

    # A forged vote: member 5 replays member 4's button; a stranger replays it too.
    theirs = next(b["callback_data"] for row in ballots[4].keyboard for b in row
                  if b.get("callback_data", "").startswith("kv:"))
    qid = stack.emu.new_callback_query(council[5], ballots[5], theirs)
    await stack.settle()
    assert council[5].callback_answer(qid)["show_alert"]
    qid = stack.emu.new_callback_query(council[5], ballots[5], f"kv:{cs.id}:1:AAAAAAAA")
    await stack.settle()
    assert council[5].callback_answer(qid)["show_alert"]
    async with stack.session_factory() as s:
        assert len((await s.exec(select(CouncilBallot))).all()) == MEMBERS * len(positions)
        # While open, the tally is sealed: the card shows how many votes, not which.
        admin.skip_pending()
    await press_and_settle(stack, admin, card, "Quay lại")
    assert f"Số phiếu đã nhận (tất cả thành viên): {MEMBERS * len(positions)}" in card.text

    await press_and_settle(stack, admin, card, "Kết thúc bỏ phiếu")
    await press_and_settle(stack, admin, card, "Kết thúc")
    result = await council[2].wait_for(lambda m: "Kết quả kiểm phiếu" in (m.text or ""))
    assert f"Có mặt {MEMBERS - 2}/{MEMBERS}" in result.text
    assert "theo ý kiến Chủ tịch" in result.text
    minutes_doc = await admin.wait_for(lambda m: m.document is not None)
    assert minutes_doc.document["file_name"] == f"bien-ban-phien-hop-{cs.id}.docx"
    assert "Biên bản họp và kiểm phiếu" in (minutes_doc.caption or "")
    await council[0].wait_for(lambda m: m.document is not None)  # the chair signs it
    assert not any(m.document for m in council[5].inbox())  # a member gets the results only
    unit_result = await officer.wait_for(lambda m: "của đơn vị" in (m.text or ""))
    assert "Phạm Thị" in unit_result.text
    # A vote after closing is refused and audited.
    qid = await council[6].press(ballots[6], index=0)
    await stack.settle()
    assert "kết thúc" in council[6].callback_answer(qid)["text"]

    async with stack.session_factory() as s:
        items = {i.position: i for i in (await s.exec(select(CouncilItem))).all()}
        assert (items[tie].yes, items[tie].no, items[tie].abstain) == (7, 7, 1)
        assert items[tie].passed and items[tie].by_chair
        assert (items[low].yes, items[low].no, items[low].passed) == (13, 2, False)
        assert all(items[p].passed for p in positions if p != low)
        assert (await s.exec(select(CouncilBallot))).all() == []
        closed = (await s.exec(select(CouncilSession))).one()
        assert closed.secret is None and closed.present_count == MEMBERS - 2
        refused = (await s.exec(select(AuditEntry).where(
            AuditEntry.action == "council.vote", AuditEntry.outcome == "refused"))).all()
        assert sorted(a.details["reason"] for a in refused) == ["closed", "forged", "forged"]
        minutes = docx.Document(io.BytesIO(closed.minutes_docx or b""))
    rows = [[c.text for c in r.cells] for t in minutes.tables[:-1] for r in t.rows[1:]]
    assert len(rows) == len(positions)
    by_pos = {int(r[0]): r for r in rows}
    for pos, item in items.items():
        assert by_pos[pos][3:6] == [str(item.yes), str(item.no), str(item.abstain)]
    assert by_pos[low][7] == "Không đạt" and "Chủ tịch" in by_pos[tie][7]
    signatures = minutes.tables[-1]
    assert signatures.cell(2, 1).text == council[0].full_name
    assert signatures.cell(2, 0).text == council[1].full_name

    # The decision: every passed LDTT entry enters the register.
    await admin.send("/decision")
    pick = await admin.wait_for(lambda m: "Ghi quyết định" in (m.text or ""))
    await press_and_settle(stack, admin, pick, "Lao động tiên tiến")
    await admin.wait_for(lambda m: "số quyết định" in (m.text or ""))
    await admin.send("1234/QĐ-BKHCN; 12/12/2026; Bộ trưởng")  # in the future: refused
    await stack.settle()
    assert "tương lai" in (await admin.wait_for(lambda m: "tương lai" in (m.text or ""))).text
    await admin.send("1234/QĐ-BKHCN; 10/12/2026; Nguyễn Văn Bộ Trưởng")
    await stack.settle()
    done = await admin.wait_for(lambda m: "Đã ghi quyết định" in (m.text or ""))
    assert f"{LDTT} trường hợp" in done.text
    await officer.wait_for(lambda m: "Chúc mừng" in (m.text or ""))
    async with stack.session_factory() as s:
        records = (await s.exec(select(AwardRecord))).all()
        assert len(records) == LDTT
        assert {r.decision_number for r in records} == {"1234/QĐ-BKHCN"}
        awarded = (await s.exec(select(NominationEntry).where(
            NominationEntry.status == EntryStatus.AWARDED))).all()
        assert len(awarded) == LDTT

    # Spreading: a story with a photo, published to the group, without acknowledgements.
    await admin.send("/spread")
    records_menu = await admin.wait_for(lambda m: "Chọn người hoặc tập thể" in (m.text or ""))
    await press_and_settle(stack, admin, records_menu, index=0)
    await admin.wait_for(lambda m: "bài giới thiệu" in (m.text or ""))
    await admin.send_photo(caption="Chị Phạm Thị đi đầu chuyển đổi số bưu cục")
    await stack.settle()
    audience = await admin.wait_for(lambda m: "Gửi tới" in (m.text or ""))
    # The directive flow's own picker: units and roles too, not only fields and groups.
    assert any(b.startswith("🏢 Đơn vị") for b in audience.buttons)
    await press_and_settle(stack, admin, audience, "Vai trò")
    assert "Chọn vai trò" in audience.text and any("Hội đồng" in b for b in audience.buttons)
    await press_and_settle(stack, admin, audience, "Quay lại")
    await press_and_settle(stack, admin, audience, "Nhóm")
    await press_and_settle(stack, admin, audience, "Nhóm Bưu điện")
    await press_and_settle(stack, admin, audience, "Quay lại")
    await press_and_settle(stack, admin, audience, "Xác nhận đã nhận")
    await press_and_settle(stack, admin, audience, "Đăng")
    assert "Đã đăng bài giới thiệu" in audience.text
    copy = await group.wait_for(lambda m: m.copied_from is not None)
    assert copy.caption == "Chị Phạm Thị đi đầu chuyển đổi số bưu cục"
    assert any("Lao động tiên tiến" in b and "2026" in b for b in copy.buttons)
    assert not any("Đã nhận" in b for b in copy.buttons)
    async with stack.session_factory() as s:
        story = (await s.exec(select(ExemplarStory))).one()
        assert story.directive_id is not None and not story.ask_ack

    # Browsing: /stories by field and year.
    await officer.send("/stories")
    browse = await officer.wait_for(lambda m: "Gương điển hình" in (m.text or ""))
    await press_and_settle(stack, officer, browse, "Tất cả lĩnh vực")
    await press_and_settle(stack, officer, browse, "2026")
    assert "Phạm Thị" in " ".join(browse.buttons)
    await press_and_settle(stack, officer, browse, index=0)
    card_msg = await officer.wait_for(lambda m: "🌟" in (m.text or ""))
    assert "1234/QĐ-BKHCN" in card_msg.text
    async with stack.session_factory() as s:
        who = (await s.exec(select(Member).where(Member.telegram_id == officer.id))).one()
        assert who.role == Role.OFFICER
