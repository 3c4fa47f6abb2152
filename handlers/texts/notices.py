"""Texts of the notices: a registration waits for review, an invite was used, running campaigns."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "notice.registration_waiting": (
        "📝 Đăng ký thi đua số {number} của {unit} (phong trào “{title}”, lần gửi thứ {times}) "
        "đang chờ duyệt.",
        "📝 Registration no. {number} of {unit} (campaign “{title}”, submission {times}) "
        "awaits review.",
    ),
    "notice.invite_used": (
        "✉ Đồng chí {name} đã dùng mã mời và được cấp quyền: {role}, đơn vị: {unit}.",
        "✉ {name} used an invite and now has the role {role}, unit: {unit}.",
    ),
    "notice.running_title": (
        "<b>Phong trào thi đua đang diễn ra</b> ({count}). Đơn vị có thể đăng ký bằng nút "
        "bên dưới hoặc lệnh /register:",
        "<b>Campaigns running now</b> ({count}). Your unit can register with the buttons "
        "below or /register:",
    ),
    "notice.running_line": ("• {title} (<code>{code}</code>)", "• {title} (<code>{code}</code>)"),
}

register(TEXTS)
