"""The campaign conversations through the root router, with a real database: what people see."""

from __future__ import annotations

from sqlmodel import select

from handlers.chat import ContentKind
from models import (
    Campaign,
    CampaignStatus,
    ConversationState,
    Directive,
    DirectiveRecipient,
    Milestone,
    Registration,
    RegistrationStatus,
    Report,
    ReportFile,
    ReportRevision,
    ReportValue,
)

from .campaign_harness import NOW, World, denied_entries, last_text, later, replies, spec_for_post


async def count(session_factory, model) -> int:
    async with session_factory() as s:
        return len((await s.exec(select(model))).all())


async def draft(session_factory, telegram_id: int) -> ConversationState | None:
    async with session_factory() as s:
        return await s.get(ConversationState, (telegram_id, telegram_id))


async def walk_to_values(chat, world: World):
    officer = chat(world.people["off_a"].telegram_id)
    sent = await officer.send("/report")
    # one campaign → straight to its milestones
    data = replies(sent)[-1].data_for("SK")
    sent = await officer.press(data)
    assert "Chỉ tiêu 1/3" in last_text(sent)
    return officer


async def test_report_walkthrough_with_bad_input_keeps_the_draft(chat, world: World,
                                                                  session_factory) -> None:
    officer = await walk_to_values(chat, world)
    for bad, expect in [("abc", "không phải là một số"), ("-5", "không được âm"),
                        ("1e309", "quá lớn"), ("   ", "không được để trống")]:
        text = last_text(await officer.send(bad))
        assert expect in text, (bad, text)
    assert "nhãn dán" in last_text(await officer.send_sticker())
    # first target is a percentage
    assert "Chỉ tiêu 2/3" in last_text(await officer.send("85,5"))
    assert "bằng số, không phải phần trăm" in last_text(await officer.send("50%"))
    assert "Chỉ tiêu 3/3" in last_text(await officer.send("12.5"))
    assert "“có” hoặc “không”" in last_text(await officer.send("có lẽ"))
    sent = await officer.send("có")
    assert "thuyết minh" in last_text(sent)
    text = last_text(await officer.send("x" * 10_000))
    assert "quá dài" in text and "10000" in text
    state = await draft(session_factory, officer.telegram_id)
    assert state is not None and len(state.data["values"]) == 3  # nothing lost
    assert "tài liệu hoặc ảnh" in last_text(await officer.send("Đã hoàn thành tốt các chỉ tiêu."))
    assert "vượt quá giới hạn" in last_text(await officer.send_file("big.pdf", 5_000_000))
    assert "Đã nhận tệp" in last_text(await officer.send_file("bao-cao.pdf", 10_000))
    assert "2 tệp" in last_text(await officer.send_file("anh.jpg", 20_000, ContentKind.PHOTO))
    assert "vui lòng gửi tài liệu" in last_text(await officer.send_sticker()).lower()
    summary = replies(await officer.press("rp:done"))[-1]
    assert "85,5%" in summary.text or "85.5%" in summary.text
    assert {"✔ Gửi", "✏ Sửa", "✖ Hủy"} <= {b for b, _ in summary.buttons}
    # edit the second value from the summary
    await officer.press("rp:edit")
    assert "Chỉ tiêu 2/3" in last_text(await officer.press("rp:e:1"))
    assert "kiểm tra báo cáo" in last_text(await officer.send("20"))
    sent = await officer.press("rp:send")
    assert "Đã nhận báo cáo" in last_text(sent) and "lần nộp thứ 1" in last_text(sent)
    assert await draft(session_factory, officer.telegram_id) is None
    async with session_factory() as s:
        rev = (await s.exec(select(ReportRevision))).one()
        assert rev.narrative == "Đã hoàn thành tốt các chỉ tiêu." and not rev.late
        values = {v.target_id: v.value for v in (await s.exec(select(ReportValue))).all()}
        assert values == {world.targets[0]: 85.5, world.targets[1]: 20, world.targets[2]: 1}
        files = (await s.exec(select(ReportFile))).all()
        assert sorted(f.kind for f in files) == ["document", "photo"]
        assert {f.file_id for f in files} == {"FILE-bao-cao.pdf", "FILE-anh.jpg"}


async def test_report_resumes_after_leaving(chat, world: World) -> None:
    officer = await walk_to_values(chat, world)
    await officer.send("90")
    officer.clock[0] = later(1)
    sent = await officer.send("/report")
    texts = [r.text for r in replies(sent)]
    assert any("soạn dở" in x for x in texts) and "Chỉ tiêu 2/3" in texts[-1]


async def test_back_and_skip_with_note(chat, world: World, session_factory) -> None:
    officer = await walk_to_values(chat, world)
    await officer.send("90")
    assert "Chỉ tiêu 1/3" in last_text(await officer.press("rp:back"))
    assert "Chỉ tiêu 2/3" in last_text(await officer.press("rp:keep"))
    assert "ghi chú" in last_text(await officer.press("rp:skip"))
    assert "Chỉ tiêu 3/3" in last_text(await officer.send("Chưa triển khai"))
    await officer.send("không")
    await officer.press("rp:nonarr")
    await officer.press("rp:done")
    officer.clock[0] = later(200)  # after the due time of SK
    sent = await officer.press("rp:send")
    assert "nộp muộn" in last_text(sent)
    async with session_factory() as s:
        v = (await s.exec(select(ReportValue).where(ReportValue.target_id == world.targets[1]))).one()
        assert v.skipped and v.note == "Chưa triển khai"
        assert (await s.exec(select(Report))).one().late


async def test_quick_report_and_revisions(chat, world: World, session_factory) -> None:
    officer = chat(world.people["off_a"].telegram_id)
    sent = await officer.send("/report CDS2027 SK T1=80% T2=10 T3=có")
    assert "lần nộp thứ 1" in last_text(sent)
    sent = await officer.send("/report CDS2027 SK T1=95 T2=12,5 T3=x")
    assert "lần nộp thứ 2" in last_text(sent)
    view = replies(await officer.press(replies(sent)[-1].data_for("Xem")))[-1]
    assert ("Lần nộp 2/2" in view.text and "12,5" in view.text) or "12.5" in view.text
    older = replies(await officer.press(view.data_for("Lần trước")))[-1]
    assert "Lần nộp 1/2" in older.text
    bad = await officer.send("/report CDS2027 SK T1=-5 T2=1 T3=x")
    assert "không được âm" in replies(bad)[0].text
    assert await count(session_factory, ReportRevision) == 2


async def test_forged_buttons_are_refused_and_audited(chat, world: World, session_factory) -> None:
    off_a, off_b = chat(world.people["off_a"].telegram_id), chat(world.people["off_b"].telegram_id)
    sent = await off_a.send("/report CDS2027 SK T1=80 T2=10 T3=có")
    data = replies(sent)[-1].data_for("Xem")
    sent = await off_b.press(data)  # another unit's report
    assert "not allowed" in last_text(sent)
    await off_a.send("/register")
    reg_sent = await chat(world.people["off_a"].telegram_id).press(f"rg:c:{world.campaign_id}")
    assert "Đăng ký chỉ tiêu 1/3" in last_text(reg_sent)
    async with session_factory() as s:
        assert (await s.exec(select(Registration))).all() == []
    # an officer pressing a reviewer's button, a lead of another field doing the same
    await off_a.press("rg:same")
    await off_a.press("rg:same")
    await off_a.press("rg:same")
    await off_a.press("rg:next")
    await off_a.press("rg:send")
    async with session_factory() as s:
        reg = (await s.exec(select(Registration))).one()
    for who in ("off_b", "lead_post"):
        sent = await chat(world.people[who].telegram_id).press(f"rv:ok:{reg.id}")
        assert "không có quyền" in last_text(sent) or "not allowed" in last_text(sent)
    sent = await chat(world.people["lead_post"].telegram_id).press(f"mi:{world.milestones['SK']}:1")
    assert "không có quyền" in last_text(sent)
    sent = await chat(world.people["stranger"].telegram_id).send("/campaign_new")
    assert "không có quyền" in last_text(sent)
    async with session_factory() as s:
        reg = (await s.exec(select(Registration))).one()
        assert reg.status == RegistrationStatus.PENDING
    denied = await denied_entries(session_factory)
    assert {"report.view", "registration.approve", "missing.view", "campaign.create"} <= {
        d.action for d in denied}


async def test_register_review_return_resubmit(chat, world: World, session_factory) -> None:
    off_a, lead = chat(world.people["off_a"].telegram_id), chat(world.people["lead_it"].telegram_id)
    await off_a.press(f"rg:c:{world.campaign_id}")
    assert "không phải là một số" in last_text(await off_a.send("nhiều"))
    await off_a.send("95")
    await off_a.press("rg:same")
    await off_a.press("rg:skip")
    await off_a.press("rg:t:co_bo")
    summary = last_text(await off_a.press("rg:next"))
    assert "Cờ thi đua của Bộ" in summary and "95%" in summary
    sent = await off_a.press("rg:send")
    assert any("Đã gửi đăng ký" in r.text for r in replies(sent) if r.chat_id == off_a.telegram_id)
    page = replies(await lead.send("/review"))[-1]
    assert "Đơn vị A" in page.text
    await lead.press(page.data_for("Trả lại"))
    sent = await lead.send("Thiếu cam kết chỉ tiêu T3")
    told = [s for s in replies(sent) if s.chat_id == world.people["off_a"].telegram_id]
    assert told and "Thiếu cam kết" in told[0].text
    assert told[0].buttons and told[0].buttons[0][1] == f"rg:c:{world.campaign_id}"
    sent = await off_a.press(f"rg:c:{world.campaign_id}")
    assert "bị trả lại" in replies(sent)[0].text
    for _ in range(3):
        await off_a.press("rg:same")
    await off_a.press("rg:next")
    await off_a.press("rg:send")
    page = replies(await lead.send("/review"))[-1]
    sent = await lead.press(page.data_for("Duyệt"))
    assert any("đã được duyệt" in s.text for s in replies(sent)
               if s.chat_id == world.people["off_a2"].telegram_id)
    async with session_factory() as s:
        reg = (await s.exec(select(Registration))).one()
        assert reg.status == RegistrationStatus.APPROVED and reg.times_submitted == 2


async def test_status_and_missing(chat, world: World) -> None:
    off_a = chat(world.people["off_a"].telegram_id)
    await off_a.send("/report CDS2027 SK T1=90 T2=20 T3=có")
    text = last_text(await off_a.send("/status"))
    assert "Đơn vị A" in text and "đã nộp 1 lần, hoàn thành 100%" in text and "chưa đăng ký" in text
    admin = chat(world.people["admin"].telegram_id)
    pick = replies(await admin.send("/missing"))[-1]
    page = last_text(await admin.press(pick.data_for("CDS2027 · SK")))
    assert "Chưa nộp: 2/3" in page and "Đơn vị B" in page and "Đơn vị C" in page
    assert "Đơn vị A" not in page
    lead = last_text(await chat(world.people["lead_it"].telegram_id).send("/missing CDS2027 SK"))
    assert "Đơn vị B" in lead and "Đơn vị C" not in lead
    en = last_text(await chat(world.people["off_b"].telegram_id).send("/status"))
    assert "Status" in en and "not registered" in en


async def test_campaign_new_flow_with_back_and_bad_dates(chat, world: World, session_factory) -> None:
    admin = chat(world.people["admin"].telegram_id)
    assert "tên phong trào" in last_text(await admin.send("/campaign_new"))
    await admin.send("Thi đua Bưu chính 2027")
    # back from the slogan step shows the title step again, with the title typed so far
    back = last_text(await admin.press("cn:back"))
    assert "tên phong trào" in back and "Thi đua Bưu chính 2027" in back
    await admin.send("Thi đua Bưu chính 2027")  # title again after going back
    await admin.press("cn:skip")  # slogan
    await admin.press("cn:f:buu_chinh")
    assert "ít nhất" not in last_text(await admin.press("cn:next"))
    await admin.press("cn:k:theo_dot")
    assert "Không đọc được" in last_text(await admin.send("từ đầu năm đến cuối năm"))
    await admin.send("01/01/2027 - 31/12/2027")
    assert "không tìm thấy" in last_text(await admin.send("KHONGCO")).lower()
    await admin.send("d")  # unit D exists
    text = last_text(await admin.send("Sản lượng bưu gửi; triệu; 12,5; 2\nSai dòng"))
    assert "Dòng 2" in text
    state = await draft(session_factory, admin.telegram_id)
    assert state is not None and state.data["targets"] == [] and state.data["title"]
    await admin.send("Sản lượng bưu gửi; triệu; 12,5; 2\nTỷ lệ phát đúng hạn; %; 98\nChuyển đổi số; ; có")
    await admin.press("cn:next")
    assert "Không đọc được" in last_text(await admin.send("sơ kết; hôm nào đó"))
    await admin.send("đăng ký; 17:00 31/03/2027\nsơ kết; 30/06/2027 17h; Sơ kết 6 tháng")
    summary = last_text(await admin.press("cn:next"))
    assert "Sản lượng bưu gửi" in summary and "17:00 30/06/2027" in summary
    sent = await admin.press("cn:save")
    assert any("Đã lưu phong trào" in r.text for r in replies(sent))
    async with session_factory() as s:
        c = (await s.exec(select(Campaign).where(Campaign.title == "Thi đua Bưu chính 2027"))).one()
        assert c.status == CampaignStatus.DRAFT and c.code.startswith("TDBC")
        assert len((await s.exec(select(Milestone).where(Milestone.campaign_id == c.id))).all()) == 2


async def test_launch_and_due_change_go_through_directives(chat, world: World,
                                                           session_factory) -> None:
    from services import campaigns

    lead = world.people["lead_post"]
    async with session_factory() as session, session.begin():
        result = await campaigns.save(session, spec_for_post(), actor=lead, now=NOW)
        cid = result.campaign.id
        ms = (await session.exec(select(Milestone).where(Milestone.campaign_id == cid))).first()
    c = chat(lead.telegram_id)
    sent = await c.press(f"cp:launch:{cid}")
    assert "Đã phát động" in last_text(sent)
    async with session_factory() as s:
        d = (await s.exec(select(Directive).where(Directive.ref == f"campaign:{cid}"))).one()
        recipients = (await s.exec(select(DirectiveRecipient).where(
            DirectiveRecipient.directive_id == d.id))).all()
        assert {r.chat_id for r in recipients} == {lead.telegram_id}
        assert d.extra_buttons and d.extra_buttons[0][0]["callback_data"] == f"rg:c:{cid}"
    assert "không có quyền" in last_text(await chat(world.people["lead_it"].telegram_id).press(
        f"cp:launch:{cid}"))
    await c.press(f"cp:dm:{ms.id}")
    assert "Không đọc được" in last_text(await c.send("hôm nào đó"))
    assert "Đã đổi hạn" in last_text(await c.send("17:00 20/07/2027"))
