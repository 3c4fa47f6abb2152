"""Texts of deadline nudges in chat: snoozes, "remind now", the nudge plan, the working calendar."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "menu.calendar": ("Lịch làm việc, ngày nghỉ, ngày làm bù", "Working calendar"),
    # snooze
    "nudge.btn_report": ("📝 Báo cáo ngay", "📝 Report now"),
    "ng.snooze_pick": ("Đồng chí muốn được nhắc lại khi nào?", "When should I remind you?"),
    "ng.btn_later": ("Hôm nay, {at}", "Later today, {at}"),
    "ng.btn_morning": ("Sáng {day}, {at}", "{day}, {at}"),
    "ng.snoozed": ("Đã hẹn: tôi sẽ nhắc lại mốc này lúc {at}.",
                   "Done: I will remind you of this milestone at {at}."),
    "ng.no_flow": ("Mốc này chưa nộp được qua bot. Đồng chí vui lòng liên hệ {department}.",
                   "This milestone cannot be submitted through the bot yet. Please contact "
                   "the {department}."),
    # remind now (from /missing)
    "ng.btn_push": ("🔔 Nhắc ngay các đơn vị này", "🔔 Remind these units now"),
    "ng.pushed": ("Đã xếp lịch nhắc {count} cán bộ của các đơn vị chưa nộp; tin nhắc gửi lúc {at}.",
                  "Queued a reminder to {count} officers of the units still missing; it goes "
                  "out at {at}."),
    # plan
    "ng.btn_plan": ("⏰ Lịch nhắc hạn", "⏰ Reminder plan"),
    "ng.btn_offsets": ("✏️ Sửa các mốc nhắc", "✏️ Change reminder days"),
    "ng.plan_title": ("<b>Lịch nhắc hạn — {title}</b> ({code})\nNhắc vào các ngày làm việc: {offsets}"
                      " (so với ngày hạn), lúc {at}.",
                      "<b>Reminder plan — {title}</b> ({code})\nReminders on working days: "
                      "{offsets} (relative to the deadline's day), at {at}."),
    "ng.plan_milestone": ("\n<b>{name}</b> — hạn {due}\nHiện còn {units} đơn vị, {reach} cán bộ "
                          "sẽ nhận tin nhắc.",
                          "\n<b>{name}</b> — due {due}\n{units} units, {reach} officers would "
                          "be reminded now."),
    "ng.plan_unchecked": ("\n<b>{name}</b> — hạn {due}\nChưa nhắc được: bot chưa kiểm tra được "
                          "đơn vị nào đã nộp cho loại mốc này.",
                          "\n<b>{name}</b> — due {due}\nNo reminders: the bot cannot yet tell "
                          "which units submitted for this kind of milestone."),
    "ng.plan_line": ("  • {when} ({offset}) — {status}", "  • {when} ({offset}) — {status}"),
    "ng.status.planned": ("dự kiến", "planned"),
    "ng.status.done": ("đã gửi {sent} tin", "sent {sent}"),
    "ng.status.skipped": ("bỏ qua (đã có lần nhắc sau hơn)", "skipped (a later one went)"),
    "ng.status.push": ("nhắc ngay: {sent} tin", "remind now: {sent}"),
    "ng.offset_before": ("trước {n} ngày làm việc", "{n} working days before"),
    "ng.offset_day": ("sáng ngày hạn", "the deadline's morning"),
    "ng.offset_after": ("quá hạn {n} ngày làm việc", "{n} working days after"),
    "ng.offsets_ask": ("Nhập các mốc nhắc, tính bằng ngày làm việc so với ngày hạn, cách nhau bởi "
                       "dấu phẩy. Ví dụ: <code>-3, -1, 0, +1</code> (3 ngày trước, 1 ngày trước, "
                       "sáng ngày hạn, 1 ngày sau hạn).",
                       "Type the reminder days, in working days relative to the deadline, "
                       "separated by commas. Example: <code>-3, -1, 0, +1</code>."),
    "ng.offsets_saved": ("Đã lưu các mốc nhắc: {offsets}.", "Reminder days saved: {offsets}."),
    # day-off warning
    "ng.day_off": ("⚠️ Hạn này rơi vào ngày nghỉ {name} ({day}).",
                   "⚠️ This deadline falls on a day off: {name} ({day})."),
    "ng.weekend_sat": ("cuối tuần", "weekend"),
    "ng.announced": ("theo thông báo", "announced"),
    # calendar
    "cal.usage": ("Cách dùng:\n<code>/calendar 2027</code> — xem ngày nghỉ, ngày làm bù của năm\n"
                  "<code>/calendar off 03/02/2027 Nghỉ Tết</code> — thêm ngày nghỉ\n"
                  "<code>/calendar work 13/02/2027 Làm bù</code> — thêm ngày làm bù\n"
                  "<code>/calendar clear 03/02/2027</code> — bỏ đánh dấu",
                  "Usage:\n<code>/calendar 2027</code> — days off and compensatory working days\n"
                  "<code>/calendar off 03/02/2027 Tet break</code> — add a day off\n"
                  "<code>/calendar work 13/02/2027</code> — add a compensatory working day\n"
                  "<code>/calendar clear 03/02/2027</code> — remove a mark"),
    "cal.title": ("<b>Lịch làm việc năm {year}</b>: {working} ngày làm việc",
                  "<b>Working calendar {year}</b>: {working} working days"),
    "cal.offs": ("<b>Ngày nghỉ</b>", "<b>Days off</b>"),
    "cal.works": ("<b>Ngày làm bù</b>", "<b>Compensatory working days</b>"),
    "cal.line": ("• {day}: {name}", "• {day}: {name}"),
    "cal.work_line": ("• {day} ({weekday})", "• {day} ({weekday})"),
    "cal.none": ("• (không có)", "• (none)"),
    "cal.added_off": ("Đã thêm ngày nghỉ {day}{reason}.", "Day off added: {day}{reason}."),
    "cal.added_work": ("Đã thêm ngày làm bù {day}.", "Compensatory working day added: {day}."),
    "cal.cleared": ("Đã bỏ đánh dấu ngày {day}.", "Mark removed from {day}."),
    "cal.not_marked": ("Ngày {day} không có đánh dấu nào.", "{day} has no mark."),
    # errors
    "error.nudge.bad_offsets": ("Không đọc được mốc nhắc “{text}”. Ví dụ: -3, -1, 0, +1.",
                                "Cannot read the reminder day “{text}”. Example: -3, -1, 0, +1."),
    "error.nudge.offset_range": ("Mốc nhắc “{text}” phải trong khoảng từ -{limit} đến +{limit} "
                                 "ngày làm việc.",
                                 "The reminder day “{text}” must be between -{limit} and +{limit}."),
    "error.nudge.too_many_offsets": ("Tối đa {limit} mốc nhắc.", "At most {limit} reminder days."),
    "error.nudge.campaign_closed": ("Phong trào “{title}” không còn diễn ra.",
                                    "The campaign “{title}” is no longer active."),
    "error.nudge.already_submitted": ("Đơn vị của đồng chí đã nộp cho mốc này, không cần nhắc "
                                      "lại.",
                                      "Your unit has already submitted for this milestone."),
    "error.nudge.snooze_too_late": ("Hôm nay đã muộn; đồng chí chọn nhắc vào sáng ngày làm "
                                    "việc tiếp theo nhé.",
                                    "It is too late today; please choose the next working "
                                    "morning."),
    "error.nudge.push_too_soon": ("Các đơn vị vừa được nhắc; mỗi mốc chỉ nhắc ngay tối đa "
                                  "một lần mỗi giờ. Có thể nhắc lại từ {next}.",
                                  "These units were just reminded; at most once an hour per "
                                  "milestone. You can remind them again from {next}."),
    "error.nudge.nobody_missing": ("Không còn cán bộ nào cần nhắc: các đơn vị đã nộp, hoặc "
                                   "chưa có cán bộ phụ trách.",
                                   "Nobody to remind: the units submitted, or have no officer."),
    "error.nudge.no_check": ("Chưa nhắc được cho loại mốc này.",
                             "Reminders are not available for this kind of milestone yet."),
    "error.calendar.bad_date": ("Không đọc được ngày “{text}”. Ví dụ: 03/02/2027.",
                                "Cannot read the date “{text}”. Example: 03/02/2027."),
    "error.calendar.already_working": ("Ngày {day} đã là ngày làm việc.",
                                       "{day} is already a working day."),
}

register(TEXTS)
