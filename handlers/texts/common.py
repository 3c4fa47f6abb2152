"""Texts of the first conversation: welcome, help, language, cancel, feedback, audit, errors."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "common.welcome": (
        "Xin chào đồng chí {name}!\n\n"
        "Tôi là <b>ThiDua Bot</b>, trợ lý công tác thi đua – khen thưởng của ngành. Qua tôi, "
        "cán bộ phụ trách thi đua đăng ký thi đua, báo cáo tiến độ, đề nghị khen thưởng và nhận "
        "văn bản, thông báo của {department}; tôi cũng nhắc trước mỗi hạn.\n\n"
        "Để được cấp quyền, đồng chí vui lòng mở đường dẫn mời do {department_short} hoặc "
        "đơn vị đầu mối lĩnh vực gửi, hoặc gõ /join kèm mã mời.\n"
        "Gõ /help để xem những việc đồng chí có thể làm, /lang để đổi ngôn ngữ.",
        "Hello, {name}!\n\n"
        "I am <b>ThiDua Bot</b>, the assistant for the sector's emulation and reward work. "
        "Through me, emulation officers register for campaigns, report progress, nominate "
        "people for awards and receive the documents and notices of the {department}; I also "
        "remind you before every deadline.\n\n"
        "To get access, open the invite link sent by the {department_short} or your field's "
        "lead unit, or type /join followed by the invite code.\n"
        "Type /help to see what you can do, /lang to change the language.",
    ),
    "common.welcome_member": (
        "Xin chào đồng chí {name}!\nĐồng chí đang dùng ThiDua Bot với vai trò: {role}. "
        "Chọn việc cần làm bên dưới, hoặc gõ /help để xem tất cả các lệnh.",
        "Hello, {name}!\nYou are using ThiDua Bot as: {role}. Choose below what to do, "
        "or type /help to see every command.",
    ),
    "common.help_title": (
        "<b>Các lệnh đồng chí có thể dùng</b> (vai trò: {role})",
        "<b>Commands available to you</b> (role: {role})",
    ),
    "common.help_stranger_hint": (
        "Đồng chí chưa được cấp quyền. Vui lòng mở đường dẫn mời hoặc gõ /join kèm mã mời "
        "do {department} cung cấp.",
        "You do not have access yet. Open your invite link, or type /join with the code "
        "the {department} gave you.",
    ),
    "role.stranger": ("Chưa được cấp quyền", "No access yet"),
    "role.officer": ("Cán bộ thi đua", "Emulation officer"),
    "role.council": ("Thành viên Hội đồng", "Council member"),
    "role.field_lead": ("Cán bộ đầu mối lĩnh vực", "Field lead"),
    "role.admin": ("Quản trị viên", "Administrator"),
    "menu.start": ("Bắt đầu, giới thiệu bot", "Start and introduction"),
    "menu.help": ("Các việc đồng chí có thể làm", "What you can do"),
    "menu.lang": ("Đổi ngôn ngữ (Tiếng Việt / English)", "Change language"),
    "menu.cancel": ("Hủy thao tác đang làm", "Cancel the current step"),
    "menu.feedback": ("Gửi góp ý về bot", "Send feedback about the bot"),
    "menu.audit": ("Nhật ký thay đổi gần nhất", "Latest audit entries"),
    "common.lang_choose": ("Vui lòng chọn ngôn ngữ:", "Please choose a language:"),
    "common.lang_set": (
        "Đã chuyển sang tiếng Việt.",
        "Language set to English.",
    ),
    "common.cancelled": ("Đã hủy thao tác. Gõ /help để xem các lệnh.",
                         "Cancelled. Type /help to see the commands."),
    "common.nothing_to_cancel": ("Hiện không có thao tác nào đang dở.",
                                 "There is nothing to cancel."),
    "common.unknown_command": (
        "Lệnh /{command} không có trong danh sách. Gõ /help để xem các lệnh đồng chí có thể dùng.",
        "There is no /{command} command. Type /help to see the commands you can use.",
    ),
    "common.stray_message": (
        "Tôi chưa hiểu yêu cầu này. Vui lòng dùng một lệnh, ví dụ /help.",
        "I did not understand that. Please use a command, for example /help.",
    ),
    "common.stale_button": (
        "Nút này đã hết hiệu lực. Vui lòng thao tác lại từ đầu.",
        "This button is no longer valid. Please start again.",
    ),
    "common.outdated_button": (
        "Nút này thuộc một tin nhắn cũ. Vui lòng dùng tin nhắn mới nhất.",
        "This button belongs to an older message. Please use the latest one.",
    ),
    "common.access_denied": (
        "Xin lỗi, đồng chí không có quyền thực hiện thao tác này.",
        "Sorry, you are not allowed to do this.",
    ),
    "common.internal_error": (
        "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Dữ liệu đồng chí đã nhập vẫn được giữ; "
        "vui lòng thử lại sau ít phút.",
        "Sorry, something went wrong while handling your request. What you entered is kept; "
        "please try again in a few minutes.",
    ),
    "common.slow_down": (
        "Đồng chí đang gửi quá nhanh. Vui lòng đợi {seconds} giây rồi thử lại.",
        "You are sending too fast. Please wait {seconds} seconds and try again.",
    ),
    "common.private_only": (
        "Vui lòng dùng lệnh này trong tin nhắn riêng với bot.",
        "Please use this command in a private chat with the bot.",
    ),
    "common.text_expected": (
        "Vui lòng gửi nội dung dạng văn bản.",
        "Please send text.",
    ),
    "common.text_empty": ("Nội dung không được để trống.", "The text cannot be empty."),
    "common.text_too_long": (
        "Nội dung quá dài ({length} ký tự). Vui lòng rút gọn còn tối đa {limit} ký tự.",
        "The text is too long ({length} characters). Please keep it within {limit}.",
    ),
    "feedback.ask": (
        "Vui lòng gửi nội dung góp ý trong một tin nhắn (tối đa {limit} ký tự). "
        "Gõ /cancel để hủy.",
        "Please send your feedback in one message (at most {limit} characters). "
        "Type /cancel to stop.",
    ),
    "feedback.thanks": (
        "Cảm ơn đồng chí. Góp ý số {number} đã được ghi nhận:\n\n<blockquote>{text}</blockquote>",
        "Thank you. Feedback no. {number} was recorded:\n\n<blockquote>{text}</blockquote>",
    ),
    "feedback.to_admin": (
        "📨 Góp ý số {number} từ {name}:\n\n<blockquote>{text}</blockquote>",
        "📨 Feedback no. {number} from {name}:\n\n<blockquote>{text}</blockquote>",
    ),
    "audit.title": ("<b>Nhật ký gần nhất</b> (trang {page}/{pages})",
                    "<b>Latest audit entries</b> (page {page}/{pages})"),
    "audit.empty": ("Chưa có mục nhật ký nào.", "No audit entries yet."),
    "audit.line": ("{time} · {actor} · {action} {target} {outcome}",
                   "{time} · {actor} · {action} {target} {outcome}"),
    "audit.bot": ("ThiDua Bot", "ThiDua Bot"),
    "audit.someone": ("Người dùng {id}", "User {id}"),
    "nav.prev": ("◀ Trước", "◀ Previous"),
    "nav.next": ("Sau ▶", "Next ▶"),
    "nav.back": ("◀ Quay lại", "◀ Back"),
    "nav.cancel": ("✖ Hủy", "✖ Cancel"),
    "nav.confirm": ("✔ Xác nhận", "✔ Confirm"),
}

register(TEXTS)
