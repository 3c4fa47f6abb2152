"""The demo's scene of a directive (văn bản, thông báo): the department composes it, picks its
recipients by field, gives its number and title, sends it; an officer acknowledges it and the
department sees who has, all on the demo's one clock."""

from __future__ import annotations

from sqlmodel import col, func, select

from bot.demo_stage import Stage, having, label, step, text_of
from models import DirectiveRecipient, Language
from services.directives import ACK_LABELS

BODY = ("Đề nghị các đơn vị gửi báo cáo sơ kết 6 tháng phong trào thi đua Chuyển đổi số "
        "trước 17:00 ngày 25/6/2027.")
META = "125/TB-TĐKT | Về việc nộp báo cáo sơ kết 6 tháng"


async def directive_acknowledged(stage: Stage) -> None:
    t, clock = stage.t, stage.clock
    admin, officer, lead = stage.admin, stage.officer, stage.lead
    t.scene("Văn bản, thông báo: soạn, chọn người nhận, gửi, xác nhận đã nhận")
    t.watch(admin, officer, lead)
    clock.pause(minutes=30)

    await t.say(admin, "/broadcast")
    shown = await t.say(admin, BODY)
    menu = having(shown, label("directives.btn_continue").split(" ")[0])
    t.check(menu is not None, "the department is asked who receives it")
    if menu is None:
        return
    await t.press(admin, menu, label("directives.btn_fields", n=0))
    await t.press(admin, menu, "Ứng dụng công nghệ thông tin")
    await t.press(admin, menu, label("nav.back"))
    await t.press(admin, menu, label("directives.btn_continue"))
    asked = await t.press(admin, menu, label("directives.btn_meta"))
    preview = await step(t, asked, "|", lambda m: t.say(admin, META))
    sent = await step(t, preview, "Về việc nộp báo cáo",
                      lambda m: t.press(admin, m, label("directives.btn_confirm_now")))
    t.check(bool(sent), "the department is told the directive is on its way")
    # The scheduler's sweep, on the same clock, reports when everyone has it.
    try:
        await admin.wait_for(lambda m: "125/TB-TĐKT" in m.text and "/directives" in m.text,
                             timeout=10)
    except AssertionError:
        t.check(False, "the department is told when the sending is finished")
    await t.show(admin)

    # Both people of the field receive it, with a button to acknowledge it.
    received = having(officer.inbox(), "báo cáo sơ kết 6 tháng")
    t.check(received is not None and ACK_LABELS[Language.VI] in received.buttons,
            "the officer receives it with a button to acknowledge")
    t.check(having(lead.inbox(), "báo cáo sơ kết 6 tháng") is not None, "the field lead too")
    if received is None:
        return
    clock.pause(minutes=20)
    await t.press(officer, received, ACK_LABELS[Language.VI])
    t.check(t.answer == label("directives.ack_thanks"), "a thank-you for acknowledging")
    t.check(ACK_LABELS[Language.VI] not in received.buttons,
            "the button now says when it was acknowledged")

    # The department sees one of the two has acknowledged.
    clock.pause(minutes=10)
    register = text_of(await t.say(admin, "/directives"))
    t.check("Về việc nộp báo cáo sơ kết 6 tháng" in register, "the register lists it by its title")
    factory = t.runtime.session_factory
    assert factory is not None
    async with factory() as session:
        acked = (await session.exec(select(func.count()).select_from(DirectiveRecipient).where(
            col(DirectiveRecipient.acknowledged_at).is_not(None)))).one()
    t.check(acked == 1, "one acknowledgement recorded, the officer's")
