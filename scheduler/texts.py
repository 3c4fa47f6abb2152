"""What the scheduler's own messages say (the sender's progress message), in both languages.

The scheduler sits beside the handlers, not above them, so it keeps its few texts here.
"""

from __future__ import annotations

import html
from typing import Any

TEXTS: dict[str, tuple[str, str]] = {
    "progress.running": (
        "📤 Đang gửi {kind} {label}: {done}/{total}\n"
        "Đã gửi: {sent} · Lỗi: {failed} · Chặn bot/không còn trong nhóm: {blocked} · "
        "Đang chờ: {pending}",
        "📤 Sending {kind} {label}: {done}/{total}\n"
        "Sent: {sent} · Failed: {failed} · Blocked the bot/bot removed: {blocked} · "
        "Waiting: {pending}",
    ),
    "progress.finished": (
        "✅ Đã gửi xong {kind} {label}.\nThời gian gửi: {elapsed}.\n{counts}\n"
        "Xem ai chưa bấm “Đã nhận”: /directives",
        "✅ Finished sending {kind} {label}.\nTime taken: {elapsed}.\n{counts}\n"
        "See who has not acknowledged: /directives",
    ),
    "progress.stopped": (
        "⛔ Đã dừng gửi {kind} {label}.\nThời gian đã gửi: {elapsed}.\n{counts}",
        "⛔ Stopped sending {kind} {label}.\nTime spent: {elapsed}.\n{counts}",
    ),
    # The final counts: recipients and sent always, the others only when not zero.
    "count.total": ("Người nhận: {n}", "Recipients: {n}"),
    "count.sent": ("Đã gửi: {n}", "Sent: {n}"),
    "count.failed": ("Lỗi: {n}", "Failed: {n}"),
    "count.blocked": ("Chặn bot/không còn trong nhóm: {n}", "Blocked the bot/bot removed: {n}"),
    "count.cancelled": ("Đã hủy: {n}", "Cancelled: {n}"),
    "kind.document": ("văn bản", "document"),
    "kind.notice": ("thông báo", "notice"),
}


def render(key: str, language: str, /, **values: Any) -> str:
    vi, en = TEXTS[key]
    template = en if language == "en" else vi
    return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})
