"""Texts of the main menu (/start, /menu) and its entries."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "menu.menu": ("Danh mục các việc có thể làm", "Menu of what you can do"),
    "mm.title": ("<b>Đồng chí muốn làm gì?</b>", "<b>What would you like to do?</b>"),
    "mm.nothing": (
        "Hiện chưa có việc nào đồng chí có thể làm. Vui lòng gõ /join kèm mã mời để được cấp quyền.",
        "There is nothing you can do yet. Type /join with your invite code to get access.",
    ),
    "mm.report": ("📊 Báo cáo tiến độ", "📊 Report progress"),
    "mm.register": ("📝 Đăng ký thi đua", "📝 Register"),
    "mm.status": ("📈 Tình hình đơn vị", "📈 Unit status"),
    "mm.campaigns": ("🏁 Phong trào thi đua", "🏁 Campaigns"),
    "mm.campaign_new": ("➕ Tạo phong trào", "➕ New campaign"),
    "mm.review": ("✔ Duyệt đăng ký", "✔ Review registrations"),
    "mm.missing": ("⏰ Đơn vị chưa nộp", "⏰ Units not reported"),
    "mm.broadcast": ("📣 Gửi văn bản", "📣 Send a document"),
    "mm.directives": ("📂 Văn bản đã gửi", "📂 Documents sent"),
    "mm.units": ("🏢 Đơn vị", "🏢 Units"),
    "mm.members": ("👥 Thành viên", "👥 Members"),
    "mm.invite": ("✉ Mời tham gia", "✉ Invite"),
    "mm.groups": ("💬 Nhóm", "💬 Groups"),
    "mm.audit": ("🗒 Nhật ký", "🗒 Audit log"),
    "mm.me": ("👤 Thông tin của tôi", "👤 My account"),
    "mm.help": ("❓ Hướng dẫn", "❓ Help"),
}

register(TEXTS)
