"""One reader of days and times for the whole bot (issue 10, item 9)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from models import Campaign, Milestone
from services import campaigns
from services.errors import DomainError
from services.when import format_when, parse_when
from tests.campaigns.campaign_harness import NOW, World, last_text

# NOW is 09:00 Monday 01/03/2027 in Hà Nội.


@pytest.mark.parametrize(("typed", "due"), [
    ("ngày mai 9h", "09:00 thứ Ba, 02/03/2027"),
    ("15/12", "17:00 thứ Tư, 15/12/2027"),
    ("15/12/2027 17:00", "17:00 thứ Tư, 15/12/2027"),
    ("thứ Sáu", "17:00 thứ Sáu, 05/03/2027"),
    ("thứ 6 8h30", "08:30 thứ Sáu, 05/03/2027"),
    ("Chủ nhật 10h", "10:00 Chủ nhật, 07/03/2027"),
])
def test_milestones_take_the_words_directives_take(typed: str, due: str) -> None:
    assert format_when(campaigns.parse_due(typed, now=NOW)) == due
    if ":" in due and not typed.startswith(("15/12", "thứ Sáu")):
        assert format_when(parse_when(typed, now=NOW)) == due  # the same moment for a directive


def test_a_period_is_refused_with_a_hint_about_periods() -> None:
    with pytest.raises(DomainError) as bad:
        campaigns.parse_period("từ tháng 1 đến tháng 12", today=NOW.date())
    assert bad.value.code == "campaign.bad_period"
    with pytest.raises(DomainError) as bad:
        campaigns.parse_period("17h 01/01/2027 - 31/12/2027", today=NOW.date())
    assert bad.value.code == "campaign.bad_period"
    with pytest.raises(DomainError) as past:
        campaigns.parse_period("01/01/2025 - 31/12/2025", today=NOW.date(), allow_past=False)
    assert past.value.code == "campaign.period_past"
    assert campaigns.parse_period("01/01/2027 - 31/12/2027", today=NOW.date(),
                                  allow_past=False) == (date(2027, 1, 1), date(2027, 12, 31))


async def test_new_campaign_dates_in_chat(chat, world: World, session_factory) -> None:
    admin = chat(world.people["admin"].telegram_id)
    await admin.send("/campaign_new")
    await admin.send("Thi đua Bưu chính 2027")
    await admin.press("cn:skip")
    await admin.press("cn:f:buu_chinh")
    await admin.press("cn:next")
    await admin.press("cn:k:thuong_xuyen")
    hint = last_text(await admin.send("từ đầu năm đến cuối năm"))
    assert "ngày bắt đầu và ngày kết thúc" in hint and "17:00" not in hint
    assert "đã kết thúc" in last_text(await admin.send("01/01/2025 - 31/12/2025"))
    await admin.send("01/04/2027 - 30/09/2027")
    await admin.press("cn:skip")  # lead unit
    await admin.send("Sản lượng bưu gửi; triệu; 12,5; 2")
    await admin.press("cn:next")
    assert "trước ngày bắt đầu phong trào (01/04/2027)" in last_text(
        await admin.send("đăng ký; 15/03/2027"))
    text = last_text(await admin.send("hàng tháng; 17:00 25/04/2027\nsơ kết; ngày mai 9h"))
    assert "trước ngày bắt đầu" in text  # "ngày mai" is 02/03, before the period: refused
    text = last_text(await admin.send("hàng tháng; 17:00 25/04/2027"))
    for month in ("04", "05", "06", "07", "08", "09"):
        assert f"17:00 25/{month}/2027" in text
    assert "Báo cáo tháng 4/2027" in text and "Báo cáo tháng Báo cáo" not in text
    await admin.press("cn:next")
    await admin.press("cn:save")
    async with session_factory() as s:
        c = (await s.exec(select(Campaign).where(Campaign.title == "Thi đua Bưu chính 2027"))).one()
        ms = (await s.exec(select(Milestone).where(Milestone.campaign_id == c.id))).all()
        assert len(ms) == 6
        assert min(m.due_at for m in ms) == datetime(2027, 4, 25, 10, 0, tzinfo=UTC)
