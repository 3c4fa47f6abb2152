"""The header above everything the department sends (a văn bản from /broadcast, a thông báo such
as a campaign's launch or a moved deadline): who sends it, and its số hiệu and trích yếu when
given. One form for all of them, in the department's language (Vietnamese)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.i18n import Markup, Translator, escape
from handlers.texts import directives as _texts  # noqa: F401  (registers the texts)
from models import Member, Role, Unit

DOCUMENT = "directives.header"  # a văn bản an admin or a unit composed
NOTICE = "directives.header_notice"  # a thông báo the bot sends on the department's behalf


async def header(session: AsyncSession, sender: Member | None, *, kind: str = DOCUMENT,
                 number: str | None = None, title: str | None = None) -> Markup:
    """``📄 VĂN BẢN của Vụ Thi đua – Khen thưởng`` / ``Số: …`` / ``Trích yếu: …``.

    The sender is the department, or the unit of a sender who is not an administrator (the
    operator, ``sender=None``, speaks for the department)."""
    vi = Translator("vi")
    name: Markup = vi("directives.sender_department")
    if sender is not None and sender.role != Role.ADMIN and sender.unit_id is not None:
        unit = await session.get(Unit, sender.unit_id)
        if unit is not None:
            name = Markup(escape(unit.name))
    lines = [vi(kind, sender=name)]
    if number:
        lines.append(vi("directives.header_number", number=number))
    if title:
        lines.append(vi("directives.header_title", title=title))
    return Markup("\n".join(lines))
