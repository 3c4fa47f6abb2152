"""Shared pieces of the people area (units, invites, members, groups): buttons, names, notices."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import menu
from handlers.chat import Button, Page
from handlers.i18n import Markup, Translator
from handlers.labels import BUTTON_CHARS, button_label
from handlers.texts import people as _texts  # noqa: F401  (registers the texts)
from models import EmulationField, Member, OutboxMethod, Priority, Role, Unit
from services import outbox
from services.errors import DomainError
from services.text import fold

CALLBACK_MAX_BYTES = 64


def cb(prefix: str, *parts: object) -> str:
    """Callback data ``prefix:a:b``; the LAST part is cut (whole characters) to fit 64 bytes."""
    head = ":".join([prefix, *(str(p) for p in parts[:-1])])
    if not parts:
        return head
    last = str(parts[-1]).replace(":", " ")[:CALLBACK_MAX_BYTES]  # longer never fits
    data = f"{head}:{last}"
    while len(data.encode()) > CALLBACK_MAX_BYTES:
        last = last[:-1]
        data = f"{head}:{last}"
    return data


def query_token(query: str) -> str:
    """A search as it travels in callback data: folded (ASCII for Vietnamese), no colons."""
    return fold(query).replace(":", " ")[:40]


def int_arg(data: Sequence[str], index: int, default: int | None = None) -> int | None:
    try:
        return int(data[index])
    except (IndexError, ValueError):
        return default


def nav_row(t: Translator, page: Page, data_for: Callable[[int], str]) -> list[Button]:
    row: list[Button] = []
    if page.has_prev:
        row.append(Button(t("nav.prev"), callback_data=data_for(page.number - 1)))
    if page.has_next:
        row.append(Button(t("nav.next"), callback_data=data_for(page.number + 1)))
    return row


def page_of(total: int, number: int, per_page: int) -> Page:
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    return Page([], number, pages, total)


def short(text: str, limit: int = BUTTON_CHARS) -> str:
    return button_label(text, limit)


def unit_label(unit: Unit | None, t: Translator) -> str:
    if unit is None:
        return str(t("people.no_unit"))
    return f"{unit.code} — {unit.name}"


def field_name(field: EmulationField, t: Translator) -> str:
    return field.name_en if t.is_en else field.name_vi


def field_names(codes: Sequence[str], fields: Sequence[EmulationField], t: Translator) -> str:
    by_code = {f.code: f for f in fields}
    names = [field_name(by_code[c], t) if c in by_code else c for c in codes]
    return "; ".join(names) if names else str(t("people.none"))


def role_name(role: Role, t: Translator) -> Markup:
    return t(f"role.{role}")


def error_text(error: DomainError, t: Translator) -> Markup:
    key = f"error.{error.code}"
    return t(key, **error.params)


async def refresh_menu(session: AsyncSession, member: Member) -> None:
    """Queue the person's command menu; a deactivated person sees the stranger's menu."""
    if member.is_active:
        await menu.refresh(session, member)
        return
    shadow = Member(telegram_id=member.telegram_id, language=member.language, role=Role.STRANGER)
    await menu.refresh(session, shadow)


async def tell(session: AsyncSession, member: Member, key: str, *, source_update_id: int | None,
               **values: object) -> None:
    """Queue a notice to a person in their own language (skipped if they blocked the bot)."""
    if member.blocked_bot:
        return
    t = Translator(member.language)
    await outbox.enqueue(session, member.telegram_id, OutboxMethod.SEND_MESSAGE,
                         {"text": t(key, **values)}, priority=Priority.NOTICE,
                         source_update_id=source_update_id)
