"""Texts of directives: composing a broadcast, the register, acknowledgements and reminders."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "menu.broadcast": ("Gửi văn bản, thông báo", "Send a document or notice"),
    "menu.directives": ("Sổ văn bản đã gửi: đã gửi, đã nhận, hẹn giờ",
                        "Documents sent: delivery, acknowledgements, schedule"),
    # -- composing ----------------------------------------------------------------------------
    "directives.ask_content": (
        "<b>Gửi văn bản, thông báo</b>\n"
        "Vui lòng soạn hoặc chuyển tiếp vào đây đúng tin nhắn cần gửi: văn bản, tệp hoặc ảnh "
        "kèm chú thích. Người nhận sẽ nhận nguyên văn tin nhắn đó.\n"
        "Gõ /cancel để hủy.",
        "<b>Send a document or notice</b>\n"
        "Please write or forward here the exact message to send: text, a document or a photo "
        "with a caption. Recipients get that message as it is.\n"
        "Type /cancel to stop.",
    ),
    "directives.content_kind": (
        "Tin nhắn này không gửi đi được. Vui lòng gửi nội dung chữ, tệp hoặc ảnh "
        "kèm chú thích.",
        "This message cannot be broadcast. Please send text, a document or a photo with a "
        "caption.",
    ),
    "directives.audience_title": (
        "<b>Chọn người nhận</b>\n{summary}\n\n"
        "Khi chọn nhiều tiêu chí, văn bản chỉ gửi tới người đáp ứng tất cả các tiêu chí đó "
        "(ví dụ: chọn lĩnh vực Bưu chính và vai trò cán bộ thi đua thì chỉ cán bộ thi đua của "
        "các đơn vị lĩnh vực Bưu chính nhận được). Chọn xong, bấm “Tiếp tục”.",
        "<b>Choose the recipients</b>\n{summary}\n\n"
        "With several criteria, only people who meet all of them receive it (e.g. the Postal "
        "field and the officer role: the officers of postal units). When done, press "
        "“Continue”.",
    ),
    "directives.pick_fields": ("<b>Chọn lĩnh vực</b> (bấm để chọn/bỏ chọn):",
                               "<b>Choose fields</b> (press to select/unselect):"),
    "directives.pick_units": ("<b>Chọn đơn vị</b> (trang {page}/{pages}, bấm để chọn/bỏ chọn):",
                              "<b>Choose units</b> (page {page}/{pages}, press to select/unselect):"),
    "directives.pick_roles": ("<b>Chọn vai trò</b> (bấm để chọn/bỏ chọn):",
                              "<b>Choose roles</b> (press to select/unselect):"),
    "directives.pick_groups": ("<b>Chọn nhóm</b> (trang {page}/{pages}, bấm để chọn/bỏ chọn):",
                               "<b>Choose groups</b> (page {page}/{pages}, press to select/unselect):"),
    "directives.none_to_pick": ("Chưa có mục nào để chọn.", "Nothing to choose from yet."),
    "directives.btn_everyone": ("🌐 Tất cả", "🌐 Everyone"),
    "directives.btn_fields": ("🏷 Lĩnh vực ({n})", "🏷 Fields ({n})"),
    "directives.btn_units": ("🏢 Đơn vị ({n})", "🏢 Units ({n})"),
    "directives.btn_roles": ("👤 Vai trò ({n})", "👤 Roles ({n})"),
    "directives.btn_groups": ("👥 Nhóm ({n})", "👥 Groups ({n})"),
    "directives.btn_subscribed_on": ("☑ Kèm nhóm theo lĩnh vực", "☑ With the fields' groups"),
    "directives.btn_subscribed_off": ("☐ Kèm nhóm theo lĩnh vực", "☐ With the fields' groups"),
    "directives.btn_continue": ("Tiếp tục ▶", "Continue ▶"),
    "directives.btn_meta": ("✏️ Số hiệu, trích yếu", "✏️ Number and title"),
    "directives.btn_when": ("⏰ Hẹn giờ gửi", "⏰ Schedule"),
    "directives.btn_now": ("📤 Gửi ngay", "📤 Send now instead"),
    "directives.btn_audience": ("👥 Sửa người nhận", "👥 Change recipients"),
    "directives.btn_confirm_now": ("✔ Xác nhận gửi ngay", "✔ Confirm: send now"),
    "directives.btn_confirm_at": ("✔ Xác nhận hẹn giờ", "✔ Confirm schedule"),
    "directives.summary_none": ("Chưa chọn người nhận.", "No recipients chosen yet."),
    "directives.summary_everyone": ("Tất cả cán bộ", "Every member"),
    "directives.summary_everyone_groups": ("Tất cả cán bộ và các nhóm", "Every member and group"),
    "directives.summary_fields": ("Lĩnh vực: {items}", "Fields: {items}"),
    "directives.summary_units": ("Đơn vị: {items}", "Units: {items}"),
    "directives.summary_roles": ("Vai trò: {items}", "Roles: {items}"),
    "directives.summary_groups": ("Nhóm: {items}", "Groups: {items}"),
    "directives.summary_subscribed": ("Kèm các nhóm đã đăng ký lĩnh vực",
                                      "With the groups subscribed to the fields"),
    "directives.no_audience": ("Vui lòng chọn ít nhất một nhóm người nhận.",
                               "Please choose at least one set of recipients."),
    "directives.empty_audience": (
        "Lựa chọn này chưa có người nhận nào. Vui lòng chọn lại.",
        "Nobody matches this choice. Please choose again.",
    ),
    "directives.preview": (
        "<b>Xem lại trước khi gửi</b>\n"
        "Nội dung: {content}\n"
        "Số hiệu: {number}\nTrích yếu: {title}\n"
        "Người nhận: {summary}\n"
        "Tổng cộng: <b>{people}</b> người, <b>{groups}</b> nhóm\n"
        "Thời điểm gửi: <b>{when}</b>",
        "<b>Check before sending</b>\n"
        "Content: {content}\n"
        "Number: {number}\nTitle: {title}\n"
        "Recipients: {summary}\n"
        "In total: <b>{people}</b> people, <b>{groups}</b> groups\n"
        "Sending: <b>{when}</b>",
    ),
    "directives.when_now": ("ngay khi xác nhận", "as soon as you confirm"),
    "directives.not_set": ("(không có)", "(none)"),
    "directives.content_text": ("văn bản “{snippet}”", "text “{snippet}”"),
    "directives.content_document": ("tệp {name}", "document {name}"),
    "directives.content_photo": ("ảnh “{snippet}”", "photo “{snippet}”"),
    "directives.ask_meta": (
        "Vui lòng gửi số hiệu và trích yếu, cách nhau bởi dấu “|”, ví dụ:\n"
        "<code>125/TB-TĐKT | Về việc phát động phong trào thi đua năm 2027</code>\n"
        "Chỉ có trích yếu thì gửi trích yếu. Gửi “-” để bỏ trống.",
        "Please send the number and the title separated by “|”, for example:\n"
        "<code>125/TB-TĐKT | On launching the 2027 emulation campaign</code>\n"
        "Only a title: send the title. Send “-” to leave both empty.",
    ),
    "directives.meta_too_long": (
        "Số hiệu tối đa {number_limit} ký tự, trích yếu tối đa {title_limit} ký tự. "
        "Vui lòng gửi lại.",
        "The number can have at most {number_limit} characters and the title {title_limit}. "
        "Please send again.",
    ),
    "directives.ask_when": (
        "Vui lòng nhập thời điểm gửi (giờ Việt Nam), ví dụ: <code>08:00 30/11</code>, "
        "<code>30/11/2026 8h</code>, <code>8h30 ngày mai</code>.",
        "Please type when to send (Vietnam time), e.g. <code>08:00 30/11</code>, "
        "<code>30/11/2026 8h</code>, <code>8h30 ngày mai</code>.",
    ),
    "directives.started": (
        "📤 Đã bắt đầu gửi văn bản #{number} tới {count} người nhận. "
        "Tiến độ sẽ được cập nhật trong tin nhắn tiếp theo.",
        "📤 Sending document #{number} to {count} recipients. "
        "Progress will be shown in the next message.",
    ),
    "directives.scheduled": (
        "⏰ Đã hẹn gửi văn bản #{number} lúc <b>{when}</b>. "
        "Vui lòng không xóa tin nhắn gốc trước giờ gửi. Xem hoặc hủy lịch: /directives",
        "⏰ Document #{number} is scheduled for <b>{when}</b>. "
        "Please do not delete the original message before then. To view or cancel: /directives",
    ),
    "directives.use_buttons": (
        "Vui lòng chọn bằng các nút ở tin nhắn phía trên, hoặc gõ /cancel để hủy.",
        "Please use the buttons of the message above, or type /cancel to stop.",
    ),
    "directives.flow_gone": ("Thao tác soạn văn bản đã kết thúc. Gõ /broadcast để soạn lại.",
                             "This draft has ended. Type /broadcast to start again."),
    "directives.header": ("📄 <b>VĂN BẢN</b> của {sender}", "📄 <b>DOCUMENT</b> from {sender}"),
    "directives.header_notice": ("📄 <b>THÔNG BÁO</b> của {sender}", "📄 <b>NOTICE</b> from {sender}"),
    "directives.sender_department": ("{department}", "{department}"),
    "directives.header_number": ("Số: <b>{number}</b>", "No.: <b>{number}</b>"),
    "directives.header_title": ("Trích yếu: {title}", "Subject: {title}"),
    # -- the register -------------------------------------------------------------------------
    "directives.list_title": ("<b>Sổ văn bản đã gửi</b> (trang {page})",
                              "<b>Documents sent</b> (page {page})"),
    "directives.list_empty": ("Chưa có văn bản nào. Gõ /broadcast để gửi văn bản đầu tiên.",
                              "No documents yet. Type /broadcast to send the first one."),
    "directives.list_line": (
        "<b>#{id}</b> {label}\n   {status} · {sent}/{total} người nhận{problems} · "
        "đã nhận {acked}/{people} ({rate}%)",
        "<b>#{id}</b> {label}\n   {status} · {sent}/{total} recipients{problems} · "
        "acknowledged {acked}/{people} ({rate}%)",
    ),
    "directives.list_failed": (" · lỗi {n}", " · failed {n}"),
    "directives.list_blocked": (" · chặn bot {n}", " · blocked {n}"),
    "directives.untitled": ("văn bản gửi {when}", "document of {when}"),
    "directives.status_scheduled": ("⏰ hẹn {when}", "⏰ at {when}"),
    "directives.status_sending": ("📤 đang gửi", "📤 sending"),
    "directives.status_sent": ("✅ đã gửi", "✅ sent"),
    "directives.status_cancelled": ("⛔ đã hủy", "⛔ cancelled"),
    "directives.status_draft": ("📝 nháp", "📝 draft"),
    "directives.detail": (
        "<b>#{id}</b> {label}\n"
        "Trạng thái: {status}\n"
        "Người nhận: {total} ({people} người, {groups} nhóm)\n"
        "Đã gửi: {sent} · Đang chờ: {pending} · Lỗi: {failed} · "
        "Chặn bot/không còn trong nhóm: {blocked} · Đã hủy: {cancelled}\n"
        "{migrated}"
        "Đã nhận: <b>{acked}/{people_sent}</b> ({rate}%)",
        "<b>#{id}</b> {label}\n"
        "Status: {status}\n"
        "Recipients: {total} ({people} people, {groups} groups)\n"
        "Sent: {sent} · Waiting: {pending} · Failed: {failed} · "
        "Blocked the bot/bot removed: {blocked} · Cancelled: {cancelled}\n"
        "{migrated}"
        "Acknowledged: <b>{acked}/{people_sent}</b> ({rate}%)",
    ),
    "directives.migrated_line": ("Nhóm đã chuyển thành siêu nhóm (đã gửi theo): {n}\n",
                                 "Groups upgraded to supergroups (followed): {n}\n"),
    "directives.unacked_title": ("\n<b>Chưa bấm “Đã nhận”, theo đơn vị:</b>",
                                 "\n<b>Not yet acknowledged, by unit:</b>"),
    "directives.unacked_line": ("• {unit}: {names}", "• {unit}: {names}"),
    "directives.no_unit": ("(chưa gắn đơn vị)", "(no unit)"),
    "directives.and_more": ("… và {n} người khác", "… and {n} more"),
    "directives.reminded_at": ("Đã nhắc lúc {when}.", "Reminded at {when}."),
    "directives.btn_remind": ("🔔 Nhắc {n} người chưa nhận", "🔔 Remind {n} people"),
    "directives.btn_cancel": ("⛔ Hủy lịch gửi", "⛔ Cancel the schedule"),
    "directives.btn_stop": ("⛔ Dừng gửi", "⛔ Stop sending"),
    "directives.btn_cancel_yes": ("⛔ Đồng ý hủy", "⛔ Yes, cancel"),
    "directives.btn_list": ("◀ Danh sách", "◀ List"),
    "directives.btn_refresh": ("🔄 Cập nhật", "🔄 Refresh"),
    "directives.cancel_confirm": (
        "Đồng chí có chắc muốn hủy văn bản #{id}? Những bản chưa gửi sẽ không được gửi nữa.",
        "Cancel directive #{id}? Copies not yet sent will not be sent.",
    ),
    "directives.cancelled": ("Đã hủy văn bản #{id}.", "Document #{id} is cancelled."),
    "directives.reminded": ("Đã gửi nhắc tới {n} người.", "Reminder sent to {n} people."),
    "directives.reminder": (
        "🔔 <b>Nhắc báo đã nhận</b>\nĐồng chí chưa bấm “Đã nhận” cho văn bản {label}. "
        "Vui lòng xem lại văn bản và bấm “✅ Đã nhận”.",
        "🔔 <b>Please acknowledge</b>\nYou have not yet acknowledged document {label}. "
        "Please read it and press “✅ Received”.",
    ),
    # -- acknowledgements ---------------------------------------------------------------------
    "directives.acked_button": ("✅ Đã nhận lúc {time}", "✅ Received at {time}"),
    "directives.ack_thanks": ("Cảm ơn đồng chí đã báo “Đã nhận”.", "Thank you: marked as received."),
    "directives.ack_already": ("Đồng chí đã bấm “Đã nhận” lúc {time}.",
                               "You marked it as received at {time}."),
    # -- errors raised by the services ---------------------------------------------------------
    "error.directive.no_audience": ("Vui lòng chọn người nhận.", "Please choose the recipients."),
    "error.directive.no_body": ("Văn bản chưa có nội dung.", "The document has no content."),
    "error.directive.body_too_long": ("Nội dung quá dài (tối đa {limit} ký tự).",
                                      "The text is too long (at most {limit} characters)."),
    "error.directive.title_too_long": ("Trích yếu quá dài (tối đa {limit} ký tự).",
                                       "The title is too long (at most {limit} characters)."),
    "error.directive.number_too_long": ("Số hiệu quá dài (tối đa {limit} ký tự).",
                                        "The number is too long (at most {limit} characters)."),
    "error.directive.bad_time": ("Thời điểm gửi không hợp lệ.", "The sending time is not valid."),
    "error.directive.time_passed": (
        "Thời điểm hẹn gửi đã qua. Vui lòng chọn lại giờ gửi hoặc gửi ngay.",
        "The scheduled time has passed. Please choose another time or send now.",
    ),
    "error.directive.already_reminded": ("Văn bản này đã được nhắc một lần.",
                                         "A reminder was already sent for this document."),
    "error.directive.not_sent": ("Văn bản chưa được gửi.", "The document has not been sent yet."),
    "error.directive.not_cancellable": ("Văn bản này đã gửi xong hoặc đã hủy, không hủy được nữa.",
                                        "This document is finished or cancelled already."),
    "error.not_found.directive": ("Không tìm thấy văn bản này.", "This document was not found."),
    "error.when.invalid": (
        "Chưa đọc được thời điểm “{text}”. Vui lòng nhập theo mẫu <code>08:00 30/11</code> "
        "hoặc <code>30/11/2026 8h</code>.",
        "Could not read “{text}”. Please type it like <code>08:00 30/11</code> or "
        "<code>30/11/2026 8h</code>.",
    ),
    "error.when.need_time": (
        "Vui lòng ghi cả giờ gửi, ví dụ <code>08:00 {text}</code>.",
        "Please add the hour, e.g. <code>08:00 {text}</code>.",
    ),
    "error.when.past": (
        "Thời điểm {when} đã qua. Vui lòng chọn một thời điểm sắp tới.",
        "{when} has already passed. Please choose a time ahead.",
    ),
    "error.when.too_far": (
        "Thời điểm {when} xa quá một năm. Vui lòng chọn thời điểm gần hơn.",
        "{when} is more than a year ahead. Please choose an earlier time.",
    ),
}

register(TEXTS)
