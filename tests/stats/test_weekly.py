"""The Monday picture: once per person per week, admins and field leads only, can be turned off."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image
from sqlmodel import select

from models import OutboxFile, OutboxMessage, OutboxMethod
from scheduler.weekly import weekly_pictures
from services import weekly

from .stats_world import seed_figures

MONDAY_0830 = datetime(2027, 7, 5, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội


async def pictures(session) -> list[OutboxMessage]:
    rows = await session.exec(select(OutboxMessage).where(OutboxMessage.method == OutboxMethod.SEND_PHOTO))
    return list(rows.all())


async def test_each_admin_and_field_lead_gets_one_picture_a_week(session):
    w = await seed_figures(session)
    assert await weekly_pictures(session, datetime(2027, 7, 4, 3, tzinfo=UTC)) == 0  # Sunday
    assert await weekly_pictures(session, datetime(2027, 7, 5, 0, 59, tzinfo=UTC)) == 0  # 07:59
    assert await weekly_pictures(session, MONDAY_0830) == 3
    await session.commit()
    # The sweep runs every few seconds, and maybe late: still one picture per person this week.
    assert await weekly_pictures(session, MONDAY_0830) == 0
    assert await weekly_pictures(session, datetime(2027, 7, 5, 9, tzinfo=UTC)) == 0
    rows = await pictures(session)
    chats = sorted(r.chat_id for r in rows)
    assert chats == sorted(w.people[k].telegram_id for k in ("admin", "lead_it", "lead_post"))
    admin_row = next(r for r in rows if r.chat_id == w.people["admin"].telegram_id)
    # The week 28/06–04/07: B's report (late) arrived on 02/07.
    assert admin_row.payload["caption"].startswith("Tuần 2027-W26: 1 báo cáo mới (1 muộn)")
    stored = await session.get(OutboxFile, admin_row.id)
    assert Image.open(io.BytesIO(stored.data)).size == (1200, 900)
    post_row = next(r for r in rows if r.chat_id == w.people["lead_post"].telegram_id)
    assert "0 báo cáo mới" in post_row.payload["caption"]  # bưu chính saw nothing that week
    # Next Monday: a new week, a new picture.
    assert await weekly_pictures(session, datetime(2027, 7, 12, 1, 30, tzinfo=UTC)) == 3


async def test_a_person_can_turn_it_off(session):
    w = await seed_figures(session)
    await weekly.set_picture(session, w.people["lead_it"], False)
    assert await weekly_pictures(session, MONDAY_0830) == 2
    assert w.people["lead_it"].telegram_id not in {r.chat_id for r in await pictures(session)}
    assert not await weekly.wants_picture(session, w.people["lead_it"])


async def test_the_picture_day_is_a_hook_for_the_working_calendar(session, monkeypatch):
    await seed_figures(session)
    # A calendar that moves the picture to Tuesday (a public holiday on Monday).
    monkeypatch.setattr(weekly, "picture_day", lambda day: day.weekday() == 1)
    assert await weekly_pictures(session, MONDAY_0830) == 0
    assert await weekly_pictures(session, datetime(2027, 7, 6, 1, 30, tzinfo=UTC)) == 3
