"""/weekly off and on, end to end on both gateways: the Monday sweep then leaves the person out,
or sends them the picture again."""

from __future__ import annotations

from datetime import UTC, datetime

from models import Role
from scheduler.weekly import weekly_pictures

MONDAY_0830 = datetime(2027, 7, 5, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội
NEXT_MONDAY_0830 = datetime(2027, 7, 12, 1, 30, tzinfo=UTC)


async def sweep(stack, now: datetime) -> int:
    async with stack.session_factory() as session, session.begin():
        sent = await weekly_pictures(session, now)
    assert stack.runtime.sender is not None
    stack.runtime.sender.wake()
    await stack.settle(timeout=20)
    return sent


async def test_weekly_off_leaves_the_person_out_and_on_brings_the_picture_back(stack):
    admin = await stack.user("Nguyễn Quản Trị", role=Role.ADMIN)
    lead = await stack.user("Lê Trưởng Ngành", role=Role.FIELD_LEAD, unit="A", field="ung_dung_cntt")
    await admin.send("/weekly")
    assert (await admin.next_message(timeout=15)).text.startswith("Ảnh tổng hợp sáng thứ Hai đang bật")
    await lead.send("/weekly off")
    assert (await lead.next_message(timeout=15)).text.startswith("Đã tắt ảnh tổng hợp sáng thứ Hai")
    assert await sweep(stack, MONDAY_0830) == 1
    picture = await admin.next_message(timeout=15)
    assert picture.photo and "Tắt ảnh này: /weekly off" in picture.caption
    assert not [m for m in lead.inbox() if m.photo]
    await lead.send("/weekly on")
    assert (await lead.next_message(timeout=15)).text.startswith("Đã bật")
    assert await sweep(stack, NEXT_MONDAY_0830) == 2
    assert len([m for m in lead.inbox() if m.photo]) == 1
    assert len([m for m in admin.inbox() if m.photo]) == 2
