"""Files of exemplars and nominations, kept durably: the bytes are stored once, addressed by their
SHA-256, so a file stays downloadable after Telegram's file_id would expire.

Type is checked on the bytes themselves (PDF, Word, Excel, JPEG, PNG), not on the name a person
gave; size against the configured limit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import AwardFile, FileBlob, FileOwner, FileRole
from services import audit
from services.errors import DomainError
from services.text import clean_line

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "png": "image/png",
}
PHOTO_TYPES = ("jpg", "png")
MAX_FILES_PER_OWNER = 10


def sniff(content: bytes, file_name: str = "") -> str | None:
    """The file's real type from its first bytes: a key of DOCUMENT_TYPES, or None."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: old Word or Excel
        return "xls" if file_name.lower().endswith(".xls") else "doc"
    if content.startswith(b"PK\x03\x04"):
        head = content[:4096]
        if b"word/" in head:
            return "docx"
        if b"xl/" in head:
            return "xlsx"
        lower = file_name.lower()
        return "docx" if lower.endswith(".docx") else "xlsx" if lower.endswith(".xlsx") else None
    return None


def check(content: bytes, file_name: str, *, role: FileRole, max_bytes: int) -> str:
    """The file's type, or DomainError ``award_file.*`` saying what is wrong."""
    if not content:
        raise DomainError("award_file.empty")
    if len(content) > max_bytes:
        raise DomainError("award_file.too_big", size_mb=f"{len(content) / 1048576:.1f}",
                          limit_mb=f"{max_bytes / 1048576:.0f}")
    kind = sniff(content, file_name)
    if kind is None:
        raise DomainError("award_file.bad_type", name=file_name or "—")
    if role is FileRole.PHOTO and kind not in PHOTO_TYPES:
        raise DomainError("award_file.not_photo", name=file_name or "—")
    return kind


async def store(
    session: AsyncSession,
    *,
    owner_kind: FileOwner,
    owner_id: int,
    role: FileRole,
    content: bytes,
    file_name: str,
    telegram_file_id: str = "",
    actor: int | None,
    max_bytes: int,
    replace: bool = False,
) -> AwardFile:
    """Keep ``content`` for the owner. With ``replace`` the owner's earlier files of that role
    are marked removed (kept for the record, no longer listed)."""
    kind = check(content, file_name, role=role, max_bytes=max_bytes)
    current = await files_of(session, owner_kind, owner_id)
    if not replace and len(current) >= MAX_FILES_PER_OWNER:
        raise DomainError("award_file.too_many", limit=MAX_FILES_PER_OWNER)
    sha = hashlib.sha256(content).hexdigest()
    if await session.get(FileBlob, sha) is None:
        session.add(FileBlob(sha256=sha, size=len(content), content=content))
        await session.flush()
    if replace:
        for old in current:
            if old.role is role:
                old.removed = True
                session.add(old)
    name = clean_line(file_name, limit=255) or f"{role.value}.{kind}"
    row = AwardFile(owner_kind=owner_kind, owner_id=owner_id, role=role, sha256=sha, file_name=name,
                    mime_type=DOCUMENT_TYPES[kind], size=len(content),
                    telegram_file_id=telegram_file_id[:255], uploaded_by=actor)
    session.add(row)
    await session.flush()
    await audit.record(session, actor=actor, action="awards.file.add", target=f"award_file:{row.id}",
                       owner=f"{owner_kind.value}:{owner_id}", role=role.value, sha256=sha,
                       size=len(content), name=name)
    return row


async def files_of(
    session: AsyncSession, owner_kind: FileOwner, owner_id: int, role: FileRole | None = None
) -> Sequence[AwardFile]:
    query = select(AwardFile).where(AwardFile.owner_kind == owner_kind, AwardFile.owner_id == owner_id,
                                    col(AwardFile.removed).is_(False))
    if role is not None:
        query = query.where(AwardFile.role == role)
    return (await session.exec(query.order_by(col(AwardFile.id)))).all()


async def files_of_many(
    session: AsyncSession, owner_kind: FileOwner, owner_ids: Sequence[int]
) -> dict[int, list[AwardFile]]:
    found: dict[int, list[AwardFile]] = {i: [] for i in owner_ids}
    if not owner_ids:
        return found
    rows = await session.exec(select(AwardFile).where(
        AwardFile.owner_kind == owner_kind, col(AwardFile.owner_id).in_(list(owner_ids)),
        col(AwardFile.removed).is_(False)).order_by(col(AwardFile.id)))
    for row in rows:
        found.setdefault(row.owner_id, []).append(row)
    return found


async def content_of(session: AsyncSession, sha256: str) -> bytes:
    blob = await session.get(FileBlob, sha256)
    if blob is None:
        raise DomainError("award_file.gone")
    return blob.content


async def store_generated(session: AsyncSession, content: bytes) -> str:
    """Keep bytes the bot made itself (a DOCX to send); returns their address."""
    sha = hashlib.sha256(content).hexdigest()
    if await session.get(FileBlob, sha) is None:
        session.add(FileBlob(sha256=sha, size=len(content), content=content))
        await session.flush()
    return sha
