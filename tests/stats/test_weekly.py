"""The Monday picture: once per person per week, admins and field leads only, can be turned off."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from PIL import Image
from sqlmodel import select

from models import DayKind, OutboxFile, OutboxMessage, OutboxMethod
from scheduler.weekly import weekly_pictures
from services import weekly, workdays

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
    caption = admin_row.payload["caption"]
    assert caption.startswith("Tuần 28/06–04/07/2027: 1 báo cáo mới (1 muộn)"), caption
    assert "W26" not in caption and "0.0" not in caption  # the week and numbers in people's words
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


async def test_a_public_holiday_monday_moves_the_picture_to_tuesday(session):
    await seed_figures(session)
    # The government gives Monday 05/07/2027 off: the week's first working day is Tuesday.
    await workdays.set_day(session, actor=None, day=date(2027, 7, 5), kind=DayKind.OFF,
                           reason="Nghỉ bù", now=datetime(2027, 6, 1, tzinfo=UTC))
    assert await weekly_pictures(session, MONDAY_0830) == 0
    assert await weekly_pictures(session, datetime(2027, 7, 6, 1, 30, tzinfo=UTC)) == 3
    # Wednesday of the same week: already sent, and not the picture day anyway.
    assert await weekly_pictures(session, datetime(2027, 7, 7, 1, 30, tzinfo=UTC)) == 0


async def test_no_picture_on_a_monday_of_the_tet_break(session):
    await seed_figures(session)
    # Tết 2027 (holidays package): Monday 08/02/2027 is a day off; Thursday 11/02 is the first
    # working day of that week.
    assert await weekly_pictures(session, datetime(2027, 2, 8, 1, 30, tzinfo=UTC)) == 0
    assert await weekly_pictures(session, datetime(2027, 2, 11, 1, 30, tzinfo=UTC)) == 3
