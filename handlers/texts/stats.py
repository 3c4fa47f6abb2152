"""Texts of /stats, /export and the weekly picture."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "menu.stats": ("Thống kê, biểu đồ thi đua", "Statistics and charts"),
    "menu.export": ("Xuất dữ liệu ra Excel", "Export to Excel"),
    "menu.weekly": ("Bật/tắt ảnh tổng hợp thứ Hai", "Monday picture on/off"),
    # views (buttons and titles)
    "stats.v.completion": ("Hoàn thành", "Completion"),
    "stats.v.timeliness": ("Đúng hạn", "On time"),
    "stats.v.ranking": ("Xếp hạng", "Ranking"),
    "stats.v.awards": ("Khen thưởng", "Awards"),
    "stats.v.directives": ("Văn bản", "Directives"),
    "stats.v.units": ("Từng đơn vị", "Each unit"),
    "stats.title.completion": ("Mức độ hoàn thành chỉ tiêu theo mốc — {period}",
                               "Target completion by milestone — {period}"),
    "stats.title.timeliness": ("Nộp báo cáo đúng hạn, muộn, chưa nộp — {period}",
                               "Reports on time, late, missing — {period}"),
    "stats.title.ranking": ("Xếp hạng đơn vị theo mức hoàn thành có trọng số — {period}",
                            "Units by weighted completion — {period}"),
    "stats.title.awards": ("Đề nghị khen thưởng và khen thưởng theo lĩnh vực — {period}",
                           "Nominations and awards by field — {period}"),
    "stats.title.directives": ("Tỷ lệ xác nhận đã nhận văn bản — {period}",
                               "Directives acknowledged — {period}"),
    "stats.title.units": ("Từng đơn vị theo mốc — {field} — {period}",
                          "Each unit by milestone — {field} — {period}"),
    "stats.period.year": ("năm {year}", "{year}"),
    "stats.period.campaign": ("phong trào {code}", "campaign {code}"),
    # series and categories
    "stats.s.own_unit": ("Đơn vị của đồng chí", "Your unit"),
    "stats.s.field_average": ("Trung bình lĩnh vực", "Field average"),
    "stats.s.on_time": ("Đúng hạn", "On time"),
    "stats.s.late": ("Muộn", "Late"),
    "stats.s.missing": ("Chưa nộp", "Missing"),
    "stats.s.nominated": ("Đề nghị", "Nominated"),
    "stats.s.awarded": ("Được khen thưởng", "Awarded"),
    "stats.s.everyone": ("Toàn bộ người nhận", "All recipients"),
    "stats.s.others": ("{count} đơn vị khác (TB)", "{count} other units (avg.)"),
    # headlines (one line under the picture)
    "stats.head.completion": ("Mốc {milestone}: hoàn thành bình quân <b>{value}%</b>.",
                              "Milestone {milestone}: average completion <b>{value}%</b>."),
    "stats.head.completion_own": (
        "Đơn vị của đồng chí: <b>{value}%</b>; trung bình lĩnh vực {average}%.",
        "Your unit: <b>{value}%</b>; field average {average}%."),
    "stats.head.timeliness": (
        "Mốc {milestone}: <b>{value}%</b> đơn vị nộp đúng hạn, {missing} đơn vị chưa nộp.",
        "Milestone {milestone}: <b>{value}%</b> of units on time, {missing} missing."),
    "stats.head.timeliness_own": (
        "Mốc {milestone}: {value}% đơn vị nộp đúng hạn; đơn vị của đồng chí: <b>{own}</b>.",
        "Milestone {milestone}: {value}% of units on time; your unit: <b>{own}</b>."),
    "stats.head.ranking": (
        "Dẫn đầu: <b>{best}</b> ({value}%); bình quân {average}% trên {units} đơn vị.",
        "Top: <b>{best}</b> ({value}%); average {average}% over {units} units."),
    "stats.head.ranking_own": (
        "Đơn vị của đồng chí: <b>{value}%</b>, xếp thứ {rank}/{of}; trung bình {average}%.",
        "Your unit: <b>{value}%</b>, rank {rank} of {of}; average {average}%."),
    "stats.head.awards": ("Năm {year}: <b>{nominated}</b> đề nghị, <b>{awarded}</b> khen thưởng.",
                          "{year}: <b>{nominated}</b> nominations, <b>{awarded}</b> awards."),
    "stats.head.awards_own": (
        "Năm {year}, đơn vị của đồng chí: <b>{nominated}</b> đề nghị, <b>{awarded}</b> khen thưởng.",
        "{year}, your unit: <b>{nominated}</b> nominations, <b>{awarded}</b> awards."),
    "stats.head.directives": ("{count} văn bản gần nhất: <b>{value}%</b> người nhận đã báo “Đã nhận”.",
                              "Latest {count} directives: <b>{value}%</b> acknowledged."),
    "stats.head.directives_own": (
        "{count} văn bản: đơn vị của đồng chí đã báo “Đã nhận” <b>{value}%</b>; chung {average}%.",
        "{count} directives: your unit acknowledged <b>{value}%</b>; overall {average}%."),
    "stats.head.units": (
        "{field}: {units} đơn vị; thấp nhất <b>{worst}</b> ({value}%); {missing} lượt chưa nộp.",
        "{field}: {units} units; lowest <b>{worst}</b> ({value}%); {missing} submissions missing."),
    "stats.head.units_more": (
        "{field}: {units} đơn vị; thấp nhất <b>{worst}</b> ({value}%); {missing} lượt chưa nộp. "
        "Ảnh có {shown} đơn vị thấp nhất; {rest} đơn vị còn lại bình quân {rest_average}%.",
        "{field}: {units} units; lowest <b>{worst}</b> ({value}%); {missing} submissions missing. "
        "The {shown} lowest are shown; the other {rest} average {rest_average}%."),
    "stats.own.on_time": ("đúng hạn", "on time"),
    "stats.own.late": ("nộp muộn", "late"),
    "stats.own.missing": ("chưa nộp", "missing"),
    "stats.empty": ("Chưa có số liệu cho lựa chọn này.", "No figures for this choice yet."),
    "error.stats.no_fields": ("Đơn vị của đồng chí chưa thuộc lĩnh vực nào, nên chưa có số liệu thống kê.",
                        "Your unit is in no field yet, so there are no statistics."),
    "stats.bad_args": ("Không hiểu “{text}”. Dùng: /stats, /stats 2027 hoặc /stats MÃ_PHONG_TRÀO.",
                       "Cannot read “{text}”. Use: /stats, /stats 2027 or /stats CAMPAIGN_CODE."),
    "stats.btn.year": ("Năm {year}", "{year}"),
    "stats.btn.field_all": ("Lĩnh vực: tất cả ▸", "Field: all ▸"),
    "stats.btn.field": ("Lĩnh vực: {name} ▸", "Field: {name} ▸"),
    # files
    "error.file.too_big": ("Tệp {size_mb} MB vượt giới hạn {limit_mb} MB của Telegram; đồng chí vui lòng "
                     "thu hẹp phạm vi (một phong trào, một lĩnh vực) rồi xuất lại.",
                     "The {size_mb} MB file exceeds Telegram's {limit_mb} MB limit; please narrow "
                     "it (one campaign, one field) and export again."),
    "error.file.empty": ("Không có dữ liệu để gửi.", "There is nothing to send."),
    # weekly picture
    "weekly.on": ("Đã bật: đồng chí sẽ nhận ảnh tổng hợp vào sáng thứ Hai hằng tuần.",
                  "On: you will get the picture every Monday morning."),
    "weekly.off": ("Đã tắt ảnh tổng hợp sáng thứ Hai. Bật lại: /weekly on",
                   "The Monday picture is off. Turn it on again: /weekly on"),
    "weekly.state_on": ("Ảnh tổng hợp sáng thứ Hai đang bật. Tắt: /weekly off",
                        "The Monday picture is on. Turn off: /weekly off"),
    "weekly.state_off": ("Ảnh tổng hợp sáng thứ Hai đang tắt. Bật: /weekly on",
                         "The Monday picture is off. Turn on: /weekly on"),
    "weekly.not_for_you": ("Ảnh tổng hợp hằng tuần dành cho quản trị viên và đơn vị đầu mối lĩnh vực.",
                           "The weekly picture is for admins and field leads."),
}

register(TEXTS)

register({
    "export.pick": ("Đồng chí muốn xuất dữ liệu nào ra Excel?", "What would you like to export to Excel?"),
    "export.k.reports": ("Báo cáo tiến độ (mọi lần nộp)", "Reports (every revision)"),
    "export.k.registrations": ("Đăng ký thi đua", "Registrations"),
    "export.k.late": ("Nộp muộn, chưa nộp theo mốc", "Late and missing per milestone"),
    "export.k.nominations": ("Đề nghị khen thưởng", "Nominations"),
    "export.k.awards": ("Sổ theo dõi khen thưởng", "Award register"),
    "export.k.audit": ("Nhật ký thao tác", "Audit log"),
    "export.k.directive": ("Gửi và xác nhận một văn bản", "A directive's delivery and acknowledgement"),
    "export.pick_campaign": ("{what}: đồng chí chọn phong trào (mới nhất ở trên).",
                             "{what}: choose a campaign (the latest first)."),
    "export.pick_year": ("{what}: đồng chí chọn năm.", "{what}: choose a year."),
    "export.pick_directive": ("Đồng chí chọn văn bản (mới nhất ở trên).",
                              "Choose a directive (the latest first)."),
    "export.no_directives": ("Chưa có văn bản nào đã gửi để xuất.", "No directive has been sent yet."),
    "export.every_campaign": ("Tất cả phong trào", "Every campaign"),
    "export.every_year": ("Tất cả các năm", "Every year"),
    "export.of_campaign": ("{what}, phong trào {code}", "{what}, campaign {code}"),
    "export.of_year": ("{what}, năm {year}", "{what}, {year}"),
    "export.caption": ("{what} — xuất lúc {when}.", "{what} — exported at {when}."),
    "export.directive_caption": ("Đăng ký gửi và xác nhận văn bản {number}.",
                                 "Delivery and acknowledgement register of directive {number}."),
    "export.bad_args": ("Không hiểu “{text}”. Dùng: /export, hoặc /export directive SỐ_VĂN_BẢN_ID.",
                        "Cannot read “{text}”. Use: /export, or /export directive DIRECTIVE_ID."),
})
