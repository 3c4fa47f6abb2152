"""Texts of the people area: units, invites, members and roles, staff groups, and their errors."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    # -- menu ---------------------------------------------------------------------------------
    "menu.units": ("Danh sách đơn vị, tìm kiếm", "Units: list and search"),
    "menu.unit_add": ("Thêm đơn vị mới", "Add a unit"),
    "menu.invite": ("Tạo mã mời cho đơn vị", "Create an invite for a unit"),
    "menu.join": ("Nhập mã mời để được cấp quyền", "Enter an invite code to get access"),
    "menu.me": ("Thông tin của tôi", "My profile"),
    "menu.members": ("Danh sách thành viên", "Members"),
    "menu.role": ("Đổi vai trò của thành viên", "Change a member's role"),
    "menu.deactivate": ("Tạm ngừng tài khoản thành viên", "Deactivate a member"),
    "menu.groups": ("Danh sách nhóm nhận văn bản", "Staff groups"),
    "menu.subscribe": ("Nhận văn bản theo lĩnh vực (dùng trong nhóm)",
                       "Receive documents by field (in a group)"),
    "menu.unsubscribe": ("Thôi nhận văn bản theo lĩnh vực (dùng trong nhóm)",
                         "Stop receiving documents by field (in a group)"),
    # -- shared -------------------------------------------------------------------------------
    "people.none": ("chưa có", "none"),
    "people.no_unit": ("không thuộc đơn vị", "no unit"),
    "people.comrade": ("đồng chí", "there"),
    "unit_kind.co_quan": ("Cơ quan", "Agency"),
    "unit_kind.don_vi_su_nghiep": ("Đơn vị sự nghiệp", "Public service unit"),
    "unit_kind.doanh_nghiep": ("Doanh nghiệp", "Enterprise"),
    # -- units --------------------------------------------------------------------------------
    "units.title": ("<b>Danh sách đơn vị</b> ({total} đơn vị, trang {page}/{pages})",
                    "<b>Units</b> ({total} units, page {page}/{pages})"),
    "units.title_search": (
        "<b>Đơn vị khớp với “{query}”</b> ({total} đơn vị, trang {page}/{pages})",
        "<b>Units matching “{query}”</b> ({total} units, page {page}/{pages})",
    ),
    "units.empty": ("Chưa có đơn vị nào. Quản trị viên có thể thêm bằng /unit_add.",
                    "There are no units yet. Admins can add one with /unit_add."),
    "units.none_found": ("Không tìm thấy đơn vị nào khớp với “{query}”.",
                         "No unit matches “{query}”."),
    "units.search_hint": ("Để tìm, gõ /units kèm tên hoặc mã, ví dụ: /units bưu điện",
                          "To search, type /units with a name or code, e.g. /units buu dien"),
    "units.inactive_mark": ("(ngừng hoạt động)", "(inactive)"),
    "units.card": (
        "<b>{name}</b>\nMã: <code>{code}</code>\nLoại hình: {kind}\nĐơn vị cấp trên: {parent}\n"
        "Lĩnh vực: {fields}\nSố thành viên: {members}\nTrạng thái: {status}",
        "<b>{name}</b>\nCode: <code>{code}</code>\nKind: {kind}\nParent unit: {parent}\n"
        "Fields: {fields}\nMembers: {members}\nStatus: {status}",
    ),
    "units.lead_of": ("Đơn vị đầu mối lĩnh vực: {fields}", "Lead unit of: {fields}"),
    "units.active": ("đang hoạt động", "active"),
    "units.inactive": ("ngừng hoạt động", "inactive"),
    "units.btn_invite": ("✉️ Tạo mã mời", "✉️ Invite"),
    "units.btn_view": ("Xem đơn vị", "View unit"),
    "units.btn_name": ("✏️ Đổi tên", "✏️ Rename"),
    "units.btn_kind": ("Loại hình", "Kind"),
    "units.btn_parent": ("Đơn vị cấp trên", "Parent unit"),
    "units.btn_fields": ("Lĩnh vực", "Fields"),
    "units.btn_deactivate": ("⏸ Ngừng hoạt động", "⏸ Deactivate"),
    "units.btn_activate": ("▶️ Hoạt động trở lại", "▶️ Reactivate"),
    "units.btn_done": ("✔ Xong", "✔ Done"),
    "units.btn_no_parent": ("Không có đơn vị cấp trên", "No parent unit"),
    "units.saved": ("Đã lưu.", "Saved."),
    "units.ask_new_name": (
        "Tên hiện tại của <code>{code}</code>: {name}\nVui lòng gửi tên mới (tối đa {limit} ký tự). "
        "Gõ /cancel để hủy.",
        "Current name of <code>{code}</code>: {name}\nPlease send the new name (at most {limit} "
        "characters). Type /cancel to stop.",
    ),
    "units.ask_new_parent": (
        "Vui lòng gửi mã đơn vị cấp trên của <code>{code}</code>, hoặc gửi dấu - nếu không có. "
        "Gõ /cancel để hủy.",
        "Please send the code of the parent unit of <code>{code}</code>, or - for none. "
        "Type /cancel to stop.",
    ),
    "units.ask_kind_for": ("Chọn loại hình cho <code>{code}</code>:",
                           "Choose the kind of <code>{code}</code>:"),
    "units.ask_fields_for": ("Chọn lĩnh vực của <code>{code}</code> (bấm để bật/tắt):",
                             "Choose the fields of <code>{code}</code> (tap to toggle):"),
    "units.ask_code": (
        "Thêm đơn vị mới. Vui lòng gửi <b>mã đơn vị</b> (tối đa {limit} ký tự: chữ, số, "
        "dấu _ - .), ví dụ: BĐHN. Gõ /cancel để hủy.",
        "New unit. Please send the <b>unit code</b> (at most {limit} letters, digits, _ - .), "
        "e.g. BDHN. Type /cancel to stop.",
    ),
    "units.ask_name": ("Mã <code>{code}</code>. Vui lòng gửi <b>tên đơn vị</b> (tối đa {limit} ký tự).",
                       "Code <code>{code}</code>. Please send the <b>unit name</b> "
                       "(at most {limit} characters)."),
    "units.ask_kind": ("Vui lòng chọn <b>loại hình</b> đơn vị:", "Please choose the unit's <b>kind</b>:"),
    "units.kind_chosen": ("Loại hình: {kind}", "Kind: {kind}"),
    "units.ask_parent": ("Vui lòng gửi <b>mã đơn vị cấp trên</b>, hoặc bấm nút nếu không có.",
                         "Please send the <b>parent unit's code</b>, or tap the button if none."),
    "units.ask_fields": ("Vui lòng chọn <b>lĩnh vực</b> của đơn vị (bấm để bật/tắt), rồi bấm Xong.",
                         "Please choose the unit's <b>fields</b> (tap to toggle), then Done."),
    "units.use_buttons": ("Vui lòng chọn bằng các nút bên trên, hoặc gõ /cancel để hủy.",
                          "Please use the buttons above, or type /cancel to stop."),
    "units.confirm": (
        "<b>Kiểm tra lại thông tin đơn vị</b>\nMã: <code>{code}</code>\nTên: {name}\n"
        "Loại hình: {kind}\nĐơn vị cấp trên: {parent}\nLĩnh vực: {fields}",
        "<b>Please check the new unit</b>\nCode: <code>{code}</code>\nName: {name}\n"
        "Kind: {kind}\nParent unit: {parent}\nFields: {fields}",
    ),
    "units.added": ("Đã thêm đơn vị <code>{code}</code> — {name}.",
                    "Unit <code>{code}</code> — {name} was added."),
    # -- invites ------------------------------------------------------------------------------
    "invites.pick_unit": (
        "<b>Tạo mã mời.</b> Vui lòng chọn đơn vị ({total} đơn vị, trang {page}/{pages}).",
        "<b>New invite.</b> Please choose a unit ({total} units, page {page}/{pages}).",
    ),
    "invites.search_hint": ("Để tìm đơn vị, gõ /invite kèm tên hoặc mã.",
                            "To find a unit, type /invite with its name or code."),
    "invites.btn_no_unit": ("Không gắn với đơn vị", "No unit"),
    "invites.pick_role": ("Đơn vị: {unit}\nVui lòng chọn vai trò cho người được mời:",
                          "Unit: {unit}\nPlease choose the role of the invited person:"),
    "invites.pick_field": ("Đơn vị: {unit}\nVui lòng chọn lĩnh vực mà người được mời làm đầu mối:",
                           "Unit: {unit}\nPlease choose the field the invited person will lead:"),
    "invites.created": (
        "<b>Đã tạo mã mời</b>\nĐơn vị: {unit}\nVai trò: {role}\nHiệu lực đến: {expires}\n\n"
        "Đường dẫn: {link}\nMã: <code>{code}</code>\n\n"
        "Vui lòng gửi đường dẫn (hoặc mã, để nhập bằng /join) cho đúng người được mời. "
        "Mã chỉ dùng được một lần.",
        "<b>Invite created</b>\nUnit: {unit}\nRole: {role}\nValid until: {expires}\n\n"
        "Link: {link}\nCode: <code>{code}</code>\n\n"
        "Please send the link (or the code, for /join) to the invited person only. "
        "It works once.",
    ),
    "invites.btn_revoke": ("🚫 Thu hồi mã", "🚫 Revoke"),
    "invites.revoked": ("Đã thu hồi.", "Revoked."),
    "invites.revoked_text": ("Mã mời này đã được thu hồi và không còn sử dụng được.",
                             "This invite was revoked and can no longer be used."),
    "invites.ask_code": ("Vui lòng gửi mã mời đồng chí nhận được. Gõ /cancel để hủy.",
                         "Please send the invite code you received. Type /cancel to stop."),
    "invites.welcome": (
        "Chào mừng đồng chí {name}!\nĐồng chí đã được cấp quyền: <b>{role}</b>\nĐơn vị: {unit}\n\n"
        "Các việc đồng chí có thể làm:\n{commands}",
        "Welcome, {name}!\nYou now have the role <b>{role}</b>\nUnit: {unit}\n\n"
        "What you can do:\n{commands}",
    ),
    # -- members ------------------------------------------------------------------------------
    "members.me": (
        "<b>Thông tin của đồng chí</b>\nHọ tên: {name}\nTài khoản: {username}\nVai trò: {role}\n"
        "Đơn vị: {unit}\nLĩnh vực: {fields}\nNgôn ngữ: {language}\nTrạng thái: {status}",
        "<b>Your profile</b>\nName: {name}\nAccount: {username}\nRole: {role}\n"
        "Unit: {unit}\nFields: {fields}\nLanguage: {language}\nStatus: {status}",
    ),
    "members.language_name": ("Tiếng Việt", "English"),
    "members.active": ("đang hoạt động", "active"),
    "members.inactive": ("tạm ngừng", "deactivated"),
    "members.title": ("<b>Thành viên</b> ({total} người, trang {page}/{pages})",
                      "<b>Members</b> ({total} people, page {page}/{pages})"),
    "members.filter": ("Lọc theo: {label}", "Filter: {label}"),
    "members.line": ("{name} · {role} · {unit}", "{name} · {role} · {unit}"),
    "members.none": ("Không có thành viên nào phù hợp.", "No member matches."),
    "members.hint": (
        "Lọc: /members kèm mã đơn vị, tên lĩnh vực hoặc tên người; hoặc bấm vai trò bên dưới.",
        "Filter: /members with a unit code, a field or a name; or tap a role below.",
    ),
    "members.btn_all": ("Bỏ lọc", "Clear filter"),
    "members.card": (
        "<b>{name}</b>\nTài khoản: {username} (ID {telegram_id})\n"
        "Vai trò: {role}\nĐơn vị: {unit}\nTrạng thái: {status}\n"
        "<i>Khi gõ lệnh /role hoặc /deactivate thay cho các nút, chỉ người này bằng #{number}.</i>",
        "<b>{name}</b>\nAccount: {username} (ID {telegram_id})\n"
        "Role: {role}\nUnit: {unit}\nStatus: {status}\n"
        "<i>To type /role or /deactivate instead of using the buttons, name this person #{number}.</i>",
    ),
    "members.btn_role": ("Đổi vai trò", "Change role"),
    "members.btn_unit": ("Đổi đơn vị", "Change unit"),
    "members.btn_deactivate": ("⏸ Tạm ngừng", "⏸ Deactivate"),
    "members.btn_reactivate": ("▶️ Kích hoạt lại", "▶️ Reactivate"),
    "members.pick_role": ("Chọn vai trò mới cho {name}:", "Choose the new role of {name}:"),
    "members.pick_field": ("Chọn lĩnh vực mà {name} làm đầu mối:",
                           "Choose the field {name} will lead:"),
    "members.pick_unit": ("Vui lòng chọn đơn vị:", "Please choose the unit:"),
    "members.ask_unit": ("Vui lòng gửi mã hoặc tên đơn vị mới của {name}. Gõ /cancel để hủy.",
                         "Please send the code or name of {name}'s new unit. Type /cancel to stop."),
    "members.confirm_deactivate": (
        "Tạm ngừng tài khoản của {name}? Người này sẽ không dùng được các chức năng của bot "
        "cho đến khi được kích hoạt lại.",
        "Deactivate {name}? They will not be able to use the bot until reactivated.",
    ),
    "members.saved": ("Đã cập nhật.", "Updated."),
    "members.role_usage": (
        "Cách dùng: /role &lt;ID Telegram | @tên | #số&gt; &lt;vai trò&gt; [mã đơn vị | lĩnh vực]\n"
        "Vai trò (gõ mã bên trái): officer — Cán bộ thi đua; council — Thành viên Hội đồng; "
        "field_lead — Cán bộ đầu mối lĩnh vực; admin — Quản trị viên; stranger — thu hồi quyền.\n"
        "Ví dụ: /role #12 officer BĐHN · /role @lan field_lead attt\n"
        "Cách dễ hơn: chọn người trong /members rồi bấm “Đổi vai trò”.",
        "Usage: /role &lt;Telegram ID | @name | #number&gt; &lt;role&gt; [unit code | field]\n"
        "Roles (type the code on the left): officer — Emulation officer; council — Council "
        "member; field_lead — Field lead; admin — Administrator; stranger — remove access.\n"
        "Examples: /role #12 officer BDHN · /role @lan field_lead attt\n"
        "Easier: pick the person in /members and press “Change role”.",
    ),
    "members.deactivate_usage": (
        "Cách dùng: /deactivate &lt;ID Telegram | @tên | #số&gt;. Hoặc chọn người trong /members.",
        "Usage: /deactivate &lt;Telegram ID | @name | #number&gt;. Or pick the person in /members.",
    ),
    "members.you_role": ("Vai trò của đồng chí trên ThiDua Bot đã được cập nhật: <b>{role}</b>. "
                         "Gõ /help để xem các việc có thể làm.",
                         "Your role on ThiDua Bot is now <b>{role}</b>. "
                         "Type /help to see what you can do."),
    "members.you_unit": ("Đồng chí đã được chuyển sang đơn vị: {unit}.",
                         "You have been moved to the unit: {unit}."),
    "members.you_deactivated": (
        "Tài khoản của đồng chí trên ThiDua Bot đã tạm ngừng. Vui lòng liên hệ {department} "
        "nếu cần hỗ trợ.",
        "Your ThiDua Bot account has been deactivated. Please contact the {department} "
        "if you need help.",
    ),
    "members.you_reactivated": ("Tài khoản của đồng chí trên ThiDua Bot đã được kích hoạt lại. "
                                "Gõ /help để xem các việc có thể làm.",
                                "Your ThiDua Bot account is active again. "
                                "Type /help to see what you can do."),
    # -- groups -------------------------------------------------------------------------------
    "groups.hello": (
        "Xin chào các đồng chí! ThiDua Bot sẽ gửi văn bản, thông báo của {department} vào nhóm "
        "này theo lĩnh vực nhóm chọn nhận. Quản trị viên nhóm vui lòng gõ /subscribe để chọn "
        "lĩnh vực.",
        "Hello! ThiDua Bot will post the {department}'s documents and notices here for "
        "the fields this group chooses. A group admin can type /subscribe to choose them.",
    ),
    "groups.pick_fields": ("Chọn lĩnh vực nhóm nhận văn bản (bấm để chọn/bỏ chọn):",
                           "Choose the fields this group receives documents for (tap to toggle):"),
    "groups.subscribed": ("Đã lưu.", "Saved."),
    "groups.unsubscribed": ("Đã thôi nhận.", "Stopped."),
    "groups.now_subscribed": ("Nhóm đang nhận văn bản của các lĩnh vực: {fields}",
                              "This group receives documents for: {fields}"),
    "groups.nothing_to_unsubscribe": ("Nhóm chưa nhận văn bản của lĩnh vực nào mà đồng chí có thể bỏ.",
                                      "This group receives no field you can remove."),
    "groups.pick_unsubscribe": ("Chọn lĩnh vực nhóm thôi nhận văn bản:",
                                "Choose the field to stop receiving:"),
    "groups.private_subscribe": (
        "Lệnh /subscribe dùng trong nhóm: vui lòng thêm bot vào nhóm của đơn vị, rồi gõ "
        "/subscribe trong nhóm đó để chọn lĩnh vực nhóm nhận văn bản.",
        "/subscribe is used in a group: add the bot to your staff group, then type /subscribe "
        "there to choose the fields the group receives documents for.",
    ),
    "groups.btn_all": ("Hủy tất cả", "Remove all"),
    "groups.empty": ("Bot chưa được thêm vào nhóm nào.", "The bot is not in any group yet."),
    "groups.title": ("<b>Nhóm</b> ({total} nhóm, trang {page}/{pages})",
                     "<b>Groups</b> ({total} groups, page {page}/{pages})"),
    "groups.line": ("• <b>{title}</b> ({status})\n  Lĩnh vực: {fields}",
                    "• <b>{title}</b> ({status})\n  Fields: {fields}"),
    "groups.active": ("đang hoạt động", "active"),
    "groups.inactive": ("bot đã rời nhóm", "bot removed"),
    # -- errors raised by the services (error.<code>) -----------------------------------------
    "error.unit.code_missing": ("Vui lòng nhập mã đơn vị.", "Please enter a unit code."),
    "error.unit.code_invalid": (
        "Mã “{unit_code}” chưa hợp lệ: tối đa {limit} ký tự, chỉ gồm chữ, số và các dấu _ - .",
        "Code “{unit_code}” is not valid: at most {limit} letters, digits, _ - or .",
    ),
    "error.unit.code_taken": ("Mã “{unit_code}” đã được dùng cho một đơn vị khác. Vui lòng chọn mã khác.",
                              "Code “{unit_code}” is already used by another unit. Please choose another."),
    "error.unit.name_missing": ("Vui lòng nhập tên đơn vị.", "Please enter the unit name."),
    "error.unit.name_too_long": ("Tên đơn vị quá dài. Vui lòng rút gọn còn tối đa {limit} ký tự.",
                                 "The unit name is too long. Please keep it within {limit} characters."),
    "error.unit.parent_not_found": ("Không tìm thấy đơn vị có mã “{unit_code}”. Vui lòng kiểm tra lại.",
                                    "There is no unit with code “{unit_code}”. Please check it."),
    "error.unit.parent_cycle": (
        "Không thể đặt “{unit_code}” làm đơn vị cấp trên vì sẽ tạo vòng lặp cấp trên – cấp dưới.",
        "“{unit_code}” cannot be the parent: the units would be each other's parents.",
    ),
    "error.unit.field_unknown": ("Lĩnh vực “{field}” không có trong danh mục.",
                                 "There is no field “{field}”."),
    "error.unit.fields_missing": (
        "Vui lòng chọn ít nhất một lĩnh vực của đơn vị: phong trào thi đua và báo cáo được "
        "giao theo lĩnh vực.",
        "Please choose at least one field: campaigns and reports reach units by field.",
    ),
    "error.unit.not_found": ("Không tìm thấy đơn vị có mã “{unit_code}”.",
                             "There is no unit with code “{unit_code}”."),
    "error.unit.gone": ("Đơn vị này không còn trong danh sách.", "This unit no longer exists."),
    "error.invite.not_found": (
        "Mã mời không đúng. Vui lòng kiểm tra lại (chú ý chữ hoa, chữ thường) hoặc liên hệ người "
        "đã gửi mã.",
        "This invite code is not valid. Please check it (letter case matters) or ask whoever "
        "sent it.",
    ),
    "error.invite.already_yours": (
        "Đồng chí đã có đúng quyền và đơn vị mà mã mời này cấp ({unit}). Mã mời chưa bị dùng, "
        "có thể gửi cho người khác.",
        "You already have the role and unit this invite gives ({unit}). The code is not used up; "
        "it can go to someone else."),
    "error.invite.used": ("Mã mời này đã được sử dụng. Vui lòng xin mã mời mới.",
                          "This invite has already been used. Please ask for a new one."),
    "error.invite.expired": ("Mã mời này đã hết hạn. Vui lòng xin mã mời mới.",
                             "This invite has expired. Please ask for a new one."),
    "error.invite.revoked": ("Mã mời này đã bị thu hồi. Vui lòng liên hệ người đã gửi mã.",
                             "This invite was revoked. Please contact whoever sent it."),
    "error.invite.role_invalid": ("Vai trò “{role}” không hợp lệ.", "Role “{role}” is not valid."),
    "error.invite.unit_required": ("Cán bộ phụ trách thi đua phải thuộc một đơn vị.",
                                   "An emulation officer must belong to a unit."),
    "error.invite.field_required": ("Vui lòng chọn lĩnh vực cho cán bộ đầu mối.",
                                    "Please choose the field to lead."),
    "error.invite.unit_inactive": ("Đơn vị “{unit_code}” đã ngừng hoạt động.",
                                   "Unit “{unit_code}” is inactive."),
    "error.invite.ttl_invalid": ("Thời hạn mã mời phải từ 1 đến {limit} ngày.",
                                 "An invite must be valid for 1 to {limit} days."),
    "error.roles.last_admin": (
        "Không thể thực hiện: đây là quản trị viên duy nhất còn hoạt động. Vui lòng chỉ định "
        "quản trị viên khác trước.",
        "Not possible: this is the last active admin. Please appoint another admin first.",
    ),
    "error.member.not_found": ("Không tìm thấy thành viên này.", "No such member."),
    "error.unit_file.unsupported": ("Chỉ nhận tệp .csv hoặc .xlsx (tệp đã gửi: {suffix}).",
                                    "Only .csv or .xlsx files are accepted (got: {suffix})."),
    "error.unit_file.unreadable": ("Không đọc được tệp: {reason}", "The file cannot be read: {reason}"),
    # -- import row errors (services.unit_files.REASONS, for the CLI in Vietnamese) -----------
    "unit_file.row": ("Dòng {row}: {reason}", "Row {row}: {reason}"),
    "unit_file.bad_header": (
        "dòng tiêu đề phải có các cột code, name, kind, parent code, fields (đang có: {found})",
        "the header row must name the columns code, name, kind, parent code, fields "
        "(found: {found})",
    ),
    "unit_file.code_missing": ("thiếu mã đơn vị", "the code is empty"),
    "unit_file.code_invalid": (
        "mã “{value}” không hợp lệ (tối đa 32 ký tự: chữ, số, _ - .)",
        "code “{value}” is not valid (at most 32 letters, digits, _ - .)",
    ),
    "unit_file.code_repeated": ("mã “{value}” đã có ở dòng {first_row}",
                                "code “{value}” already appears in row {first_row}"),
    "unit_file.name_missing": ("thiếu tên đơn vị", "the name is empty"),
    "unit_file.name_too_long": ("tên dài quá {limit} ký tự", "the name is longer than {limit} characters"),
    "unit_file.kind_unknown": (
        "loại hình “{value}” không thuộc co_quan, don_vi_su_nghiep, doanh_nghiep",
        "kind “{value}” is not one of co_quan, don_vi_su_nghiep, doanh_nghiep",
    ),
    "unit_file.field_unknown": ("lĩnh vực “{value}” không thuộc danh mục: {known}",
                                "field “{value}” is not one of {known}"),
    "unit_file.parent_self": ("đơn vị không thể là cấp trên của chính nó",
                              "a unit cannot be its own parent"),
    "unit_file.parent_not_found": (
        "mã đơn vị cấp trên “{value}” không có trong tệp lẫn cơ sở dữ liệu",
        "parent code “{value}” is neither in the file nor in the database",
    ),
    "unit_file.parent_rejected": ("đơn vị cấp trên “{value}” nằm ở dòng bị lỗi",
                                  "parent “{value}” is on a row that has errors"),
    "unit_file.parent_cycle": ("đơn vị cấp trên “{value}” tạo vòng lặp cấp trên – cấp dưới",
                               "parent “{value}” would make a loop of parents"),
}

register(TEXTS)
