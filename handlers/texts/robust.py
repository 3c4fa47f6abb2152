"""Texts of the refusals that keep bad input out: files of unknown size, reports for campaigns a
unit does not take part in."""

from handlers.i18n import register

TEXTS: dict[str, tuple[str, str]] = {
    "rp.file_size_unknown": (
        "Không xác định được dung lượng của tệp “{name}” nên chưa thể nhận (giới hạn {limit} MB). "
        "Đồng chí vui lòng gửi lại tệp dưới dạng tài liệu; các nội dung đã nhập vẫn được giữ.",
        "The size of “{name}” is unknown, so it cannot be accepted (limit {limit} MB). Please "
        "send it again as a document; what you entered is kept.",
    ),
    "error.report.unit_not_in_campaign": (
        "Đơn vị của đồng chí không thuộc lĩnh vực của phong trào “{title}” và chưa đăng ký tham "
        "gia, nên không thể báo cáo cho phong trào này.",
        "Your unit is not in the fields of “{title}” and has not registered for it, so it cannot "
        "report on this campaign.",
    ),
}

register(TEXTS)
