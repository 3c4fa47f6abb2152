"""What the scheduler's own messages say (the sender's progress message), in both languages.

The scheduler sits beside the handlers, not above them, so it keeps its few texts here.
"""

from __future__ import annotations

import html
from typing import Any

TEXTS: dict[str, tuple[str, str]] = {
    "progress.running": (
        "📤 Đang gửi văn bản {label}: {done}/{total}\n"
        "Đã gửi: {sent} · Lỗi: {failed} · Chặn bot/không còn trong nhóm: {blocked} · "
        "Đang chờ: {pending}",
        "📤 Sending {label}: {done}/{total}\n"
        "Sent: {sent} · Failed: {failed} · Blocked the bot/bot removed: {blocked} · "
        "Waiting: {pending}",
    ),
    "progress.finished": (
        "✅ Đã gửi xong văn bản {label}.\nThời gian gửi: {elapsed}.\n"
        "Người nhận: {total} · Đã gửi: {sent} · Lỗi: {failed} · "
        "Chặn bot/không còn trong nhóm: {blocked} · Đã hủy: {cancelled}\n"
        "Xem ai chưa bấm “Đã nhận”: /directives",
        "✅ Finished sending document {label}.\nTime taken: {elapsed}.\n"
        "Recipients: {total} · Sent: {sent} · Failed: {failed} · "
        "Blocked the bot/bot removed: {blocked} · Cancelled: {cancelled}\n"
        "See who has not acknowledged: /directives",
    ),
    "progress.stopped": (
        "⛔ Đã dừng gửi văn bản {label}.\nThời gian đã gửi: {elapsed}.\n"
        "Người nhận: {total} · Đã gửi: {sent} · Lỗi: {failed} · "
        "Chặn bot/không còn trong nhóm: {blocked} · Đã hủy: {cancelled}",
        "⛔ Stopped sending document {label}.\nTime spent: {elapsed}.\n"
        "Recipients: {total} · Sent: {sent} · Failed: {failed} · "
        "Blocked the bot/bot removed: {blocked} · Cancelled: {cancelled}",
    ),
}


def render(key: str, language: str, /, **values: Any) -> str:
    vi, en = TEXTS[key]
    template = en if language == "en" else vi
    return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})
