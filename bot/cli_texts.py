"""What the command line says when it refuses, in the operator's language.

A refusal is the bot's own sentence for the same error (``error.<code>`` in the handlers' texts),
so the CLI and the bot never explain one problem two ways. The language is ``--lang`` (given
before the command: ``thidua --lang en invite create …``), else ``THIDUA_LANGUAGE``, else
Vietnamese. Terminal output is plain text: the texts' HTML is removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import handlers.root  # noqa: F401  (every area registers its texts on import)
from bot.fatal import Fatal
from handlers.i18n import has, register, render
from handlers.texts import award_files as _award_files  # noqa: F401  (an award file's problems)
from handlers.texts import campaign_files as _campaign_files  # noqa: F401  (a file's problems)
from models import Language
from services.errors import DomainError

TEXTS: dict[str, tuple[str, str]] = {
    "cli.cannot_read": ("Không đọc được tệp {file}: {reason}", "Cannot read {file}: {reason}"),
    "cli.bad_rows": (
        "{count} dòng có lỗi: chưa thay đổi gì (sửa các dòng này, hoặc thêm --skip-bad để nhập "
        "các dòng đúng).",
        "{count} bad row(s): nothing was changed (fix them, or use --skip-bad to import the "
        "good rows)."),
    "cli.invite_failed": ("Không tạo được lời mời: {reason}", "Cannot create the invite: {reason}"),
    "cli.invite_link": ("Đường dẫn mời: {link}", "Link: {link}"),
    "cli.invite_no_link": (
        "Đường dẫn mời: chưa có, vì cần tên bot (@username). Đặt THIDUA_BOT_TOKEN hoặc thêm "
        "--bot-username TÊN_BOT.",
        "Link: none yet, it needs the bot's @username. Set THIDUA_BOT_TOKEN or add "
        "--bot-username NAME."),
    "cli.invite_code": ("Mã mời: {code}  (người được mời gửi cho bot: /join {code})",
                        "Code: {code}  (the person sends /join {code} to the bot)"),
    "cli.invite_sandbox": (
        "Trong sandbox (thidua start): gõ :user Tên người được mời, rồi /join {code}.",
        "In the sandbox (thidua start): type :user Name of the person, then /join {code}."),
    "cli.invite_expires": ("Hết hạn: {when} (giờ {zone})", "Expires: {when} ({zone} time)"),
    "cli.campaign_problems": ("Không nhập được {file}: {count} lỗi, chưa thay đổi gì.",
                              "Cannot import {file}: {count} problem(s), nothing was changed."),
    "cli.campaign_failed": ("Không nhập được {file}: {reason}", "Cannot import {file}: {reason}"),
    "cli.launch_failed": ("Không phát động được {code}: {reason}", "Cannot launch {code}: {reason}"),
    "cli.no_campaign": ("Không có phong trào mã “{code}” (hãy nhập phong trào trước).",
                        "No campaign with the code “{code}” (import it first)."),
    "cli.db_at": ("Cơ sở dữ liệu ở phiên bản {revisions}.", "Database is at {revisions}."),
    "cli.admin_added": ("{telegram_id} đã là quản trị viên.", "{telegram_id} is now an administrator."),
    "cli.units_imported": (
        "{rows} dòng: {created} tạo mới, {updated} cập nhật, {unchanged} không đổi, "
        "{skipped} bỏ qua.",
        "{rows} rows: {created} created, {updated} updated, {unchanged} unchanged, "
        "{skipped} skipped."),
    "cli.units_exported": ("Đã ghi {count} đơn vị vào {file}.", "{count} units written to {file}."),
    "cli.campaign_created": ("Đã tạo phong trào {code}: {title}", "Campaign {code} created: {title}"),
    "cli.campaign_updated": ("Đã cập nhật phong trào {code}: {title}",
                             "Campaign {code} updated: {title}"),
    "cli.campaign_unchanged": ("Phong trào {code} không thay đổi: tệp giống nội dung đã lưu.",
                               "Campaign {code} unchanged: the file matches what is stored."),
    "cli.deadline_moved": ("  {milestone}: thời hạn đổi từ {before} sang {after}",
                           "  {milestone}: deadline moved from {before} to {after}"),
    "cli.change_announced": ("  Thay đổi được thông báo tới {count} người nhận.",
                             "  The change is announced to {count} recipient(s)."),
    "cli.launch_hint": ("Phát động bằng lệnh `thidua campaign launch {code}` hoặc từ thẻ phong trào "
                        "trong /campaigns.",
                        "Launch it with `thidua campaign launch {code}` or from its card in "
                        "/campaigns."),
    "cli.launched": ("Đã phát động phong trào {code}: {title}", "Campaign {code} launched: {title}"),
    "cli.announcement_queued": (
        "  Thông báo số {number} đã xếp hàng gửi tới {count} người nhận; bot đang chạy sẽ gửi.",
        "  Announcement #{number} queued for {count} recipient(s); the running bot sends it."),
    "cli.sandbox_starting": (
        "Chưa đặt THIDUA_BOT_TOKEN: mở sandbox ngoại tuyến (Telegram giả lập).\n",
        "No THIDUA_BOT_TOKEN set: starting the offline sandbox (a simulated Telegram).\n"),
    "cli.reset_nothing": ("Chưa có gì để xóa: chưa có {database} hay {state}.",
                          "Nothing to reset: no {database} or {state} yet."),
    "cli.reset_list": ("Lệnh này xóa mọi thứ bot và sandbox đã lưu:",
                       "This deletes everything the bot and the sandbox have stored:"),
    "cli.reset_confirm": ("Xóa và bắt đầu lại?", "Delete and start over?"),
    "cli.reset_kept": ("Chưa xóa gì.", "Nothing was deleted."),
    "cli.plan_no_campaign": ("Không có phong trào mã “{code}”.", "No campaign with code “{code}”."),
    "cli.plan_title": ("{code} — {title} ({status})", "{code} — {title} ({status})"),
    "cli.plan_offsets": (
        "Mốc nhắc (số ngày làm việc so với hạn): {offsets}; gửi lúc {send_at}, không gửi từ "
        "{quiet_start} đến {quiet_end}",
        "Offsets (working days from the deadline): {offsets}; sent at {send_at}, quiet hours "
        "{quiet_start}–{quiet_end}"),
    "cli.plan_milestone": ("{code} · {name} — hạn {due}", "{code} · {name} — due {due}"),
    "cli.plan_unchecked": (
        "  không nhắc: chưa có cách kiểm tra ai đã nộp cho loại mốc này",
        "  no nudges: no submission check is registered for this kind of milestone"),
    "cli.plan_reach": ("  nếu nhắc bây giờ: {people} cán bộ của {units} đơn vị",
                       "  would reach now: {people} officers of {units} units"),
    "cli.plan_push": ("nhắc ngay", "remind now"),
    "cli.plan_status.planned": ("dự kiến", "planned"),
    "cli.plan_status.done": ("đã gửi {sent}", "done, {sent} sent"),
    "cli.plan_status.push": ("đã gửi {sent}", "push, {sent} sent"),
    "cli.plan_status.skipped": ("bỏ qua", "skipped"),
    "cli.plan_status.dropped": ("đã bỏ khỏi kế hoạch", "dropped"),
    "cli.day_unreadable": ("Không đọc được ngày “{text}”: ghi dạng NN/TT/NNNN hoặc NNNN-TT-NN.",
                           "Cannot read the date “{text}”: write it as DD/MM/YYYY or YYYY-MM-DD."),
    "cli.day_off_set": ("{day} nay là ngày nghỉ{reason}.", "{day} is now a day off{reason}."),
    "cli.workday_set": ("{day} nay là ngày làm việc bù{reason}.",
                        "{day} is now a compensatory working day{reason}."),
    "cli.day_reason": (" ({reason})", " ({reason})"),
    "cli.day_kind.announced": ("nghỉ theo thông báo", "announced day off"),
    "cli.day_kind.holiday": ("ngày lễ", "public holiday"),
    "cli.day_kind.weekend": ("cuối tuần", "weekend"),
    "cli.day_cleared": ("{day}: đã bỏ đánh dấu.", "{day}: mark removed."),
    "cli.day_unmarked": ("{day}: ngày này chưa được đánh dấu.", "{day}: had no mark."),
    "cli.year_working_days": ("Năm {year}: {count} ngày làm việc", "{year}: {count} working days"),
    "cli.year_days_off": ("Ngày nghỉ:", "Days off:"),
    "cli.year_workdays": ("Ngày làm việc bù:", "Compensatory working days (làm bù):"),
    "cli.none": ("  (không có)", "  (none)"),
    "cli.council_none": ("Chưa có phiên họp Hội đồng nào.", "No council session yet."),
    "cli.council_no_minutes": (
        "Phiên họp {number} chưa có biên bản: phiên không tồn tại hoặc chưa kết thúc.",
        "Session {number} has no minutes: it does not exist or is not closed yet."),
    "cli.council_minutes_written": ("Đã ghi biên bản phiên họp {number} vào {file} ({size} byte).",
                                    "Minutes of session {number} written to {file} ({size} bytes)."),
    "cli.import_refused": ("Không nhập được {file}: {reason} Chưa thay đổi gì.",
                           "Cannot import {file}: {reason} Nothing was changed."),
    "cli.reset_not_served": (
        "--reset chỉ dùng cho sandbox ngoại tuyến; bot phục vụ Telegram giữ nguyên cơ sở dữ liệu "
        "(nếu thật sự muốn, đồng chí tự xóa tệp).",
        "--reset is for the offline sandbox only; a bot serving Telegram keeps its database "
        "(delete it yourself if you mean to)."),
    "cli.reset_sqlite_only": (
        "--reset chỉ xóa tệp SQLite; với PostgreSQL, đồng chí tự xóa và tạo lại cơ sở dữ liệu, rồi "
        "chạy `thidua db upgrade`.",
        "--reset deletes SQLite files only; drop and recreate a PostgreSQL database yourself, then "
        "run `thidua db upgrade`."),
    # -- the award register and catalogue (thidua awards …) -------------------------------------
    "register_file.row": ("dòng {row}, {column}: {reason}", "row {row}, {column}: {reason}"),
    "register_file.unit_unknown": ("không có đơn vị mã “{value}”", "unit '{value}' is not known"),
    "register_file.not_a_date": ("“{value}” không phải là ngày (ngày/tháng/năm)",
                                 "'{value}' is not a date (dd/mm/yyyy)"),
    "register_file.not_a_year": ("“{value}” không phải là năm", "'{value}' is not a year"),
    "register_file.award_unknown": (
        "“{value}” không phải danh hiệu, hình thức khen thưởng trong danh mục, xếp loại, "
        "“sáng kiến” hay “kỷ luật”",
        "'{value}' is neither an award of the catalogue, a rating, 'sáng kiến' nor 'kỷ luật'"),
    "register_file.name_missing": ("thiếu họ tên", "the name is empty"),
    "register_file.collective_personal": (
        "tập thể không có sáng kiến hay kỷ luật riêng; ghi họ tên và ngày sinh của cá nhân",
        "a collective has no sáng kiến or kỷ luật of its own; write the person's name and date "
        "of birth"),
    "register_file.for_collective": ("{award} chỉ tặng cho tập thể", "{award} is given to a collective"),
    "register_file.for_individual": ("{award} chỉ tặng cho cá nhân", "{award} is given to a person"),
    "cli.awards_imported": (
        "{rows} dòng: {awards} khen thưởng, {ratings} xếp loại, {initiatives} sáng kiến, "
        "{disciplines} kỷ luật, {people} người mới, {there} đã có trong sổ, {skipped} bỏ qua.",
        "{rows} rows: {awards} awards, {ratings} ratings, {initiatives} sáng kiến, "
        "{disciplines} kỷ luật, {people} people added, {there} already in the register, "
        "{skipped} skipped."),
    "cli.awards_exported": ("Đã ghi {count} dòng vào {file}.", "{count} rows written to {file}."),
    "cli.awards_file_error": ("Không dùng được {file}: {reason}", "Cannot use {file}: {reason}"),
    "cli.catalogue_exported": (
        "Đã ghi danh mục phiên bản {version} ({count} danh hiệu, hình thức) vào {file}.",
        "Catalogue version {version} ({count} awards) written to {file}."),
    "cli.catalogue_invalid": ("{file} không phải danh mục khen thưởng hợp lệ; chưa thay đổi gì:",
                              "{file} is not a valid award catalogue; nothing was changed:"),
    "cli.catalogue_in_force": (
        "Danh mục phiên bản {version} nay có hiệu lực ({count} danh hiệu, hình thức).",
        "Catalogue version {version} is now in force ({count} awards)."),
    "cli.catalogue_same": (
        "Không thay đổi: tệp là danh mục phiên bản {version}, đang có hiệu lực.",
        "No change: the file is catalogue version {version}, already in force."),
    "cli.format_bad": ("--format chỉ nhận text hoặc csv.", "--format must be text or csv."),
    "cli.check_row": ("dòng {row}: {verdict} — {reason}", "row {row}: {verdict} — {reason}"),
    "cli.export.reports": ("Báo cáo tiến độ", "Progress reports"),
    "cli.export.registrations": ("Đăng ký thi đua", "Registrations"),
    "cli.export.late": ("Danh sách nộp muộn, chưa nộp", "Late and missing"),
    "cli.export.nominations": ("Đề nghị khen thưởng", "Nominations"),
    "cli.export.awards": ("Sổ theo dõi khen thưởng", "Award register"),
    "cli.export.directive": ("Sổ gửi văn bản", "Document delivery register"),
    "cli.export.audit": ("Nhật ký thao tác", "Audit log"),
    "cli.export.annual_report": ("Báo cáo năm", "Annual report"),
    "cli.export_failed": ("Không xuất được {kind}: {reason}", "Cannot export {kind}: {reason}"),
    "cli.export_written": ("{kind}: đã ghi {size} byte vào {file}.",
                           "{kind}: {size} bytes written to {file}."),
    "cli.backup_not_sqlite": (
        "Cơ sở dữ liệu không phải tệp SQLite: sao lưu PostgreSQL bằng pg_dump (ví dụ "
        "`pg_dump -Fc -f thidua.dump TÊN_CSDL`).",
        "The database is not a SQLite file: back PostgreSQL up with pg_dump (e.g. "
        "`pg_dump -Fc -f thidua.dump DBNAME`)."),
    "cli.backup_no_source": ("Không có cơ sở dữ liệu SQLite ở {source}: kiểm tra THIDUA_DATABASE_URL.",
                             "There is no SQLite database at {source}: check THIDUA_DATABASE_URL."),
    "cli.backup_exists": ("Tệp {file} đã có: chọn tên tệp khác (chưa ghi đè gì).",
                          "{file} exists already: choose a new file name (nothing was overwritten)."),
    "cli.backup_failed": (
        "Sao lưu không thành công ({reason}): kiểm tra dung lượng trống và quyền ghi của {folder}, "
        "rồi thử lại.",
        "The backup failed ({reason}): check the free space and permissions of {folder}, then "
        "try again."),
    "cli.backup_done": (
        "Đã sao lưu {source} vào {file}: {tables} bảng, {rows} dòng, kiểm tra toàn vẹn: tốt.",
        "Backed up {source} to {file}: {tables} tables, {rows} rows, integrity ok."),
    "cli.reset_done": ("Đã xóa; bắt đầu lại từ đầu.\n", "Deleted; starting over.\n"),
    # -- thidua status (labels padded so the values line up, as in a terminal table) ------------
    "cli.status.ok": ("Trạng thái: bình thường", "Status:   OK"),
    "cli.status.failing": ("Trạng thái: có sự cố", "Status:   FAILING"),
    "cli.status.inbox": (
        "Hàng nhận: {pending} cập nhật chờ xử lý (lâu nhất {oldest}), {failed} lỗi, "
        "{set_aside} không đọc được (để riêng)",
        "Inbox:    {pending} waiting (oldest {oldest}), {failed} failed, {set_aside} unreadable "
        "(set aside)"),
    "cli.status.outbox": (
        "Hàng gửi:  {replies} trả lời, {notices} thông báo, {bulk} bản gửi hàng loạt đang chờ; "
        "{failed} lỗi, {uncertain} có thể đã đến nơi",
        "Outbox:   {replies} replies, {notices} notices, {bulk} broadcast copies waiting; "
        "{failed} failed, {uncertain} may have been delivered"),
    "cli.status.sent": ("Đã gửi:    lần cuối cách đây {ago}", "Sent:     last {ago} ago"),
    "cli.status.never": ("Đã gửi:    chưa lần nào", "Sent:     never"),
    "cli.status.lease": ("Vai trò:   {name} do {holder} đảm nhận ({state})",
                         "Lease:    {name} held by {holder} ({state})"),
    "cli.status.live": ("còn hiệu lực", "live"),
    "cli.status.expired": ("đã hết hạn", "expired"),
    "cli.status.sweep": ("Lượt quét: {name} chạy cách đây {ago}", "Sweep:    {name} ran {ago} ago"),
    "cli.status.problem": ("Sự cố:     {problem}", "Problem:  {problem}"),
    "cli.status.seconds": ("{n} giây", "{n} s"),
    "cli.status.minutes": ("{n} phút", "{n} min"),
    "cli.status.hours": ("{n} giờ", "{n} h"),
    "cli.status_problem.inbox_backlog": (
        "tồn {pending} cập nhật chưa xử lý (quá {limit})",
        "inbox backlog: {pending} updates waiting (more than {limit})"),
    "cli.status_problem.inbox_stalled": (
        "cập nhật chờ lâu nhất đã {age} giây: không có worker nào đang xử lý, hãy kiểm tra vai "
        "trò worker",
        "the oldest waiting update is {age} s old: no worker is handling updates"),
    "cli.status_problem.outbox_backlog": (
        "tồn {pending} tin chờ gửi (quá {limit})",
        "outbox backlog: {pending} messages waiting (more than {limit})"),
    "cli.status_problem.outbox_stalled": (
        "một câu trả lời đã chờ gửi {age} giây: bộ gửi (sender) không gửi, hãy kiểm tra vai trò "
        "sender",
        "a reply has waited {age} s to be sent: the sender is not sending"),
    "cli.status_problem.inbox_failed": ("{failed} cập nhật xử lý lỗi (quá {limit})",
                                        "{failed} updates failed (more than {limit})"),
    "cli.status_problem.sweeps_stale": ("các lượt quét của bộ lập lịch chưa chạy: {sweeps}",
                                        "scheduler sweeps have not run for {sweeps}"),
    "cli.status_problem.lease_expired": (
        "không tiến trình nào đảm nhận {name} (hết hạn lúc {expires}): {name} không chạy",
        "no process holds the {name} lease (it expired at {expires}): the {name} is not running"),
    # -- what stops the bot (bot/fatal.py): what is wrong, then what to do ----------------------
    "cli.fatal.where.sqlite": ("tệp SQLite {place}", "the SQLite file {place}"),
    "cli.fatal.where.postgresql": ("PostgreSQL tại {place}", "PostgreSQL at {place}"),
    "cli.fatal.where.url": ("cơ sở dữ liệu {place}", "the database {place}"),
    "cli.fatal.role": ("Vai trò {role} đã dừng: {sentence}", "The {role} stopped: {sentence}"),
    "cli.fatal.token_rejected": (
        "Telegram từ chối mã bot (401 Unauthorized): sao chép lại mã từ @BotFather vào "
        "THIDUA_BOT_TOKEN rồi khởi động lại bot.",
        "Telegram rejected the bot token (401 Unauthorized): copy the token again from "
        "@BotFather into THIDUA_BOT_TOKEN, then start the bot again."),
    "cli.fatal.conflict": (
        "Một bản khác của bot đang nhận tin từ Telegram bằng cùng mã bot (409 Conflict): dừng bản "
        "kia, hoặc chạy bản này với --role worker/sender.",
        "Another copy of this bot is polling Telegram with the same token (409 Conflict): stop "
        "the other copy, or run this one with --role worker/sender."),
    "cli.fatal.disk_full": (
        "Ổ đĩa chứa {where} đã đầy: giải phóng dung lượng rồi khởi động lại bot (dữ liệu đã lưu "
        "không mất).",
        "The disk holding {where} is full: free some space, then start the bot again (nothing "
        "stored was lost)."),
    "cli.fatal.read_only": (
        "Không ghi được {where} (tệp hoặc thư mục chỉ đọc, hoặc không có): cấp quyền ghi thư mục "
        "đó cho tài khoản chạy bot, hoặc đặt THIDUA_DATABASE_URL sang chỗ khác.",
        "Cannot write {where} (the file or its folder is read-only or missing): give the bot's "
        "user write access to that folder, or point THIDUA_DATABASE_URL elsewhere."),
    "cli.fatal.no_database": (
        "Cơ sở dữ liệu “{name}” không có trên {where}: tạo nó (createdb {name}) rồi chạy "
        "`thidua db upgrade`, hoặc sửa THIDUA_DATABASE_URL.",
        "The database \"{name}\" does not exist on {where}: create it (createdb {name}) and run "
        "`thidua db upgrade`, or correct THIDUA_DATABASE_URL."),
    "cli.fatal.bad_password": (
        "{where} từ chối tên người dùng hoặc mật khẩu: sửa THIDUA_DATABASE_URL.",
        "{where} refused the user name or password: correct THIDUA_DATABASE_URL."),
    "cli.fatal.no_telegram": (
        "Không kết nối được Telegram Bot API tại {api}: kiểm tra mạng hoặc THIDUA_API_BASE_URL "
        "rồi khởi động lại bot.",
        "Cannot reach the Telegram Bot API at {api}: check the network or THIDUA_API_BASE_URL, "
        "then start the bot again."),
    "cli.fatal.no_connection": (
        "Không kết nối được {where}: khởi động máy chủ cơ sở dữ liệu hoặc sửa THIDUA_DATABASE_URL "
        "rồi khởi động lại bot.",
        "Cannot connect to {where}: start the database server or correct THIDUA_DATABASE_URL, "
        "then start the bot again."),
    "cli.fatal.database_failed": (
        "Cơ sở dữ liệu ({where}) gặp lỗi: {detail}. Kiểm tra cơ sở dữ liệu rồi khởi động lại bot.",
        "The database ({where}) failed: {detail}. Check it, then start the bot again."),
    "cli.fatal.unexpected": (
        "Bot dừng vì lỗi ngoài dự kiến ({detail}): chi tiết có trong nhật ký khi đặt "
        "THIDUA_LOG_LEVEL=DEBUG; khởi động lại bot và báo lỗi nếu còn lặp lại.",
        "The bot stopped on an unexpected error ({detail}): the traceback is in the log with "
        "THIDUA_LOG_LEVEL=DEBUG; start the bot again, and report it if it repeats."),
    # -- configuration and startup (before anything runs) ---------------------------------------
    "cli.lang_bad": (
        "--lang chỉ nhận vi hoặc en (không nhận “{value}”), ví dụ: thidua --lang en config.",
        "--lang takes vi or en (not “{value}”), e.g. thidua --lang en config."),
    "cli.config_bad": (
        "Cấu hình {name} không hợp lệ (“{value}”): {why}; sửa giá trị này trong biến môi trường "
        "hoặc tệp .env rồi chạy lại.",
        "The setting {name} is invalid (“{value}”): {why}; fix it in the environment or the .env "
        "file and run again."),
    "cli.config_why.enum": ("chỉ nhận {expected}", "it takes only {expected}"),
    "cli.config_why.int": ("phải là số nguyên", "it must be a whole number"),
    "cli.config_why.number": ("phải là số", "it must be a number"),
    "cli.config_why.bool": ("phải là true hoặc false", "it must be true or false"),
    "cli.config_why.min": ("phải từ {limit} trở lên", "it must be at least {limit}"),
    "cli.config_why.above": ("phải lớn hơn {limit}", "it must be more than {limit}"),
    "cli.config_why.max": ("phải không quá {limit}", "it must be at most {limit}"),
    "cli.config_why.below": ("phải nhỏ hơn {limit}", "it must be less than {limit}"),
    "cli.config_why.other": ("{detail}", "{detail}"),
    "cli.config_why.token_shape": (
        "mã bot phải có dạng 123456789:ABC… (chữ số, dấu hai chấm, rồi khoảng 35 chữ cái, chữ số, "
        "“_” hoặc “-”), hãy sao chép lại từ @BotFather",
        "it does not look like Telegram's 123456789:ABC… (digits, a colon, then about 35 "
        "letters, digits, '_' or '-'), copy it again from @BotFather"),
    "cli.config_why.secret_shape": (
        "mã bí mật chỉ gồm 1–256 chữ cái, chữ số, “_” hoặc “-”",
        "a secret token is 1–256 letters, digits, '_' or '-'"),
    "cli.config_why.offsets": (
        "mốc nhắc là số ngày làm việc nguyên từ -{limit} đến +{limit}, tối đa {count} mốc",
        "nudge offsets are whole working days from -{limit} to +{limit}, at most {count} of them"),
    "cli.config_why.webhook_url": (
        "chế độ webhook cần địa chỉ công khai, hãy đặt THIDUA_WEBHOOK__PUBLIC_URL",
        "webhook mode needs a public address, set THIDUA_WEBHOOK__PUBLIC_URL"),
    "cli.no_token": (
        "Chưa đặt mã bot (THIDUA_BOT_TOKEN).\n\n"
        "Để phục vụ Telegram thật:\n"
        "  1. Trong Telegram, mở @BotFather, gửi /newbot và làm theo hướng dẫn.\n"
        "  2. Ghi mã nhận được vào tệp .env:   THIDUA_BOT_TOKEN=123456789:AA…\n"
        "  3. Chạy lại `thidua run`.\n\n"
        "Để dùng thử bot ngoại tuyến trước, với Telegram giả lập:   thidua sandbox\n",
        "No bot token is set (THIDUA_BOT_TOKEN).\n\n"
        "To serve real Telegram:\n"
        "  1. In Telegram, open @BotFather, send /newbot and follow the steps.\n"
        "  2. Put the token it gives you in .env:   THIDUA_BOT_TOKEN=123456789:AA…\n"
        "  3. Run `thidua run` again.\n\n"
        "To try the bot offline first, with a simulated Telegram:   thidua sandbox\n"),
    "cli.role_bad": (
        "Không có vai trò {roles}: chọn trong {choices} (ví dụ: thidua run --role worker).",
        "There is no role {roles}: choose from {choices} (e.g. thidua run --role worker)."),
    "cli.schema_behind": (
        "Lược đồ cơ sở dữ liệu PostgreSQL cũ hơn phiên bản bot này: chạy `thidua db upgrade` "
        "trước.",
        "The PostgreSQL database schema is behind this version: run `thidua db upgrade` first."),
}
register(TEXTS)

chosen: str | None = None  # set by ``--lang``


def language(setting: Language | str) -> Language:
    """``--lang`` if given, else the setting."""
    return Language(chosen or setting)


def before_settings() -> Language:
    """The language to refuse in when the settings themselves cannot be read: ``--lang``, else a
    valid ``THIDUA_LANGUAGE`` (environment, then .env), else Vietnamese."""
    import os

    from dotenv import dotenv_values

    for candidate in (chosen, os.environ.get("THIDUA_LANGUAGE"),
                      dotenv_values(".env").get("THIDUA_LANGUAGE")):
        if candidate in ("vi", "en"):
            return Language(candidate)
    return Language.VI


# pydantic's error type → the reason's text and the ctx entry it shows as {limit}/{expected}.
CONFIG_WHY: dict[str, tuple[str, str | None]] = {
    "enum": ("enum", "expected"), "literal_error": ("enum", "expected"),
    "int_parsing": ("int", None), "int_from_float": ("int", None), "int_type": ("int", None),
    "float_parsing": ("number", None), "float_type": ("number", None),
    "bool_parsing": ("bool", None), "bool_type": ("bool", None),
    "greater_than_equal": ("min", "ge"), "greater_than": ("above", "gt"),
    "less_than_equal": ("max", "le"), "less_than": ("below", "lt"),
}


def config_error(error: Mapping[str, Any], lang: Language) -> str:
    """One of pydantic's validation errors of the settings as one sentence: which variable, what
    is wrong with it, what to do."""
    from bot.settings import SettingRefused

    loc = [str(part) for part in error.get("loc", ())]
    name = "THIDUA_" + "__".join(loc).upper() if loc else ".env"
    ctx = error.get("ctx") or {}
    refused = ctx.get("error")
    given = error.get("input")
    if isinstance(refused, SettingRefused):
        name = refused.setting or name
        why = say(f"cli.config_why.{refused.code}", lang, **refused.params)
    else:
        kind, shown = CONFIG_WHY.get(str(error.get("type")), ("other", None))
        value = str(ctx.get(shown, "")) if shown else ""
        if kind == "enum":  # pydantic writes "'vi' or 'en'" / "'a', 'b' or 'c'"
            value = value.replace("'", "").replace(" or ", " hoặc " if lang is Language.VI
                                                   else " or ")
        why = say(f"cli.config_why.{kind}", lang, expected=value, limit=value,
                  detail=str(error.get("msg", "")).rstrip("."))
    if name == "THIDUA_MODE" and isinstance(given, dict):
        given = given.get("mode")
    # A secret is never printed back, even a malformed one.
    shown_value = "…" if "TOKEN" in name or isinstance(given, dict) else str(given)[:80]
    return say("cli.config_bad", lang, name=name, why=why, value=shown_value)


def fatal_sentence(fatal: Fatal, lang: Language) -> str:
    """The one sentence a fatal error ends the command with, in the operator's language."""
    params = dict(fatal.params)
    where = say(f"cli.fatal.where.{params.pop('where_kind', 'url')}", lang,
                place=params.pop("place", ""))
    sentence = say(f"cli.fatal.{fatal.key}", lang, where=where, **params)
    sentence = sentence[:1].upper() + sentence[1:]  # "{where} refused…" starts a sentence too
    if fatal.role:
        proper = sentence.startswith(("Telegram", "PostgreSQL"))
        sentence = say("cli.fatal.role", lang, role=fatal.role,
                       sentence=sentence if proper else sentence[:1].lower() + sentence[1:])
    return sentence


def plain(text: str) -> str:
    """A text of the bot as a terminal shows it: without HTML tags and entities."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def say(key: str, lang: Language, **values: object) -> str:
    return plain(render(key, lang, **values))


def error(exc: DomainError, lang: Language) -> str:
    """The bot's sentence for ``exc``; its code when no text exists (a gap a test looks for)."""
    key = f"error.{exc.code}"
    if not has(key):
        return f"{exc.code} {exc.params or ''}".strip()
    try:
        return say(key, lang, **exc.params)
    except (KeyError, IndexError):
        return f"{exc.code} {exc.params or ''}".strip()


def row_error(row: int, reason: str, params: dict[str, object], lang: Language) -> str:
    """A bad row of a units file, as the bot words it ("Dòng 3: thiếu tên đơn vị")."""
    return say("unit_file.row", lang, row=row, reason=say(f"unit_file.{reason}", lang, **params))


def local_time(moment: datetime, timezone: str) -> tuple[str, str]:
    """(``17:00 06/12/2026``, ``Asia/Ho_Chi_Minh``): a moment as people there read it."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M %d/%m/%Y"), timezone
