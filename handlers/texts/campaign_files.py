"""Texts of a campaign file's problems (``thidua campaign import``): each problem the importer
finds has a code ``campaign_file.<reason>``; ``{where}`` names the place in the file
("targets[2].weight"), written as in the file so the operator finds it."""

from __future__ import annotations

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "error.campaign_file.not_found": ("Không có tệp {path}.", "File not found: {path}"),
    "error.campaign_file.bad_yaml": ("Tệp không đúng cú pháp YAML: {reason}",
                                     "not valid YAML: {reason}"),
    "error.campaign_file.not_mapping": (
        "Tệp phải là một bảng khóa – giá trị (code:, title:, targets:, …).",
        "the file must be a mapping (code:, title:, targets:, …)"),
    "error.campaign_file.bad_xlsx": ("Không đọc được tệp XLSX: {reason}",
                                     "not a readable XLSX file: {reason}"),
    "error.campaign_file.no_campaign_sheet": ("Tệp XLSX thiếu trang tính “campaign”.",
                                              "sheet 'campaign' is missing"),
    "error.campaign_file.bad_type": (
        "Không nhận loại tệp “{suffix}”: dùng .yaml, .yml hoặc .xlsx.",
        "unsupported file type '{suffix}': use .yaml, .yml or .xlsx"),
    "error.campaign_file.not_a_number": ("{where}: “{value}” không phải là số.",
                                         "{where}: not a number: '{value}'"),
    "error.campaign_file.not_finite": ("{where}: số không hợp lệ.", "{where}: not a finite number"),
    "error.campaign_file.bad_due": (
        "{where}: không đọc được thời hạn “{value}” (ví dụ đúng: 17:00 30/11/2026).",
        "{where}: cannot read the date '{value}' (write e.g. 17:00 30/11/2026)"),
    "error.campaign_file.bad_date": (
        "{where}: không đọc được ngày “{value}” (ví dụ đúng: 31/12/2027).",
        "{where}: cannot read the date '{value}' (write e.g. 31/12/2027)"),
    "error.campaign_file.code_missing": ("code: bắt buộc (mã ngắn, ví dụ CDS2027).",
                                         "code: required (a short code such as CDS2027)"),
    "error.campaign_file.code_bad": (
        "code: “{code}” phải là một từ, tối đa 32 ký tự.",
        "code: '{code}' must be one word of at most 32 characters"),
    "error.campaign_file.title_missing": ("title: bắt buộc (tên phong trào).", "title: required"),
    "error.campaign_file.kind_bad": (
        "kind: “{kind}” không hợp lệ; ghi thuong_xuyen (thường xuyên) hoặc theo_dot (theo chuyên "
        "đề).",
        "kind: '{kind}' must be theo_dot or thuong_xuyen"),
    "error.campaign_file.period_bad": (
        "period: không đọc được “{value}” (ví dụ đúng: 01/01/2027 - 31/12/2027).",
        "period: cannot read '{value}' (write 01/01/2027 - 31/12/2027)"),
    "error.campaign_file.fields_missing": ("fields: cần ít nhất một mã lĩnh vực (hoặc all).",
                                           "fields: at least one field code (or all)"),
    "error.campaign_file.field_unknown": (
        "fields: không có lĩnh vực mã “{code}” (các mã hiện có: {known}).",
        "fields: unknown field code '{code}' (known: {known})"),
    "error.campaign_file.targets_missing": ("targets: cần ít nhất một chỉ tiêu.",
                                            "targets: at least one target"),
    "error.campaign_file.target_not_mapping": (
        "{where}: mỗi chỉ tiêu ghi dạng name:, target:, …",
        "{where}: must be a mapping with name, target, …"),
    "error.campaign_file.target_name_missing": ("{where}: thiếu tên chỉ tiêu (name).",
                                                "{where}: name is required"),
    "error.campaign_file.target_kind_bad": (
        "{where}: kind “{kind}” không hợp lệ; ghi number, percent hoặc yes_no.",
        "{where}: kind '{kind}' must be number, percent or yes_no"),
    "error.campaign_file.target_value_bad": ("{where}.target: phải là số lớn hơn 0.",
                                             "{where}.target: must be a positive number"),
    "error.campaign_file.weight_bad": ("{where}.weight: phải từ 0 đến 1000.",
                                       "{where}.weight: must be between 0 and 1000"),
    "error.campaign_file.milestones_not_list": ("milestones: phải là một danh sách.",
                                                "milestones: must be a list"),
    "error.campaign_file.milestone_not_mapping": (
        "{where}: mỗi mốc ghi dạng kind:, due:, …", "{where}: must be a mapping with kind and due"),
    "error.campaign_file.milestone_kind_bad": (
        "{where}: kind “{kind}” không hợp lệ; ghi một trong: {known}.",
        "{where}: kind '{kind}' must be one of {known}"),
    "error.campaign_file.lead_unit_unknown": (
        "lead_unit: không có đơn vị mã “{code}” (nhập danh sách đơn vị trước: thidua units import).",
        "lead_unit: unknown unit code '{code}' (import the units first: thidua units import)"),
}

register(TEXTS)
