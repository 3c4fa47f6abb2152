"""The demo's council scene: a secret ballot, the minutes, the decision in the register, and the
awarded officer's story spread to a staff group (called from bot/demo.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.demo_stage import Stage, having, step, text_of


async def council_and_award(stage: Stage) -> None:
    t, clock, admin, officer = stage.t, stage.clock, stage.admin, stage.officer
    from models import (
        EntryStatus,
        Member,
        Nomination,
        NominationEntry,
        NominationKind,
        NominationStatus,
        Role,
        Unit,
        Verdict,
    )
    from services import roles
    from services.awards.register import find_or_create_person

    factory = t.runtime.session_factory
    assert factory is not None
    t.scene("Hội đồng Thi đua – Khen thưởng: bỏ phiếu kín, biên bản, quyết định, nhân rộng")
    chair = t.emu.add_user("Đặng Văn Chủ Tịch", language_code="vi")
    member = t.emu.add_user("Hoàng Thị Ủy Viên", language_code="vi")
    secretary = t.emu.add_user("Bùi Văn Thư Ký", language_code="vi")
    council = [chair, member, secretary]
    t.watch(*council)
    for person in council:
        await t.say(person, "/start")
    async with factory() as s, s.begin():
        for person in council:
            row = (await s.exec(select(Member).where(Member.telegram_id == person.id))).one()
            await roles.change_role(s, None, row.id or 0, Role.COUNCIL, now=clock())
        # Two more reviewed entries of the officer's unit join what the nominations scene approved.
        unit = (await s.exec(select(Unit).where(Unit.code == "TTTT-HN"))).one()
        nomination = Nomination(unit_id=unit.id or 0, kind=NominationKind.YEAR_END,
                                year=clock().year, status=NominationStatus.REVIEWED)
        s.add(nomination)
        await s.flush()
        for name in ("Lê Thu Trang", "Ngô Văn Hùng"):
            nominee, _ = await find_or_create_person(s, unit_id=unit.id or 0, full_name=name,
                                                     birth_date=None)
            s.add(NominationEntry(
                nomination_id=nomination.id or 0, person_id=nominee.id, unit_id=unit.id or 0,
                name=name, award_code="LDTT", year=clock().year,
                status=EntryStatus.APPROVED, verdict=Verdict.ELIGIBLE,
                reason="Hoàn thành tốt nhiệm vụ, tham gia tích cực phong trào thi đua"))
    t.operator("thidua admin role (3 thành viên Hội đồng)",
               "đã cấp vai trò Hội đồng; các đề nghị đã thẩm định chờ Hội đồng xét")
    group = t.emu.add_group("Nhóm Thi đua Sở TTTT Hà Nội", members=[officer], bot_member=False)
    await group.add_bot(by=officer)
    await t.settle()

    # The admin opens a session over the approved entries.
    clock.pause(minutes=10)
    listing = await t.say(admin, "/council")
    asked = await step(t, listing, "phiên họp", lambda m: t.press(admin, m, "Mở phiên họp mới"))
    t.check("tên phiên họp" in text_of(asked), "the session's title is asked")
    menu = await t.say(admin, "Xét tặng danh hiệu Lao động tiên tiến")
    await step(t, menu, "Chọn thành viên", lambda m: t.press(admin, m, "Chủ tịch"))
    await step(t, menu, "Chọn thành viên", lambda m: t.press(admin, m, chair.full_name))
    await step(t, menu, "Chọn thành viên", lambda m: t.press(admin, m, "Thư ký"))
    await step(t, menu, "Chọn thành viên", lambda m: t.press(admin, m, secretary.full_name))
    await step(t, menu, "Chọn thành viên", lambda m: t.press(admin, m, "Tiếp tục"))
    opened = await step(t, menu, "Chọn các hình thức",
                        lambda m: t.press(admin, m, "Mở phiên và gửi phiếu"))
    t.check("Đã mở phiên họp" in text_of(opened) or any(
        "Đã mở phiên họp" in (m.text or "") for m in admin.inbox()), "the session is open")

    # Each member votes in private; the chair changes a vote once.
    for person in council:
        invite = having(person.inbox(), "bỏ phiếu kín")
        t.check(invite is not None, f"{person.full_name} is invited privately")
        if invite is None:
            continue
        ballot = await t.press(person, invite, "Mở phiếu bầu")
        page = having(ballot, "Phiếu bầu") or having(person.inbox(), "Phiếu bầu")
        if page is None:
            t.check(False, "a ballot page")
            continue
        positions = [b.split(":")[0] for b in page.buttons if b.endswith(": Đồng ý")]
        for n, pos in enumerate(positions):
            last = n == len(positions) - 1
            await t.press(person, page, f"{pos}: Không" if person is member and last
                          else f"{pos}: Đồng ý")
    chair_page = having(chair.inbox(), "Phiếu bầu") or council[0].last_message
    t.check(chair_page is not None and any("☑️ 1: Đồng ý" in b for b in chair_page.buttons),
            "the chair sees their own vote, and only theirs")

    # The admin closes: counted, minutes written, results to the members and the unit.
    clock.pause(minutes=30)
    card = having(admin.inbox(), "Đã mở phiên họp")
    if card is not None:
        await t.press(admin, card, "Điểm danh")
        await t.press(admin, card, "Quay lại")
        await t.press(admin, card, "Kết thúc bỏ phiếu")
        await t.press(admin, card, "Kết thúc")
    t.check(any("Kết quả kiểm phiếu" in (m.text or "") for m in chair.inbox()),
            "the members get the results")
    t.check(any("của đơn vị" in (m.text or "") for m in officer.inbox()),
            "the unit gets its results")

    # The decision goes into the register; the awarded officer is congratulated.
    clock.pause(minutes=30)
    picked = await t.say(admin, "/decision")
    asked = await step(t, picked, "Ghi quyết định",
                       lambda m: t.press(admin, m, "Lao động tiên tiến"))
    t.check("số quyết định" in text_of(asked), "the decision's number, date and signer asked")
    today = clock().astimezone(ZoneInfo(t.runtime.settings.timezone))
    done = await t.say(admin, f"125/QĐ-BKHCN; {today:%d/%m/%Y}; Bộ trưởng")
    t.check("Đã ghi quyết định" in text_of(done), "the decision is in the register")
    t.check(any("Chúc mừng" in (m.text or "") for m in officer.inbox()),
            "the unit is congratulated")

    # Spreading the exemplar: a photo and its story, to the unit's staff group.
    clock.pause(minutes=30)
    chosen = await t.say(admin, "/spread")
    await step(t, chosen, "Nhân rộng", lambda m: t.press(admin, m, "Lê Thu Trang"))
    t.person(admin, "[gửi ảnh kèm chú thích]")
    await admin.send_photo(caption="Đồng chí Lê Thu Trang: 8 dịch vụ công toàn trình trong năm, "
                                   "được tặng danh hiệu Lao động tiên tiến.")
    audience = await t.show(admin)
    await step(t, audience, "Gửi tới", lambda m: t.press(admin, m, "Nhóm"))
    menu_msg = having(admin.inbox(), "Chọn nhóm")
    t.check(menu_msg is not None, "the groups to choose from are listed")
    if menu_msg is not None:
        await t.press(admin, menu_msg, "Nhóm Thi đua")
        await t.press(admin, menu_msg, "Quay lại")
        await t.press(admin, menu_msg, "Đăng")
    await t.settle()
    t.check(any(m.copied_from is not None and any("Lao động tiên tiến" in b for b in m.buttons)
                for m in group.inbox()), "the story reaches the group with its award")
    stories = await t.say(officer, "/stories")
    t.check("Gương điển hình" in text_of(stories), "the published stories can be browsed")
