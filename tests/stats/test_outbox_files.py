"""Files through the outbox: photos and documents uploaded by multipart, retried, never twice,
and their stored bytes removed once the row is settled. Both gateways, the real emulator."""

from __future__ import annotations

import io

import pytest
from sqlmodel import select

from models import OutboxFile, OutboxMessage, OutboxMethod, OutboxStatus
from services import outbox_files
from services.errors import DomainError
from tests.conftest import Stack


def png_bytes(width: int = 640, height: int = 400) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


async def started(stack: Stack, name: str):
    """A person who has opened the chat with the bot (Telegram refuses to write first)."""
    person = await stack.user(name)
    await person.send("/start")
    await person.next_message()
    return person


async def queue(stack: Stack, chat_id: int, method: OutboxMethod, data: bytes, name: str,
                caption: str | None = None) -> int:
    async with stack.session_factory() as session, session.begin():
        mime = outbox_files.PNG_MIME if method == OutboxMethod.SEND_PHOTO else outbox_files.XLSX_MIME
        row = await outbox_files.enqueue_file(session, chat_id, method, data, name,
                                              mime_type=mime, caption=caption)
        assert row is not None and row.id is not None
        row_id = row.id
    assert stack.runtime.sender is not None
    stack.runtime.sender.wake()
    return row_id


async def outcome(stack: Stack, row_id: int) -> tuple[OutboxMessage, OutboxFile | None]:
    async with stack.session_factory() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None
        stored = (await session.exec(select(OutboxFile).where(OutboxFile.outbox_id == row_id))).first()
        return row, stored


async def test_photo_is_uploaded_by_multipart_and_its_file_cleaned_up(stack):
    an = await started(stack, "Ngô An")
    png = png_bytes(800, 500)
    row_id = await queue(stack, an.id, OutboxMethod.SEND_PHOTO, png, "bieu-do.png",
                         caption="Tỷ lệ hoàn thành: <b>72%</b>")
    msg = await an.next_message(timeout=10)
    assert msg.caption == "Tỷ lệ hoàn thành: 72%"
    assert msg.photo and msg.photo[-1]["width"] == 800 and msg.photo[-1]["height"] == 500
    call = stack.emu.calls_to("sendPhoto", ok=True)[-1]
    assert call.params["photo"].data == png  # the very bytes, as a multipart file part
    await stack.settle()
    row, stored = await outcome(stack, row_id)
    assert row.status == OutboxStatus.SENT and row.message_id == msg.message_id
    assert stored is None


async def test_document_keeps_its_name_and_bytes(stack):
    an = await started(stack, "Lê Bình")
    data = b"PK\x03\x04" + bytes(range(256)) * 40
    await queue(stack, an.id, OutboxMethod.SEND_DOCUMENT, data, "bao-cao-tien-do.xlsx",
                caption="Báo cáo tiến độ")
    msg = await an.next_message(timeout=10)
    assert msg.document is not None and msg.document["file_name"] == "bao-cao-tien-do.xlsx"
    assert stack.emu.files[msg.document["file_id"]].data == data


@pytest.mark.parametrize("fault", ["drop", "502"])
@pytest.mark.parametrize("method", [OutboxMethod.SEND_PHOTO, OutboxMethod.SEND_DOCUMENT])
async def test_an_upload_that_fails_midway_is_retried_and_arrives_once(stack, fault, method):
    an = await started(stack, "Trần Cường")
    api = "sendPhoto" if method == OutboxMethod.SEND_PHOTO else "sendDocument"
    stack.emu.faults.add(fault, methods={api.lower()}, count=1)
    data, name = ((png_bytes(), "bieu-do.png") if method == OutboxMethod.SEND_PHOTO
                  else (b"x" * 300_000, "dl.xlsx"))
    row_id = await queue(stack, an.id, method, data, name)
    await an.next_message(timeout=15)
    await stack.settle(timeout=15)
    arrived = [m for m in an.inbox() if (m.photo if method == OutboxMethod.SEND_PHOTO else m.document)]
    assert len(arrived) == 1
    calls = stack.emu.calls_to(api)
    assert [c.ok for c in calls] == [False, True]
    row, stored = await outcome(stack, row_id)
    assert row.status == OutboxStatus.SENT and row.attempts == 2 and stored is None


async def test_the_emulator_refuses_what_telegram_refuses(stack):
    an = await started(stack, "Phạm Dung")
    # A photo that is not an image, and one too narrow for Telegram (ratio above 20).
    bad = await queue(stack, an.id, OutboxMethod.SEND_PHOTO, b"not an image at all", "x.png")
    thin = await queue(stack, an.id, OutboxMethod.SEND_PHOTO, png_bytes(2100, 100), "thin.png")
    await stack.settle()
    for row_id, reason in ((bad, "IMAGE_PROCESS_FAILED"), (thin, "PHOTO_INVALID_DIMENSIONS")):
        row, stored = await outcome(stack, row_id)
        assert row.status == OutboxStatus.FAILED and reason.lower() in (row.error or "").lower()
        assert stored is None  # a failed row keeps nothing either
    rejected = stack.emu.unexpected_rejections()
    assert {c.description for c in rejected} == {"Bad Request: IMAGE_PROCESS_FAILED",
                                                 "Bad Request: PHOTO_INVALID_DIMENSIONS"}
    for call in rejected:
        call.provoked = True  # on purpose: not an unexpected rejection


async def test_the_service_refuses_files_telegram_would_refuse(session):
    with pytest.raises(DomainError) as big:
        await outbox_files.enqueue_photo(session, 1, b"x" * (10 * 1024 * 1024 + 1))
    assert big.value.code == "file.too_big" and big.value.params["limit_mb"] == 10
    with pytest.raises(DomainError):
        await outbox_files.enqueue_document(session, 1, b"x" * (50 * 1024 * 1024 + 1), "a.xlsx")
    with pytest.raises(DomainError):
        await outbox_files.enqueue_document(session, 1, b"", "a.xlsx")
    assert await outbox_files.pending_files(session) == 0
