"""Texts of the council: sessions, the secret ballot, results, the decision, exemplar stories."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "menu.council": ("Phiên họp Hội đồng TĐKT, bỏ phiếu kín", "Council sessions, secret ballot"),
    "menu.decision": ("Ghi quyết định khen thưởng vào sổ", "Record an award decision"),
    "menu.spread": ("Nhân rộng gương điển hình", "Spread an exemplar's story"),
    "menu.exemplar_stories": ("Xem gương điển hình đã giới thiệu", "Browse exemplar stories"),
    # -- sessions (admin) -----------------------------------------------------------------------
    "council.list_title": ("<b>Các phiên họp Hội đồng</b>", "<b>Council sessions</b>"),
    "council.list_empty": ("Chưa có phiên họp nào.", "No session yet."),
    "council.btn_new": ("➕ Mở phiên họp mới", "➕ Open a new session"),
    "council.status.open": ("đang bỏ phiếu", "voting"),
    "council.status.closed": ("đã kết thúc", "closed"),
    "council.status.cancelled": ("đã hủy", "cancelled"),
    "council.ask_title": (
        "<b>Mở phiên họp Hội đồng</b>\nVui lòng nhập tên phiên họp (ví dụ: “Xét tặng danh hiệu "
        "thi đua năm 2026”). Gõ /cancel để hủy.",
        "<b>Open a council session</b>\nPlease type the session's title (e.g. \"Emulation titles "
        "for 2026\"). Type /cancel to stop.",
    ),
    "council.no_council_members": (
        "Chưa có thành viên nào mang vai trò Hội đồng. Vui lòng cấp vai trò trong /members trước.",
        "Nobody has the council role yet. Please give it in /members first.",
    ),
    "council.pick_members": (
        "<b>{title}</b>\nChọn thành viên dự phiên họp ({n} đã chọn). Chủ tịch: {chair}. "
        "Thư ký: {secretary}.\nBấm tên để chọn hoặc bỏ chọn.",
        "<b>{title}</b>\nChoose the members of the session ({n} chosen). Chair: {chair}. "
        "Secretary: {secretary}.\nTap a name to add or remove it.",
    ),
    "council.pick_chair": ("Chọn Chủ tịch Hội đồng của phiên họp:", "Choose the session's chair:"),
    "council.pick_secretary": ("Chọn Thư ký của phiên họp:", "Choose the session's secretary:"),
    "council.btn_chair": ("👑 Chủ tịch", "👑 Chair"),
    "council.btn_secretary": ("✍️ Thư ký", "✍️ Secretary"),
    "council.btn_continue": ("Tiếp tục ▶", "Continue ▶"),
    "council.nobody": ("chưa chọn", "not chosen"),
    "council.pick_awards": (
        "<b>{title}</b>\nChọn các hình thức, danh hiệu đưa ra bỏ phiếu ({n} trường hợp đã được "
        "duyệt đang chờ Hội đồng):",
        "<b>{title}</b>\nChoose the awards to put to the vote ({n} approved entries waiting for "
        "the council):",
    ),
    "council.no_entries_waiting": (
        "Không có trường hợp nào đã được duyệt đang chờ Hội đồng bỏ phiếu.",
        "No approved entry is waiting for the council.",
    ),
    "council.btn_open": ("✅ Mở phiên và gửi phiếu", "✅ Open and send the ballots"),
    "council.opened": (
        "✅ Đã mở phiên họp số {id} “{title}”: {members} thành viên, {entries} trường hợp. "
        "Phiếu bầu đã được gửi riêng cho từng thành viên.",
        "✅ Session {id} \"{title}\" is open: {members} members, {entries} entries. Each member "
        "has been sent a ballot privately.",
    ),
    "council.view": (
        "<b>Phiên họp số {id}: {title}</b>\nTrạng thái: {status}\nThành viên: {members} "
        "(có mặt {present}; cần tối thiểu {needed})\nSố trường hợp: {entries}\n"
        "Số phiếu đã nhận (tất cả thành viên): {votes}\n"
        "Kết quả được giữ kín đến khi kết thúc bỏ phiếu.",
        "<b>Session {id}: {title}</b>\nStatus: {status}\nMembers: {members} (present {present}; "
        "at least {needed} needed)\nEntries: {entries}\nVotes in (all members together): {votes}\n"
        "The tally stays sealed until the vote is closed.",
    ),
    "council.btn_attendance": ("👥 Điểm danh", "👥 Attendance"),
    "council.btn_close": ("🔒 Kết thúc bỏ phiếu và kiểm phiếu", "🔒 Close the vote and count"),
    "council.btn_cancel_session": ("🗑 Hủy phiên họp", "🗑 Cancel the session"),
    "council.btn_results": ("📊 Kết quả", "📊 Results"),
    "council.attendance": (
        "<b>Điểm danh</b> — bấm tên để đánh dấu có mặt (✅) hoặc vắng mặt (⬜). "
        "Thành viên vắng mặt {written}.",
        "<b>Attendance</b> — tap a name to mark present (✅) or absent (⬜). Absent members "
        "{written}.",
    ),
    "council.written_yes": ("vẫn được biểu quyết bằng văn bản qua bot",
                            "may still vote in writing through the bot"),
    "council.written_no": ("không biểu quyết", "do not vote"),
    "council.confirm_close": (
        "Kết thúc bỏ phiếu phiên số {id}? Sau khi kết thúc, không ai bỏ phiếu được nữa; "
        "phiếu được kiểm, biên bản được lập và mọi liên kết giữa người bỏ phiếu và lựa chọn bị xóa.",
        "Close the vote of session {id}? Nobody can vote afterwards; the votes are counted, the "
        "minutes written, and every link between a voter and a choice is erased.",
    ),
    "council.btn_confirm_close": ("🔒 Kết thúc", "🔒 Close"),
    "council.cancelled_session": ("Đã hủy phiên họp số {id}; các phiếu đã bỏ bị xóa.",
                                  "Session {id} cancelled; the votes cast were erased."),
    "council.no_quorum": (
        "⚠️ Phiên họp số {id} “{title}” không đủ số thành viên có mặt ({present}/{members}; "
        "cần {needed}). Hội đồng không quyết định nội dung nào.",
        "⚠️ Session {id} \"{title}\" lacks a quorum ({present}/{members}; {needed} needed). The "
        "council decided nothing.",
    ),
    "council.results_head": (
        "<b>Kết quả kiểm phiếu phiên họp số {id}: {title}</b>\nCó mặt {present}/{members}. "
        "Đạt: {passed}; không đạt: {failed}.",
        "<b>Results of session {id}: {title}</b>\nPresent {present}/{members}. Passed: {passed}; "
        "not passed: {failed}.",
    ),
    "council.result_line": ("{pos}. {name} ({unit}) — {award}: {yes} đồng ý, {no} không đồng ý, "
                            "{abstain} không biểu quyết; {share}% — <b>{verdict}</b>",
                            "{pos}. {name} ({unit}) — {award}: {yes} for, {no} against, "
                            "{abstain} abstaining; {share}% — <b>{verdict}</b>"),
    "council.passed": ("đạt", "passed"),
    "council.failed": ("không đạt", "not passed"),
    "council.by_chair": (" (theo ý kiến Chủ tịch)", " (the chair's side)"),
    "council.minutes_caption": (
        "📄 Biên bản họp và kiểm phiếu, phiên họp số {id} (Thư ký và Chủ tịch Hội đồng ký). "
        "Máy chủ cũng lưu bản này: <code>thidua council minutes {id}</code>.",
        "📄 Minutes of session {id} (for the secretary and the chair to sign). The server keeps "
        "a copy: <code>thidua council minutes {id}</code>.",
    ),
    "council.unit_results_head": (
        "<b>Kết quả Hội đồng xét các trường hợp của đơn vị</b> (phiên “{title}”):",
        "<b>The council's results for your unit</b> (session \"{title}\"):",
    ),
    "council.unit_line": ("• {name} — {award}: <b>{verdict}</b>", "• {name} — {award}: <b>{verdict}</b>"),
    # -- ballots (members) ----------------------------------------------------------------------
    "ballot.invite": (
        "🗳 <b>{council}</b>\nPhiên họp: <b>{title}</b>\nĐồng chí là {role} của phiên họp. "
        "Có {entries} trường hợp cần biểu quyết (bỏ phiếu kín): {awards}.\n"
        "Đồng chí có thể đổi phiếu đến khi phiên kết thúc; chỉ đồng chí thấy phiếu của mình.",
        "🗳 <b>{council}</b>\nSession: <b>{title}</b>\nYou are {role} of the session. {entries} "
        "entries to vote on (secret ballot): {awards}.\nYou may change a vote until the session "
        "closes; only you see your votes.",
    ),
    "ballot.role_chair": ("Chủ tịch", "the chair"),
    "ballot.role_member": ("thành viên", "a member"),
    "ballot.btn_open": ("🗳 Mở phiếu bầu", "🗳 Open the ballot"),
    "ballot.page_head": (
        "<b>Phiếu bầu — {title}</b> (trang {page}/{pages})\nĐã biểu quyết {mine}/{total} trường "
        "hợp.{absent}",
        "<b>Ballot — {title}</b> (page {page}/{pages})\nYou have voted on {mine}/{total} "
        "entries.{absent}",
    ),
    "ballot.page_head_short": (
        "<b>Phiếu bầu — {title}</b> (trang {page}/{pages}){absent}",
        "<b>Ballot — {title}</b> (page {page}/{pages}){absent}",
    ),
    "ballot.absent_note": ("\n<i>Đồng chí vắng mặt: phiếu được tính là biểu quyết bằng văn bản."
                           "</i>",
                           "\n<i>You are marked absent: your votes count as written votes.</i>"),
    "ballot.item": (
        "<b>{pos}. {name}</b> — {unit}\n{award}\nĐiều kiện: {verdict}{reason}\n"
        "Phiếu của đồng chí: <b>{mine}</b>",
        "<b>{pos}. {name}</b> — {unit}\n{award}\nEligibility: {verdict}{reason}\nYour vote: "
        "<b>{mine}</b>",
    ),
    "ballot.item_own": ("<b>{pos}. {name}</b> — {unit}\n{award}\n"
                        "<i>Đồng chí là người được đề nghị nên không biểu quyết trường hợp này.</i>",
                        "<b>{pos}. {name}</b> — {unit}\n{award}\n"
                        "<i>You are the nominee, so you do not vote on this entry.</i>"),
    "ballot.verdict.eligible": ("✅ đủ điều kiện", "✅ eligible"),
    "ballot.verdict.not_eligible": ("❌ chưa đủ điều kiện", "❌ not eligible"),
    "ballot.verdict.doubtful": ("⚠️ cần xem xét", "⚠️ doubtful"),
    "ballot.verdict.none": ("chưa kiểm tra", "not checked"),
    "ballot.choice.yes": ("Đồng ý", "For"),
    "ballot.choice.no": ("Không đồng ý", "Against"),
    "ballot.choice.abstain": ("Không biểu quyết", "Abstain"),
    "ballot.choice.none": ("chưa bỏ phiếu", "not voted"),
    "ballot.btn_yes": ("{pos}: Đồng ý", "{pos}: For"),
    "ballot.btn_no": ("{pos}: Không", "{pos}: Against"),
    "ballot.btn_abstain": ("{pos}: KBQ", "{pos}: Abstain"),
    "ballot.btn_files": ("📎 {pos}", "📎 {pos}"),
    "ballot.btn_refresh": ("🔄", "🔄"),
    "ballot.recorded": ("Đã ghi nhận phiếu.", "Vote recorded."),
    "ballot.no_files": ("Trường hợp này không có tệp kèm theo.", "This entry has no files."),
    "ballot.files_sent": ("Đã gửi {n} tệp của trường hợp số {pos}.",
                          "Sent {n} files of entry {pos}."),
    "ballot.closed": ("Phiên họp đã kết thúc bỏ phiếu; phiếu này không được ghi nhận.",
                      "The vote is closed; this vote was not recorded."),
    "ballot.refused": ("Nút bấm không hợp lệ cho đồng chí; phiếu không được ghi nhận.",
                       "This button is not valid for you; no vote was recorded."),
    "ballot.not_member": ("Đồng chí không phải thành viên của phiên họp này.",
                          "You are not a member of this session."),
    "ballot.own_entry": ("Đồng chí không biểu quyết trường hợp của chính mình.",
                         "You do not vote on your own entry."),
    "ballot.absent": ("Đồng chí vắng mặt và quy chế không cho biểu quyết bằng văn bản.",
                      "You are absent and the rules allow no written vote."),
    "ballot.no_abstain": ("Hình thức này không có lựa chọn “không biểu quyết”.",
                          "This award allows no abstention."),
    "ballot.my_sessions": ("<b>Phiên họp của đồng chí</b>", "<b>Your sessions</b>"),
    "ballot.none": ("Đồng chí chưa được mời dự phiên họp nào.", "You sit on no session yet."),
    "ballot.session_closed": ("Phiên họp “{title}” đã kết thúc bỏ phiếu.",
                              "Session \"{title}\" is closed."),
    # -- decision -------------------------------------------------------------------------------
    "decision.pick": (
        "<b>Ghi quyết định khen thưởng</b>\nCác trường hợp chờ quyết định ({n}): đã được Hội đồng "
        "thông qua, hoặc thuộc hình thức không cần Hội đồng bỏ phiếu. Chọn nhóm:",
        "<b>Record an award decision</b>\nEntries awaiting a decision ({n}): passed by the council, "
        "or for awards the council does not vote on. Choose a group:",
    ),
    "decision.none": ("Không có trường hợp nào đang chờ quyết định.",
                      "No entry is awaiting a decision."),
    "decision.group": ("{award} — {n} trường hợp", "{award} — {n} entries"),
    "decision.ask": (
        "<b>{award}</b>: {n} trường hợp\n{names}\n\nVui lòng nhập quyết định theo mẫu:\n"
        "<code>số quyết định; ngày (dd/mm/yyyy); người ký</code>\n"
        "Ví dụ: <code>1234/QĐ-BKHCN; 05/12/2026; Nguyễn Văn A</code>. Gõ /cancel để hủy.",
        "<b>{award}</b>: {n} entries\n{names}\n\nPlease type the decision as:\n"
        "<code>number; date (dd/mm/yyyy); signed by</code>\n"
        "E.g. <code>1234/QĐ-BKHCN; 05/12/2026; Nguyễn Văn A</code>. Type /cancel to stop.",
    ),
    "decision.done": (
        "✅ Đã ghi quyết định số {number} ngày {date} ({signer}) vào sổ theo dõi khen thưởng: "
        "{n} trường hợp. Đã gửi lời chúc mừng tới người được khen và đơn vị.\n"
        "Nhân rộng gương điển hình: /spread",
        "✅ Decision {number} of {date} ({signer}) is in the award register: {n} entries. "
        "Congratulations were sent to the people and units.\nSpread an exemplar: /spread",
    ),
    "decision.congrats_person": (
        "🎉 Chúc mừng đồng chí được tặng <b>{award}</b> năm {year} theo Quyết định số {number} "
        "ngày {date}.",
        "🎉 Congratulations: you were awarded <b>{award}</b> for {year} by decision {number} of "
        "{date}.",
    ),
    "decision.congrats_unit": (
        "🎉 Chúc mừng: <b>{name}</b> được tặng <b>{award}</b> năm {year} theo Quyết định số "
        "{number} ngày {date}.",
        "🎉 Congratulations: <b>{name}</b> was awarded <b>{award}</b> for {year} by decision "
        "{number} of {date}.",
    ),
    # -- exemplar stories ------------------------------------------------------------------------
    "story.pick": ("<b>Nhân rộng gương điển hình</b>\nChọn người hoặc tập thể đã được khen "
                   "thưởng:", "<b>Spread an exemplar</b>\nChoose an awarded person or collective:"),
    "story.none": ("Sổ khen thưởng chưa có quyết định nào để giới thiệu.",
                   "The register has no decided award to present yet."),
    "story.ask_content": (
        "<b>{name}</b> — {award} ({year})\nVui lòng gửi bài giới thiệu: ảnh kèm chú thích về "
        "thành tích, hoặc một tin nhắn văn bản. Người nhận sẽ nhận nguyên văn tin nhắn đó, kèm "
        "nút ghi danh hiệu, hình thức khen thưởng. Gõ /cancel để hủy.",
        "<b>{name}</b> — {award} ({year})\nPlease send the story: a photo with a caption about the "
        "achievement, or a text message. Recipients get that message as it is, with a button "
        "naming the award. Type /cancel to stop.",
    ),
    "story.content_kind": ("Vui lòng gửi ảnh kèm chú thích hoặc văn bản.",
                           "Please send a photo with a caption, or text."),
    "story.audience": (
        "<b>Gửi tới</b>\nLĩnh vực: {fields}\nNhóm: {groups}\nTất cả thành viên: {everyone}\n"
        "Yêu cầu xác nhận “Đã nhận”: {ack}",
        "<b>Send to</b>\nFields: {fields}\nGroups: {groups}\nEveryone: {everyone}\n"
        "Ask for \"Received\": {ack}",
    ),
    "story.yes": ("có", "yes"),
    "story.no": ("không", "no"),
    "story.none_chosen": ("chưa chọn", "none"),
    "story.btn_fields": ("📚 Lĩnh vực", "📚 Fields"),
    "story.btn_groups": ("💬 Nhóm", "💬 Groups"),
    "story.btn_everyone": ("👥 Tất cả thành viên", "👥 Everyone"),
    "story.btn_ack": ("Xác nhận đã nhận", "Acknowledgement"),
    "story.btn_publish": ("📣 Đăng", "📣 Publish"),
    "story.no_audience": ("Vui lòng chọn nơi nhận.", "Please choose the recipients."),
    "story.published": ("✅ Đã đăng bài giới thiệu “{name}” tới {n} nơi nhận.",
                        "✅ The story of \"{name}\" was sent to {n} recipients."),
    "story.button": ("🏅 {award} · {year}", "🏅 {award} · {year}"),
    "story.card": (
        "🌟 <b>{name}</b>\n{unit}\n🏅 {award} năm {year}{decision}\nLĩnh vực: {field}\n{summary}",
        "🌟 <b>{name}</b>\n{unit}\n🏅 {award} for {year}{decision}\nField: {field}\n{summary}",
    ),
    "story.decision": (" (QĐ số {number})", " (decision {number})"),
    "story.btn_read": ("📖 Xem bài giới thiệu", "📖 Read the story"),
    "story.browse_fields": ("<b>Gương điển hình</b>\nChọn lĩnh vực:",
                            "<b>Exemplar stories</b>\nChoose a field:"),
    "story.all_fields": ("Tất cả lĩnh vực", "All fields"),
    "story.no_field": ("Chưa xếp lĩnh vực", "No field"),
    "story.browse_years": ("<b>Gương điển hình</b> — {field}\nChọn năm:",
                           "<b>Exemplar stories</b> — {field}\nChoose a year:"),
    "story.all_years": ("Tất cả các năm", "All years"),
    "story.browse_list": ("<b>Gương điển hình</b> — {field}, {year} ({n}):",
                          "<b>Exemplar stories</b> — {field}, {year} ({n}):"),
    "story.browse_empty": ("Chưa có bài giới thiệu nào.", "No story yet."),
    "story.not_found": ("Bài giới thiệu không còn.", "That story is gone."),
    # -- refusals (DomainError codes) ----------------------------------------------------------------
    "error.council.not_found": ("Không tìm thấy phiên họp.", "No such session."),
    "error.council.not_open": ("Phiên họp không còn mở (đã kết thúc hoặc đã hủy).",
                               "The session is no longer open (closed or cancelled)."),
    "error.council.title_missing": ("Vui lòng nhập tên phiên họp.", "Please type a title."),
    "error.council.title_too_long": ("Tên phiên họp dài quá {limit} ký tự.",
                                     "The title is longer than {limit} characters."),
    "error.council.no_members": ("Vui lòng chọn ít nhất một thành viên.",
                                 "Please choose at least one member."),
    "error.council.too_many_members": ("Một phiên họp có tối đa {limit} thành viên.",
                                       "A session has at most {limit} members."),
    "error.council.not_council_member": (
        "Chỉ thành viên mang vai trò Hội đồng mới dự phiên họp được.",
        "Only members with the council role can sit on a session."),
    "error.council.chair_missing": ("Vui lòng chọn Chủ tịch trong số thành viên dự họp.",
                                    "Please choose the chair among the session's members."),
    "error.council.secretary_missing": ("Thư ký phải là thành viên dự họp.",
                                        "The secretary must be a member of the session."),
    "error.council.entry_not_available": (
        "Có trường hợp không còn chờ Hội đồng (đã đưa vào phiên khác hoặc đổi trạng thái).",
        "Some entry is no longer waiting for the council (on another session or changed)."),
    "error.council.no_entries": ("Không có trường hợp nào để bỏ phiếu.",
                                 "There is no entry to vote on."),
    "error.council.too_many_entries": ("Một phiên họp có tối đa {limit} trường hợp.",
                                       "A session has at most {limit} entries."),
    "error.council.not_a_seat": ("Người này không dự phiên họp.",
                                 "That person does not sit on the session."),
    "error.decision.format": (
        "Chưa đúng mẫu. Vui lòng nhập: <code>số quyết định; dd/mm/yyyy; người ký</code>.",
        "Not in the expected form. Please type: <code>number; dd/mm/yyyy; signed by</code>."),
    "error.decision.bad_date": ("Ngày “{text}” không hợp lệ; vui lòng viết dd/mm/yyyy.",
                                "\"{text}\" is not a valid date; please write dd/mm/yyyy."),
    "error.decision.future_date": ("Ngày quyết định không được ở tương lai.",
                                   "The decision date cannot be in the future."),
    "error.decision.number_too_long": ("Số quyết định dài quá {limit} ký tự.",
                                       "The decision number is longer than {limit} characters."),
    "error.decision.signer_too_long": ("Tên người ký dài quá {limit} ký tự.",
                                       "The signer's name is longer than {limit} characters."),
    "error.decision.nothing": ("Chưa chọn trường hợp nào.", "No entry chosen."),
    "error.decision.not_ready": (
        "Có trường hợp không còn chờ quyết định (đã được ghi hoặc chưa được thông qua).",
        "Some entry is no longer awaiting a decision (already recorded or not passed)."),
    "error.story.too_long": ("Bài giới thiệu dài quá {limit} ký tự.",
                             "The story is longer than {limit} characters."),
    "error.story.not_found": ("Bài giới thiệu không còn.", "That story is gone."),
}

register(TEXTS)
