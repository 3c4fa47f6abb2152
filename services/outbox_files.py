"""Queueing a generated file (a chart as a photo, a spreadsheet as a document) in the outbox.

The file's bytes are stored with the row (models.outbox_files) in the caller's transaction; the
sender uploads them by multipart and deletes them once the row is final. Telegram's limits are
checked here, so a file that could never be sent is refused before it is queued.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import OutboxFile, OutboxMessage, OutboxMethod, Priority
from services.errors import DomainError
from services.outbox import KeyboardJSON, enqueue

# Telegram's limits for a bot's multipart upload (Bot API, "Sending files").
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_CAPTION = 1024
FILE_METHODS = frozenset({OutboxMethod.SEND_PHOTO, OutboxMethod.SEND_DOCUMENT,
                          OutboxMethod.EDIT_MESSAGE_MEDIA})

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG_MIME = "image/png"


@dataclass(frozen=True, slots=True)
class StoredFile:
    filename: str
    mime_type: str
    data: bytes


def _check(method: OutboxMethod, data: bytes, caption: str | None) -> None:
    if not data:
        raise DomainError("file.empty")
    limit = MAX_DOCUMENT_BYTES if method == OutboxMethod.SEND_DOCUMENT else MAX_PHOTO_BYTES
    if len(data) > limit:
        raise DomainError("file.too_big", size_mb=round(len(data) / 1048576, 1),
                          limit_mb=limit // 1048576)
    if caption is not None and len(caption) > MAX_CAPTION:
        # Telegram counts the caption after parsing entities; the raw HTML is never shorter.
        raise ValueError(f"caption of {len(caption)} characters exceeds {MAX_CAPTION}")


async def enqueue_file(
    session: AsyncSession,
    chat_id: int,
    method: OutboxMethod,
    data: bytes,
    filename: str,
    *,
    mime_type: str,
    caption: str | None = None,
    keyboard: KeyboardJSON | None = None,
    priority: int = Priority.REPLY,
    dedupe_key: str | None = None,
    ref: str | None = None,
    source_update_id: int | None = None,
    message_id: int | None = None,
) -> OutboxMessage | None:
    """Queue ``data`` as a photo (``SEND_PHOTO``), document (``SEND_DOCUMENT``) or a photo
    replacing the one of message ``message_id`` (``EDIT_MESSAGE_MEDIA``).

    Raises DomainError ``file.too_big`` / ``file.empty`` for a file Telegram would refuse. With a
    ``dedupe_key`` already queued nothing is added and None is returned.
    """
    if method not in FILE_METHODS:
        raise ValueError(f"{method} does not carry a file")
    _check(method, data, caption)
    payload: dict[str, Any] = {
        "caption": caption, "keyboard": keyboard,
        "upload": {"filename": filename, "size": len(data)}, "message_id": message_id,
    }
    row = await enqueue(session, chat_id, method, payload, priority=priority,
                        dedupe_key=dedupe_key, ref=ref, source_update_id=source_update_id)
    if row is None:
        return None
    await session.flush()  # the file row needs the outbox row's id
    assert row.id is not None
    session.add(OutboxFile(outbox_id=row.id, filename=filename, mime_type=mime_type,
                           size=len(data), data=data))
    return row


async def enqueue_photo(session: AsyncSession, chat_id: int, png: bytes, *,
                        caption: str | None = None, keyboard: KeyboardJSON | None = None,
                        filename: str = "chart.png", **options: Any) -> OutboxMessage | None:
    return await enqueue_file(session, chat_id, OutboxMethod.SEND_PHOTO, png, filename,
                              mime_type=PNG_MIME, caption=caption, keyboard=keyboard, **options)


async def enqueue_document(session: AsyncSession, chat_id: int, data: bytes, filename: str, *,
                           mime_type: str = XLSX_MIME, caption: str | None = None,
                           keyboard: KeyboardJSON | None = None,
                           **options: Any) -> OutboxMessage | None:
    return await enqueue_file(session, chat_id, OutboxMethod.SEND_DOCUMENT, data, filename,
                              mime_type=mime_type, caption=caption, keyboard=keyboard, **options)


async def edit_photo(session: AsyncSession, chat_id: int, message_id: int, png: bytes, *,
                     caption: str | None = None, keyboard: KeyboardJSON | None = None,
                     filename: str = "chart.png", **options: Any) -> OutboxMessage | None:
    """Redraw a photo message in place (editMessageMedia with a new upload)."""
    return await enqueue_file(session, chat_id, OutboxMethod.EDIT_MESSAGE_MEDIA, png, filename,
                              mime_type=PNG_MIME, caption=caption, keyboard=keyboard,
                              message_id=message_id, **options)


async def load(session: AsyncSession, outbox_id: int) -> StoredFile | None:
    """The file an outbox row uploads (None once it was cleaned up)."""
    row = await session.get(OutboxFile, outbox_id)
    if row is None:
        return None
    return StoredFile(row.filename, row.mime_type, bytes(row.data))


async def discard(session: AsyncSession, outbox_ids: Iterable[int]) -> None:
    """Delete the files of rows that are final (sent, failed or cancelled)."""
    ids = list(outbox_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        await session.exec(delete(OutboxFile).where(col(OutboxFile.outbox_id).in_(chunk)))


async def pending_files(session: AsyncSession) -> int:
    """How many files still wait to be sent (for tests and health checks)."""
    result = await session.exec(select(OutboxFile.outbox_id))
    return len(result.all())
