"""Texts of an award spreadsheet's file-level problems (``thidua awards import|export``,
``thidua nominations check``): each has a code ``awards_file.<reason>``, worded here like every
other refusal so the command line says it in the operator's language."""

from __future__ import annotations

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "error.awards_file.unsupported": (
        "Không đọc được tệp “{suffix}”: dùng tệp .csv hoặc .xlsx.",
        "'{suffix}' files are not read; use .csv or .xlsx."),
    "error.awards_file.unreadable": ("Không đọc được tệp ({reason}).",
                                     "The file cannot be read ({reason})."),
    "error.awards_file.too_big": (
        "Tệp dài {size} byte; chỉ đọc tệp tối đa {limit} byte.",
        "The file is {size} bytes; at most {limit} are read."),
    "error.awards_file.cell_too_long": (
        "Dòng {row} có ô dài quá {limit} ký tự.",
        "Row {row} has a cell longer than {limit} characters."),
    "error.awards_file.too_many_rows": (
        "Tệp có nhiều hơn {limit} dòng (giới hạn THIDUA_AWARD_IMPORT_MAX_ROWS): chia nhỏ tệp hoặc "
        "tăng giới hạn.",
        "The file has more than {limit} rows (THIDUA_AWARD_IMPORT_MAX_ROWS): split it or raise "
        "the limit."),
    "error.awards_file.bad_header": (
        "Dòng tiêu đề thiếu cột {missing} (đang có: {found}).",
        "The header row lacks the columns {missing} (found: {found})."),
    "error.awards_file.empty": ("Tệp không có dòng nào.", "The file has no rows."),
    # The award catalogue file (``thidua awards catalogue import``).
    "error.catalogue_file.unreadable": ("Không đọc được tệp {file} ({reason}).",
                                        "{file} cannot be read ({reason})."),
    "error.catalogue_file.too_big": (
        "Tệp {file} dài {size} byte; tệp danh mục tối đa {limit} byte.",
        "{file} is {size} bytes; a catalogue file may be at most {limit}."),
    "error.catalogue_file.not_utf8": (
        "Tệp {file} không phải văn bản UTF-8: lưu lại tệp với bảng mã UTF-8.",
        "{file} is not UTF-8 text: save it again as UTF-8."),
    "error.catalogue_file.not_yaml": ("Tệp {file} không đúng cú pháp YAML ở dòng {line} ({reason}).",
                                      "{file} is not valid YAML at line {line} ({reason})."),
    "error.catalogue_file.not_mapping": (
        "Tệp phải có các mục “version”, “label” và “awards” (xem tệp do lệnh "
        "thidua awards catalogue export tạo ra).",
        "The file must hold 'version', 'label' and 'awards' (see the file that "
        "thidua awards catalogue export writes)."),
}
register(TEXTS)
