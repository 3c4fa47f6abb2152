"""``thidua demo``, scene 3: a deadline nudge, a snooze, and the report it leads to.

The operator adds a monthly report to the campaign (``thidua campaign import`` of the same file
with one more milestone); on the Tuesday before its Friday deadline the scheduler's sweep nudges
the officer, who asks to be reminded later that day, is reminded, and reports from the button.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo_stage import Stage, having, step, text_of
from handlers.campaign_new import series_name
from handlers.i18n import Translator
from models import Language
from scheduler.app import build_scheduler
from services.campaign_files import import_campaign_result

MONTHLY = '  - {code: BCT, kind: hang_thang, due: "17:00 29/01/2027"}\n'


async def nudged_and_reported(stage: Stage) -> None:
    from bot.demo import CAMPAIGN_YAML  # the demo's campaign, extended by a monthly report

    t, clock, tmp, officer = stage.t, stage.clock, stage.tmp, stage.officer
    t.scene("Nhắc hạn: tin nhắc, “Nhắc lại sau”, báo cáo ngay từ tin nhắc")
    factory, sender = t.runtime.session_factory, t.runtime.sender
    assert factory is not None and sender is not None
    (tmp / "campaign-2.yaml").write_text(CAMPAIGN_YAML + MONTHLY, encoding="utf-8")
    async with factory() as s, s.begin():
        await import_campaign_result(s, tmp / "campaign-2.yaml", actor=None, now=clock(),
                                     series_name=series_name(Translator(Language.VI)))
    t.operator("thidua campaign import campaign-2.yaml",
               "Đã cập nhật phong trào CDS2027: thêm các mốc BCT1…BCT12 (Báo cáo tháng 1/2027, hạn "
               "17:00 thứ Sáu 29/01/2027, rồi cùng ngày mỗi tháng)")
    tz = ZoneInfo(t.runtime.settings.timezone)
    scheduler = build_scheduler(factory, clock=clock)

    async def at(moment: datetime) -> list[Any]:
        """Move the demo's clock to ``moment`` and let the scheduler sweep once."""
        clock.pause((moment.astimezone(tz) - clock()).total_seconds() / 60)
        await scheduler.run_once()
        sender.wake()
        t.out(f"\n🕗 {clock().astimezone(tz):%H:%M %d/%m/%Y} — the scheduler's sweep")
        return await t.show(officer)

    nudged = await at(datetime(2027, 1, 26, 8, 0, tzinfo=tz))
    t.check("còn 3 ngày làm việc" in text_of(nudged), "a nudge three working days ahead")
    snooze = await step(t, nudged, "Nhắc hạn", lambda m: t.press(officer, m, "Nhắc lại sau"))
    nudge = having(nudged, "Nhắc hạn")
    t.check(nudge is not None and any("Hôm nay" in b for b in nudge.buttons),
            "the choice: later today or the next working morning")
    if nudge is None:
        return
    done = await t.press(officer, nudge, "Hôm nay")
    t.check("Đã hẹn" in text_of(done) or bool(snooze), "the snooze confirmed")
    again = await at(datetime(2027, 1, 26, 10, 1, tzinfo=tz))
    t.check(having(again, "Nhắc lại") is not None, "reminded again later that day")
    asked = await step(t, again, "Nhắc lại", lambda m: t.press(officer, m, "Báo cáo ngay"))
    t.check(having(asked, "1/2") is not None, "the report of that milestone opens")
    await t.say(officer, "70")
    await t.say(officer, "12")
    files = await t.say(officer, "Đã triển khai 12 dịch vụ công toàn trình trong tháng 1.")
    summary = await step(t, files, "tài liệu hoặc ảnh", lambda m: t.press(officer, m, "Xong"))
    receipt = await step(t, summary, "kiểm tra báo cáo", lambda m: t.press(officer, m, "Gửi"))
    t.check("Đã nhận báo cáo" in text_of(receipt), "the report received")
    later = await at(datetime(2027, 1, 28, 8, 0, tzinfo=tz))
    t.check(having(later, "Nhắc hạn") is None, "no more nudges once the unit has reported")
