"""Texts of operations: import limits and the delivery register's uncertain sends."""

from __future__ import annotations

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "error.import.file_too_big": (
        "Tệp nặng {size_mb} MB, vượt giới hạn {limit_mb} MB. Đồng chí vui lòng chia nhỏ tệp.",
        "The file is {size_mb} MB; at most {limit_mb} MB is accepted. Please split it."),
    "error.import.unpacked_too_big": (
        "Tệp XLSX khi giải nén nặng {size_mb} MB, vượt giới hạn {limit_mb} MB. "
        "Đồng chí vui lòng chia nhỏ tệp hoặc bỏ bớt nội dung không cần thiết.",
        "The XLSX file would unpack to {size_mb} MB; at most {limit_mb} MB is accepted. "
        "Please split it or remove what is not needed."),
    "error.import.compression_bomb": (
        "Tệp XLSX có phần {member} bị nén bất thường (tỷ lệ {ratio}:1) nên không được mở.",
        "The XLSX part {member} is packed {ratio}:1, far more than a spreadsheet ever is; "
        "the file was not opened."),
    "error.import.too_many_rows": (
        "Tệp có hơn {limit} dòng. Đồng chí vui lòng chia thành các tệp nhỏ hơn.",
        "The file has more than {limit} rows. Please split it into smaller files."),
    "error.import.cell_too_long": (
        "Dòng {row} có ô dài hơn {limit} ký tự.",
        "Row {row} has a cell of more than {limit} characters."),
    # -- the delivery register: sends that timed out twice ---------------------------------------
    "delivery.uncertain": (
        "Có thể đã nhận: {n} (Telegram không kịp trả lời hai lần; tin có thể đã đến, "
        "bot không gửi lại để tránh trùng).",
        "May have been delivered: {n} (Telegram did not answer in time, twice; the message "
        "may have arrived, and is not sent again to avoid duplicates)."),
    "delivery.list_uncertain": ("   có thể đã nhận {n}", "   may have been delivered {n}"),
    "error.import.unreadable": ("Không đọc được tệp: {reason}", "The file cannot be read: {reason}"),
}

register(TEXTS)
