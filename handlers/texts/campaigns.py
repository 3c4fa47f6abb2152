"""Texts of campaigns, registrations, progress reports, /status and /missing."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    # menu
    "menu.campaigns": ("Các phong trào thi đua đang diễn ra", "Active campaigns"),
    "menu.campaign_new": ("Tạo phong trào thi đua mới", "Create a campaign"),
    "menu.register": ("Đăng ký thi đua cho đơn vị", "Register your unit for a campaign"),
    "menu.review": ("Duyệt đăng ký thi đua", "Review registrations"),
    "menu.report": ("Báo cáo tiến độ thi đua", "Report progress"),
    "menu.status": ("Tình hình thi đua của đơn vị", "Your unit's status"),
    "menu.missing": ("Đơn vị chưa nộp báo cáo", "Units that have not reported"),
    # kinds and names
    "ms.dang_ky": ("Đăng ký", "Registration"),
    "ms.so_ket": ("Sơ kết", "Mid-term review"),
    "ms.tong_ket": ("Tổng kết", "Final review"),
    "ms.nop_ho_so": ("Nộp hồ sơ khen thưởng", "Nomination files"),
    "ms.hang_thang": ("Báo cáo tháng", "Monthly report"),
    "ms.hang_quy": ("Báo cáo quý", "Quarterly report"),
    "cp.kind.theo_dot": ("Theo chuyên đề", "Thematic"),
    "cp.kind.thuong_xuyen": ("Thường xuyên", "Ongoing"),
    "cp.status.draft": ("chưa phát động", "not launched"),
    "cp.status.active": ("đang diễn ra", "active"),
    "cp.status.closed": ("đã kết thúc", "closed"),
    "rg.status.pending": ("chờ duyệt", "awaiting review"),
    "rg.status.approved": ("đã được duyệt", "approved"),
    "rg.status.returned": ("bị trả lại", "returned"),
    "award.tt_ldxs": ("Tập thể lao động xuất sắc", "Excellent Labour Collective"),
    "award.co_bo": ("Cờ thi đua của Bộ", "Ministry Emulation Flag"),
    "award.bk_bo": ("Bằng khen của {minister}", "Certificate of Merit of {minister}"),
    "award.bk_ttg": ("Bằng khen của Thủ tướng Chính phủ", "Prime Minister's Certificate of Merit"),
    "award.co_cp": ("Cờ thi đua của Chính phủ", "Government Emulation Flag"),
    # campaigns
    "cp.list_empty": ("Hiện chưa có phong trào thi đua nào trong lĩnh vực của đồng chí.",
                      "There are no campaigns in your fields yet."),
    "cp.list_title": ("<b>Phong trào thi đua</b> ({count})", "<b>Campaigns</b> ({count})"),
    "cp.list_line": ("• <b>{title}</b> (<code>{code}</code>, {status})\n  {next}",
                     "• <b>{title}</b> (<code>{code}</code>, {status})\n  {next}"),
    "cp.next": ("Mốc tiếp theo: {name} — hạn {due}", "Next: {name} — due {due}"),
    "cp.no_next": ("Không còn mốc nào sắp tới.", "No upcoming milestone."),
    "cp.card": (
        "<b>{title}</b>\nMã: <code>{code}</code> · {status}\nKhẩu hiệu: {slogan}\n"
        "Hình thức: {kind} · Thời gian: {period}\nLĩnh vực: {fields}\nĐơn vị đầu mối: {lead}",
        "<b>{title}</b>\nCode: <code>{code}</code> · {status}\nSlogan: {slogan}\n"
        "Kind: {kind} · Period: {period}\nFields: {fields}\nLead unit: {lead}",
    ),
    "cp.targets_title": ("\n<b>Chỉ tiêu</b> ({count}):", "\n<b>Targets</b> ({count}):"),
    "cp.milestones_title": ("\n<b>Các mốc</b> ({count}):", "\n<b>Milestones</b> ({count}):"),
    "cp.target_line": ("• <code>{code}</code> {name}: {goal} (trọng số {weight})",
                       "• <code>{code}</code> {name}: {goal} (weight {weight})"),
    "cp.goal_yes_no": ("hoàn thành (có/không)", "done (yes/no)"),
    "cp.milestone_line": ("• <code>{code}</code> {name} — hạn {due}",
                          "• <code>{code}</code> {name} — due {due}"),
    "cp.none": ("(chưa có)", "(none)"),
    "cp.btn_register": ("📝 Đăng ký thi đua", "📝 Register"),
    "cp.btn_report": ("📊 Báo cáo", "📊 Report"),
    "cp.btn_launch": ("🚀 Phát động", "🚀 Launch"),
    "cp.btn_due": ("🗓 Đổi thời hạn", "🗓 Change a deadline"),
    "cp.btn_close": ("⏹ Kết thúc phong trào", "⏹ Close campaign"),
    "cp.btn_reopen": ("↩ Mở lại phong trào", "↩ Reopen campaign"),
    "cp.closed": ("Đã kết thúc phong trào “{title}”.", "Campaign “{title}” closed."),
    "cp.reopened": ("Đã mở lại phong trào “{title}”.", "Campaign “{title}” reopened."),
    "cp.launched": (
        "Đã phát động phong trào “{title}”. Thông báo #{number} đang được gửi tới {count} "
        "người nhận. Xem tình hình nhận tại /directives.",
        "Campaign “{title}” launched. Notice #{number} is going to {count} recipients. "
        "See who received it with /directives.",
    ),
    "cp.launched_nobody": (
        "⚠ Đã phát động phong trào “{title}”, nhưng thông báo chưa tới được ai: chưa có cán bộ "
        "hay nhóm nào thuộc các lĩnh vực của phong trào. Vui lòng kiểm tra lĩnh vực của phong "
        "trào và mời cán bộ các đơn vị (/invite); người tham gia sau sẽ được báo về phong trào "
        "khi nhận quyền.",
        "⚠ Campaign “{title}” is launched, but its announcement reached nobody: no member or "
        "group is in the campaign's fields. Please check its fields and invite the units' "
        "officers (/invite); people who join later are told about it when they get access.",
    ),
    "cp.announce": (
        "📣 <b>PHÁT ĐỘNG PHONG TRÀO THI ĐUA</b>\n<b>{title}</b>\n<i>{slogan}</i>\n\n"
        "Thời gian: {period}\nMã phong trào: <code>{code}</code>\nHạn đầu tiên: {first}\n\n"
        "<b>Chỉ tiêu:</b>",
        "📣 <b>CAMPAIGN LAUNCHED</b>\n<b>{title}</b>\n<i>{slogan}</i>\n\n"
        "Period: {period}\nCampaign code: <code>{code}</code>\nFirst deadline: {first}\n\n"
        "<b>Targets:</b>",
    ),
    "cp.announce_footer": (
        "\nĐề nghị các đơn vị đăng ký thi đua bằng nút bên dưới hoặc lệnh /register.",
        "\nUnits are asked to register with the button below or /register.",
    ),
    "cp.no_milestones": ("Phong trào chưa có mốc nào.", "The campaign has no milestones."),
    "cp.due_pick": ("Vui lòng chọn mốc cần đổi thời hạn của phong trào “{title}”:",
                    "Choose the milestone of “{title}” whose deadline changes:"),
    "cp.due_ask": (
        "Mốc “{name}” hiện có hạn {due}. Vui lòng nhập thời hạn mới, ví dụ "
        "<code>17:00 30/11/2027</code> hoặc <code>30/11 17h</code>. Gõ /cancel để hủy.",
        "“{name}” is due {due}. Please type the new deadline, e.g. <code>17:00 30/11/2027</code> "
        "or <code>30/11 17h</code>. Type /cancel to stop.",
    ),
    "cp.due_changed": ("Đã đổi hạn mốc “{name}” thành {due}. Đã thông báo tới {count} người nhận.",
                       "“{name}” is now due {due}. {count} recipients were told."),
    "cp.due_announce_title": ("Thay đổi thời hạn phong trào thi đua", "Campaign deadline changed"),
    "cp.due_announce": (
        "🗓 <b>THAY ĐỔI THỜI HẠN</b>\nPhong trào: <b>{title}</b>\nMốc: {name}\n"
        "Hạn cũ: <s>{old}</s>\nHạn mới: <b>{new}</b>",
        "🗓 <b>DEADLINE CHANGED</b>\nCampaign: <b>{title}</b>\nMilestone: {name}\n"
        "Was: <s>{old}</s>\nNow: <b>{new}</b>",
    ),
    # /campaign_new
    "cn.resume": ("Đồng chí đang tạo dở một phong trào; tiếp tục từ bước đang dừng.",
                  "You have a campaign draft; continuing where you stopped."),
    "cn.ask_title": ("<b>Tạo phong trào thi đua</b> (bước 1)\nVui lòng nhập tên phong trào.",
                     "<b>New campaign</b> (step 1)\nPlease type the campaign's title."),
    "cn.ask_slogan": ("Vui lòng nhập khẩu hiệu của phong trào (hoặc bấm Bỏ qua).",
                      "Please type the campaign's slogan (or press Skip)."),
    "cn.ask_fields": ("Vui lòng chọn lĩnh vực của phong trào (một, nhiều hoặc tất cả), rồi bấm Tiếp tục.",
                      "Choose the campaign's fields (one, several or all), then press Next."),
    "cn.ask_kind": ("Vui lòng chọn hình thức tổ chức phong trào: thường xuyên hay theo chuyên đề?",
                    "Is the campaign ongoing or thematic?"),
    "cn.ask_period": (
        "Vui lòng nhập thời gian thực hiện, ví dụ <code>01/01/2027 - 31/12/2027</code> "
        "(hoặc bấm Bỏ qua).",
        "Please type the period, e.g. <code>01/01/2027 - 31/12/2027</code> (or press Skip).",
    ),
    "cn.ask_lead": ("Vui lòng nhập mã đơn vị đầu mối (hoặc bấm Bỏ qua).",
                    "Please type the lead unit's code (or press Skip)."),
    "cn.ask_targets": (
        "Vui lòng nhập các chỉ tiêu, mỗi dòng một chỉ tiêu, theo mẫu:\n"
        "<code>Tên chỉ tiêu; đơn vị tính; giá trị chỉ tiêu; trọng số</code>\n"
        "Ví dụ (có thể sao chép cả ba dòng):\n"
        "<code>Dịch vụ công trực tuyến; dịch vụ; 20; 2\n"
        "Tỷ lệ hồ sơ trực tuyến; %; 90\n"
        "Diễn tập an toàn thông tin; ; có</code>\n"
        "Trọng số mặc định là 1.",
        "Please type the targets, one per line:\n"
        "<code>Name; unit of measure; target value; weight</code>\n"
        "For example (all three lines may be copied):\n"
        "<code>Online public services; services; 20; 2\n"
        "Share of files handled online; %; 90\n"
        "Security drill; ; yes</code>\n"
        "The weight defaults to 1.",
    ),
    "cn.targets_first": ("Sau khi có ít nhất một chỉ tiêu, nút “Tiếp tục” sẽ hiện ra.",
                         "Once there is at least one target, a “Next” button appears."),
    "cn.milestones_first": ("Sau khi có ít nhất một mốc, nút “Tiếp tục” sẽ hiện ra.",
                            "Once there is at least one milestone, a “Next” button appears."),
    "cn.targets_next": ("Có thể nhập thêm, hoặc bấm “Tiếp tục”.",
                        "Type more lines, or press “Next”."),
    "cn.current_title": ("Tên đã nhập: <b>{title}</b>", "Title so far: <b>{title}</b>"),
    "cn.target_added": ("{n}. {name}: {goal}{unit} (trọng số {weight})",
                        "{n}. {name}: {goal}{unit} (weight {weight})"),
    "cn.ask_milestones": (
        "Vui lòng nhập các mốc, mỗi dòng một mốc:\n<code>loại; thời hạn; tên mốc</code>\n"
        "Loại: đăng ký, sơ kết, tổng kết, nộp hồ sơ, hàng tháng, hàng quý.\n"
        "Ví dụ: <code>sơ kết; 17:00 30/06/2027; 6 tháng đầu năm</code>.",
        "Please type the milestones, one per line:\n<code>kind; deadline; name</code>\n"
        "Kinds: registration, midterm, final, nomination, monthly, quarterly.\n"
        "E.g. <code>midterm; 17:00 30/06/2027; first half-year</code>.",
    ),
    "cn.milestone_added": ("• {name} — hạn {due}", "• {name} — due {due}"),
    "cn.line_error": ("Dòng {n} chưa đúng: <code>{line}</code>\n{reason}\n"
                      "Các dòng đã nhập trước đó vẫn được giữ.",
                      "Line {n} is not right: <code>{line}</code>\n{reason}\n"
                      "What you entered before is kept."),
    "cn.skip": ("Bỏ qua", "Skip"),
    "cn.next": ("Tiếp tục ▶", "Next ▶"),
    "cn.undo": ("Xóa dòng cuối", "Remove last"),
    "cn.all_fields": ("Tất cả lĩnh vực", "All fields"),
    "cn.summary_title": ("<b>Vui lòng kiểm tra lại trước khi lưu</b>", "<b>Please check before saving</b>"),
    "cn.save": ("💾 Lưu phong trào", "💾 Save campaign"),
    "cn.edit_title": ("Sửa tên", "Edit title"),
    "cn.edit_targets": ("Sửa chỉ tiêu", "Edit targets"),
    "cn.edit_milestones": ("Sửa mốc", "Edit milestones"),
    "cn.cancelled": ("Đã hủy bản nháp phong trào.", "The campaign draft was discarded."),
    "cn.saved": (
        "Đã lưu phong trào “{title}” (mã <code>{code}</code>). Bấm Phát động khi sẵn sàng gửi thông báo.",
        "Campaign “{title}” saved (code <code>{code}</code>). Press Launch when ready to announce it.",
    ),
    "error.cn.target_format": (
        "Vui lòng nhập theo mẫu: tên; đơn vị tính; giá trị chỉ tiêu; trọng số.",
        "Please use: name; unit of measure; target value; weight.",
    ),
    "error.cn.milestone_format": ("Vui lòng nhập theo mẫu: loại; thời hạn; tên mốc.",
                                  "Please use: kind; deadline; name."),
    "error.cn.milestone_kind": (
        "Không rõ loại mốc “{text}”. Vui lòng dùng: đăng ký, sơ kết, tổng kết, nộp hồ sơ, "
        "hàng tháng, hàng quý.",
        "Unknown milestone kind “{text}”. Use: registration, midterm, final, nomination, "
        "monthly, quarterly.",
    ),
    "cn.series_hang_thang": ("Báo cáo tháng {month}/{year}", "Monthly report {month}/{year}"),
    "cn.series_hang_quy": ("Báo cáo quý {quarter}/{year}", "Quarterly report Q{quarter}/{year}"),
    "error.cn.milestone_before_start": (
        "Thời hạn này trước ngày bắt đầu phong trào ({start}). Vui lòng chọn thời hạn trong thời "
        "gian thực hiện phong trào.",
        "That deadline is before the campaign starts ({start}). Please choose one within the "
        "campaign's period.",
    ),
    "error.cn.milestone_after_end": (
        "Thời hạn này sau ngày kết thúc phong trào ({end}). Vui lòng chọn thời hạn trong thời "
        "gian thực hiện phong trào.",
        "That deadline is after the campaign ends ({end}). Please choose one within the "
        "campaign's period.",
    ),
    "error.cn.milestone_past": ("Thời hạn này đã qua. Vui lòng nhập một thời điểm trong tương lai.",
                                "That time has passed. Please give a future deadline."),
    # campaign errors
    "error.campaign.bad_date": (
        "Không đọc được thời hạn “{text}”. Vui lòng viết, ví dụ: <code>17:00 30/11/2027</code>, "
        "<code>30/11 17h</code>, <code>ngày mai 9h</code> hoặc <code>thứ Sáu</code> "
        "(không ghi giờ thì hạn là 17:00).",
        "Cannot read the deadline “{text}”. Please write e.g. <code>17:00 30/11/2027</code>, "
        "<code>30/11 17h</code>, <code>ngày mai 9h</code> or <code>thứ Sáu</code> "
        "(without an hour the deadline is 17:00).",
    ),
    "error.campaign.bad_period": (
        "Không đọc được thời gian thực hiện “{text}”. Vui lòng ghi ngày bắt đầu và ngày kết thúc "
        "(không cần giờ), cách nhau bởi dấu gạch ngang hoặc chữ “đến”, ví dụ: "
        "<code>01/01/2027 - 31/12/2027</code>.",
        "Cannot read the period “{text}”. Please give the first and the last day (no times), "
        "separated by a dash or “to”, e.g. <code>01/01/2027 - 31/12/2027</code>.",
    ),
    "error.campaign.milestone_before_start": (
        "Mốc {ref} có hạn trước ngày bắt đầu phong trào ({start}).",
        "Milestone {ref} is due before the campaign starts ({start}).",
    ),
    "error.campaign.period_past": (
        "Thời gian này đã kết thúc (ngày {end} đã qua). Vui lòng nhập thời gian thực hiện sắp tới "
        "hoặc đang diễn ra.",
        "That period is over ({end} has passed). Please give a period that is current or ahead.",
    ),
    "error.campaign.period_reversed": ("Ngày kết thúc đang trước ngày bắt đầu.",
                                       "The end date is before the start date."),
    "error.campaign.title_missing": ("Phong trào cần có tên.", "The campaign needs a title."),
    "error.campaign.fields_missing": ("Vui lòng chọn ít nhất một lĩnh vực.",
                                      "Please choose at least one field."),
    "error.campaign.unknown_field": ("Không có lĩnh vực mã “{ref}”.", "There is no field “{ref}”."),
    "error.campaign.targets_missing": ("Phong trào cần ít nhất một chỉ tiêu.",
                                       "The campaign needs at least one target."),
    "error.campaign.too_many": (
        "Vượt quá số lượng cho phép (tối đa {limit} mục).",
        "Too many items (at most {limit}).",
    ),
    "error.campaign.target_name_missing": ("Chỉ tiêu {target} chưa có tên.",
                                           "Target {target} has no name."),
    "error.campaign.target_value_bad": (
        "Giá trị chỉ tiêu {target} phải là số dương (tỷ lệ phần trăm không quá 100%).",
        "Target {target} needs a positive value (a percentage at most 100%).",
    ),
    "error.campaign.target_weight_bad": (
        "Trọng số của chỉ tiêu “{target}” phải lớn hơn 0 và không quá 1000.",
        "The weight of “{target}” must be above 0 and at most 1000.",
    ),
    "error.campaign.target_name_letters": (
        "Tên chỉ tiêu “{target}” cần có chữ hoặc số, không chỉ gồm biểu tượng.",
        "The target name “{target}” needs letters or digits, not only symbols.",
    ),
    "error.campaign.weights_zero": ("Tổng trọng số các chỉ tiêu phải lớn hơn 0.",
                                    "The weights must add up to more than 0."),
    "error.campaign.duplicate_code": ("Mã “{ref}” bị trùng.", "The code “{ref}” is used twice."),
    "error.campaign.unknown_unit": ("Không tìm thấy đơn vị mã “{ref}”.", "No unit has the code “{ref}”."),
    "error.campaign.target_in_use": ("Không thể xóa chỉ tiêu {ref} vì đã có báo cáo.",
                                     "Target {ref} cannot be removed: it has reports."),
    "error.campaign.milestone_in_use": ("Không thể xóa mốc {ref} vì đã có báo cáo.",
                                        "Milestone {ref} cannot be removed: it has reports."),
    "error.campaign.already_closed": ("Phong trào đã kết thúc trước đó.", "The campaign is already closed."),
    "error.campaign.not_closed": ("Phong trào chưa kết thúc.", "The campaign is not closed."),
    "error.campaign.closed": ("Phong trào đã kết thúc.", "The campaign is closed."),
    "error.campaign.already_launched": ("Phong trào đã được phát động trước đó.",
                                        "The campaign was already launched."),
    "error.campaign.file_invalid": ("Tệp phong trào có {count} lỗi:\n{problems}",
                                    "The campaign file has {count} problems:\n{problems}"),
    "error.not_found.campaign": ("Không tìm thấy phong trào này.", "This campaign does not exist."),
    "error.not_found.milestone": ("Không tìm thấy mốc này.", "This milestone does not exist."),
    "error.not_found.report": ("Không tìm thấy báo cáo này.", "This report does not exist."),
    "error.not_found.revision": ("Không tìm thấy lần nộp này.", "This revision does not exist."),
    "error.not_found.registration": ("Không tìm thấy bản đăng ký này.",
                                     "This registration does not exist."),
    # registration
    "rg.no_campaigns": ("Hiện chưa có phong trào nào để đăng ký.", "There is no campaign to register for."),
    "rg.pick_campaign": ("Vui lòng chọn phong trào đăng ký thi đua:", "Choose the campaign to register for:"),
    "rg.resubmit": ("Bản đăng ký trước đã bị trả lại với lý do: {reason}\nVui lòng điều chỉnh và gửi lại.",
                    "Your registration was returned: {reason}\nPlease adjust it and send it again."),
    "rg.ask_commit": (
        "<b>Đăng ký chỉ tiêu {n}/{total}</b>\n{name}\nChỉ tiêu phong trào: {goal}\n"
        "Đã nhập: {current}\nVui lòng nhập mức đơn vị cam kết đạt ({hint}).",
        "<b>Commitment {n}/{total}</b>\n{name}\nCampaign target: {goal}\nEntered: {current}\n"
        "Please type what your unit pledges ({hint}).",
    ),
    "rg.same_as_target": ("Bằng chỉ tiêu", "Same as target"),
    "rg.ask_titles": ("Vui lòng chọn danh hiệu, hình thức khen thưởng đơn vị phấn đấu, rồi bấm Tiếp tục.",
                      "Choose the titles your unit aims for, then press Next."),
    "rg.summary_title": ("<b>Nội dung đăng ký thi đua</b>", "<b>Registration</b>"),
    "rg.commit_line": ("• <code>{code}</code> {name}: {value}", "• <code>{code}</code> {name}: {value}"),
    "rg.no_commit": ("(không cam kết)", "(no pledge)"),
    "rg.titles_line": ("Danh hiệu thi đua, hình thức khen thưởng phấn đấu: {titles}",
                       "Titles and awards aimed for: {titles}"),
    "rg.cancelled": ("Đã hủy đăng ký đang soạn.", "The registration draft was discarded."),
    "rg.submitted": ("Đã gửi đăng ký thi đua số {number}. Cán bộ đầu mối lĩnh vực sẽ xem xét và "
                     "phản hồi.{late}",
                     "Registration no. {number} sent. The field lead will review it.{late}"),
    "rg.late_note": ("\n⚠ Đăng ký sau thời hạn nên được ghi nhận là nộp muộn.",
                     "\n⚠ It came after the deadline and is marked late."),
    "rg.told_approved": ("✅ Đăng ký thi đua số {number} (phong trào “{title}”) đã được duyệt.",
                         "✅ Registration no. {number} (“{title}”) was approved."),
    "rg.told_returned": (
        "↩ Đăng ký thi đua số {number} (phong trào “{title}”) bị trả lại.\nLý do: {reason}\n"
        "Vui lòng điều chỉnh và gửi lại.",
        "↩ Registration no. {number} (“{title}”) was returned.\nReason: {reason}\n"
        "Please adjust it and send it again.",
    ),
    "rg.btn_resubmit": ("📝 Đăng ký lại", "📝 Register again"),
    "rg.private_only": (
        "Vui lòng mở tin nhắn riêng với bot và gõ /register để đăng ký cho đơn vị.",
        "Please open a private chat with the bot and type /register to register your unit.",
    ),
    "error.registration.campaign_not_active": ("Phong trào “{title}” hiện không nhận đăng ký.",
                                               "“{title}” is not open for registration."),
    "error.registration.already_approved": ("Đăng ký của đơn vị đã được duyệt, không cần gửi lại.",
                                            "Your unit's registration is already approved."),
    "error.registration.not_pending": ("Bản đăng ký này đã được xử lý.",
                                       "This registration has already been decided."),
    "error.registration.reason_missing": ("Vui lòng nêu lý do trả lại.", "Please give a reason."),
    "error.registration.unknown_title": ("Danh hiệu “{title}” không có trong danh sách.",
                                         "“{title}” is not a known title."),
    # review
    "rv.empty": ("Không có đăng ký nào chờ duyệt.", "No registrations await review."),
    "rv.title": ("<b>Đăng ký chờ duyệt</b>: {count} (trang {page}/{pages})",
                 "<b>Registrations to review</b>: {count} (page {page}/{pages})"),
    "rv.item": ("\n<b>Số {number}</b> · {unit}{late}\n{campaign}\nGửi lúc {at} · {commitments} cam kết\n"
                "Danh hiệu, hình thức khen thưởng: {titles}",
                "\n<b>No. {number}</b> · {unit}{late}\n{campaign}\nSent {at} · {commitments} pledges\n"
                "Titles: {titles}"),
    "rv.btn_view": ("Xem số {number}", "View no. {number}"),
    "rv.btn_approve": ("✔ Duyệt", "✔ Approve"),
    "rv.btn_return": ("↩ Trả lại", "↩ Return"),
    "rv.approved": ("Đã duyệt đăng ký số {number}.", "Registration no. {number} approved."),
    "rv.ask_reason": ("Vui lòng nhập lý do trả lại đăng ký số {number}. Gõ /cancel để hủy.",
                      "Please type why registration no. {number} is returned. Type /cancel to stop."),
    "rv.returned": ("Đã trả lại đăng ký số {number}; đơn vị đã được thông báo.",
                    "Registration no. {number} returned; the unit was told."),
    # reports
    "rp.no_campaigns": ("Hiện không có phong trào nào cần báo cáo.", "There is nothing to report on."),
    "rp.pick_campaign": ("Vui lòng chọn phong trào cần báo cáo:", "Choose the campaign:"),
    "rp.pick_milestone": ("Phong trào “{title}”. Vui lòng chọn kỳ báo cáo:",
                          "“{title}”. Choose the milestone:"),
    "rp.resume": ("Đồng chí có một báo cáo đang soạn dở; tiếp tục từ bước đang dừng.",
                  "You have an unfinished report; continuing where you stopped."),
    "rp.btn_restart": ("Bắt đầu lại", "Start over"),
    "rp.begin": ("<b>Báo cáo {name}</b> — hạn {due}.{late}", "<b>Report: {name}</b> — due {due}.{late}"),
    "rp.revision_begin": (
        "✏ Đây là <b>lần sửa thứ {n}</b> (lần nộp thứ {number}). Các giá trị, thuyết minh và "
        "{files} tệp của lần nộp trước đã được điền sẵn: bấm “Giữ” để giữ nguyên, hoặc nhập "
        "giá trị mới.",
        "✏ This is <b>correction no. {n}</b> (submission {number}). The values, narrative and "
        "{files} files of the last submission are filled in: press “Keep” to keep them, or "
        "type a new value.",
    ),
    "rp.previous_value": ("Lần nộp trước: <b>{value}</b>", "Last submission: <b>{value}</b>"),
    "rp.late_warning": ("\n⚠ Đã quá hạn; báo cáo vẫn được nhận và ghi là nộp muộn.",
                        "\n⚠ The deadline has passed; the report is accepted and marked late."),
    "rp.ask_value": ("<b>Chỉ tiêu {n}/{total}</b>: {name}\nChỉ tiêu: {goal}\n"
                     "Vui lòng nhập kết quả đạt được ({hint}).",
                     "<b>Target {n}/{total}</b>: {name}\nTarget: {goal}\nPlease type the result ({hint})."),
    "rp.hint.number": ("một số, ví dụ 1.500 hoặc 12,5", "a number, e.g. 1500 or 12.5"),
    "rp.hint.percent": ("tỷ lệ phần trăm, ví dụ 85 hoặc 85,5%", "a percentage, e.g. 85 or 85.5%"),
    "rp.hint.yes_no": ("có hoặc không", "yes or no"),
    "rp.btn_skip": ("Bỏ qua (ghi chú)", "Skip (with a note)"),
    "rp.btn_keep": ("Giữ: {value}", "Keep: {value}"),
    "rp.ask_note": ("Vui lòng ghi chú lý do chưa báo cáo chỉ tiêu “{name}” (tối đa {limit} ký tự).",
                    "Please note why “{name}” is skipped (at most {limit} characters)."),
    "rp.ask_narrative": (
        "Vui lòng gửi phần thuyết minh, đánh giá kết quả (tối đa {limit} ký tự), hoặc bấm nút bên dưới.",
        "Please send the narrative (at most {limit} characters), or press the button below.",
    ),
    "rp.btn_no_narrative": ("Không có thuyết minh", "No narrative"),
    "rp.btn_keep_narrative": ("Giữ thuyết minh đã nhập", "Keep the narrative"),
    "rp.ask_files": (
        "Đồng chí có thể gửi kèm tài liệu hoặc ảnh minh chứng (đã có {count}/{limit}, mỗi tệp "
        "tối đa {size} MB). Xong thì bấm nút bên dưới.",
        "You may attach documents or photos as evidence ({count}/{limit} so far, at most {size} MB "
        "each). Press the button below when done.",
    ),
    "rp.btn_files_done": ("Xong ▶", "Done ▶"),
    "rp.file_added": ("Đã nhận tệp “{name}” ({count} tệp). Gửi tiếp hoặc bấm Xong.",
                      "Got “{name}” ({count} files). Send more or press Done."),
    "rp.file_expected": ("Ở bước này vui lòng gửi tài liệu hoặc ảnh, hoặc bấm Xong.",
                         "At this step please send a document or a photo, or press Done."),
    "rp.file_too_big": (
        "Tệp “{name}” ({size} MB) vượt quá giới hạn {limit} MB. Vui lòng gửi tệp nhỏ hơn; "
        "các nội dung đã nhập vẫn được giữ.",
        "“{name}” ({size} MB) is over the {limit} MB limit. Please send a smaller file; what "
        "you entered is kept.",
    ),
    "rp.photo": ("ảnh", "photo"),
    "rp.summary_title": ("<b>Vui lòng kiểm tra báo cáo trước khi gửi</b>", "<b>Please check the report</b>"),
    "rp.value_line": ("• <code>{code}</code> {name}: <b>{value}</b> ({completion})",
                      "• <code>{code}</code> {name}: <b>{value}</b> ({completion})"),
    "rp.value_skipped": ("• <code>{code}</code> {name}: <i>bỏ qua</i> — {note}",
                         "• <code>{code}</code> {name}: <i>skipped</i> — {note}"),
    "rp.score": ("Điểm hoàn thành chung: <b>{score}</b>", "Overall completion: <b>{score}</b>"),
    "rp.narrative_shown": ("Thuyết minh: {text}", "Narrative: {text}"),
    "rp.files_shown": ("Tệp đính kèm: {names}", "Files: {names}"),
    "rp.btn_send": ("✔ Gửi", "✔ Send"),
    "rp.btn_edit": ("✏ Sửa", "✏ Edit"),
    "rp.btn_cancel": ("✖ Hủy", "✖ Cancel"),
    "rp.edit_pick": ("Vui lòng chọn nội dung cần sửa:", "What would you like to change?"),
    "rp.btn_edit_narrative": ("Thuyết minh", "Narrative"),
    "rp.btn_edit_files": ("Tệp đính kèm (chọn lại)", "Files (choose again)"),
    "rp.cancelled": ("Đã hủy báo cáo đang soạn.", "The report draft was discarded."),
    "rp.receipt": (
        "✅ Đã nhận báo cáo. Số tiếp nhận: <b>{receipt}</b> (lần nộp thứ {number}), lúc {at}.{late}",
        "✅ Report received. Receipt no. <b>{receipt}</b> (revision {number}), at {at}.{late}",
    ),
    "rp.late_note": ("\n⚠ Báo cáo nộp sau thời hạn và được ghi là nộp muộn.",
                     "\n⚠ It came after the deadline and is marked late."),
    "rp.late_mark": (" ⚠ muộn", " ⚠ late"),
    "rp.btn_view": ("Xem báo cáo", "View report"),
    "rp.btn_older": ("◀ Lần trước", "◀ Earlier"),
    "rp.btn_newer": ("Lần sau ▶", "Later ▶"),
    "rp.revision_title": (
        "<b>Báo cáo của {unit}</b>\n{campaign} — {milestone}\nLần nộp {number}/{total}, lúc {at}{late} "
        "· số tiếp nhận {receipt}",
        "<b>Report of {unit}</b>\n{campaign} — {milestone}\nRevision {number}/{total}, at {at}{late} "
        "· receipt {receipt}",
    ),
    "rp.use_buttons": ("Vui lòng chọn bằng các nút bên trên, hoặc gõ /cancel để hủy.",
                       "Please use the buttons above, or type /cancel to stop."),
    "rp.value_expected_text": (
        "Ở bước này cần nhập một giá trị bằng chữ số, không phải nhãn dán hay tệp. "
        "Các nội dung đã nhập vẫn được giữ.",
        "This step needs a value typed as text, not a sticker or a file. What you entered is kept.",
    ),
    "rp.quick_help": (
        "Cú pháp nhanh: <code>/report MÃ_PHONG_TRÀO MÃ_MỐC T1=12,5 T2=có T3=bỏ_qua</code>",
        "Quick form: <code>/report CAMPAIGN MILESTONE T1=12.5 T2=yes T3=skip</code>",
    ),
    "error.report.value_empty": ("Giá trị không được để trống. Vui lòng nhập lại.",
                                 "The value cannot be empty. Please type it again."),
    "error.report.value_not_number": (
        "“{text}” không phải là một số. Vui lòng nhập số, ví dụ 12 hoặc 12,5.",
        "“{text}” is not a number. Please type a number, e.g. 12 or 12.5.",
    ),
    "error.report.value_negative": ("Giá trị không được âm (“{text}”). Vui lòng nhập lại.",
                                    "The value cannot be negative (“{text}”). Please type it again."),
    "error.report.value_too_large": (
        "Giá trị “{text}” quá lớn, không hợp lý. Vui lòng kiểm tra lại.",
        "“{text}” is too large to be right. Please check it.",
    ),
    "error.report.value_not_finite": ("“{text}” không phải là một số hữu hạn. Vui lòng nhập số cụ thể.",
                                      "“{text}” is not a finite number. Please type an actual number."),
    "error.report.value_not_yes_no": ("Vui lòng trả lời “có” hoặc “không” (nhận được “{text}”).",
                                      "Please answer “yes” or “no” (got “{text}”)."),
    "error.report.value_ambiguous": (
        "“{text}” có thể hiểu là {decimal} hoặc {thousands}. Vui lòng nhập lại rõ ràng: "
        "<code>{decimal}</code> (dấu phẩy là dấu thập phân) hoặc <code>{thousands}</code>.",
        "“{text}” could mean {decimal} or {thousands}. Please type it again unambiguously: "
        "<code>{decimal}</code> (comma as the decimal mark) or <code>{thousands}</code>.",
    ),
    "error.report.value_percent_over": (
        "Tỷ lệ phần trăm không thể vượt quá 100% (nhận được “{text}”). Vui lòng nhập lại.",
        "A percentage cannot exceed 100% (got “{text}”). Please type it again.",
    ),
    "rp.confirm_far": (
        "⚠ Kết quả {value} gấp từ 10 lần chỉ tiêu ({goal}) của “{name}” trở lên. "
        "Đồng chí kiểm tra lại giúp: số liệu này có đúng không?",
        "⚠ The result {value} is ten times the target ({goal}) of “{name}” or more. "
        "Please check: is it right?",
    ),
    "rg.confirm_far": (
        "⚠ Mức cam kết {value} gấp từ 10 lần chỉ tiêu phong trào ({goal}) của “{name}” trở lên. "
        "Đồng chí kiểm tra lại giúp: mức cam kết này có đúng không?",
        "⚠ The commitment {value} is ten times the campaign target ({goal}) of “{name}” or more. "
        "Please check: is it right?",
    ),
    "rp.btn_far_yes": ("✔ Đúng, giữ {value}", "✔ Yes, keep {value}"),
    "rp.btn_far_no": ("✏ Nhập lại", "✏ Type it again"),
    "error.report.value_percent_for_number": (
        "Chỉ tiêu này tính bằng số, không phải phần trăm (“{text}”). Vui lòng nhập số.",
        "This target is a number, not a percentage (“{text}”). Please type a number.",
    ),
    "error.report.value_zero_target": (
        "Giá trị chỉ tiêu phải lớn hơn 0.",
        "The target value must be above 0.",
    ),
    "error.report.value_missing": (
        "Chưa có giá trị cho chỉ tiêu “{target}”.",
        "“{target}” has no value yet.",
    ),
    "error.report.unknown_target": ("Chỉ tiêu {target} không thuộc phong trào này.",
                                    "Target {target} is not part of this campaign."),
    "error.report.narrative_too_long": ("Thuyết minh quá dài ({length} ký tự), tối đa {limit}.",
                                        "The narrative is too long ({length} characters), at most {limit}."),
    "error.report.too_many_files": (
        "Mỗi báo cáo kèm tối đa {limit} tệp.",
        "At most {limit} files per report.",
    ),
    "error.report.no_unit": (
        "Tài khoản của đồng chí chưa gắn với đơn vị nào. Vui lòng liên hệ {department_short}.",
        "Your account is not linked to a unit. Please contact the {department_short}.",
    ),
    "error.report.unit_gone": ("Không tìm thấy đơn vị.", "The unit no longer exists."),
    "error.report.campaign_not_active": ("Phong trào “{title}” hiện không nhận báo cáo.",
                                         "“{title}” is not taking reports now."),
    "error.report.not_reporting_milestone": ("Mốc này không nhận báo cáo tiến độ.",
                                             "This milestone does not take progress reports."),
    "error.report.quick_usage": ("Vui lòng ghi đủ mã phong trào, mã mốc và các giá trị.",
                                 "Please give the campaign code, the milestone code and the values."),
    "error.report.quick_unknown_campaign": (
        "Không có phong trào mã “{ref}”.",
        "No campaign has the code “{ref}”.",
    ),
    "error.report.quick_unknown_milestone": (
        "Phong trào không có mốc “{ref}”.",
        "The campaign has no milestone “{ref}”.",
    ),
    "error.report.quick_unknown_target": (
        "Phong trào không có chỉ tiêu “{ref}”.",
        "The campaign has no target “{ref}”.",
    ),
    "error.report.quick_duplicate": (
        "Chỉ tiêu {target} được ghi hai lần. Vui lòng ghi mỗi chỉ tiêu một lần rồi gửi lại.",
        "Target {target} is given twice. Please give each target once and send again.",
    ),
    "error.report.quick_far": (
        "Giá trị {value} của chỉ tiêu {target} gấp từ 10 lần chỉ tiêu ({goal}) trở lên, có thể "
        "nhập nhầm. Vui lòng kiểm tra lại; nếu đúng, gõ /report và nhập theo từng bước để xác nhận.",
        "The value {value} for {target} is ten times its target ({goal}) or more, perhaps a "
        "typo. Please check it; if it is right, type /report and enter it step by step to confirm.",
    ),
    "error.report.quick_missing": ("Còn thiếu giá trị cho: {codes}.", "Values are missing for: {codes}."),
    # status
    "st.title": ("<b>Tình hình thi đua — {unit}</b>", "<b>Status — {unit}</b>"),
    "st.no_campaigns": ("Đơn vị chưa tham gia phong trào nào đang diễn ra.",
                        "The unit takes part in no active campaign."),
    "st.campaign": ("<b>{title}</b> (<code>{code}</code>) — đăng ký: {registration}",
                    "<b>{title}</b> (<code>{code}</code>) — registration: {registration}"),
    "st.not_registered": ("chưa đăng ký", "not registered"),
    "st.milestone": ("• <code>{code}</code> {name} (hạn {due}): {state}",
                     "• <code>{code}</code> {name} (due {due}): {state}"),
    "st.reported": ("đã nộp {revisions} lần, hoàn thành {score}{late}",
                    "sent (revisions: {revisions}), completion {score}{late}"),
    "st.overdue": ("⚠ quá hạn, chưa nộp", "⚠ overdue, not sent"),
    "st.pending": ("chưa đến hạn", "not due yet"),
    "st.next_due": ("➡ Việc tiếp theo: {name} — hạn {due}", "➡ Next: {name} — due {due}"),
    "st.btn_view": ("Xem báo cáo {code} · {ms}", "View report {code} · {ms}"),
    "st.no_unit": (
        "Tài khoản của đồng chí chưa gắn với đơn vị nào.",
        "Your account is not linked to a unit.",
    ),
    "st.overview_title": ("<b>Tình hình thi đua toàn ngành</b>: {count} phong trào đang diễn ra",
                          "<b>Sector overview</b>: {count} active campaigns"),
    "st.overview_empty": ("Hiện không có phong trào nào đang diễn ra.", "No campaign is active."),
    "st.overview_campaign": ("\n<b>{title}</b> (<code>{code}</code>)",
                             "\n<b>{title}</b> (<code>{code}</code>)"),
    "st.overview_milestone": ("• <code>{code}</code> {name} (hạn {due}): đã nộp {done}/{expected} đơn vị",
                              "• <code>{code}</code> {name} (due {due}): {done}/{expected} units reported"),
    "st.overview_hint": (
        "\nXem đơn vị chưa nộp: /missing. Xem một đơn vị: /status kèm mã đơn vị.",
        "\nUnits not reported: /missing. One unit: /status with its code.",
    ),
    "st.unknown_unit": ("Không tìm thấy đơn vị mã “{code}”.", "No unit has the code “{code}”."),
    # missing
    "mi.pick": ("Vui lòng chọn mốc cần xem đơn vị chưa nộp:", "Choose the milestone:"),
    "mi.no_campaigns": ("Chưa có phong trào nào trong phạm vi của đồng chí.",
                        "There are no campaigns in your scope."),
    "mi.unknown": ("Không tìm thấy mốc “{text}”.", "No milestone “{text}”."),
    "mi.title": ("<b>Chưa nộp: {missing}/{expected} đơn vị</b>\n{campaign} — {milestone} (hạn {due})",
                 "<b>Not submitted: {missing}/{expected} units</b>\n{campaign} — {milestone} (due {due})"),
    "mi.page": ("Trang {page}/{pages}", "Page {page}/{pages}"),
    "mi.none": ("Tất cả đơn vị đã nộp. 👏", "Every unit has submitted. 👏"),
    "mi.title_nobody": ("<b>{campaign} — {milestone}</b> (hạn {due})",
                        "<b>{campaign} — {milestone}</b> (due {due})"),
    "mi.nobody": (
        "Không có đơn vị nào thuộc diện báo cáo mốc này: chưa đơn vị nào thuộc lĩnh vực của "
        "phong trào hoặc đã đăng ký tham gia.",
        "No unit is concerned by this milestone: no unit is in the campaign's fields or "
        "registered for it.",
    ),
    "mi.group": ("\n<b>{field}</b> ({count})", "\n<b>{field}</b> ({count})"),
    "mi.unit": ("• <code>{code}</code> {name}", "• <code>{code}</code> {name}"),
}

register(TEXTS)
