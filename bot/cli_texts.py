"""What the command line says when it refuses, in the operator's language.

A refusal is the bot's own sentence for the same error (``error.<code>`` in the handlers' texts),
so the CLI and the bot never explain one problem two ways. The language is ``--lang`` (given
before the command: ``thidua --lang en invite create …``), else ``THIDUA_LANGUAGE``, else
Vietnamese. Terminal output is plain text: the texts' HTML is removed.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import handlers.root  # noqa: F401  (every area registers its texts on import)
from handlers.i18n import has, register, render
from models import Language
from services.errors import DomainError

TEXTS: dict[str, tuple[str, str]] = {
    "cli.cannot_read": ("Không đọc được tệp {file}: {reason}", "Cannot read {file}: {reason}"),
    "cli.bad_rows": (
        "{count} dòng có lỗi: chưa thay đổi gì (sửa các dòng này, hoặc thêm --skip-bad để nhập "
        "các dòng đúng).",
        "{count} bad row(s): nothing was changed (fix them, or use --skip-bad to import the "
        "good rows)."),
    "cli.invite_failed": ("Không tạo được lời mời: {reason}", "Cannot create the invite: {reason}"),
    "cli.invite_link": ("Đường dẫn mời: {link}", "Link: {link}"),
    "cli.invite_no_link": (
        "Đường dẫn mời: chưa có, vì cần tên bot (@username). Đặt THIDUA_BOT_TOKEN hoặc thêm "
        "--bot-username TÊN_BOT.",
        "Link: none yet, it needs the bot's @username. Set THIDUA_BOT_TOKEN or add "
        "--bot-username NAME."),
    "cli.invite_code": ("Mã mời: {code}  (người được mời gửi cho bot: /join {code})",
                        "Code: {code}  (the person sends /join {code} to the bot)"),
    "cli.invite_sandbox": (
        "Trong sandbox (thidua start): gõ :user Tên người được mời, rồi /join {code}.",
        "In the sandbox (thidua start): type :user Name of the person, then /join {code}."),
    "cli.invite_expires": ("Hết hạn: {when} (giờ {zone})", "Expires: {when} ({zone} time)"),
    "cli.campaign_problems": ("Không nhập được {file}: {count} lỗi, chưa thay đổi gì.",
                              "Cannot import {file}: {count} problem(s), nothing was changed."),
    "cli.campaign_failed": ("Không nhập được {file}: {reason}", "Cannot import {file}: {reason}"),
    "cli.launch_failed": ("Không phát động được {code}: {reason}", "Cannot launch {code}: {reason}"),
    "cli.no_campaign": ("Không có phong trào mã “{code}” (hãy nhập phong trào trước).",
                        "No campaign with the code “{code}” (import it first)."),
}
register(TEXTS)

chosen: str | None = None  # set by ``--lang``


def language(setting: Language | str) -> Language:
    """``--lang`` if given, else the setting."""
    return Language(chosen or setting)


def plain(text: str) -> str:
    """A text of the bot as a terminal shows it: without HTML tags and entities."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def say(key: str, lang: Language, **values: object) -> str:
    return plain(render(key, lang, **values))


def error(exc: DomainError, lang: Language) -> str:
    """The bot's sentence for ``exc``; its code when no text exists (a gap a test looks for)."""
    key = f"error.{exc.code}"
    if not has(key):
        return f"{exc.code} {exc.params or ''}".strip()
    try:
        return say(key, lang, **exc.params)
    except (KeyError, IndexError):
        return f"{exc.code} {exc.params or ''}".strip()


def row_error(row: int, reason: str, params: dict[str, object], lang: Language) -> str:
    """A bad row of a units file, as the bot words it ("Dòng 3: thiếu tên đơn vị")."""
    return say("unit_file.row", lang, row=row, reason=say(f"unit_file.{reason}", lang, **params))


def local_time(moment: datetime, timezone: str) -> tuple[str, str]:
    """(``17:00 06/12/2026``, ``Asia/Ho_Chi_Minh``): a moment as people there read it."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M %d/%m/%Y"), timezone
