"""Dates and times typed the way Vietnamese staff write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.errors import DomainError
from services.when import format_duration, format_when, parse_when

# 10:00 Saturday 28/11/2026 in Hà Nội.
NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "words"), [
    ("08:00 30/11", "08:00 thứ Hai, 30/11/2026"),
    ("30/11/2026 8h", "08:00 thứ Hai, 30/11/2026"),
    ("8h30 30/11", "08:30 thứ Hai, 30/11/2026"),
    ("30/11 8:00", "08:00 thứ Hai, 30/11/2026"),
    ("8g30 ngày 30/11/2026", "08:30 thứ Hai, 30/11/2026"),
    ("8 giờ 30 ngày 30 tháng 11 năm 2026", "08:30 thứ Hai, 30/11/2026"),
    ("thứ Hai, 30/11 lúc 8h", "08:00 thứ Hai, 30/11/2026"),
    ("30.11.2026 14:15", "14:15 thứ Hai, 30/11/2026"),
    ("2h chiều 1/12", "14:00 thứ Ba, 01/12/2026"),
    ("ngày mai 8h", "08:00 Chủ nhật, 29/11/2026"),
    ("8h sáng mai", "08:00 Chủ nhật, 29/11/2026"),
    ("15h", "15:00 thứ Bảy, 28/11/2026"),  # later today
    ("9h", "09:00 Chủ nhật, 29/11/2026"),  # already gone today: tomorrow
    ("05/01 8h", "08:00 thứ Ba, 05/01/2027"),  # early next year
    ("2026-12-01 07:15", "07:15 thứ Ba, 01/12/2026"),
    ("  ８h 30/11 ".replace("８", "8"), "08:00 thứ Hai, 30/11/2026"),
])
def test_reads_local_time_to_utc(text, words):
    moment = parse_when(text, now=NOW)
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
    assert format_when(moment) == words


def test_utc_conversion():
    assert parse_when("08:00 30/11", now=NOW) == datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "code"), [
    ("", "when.invalid"),
    ("abc", "when.invalid"),
    ("25:00 30/11", "when.invalid"),
    ("8:75 30/11", "when.invalid"),
    ("31/02 8h", "when.invalid"),
    ("30/13/2026 8h", "when.invalid"),
    ("30/11", "when.need_time"),
    ("8h 30/11 xyz", "when.invalid"),
    ("08:00 27/11", "when.past"),
    ("09:59 28/11/2026", "when.past"),
    ("8h 30/11/2025", "when.past"),
    ("8h 30/11/2028", "when.too_far"),
    ("x" * 200, "when.invalid"),
])
def test_refuses_with_a_reason(text, code):
    with pytest.raises(DomainError) as e:
        parse_when(text, now=NOW)
    assert e.value.code == code
    if code == "when.past":
        assert "2" in e.value.params["when"]  # said back in words, e.g. "08:00 thứ Sáu, 27/11/2026"


def test_words_in_english_and_durations():
    moment = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert format_when(moment, language="en") == "08:00 Monday, 30/11/2026"
    assert format_duration(83) == "1 phút 23 giây"
    assert format_duration(3600, language="en") == "1 h"
    assert format_duration(0) == "0 giây"
