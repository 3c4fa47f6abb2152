"""Numbers read by one rule, values far off the target asked about, impossible targets refused,
one-line duplicates refused, revisions that start from the last submission (issue 10, 10–11)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from models import ReportFile, ReportRevision, ReportValue
from services import registrations
from services.errors import DomainError
from services.numbers import AmbiguousNumber, format_number, parse_number
from tests.campaigns.campaign_harness import World, last_text, replies


@pytest.mark.parametrize(("typed", "value"), [
    ("1500", 1500), ("1.500", 1500), ("1.000.000", 1_000_000), ("12,5", 12.5), ("12.5", 12.5),
    ("1.234,5", 1234.5), ("1500.5", 1500.5), ("1,234.5", 1234.5), ("1,000,000", 1_000_000),
    ("0,75", 0.75), ("1 500", 1500), ("1e3", 1000),
])
def test_one_rule_for_numbers(typed: str, value: float) -> None:
    assert parse_number(typed) == value


def test_what_the_bot_prints_reads_back_the_same() -> None:
    for value in (1500, 12.5, 1_000_000, 1234.5, 0.75, 20):
        assert parse_number(format_number(value)) == value
    assert format_number(1500) == "1.500" and format_number(12.5) == "12,5"


def test_one_comma_before_three_digits_is_a_question() -> None:
    with pytest.raises(AmbiguousNumber) as asked:
        parse_number("1,500")
    assert asked.value.params == {"text": "1,500", "decimal": "1,5", "thousands": "1500"}
    for bad in ("1.50.0", "1,2,3", "abc", "1..5"):
        with pytest.raises(DomainError):
            parse_number(bad)


def all_text(sent) -> str:
    return "\n".join(r.text for r in replies(sent))


async def guided(chat, world: World):
    officer = chat(world.people["off_a"].telegram_id)
    await officer.send("/report")
    sent = await officer.press(replies(await officer.send("/report"))[-1].data_for("SK"))
    assert "Chỉ tiêu 1/3" in last_text(sent)
    return officer


async def test_guided_report_reads_1500_and_asks_about_far_values(chat, world: World) -> None:
    officer = await guided(chat, world)
    assert "không thể vượt quá 100%" in last_text(await officer.send("150"))
    assert "Chỉ tiêu 2/3" in last_text(await officer.send("85,5"))
    assert "1,5 hoặc 1500" in last_text(await officer.send("1,500"))
    asked = replies(await officer.send("1.000.000"))[-1]  # the target is 20 services
    assert "1.000.000" in asked.text and "gấp từ 10 lần" in asked.text
    again = last_text(await officer.press(asked.data_for("Nhập lại")))
    assert "Chỉ tiêu 2/3" in again
    asked = replies(await officer.send("1.500"))[-1]
    assert "Đúng, giữ 1.500" in " ".join(b for b, _ in asked.buttons)
    assert "Chỉ tiêu 3/3" in last_text(await officer.press(asked.data_for("Đúng")))
    await officer.send("có")
    await officer.press("rp:nonarr")
    summary = last_text(await officer.press("rp:done"))
    assert "1.500" in summary and "85,5%" in summary


async def test_one_line_report_refuses_a_target_given_twice(chat, world: World,
                                                             session_factory) -> None:
    officer = chat(world.people["off_a"].telegram_id)
    text = all_text(await officer.send("/report CDS2027 SK T1=20 T1=21 T2=5 T3=có"))
    assert "T1 được ghi hai lần" in text
    text = all_text(await officer.send("/report CDS2027 SK T1=20 T2=1000000 T3=có"))
    assert "gấp từ 10 lần" in text
    async with session_factory() as s:
        assert not (await s.exec(select(ReportRevision))).all()


async def test_a_guided_revision_says_so_prefills_and_keeps_the_files(chat, world: World,
                                                                      session_factory) -> None:
    officer = await guided(chat, world)
    await officer.send("80")
    await officer.send("15")
    await officer.send("có")
    await officer.send("Thuyết minh lần đầu")
    await officer.send_file("bao-cao.pdf", 10_000)
    await officer.press("rp:done")
    await officer.press("rp:send")
    # the correction: only the second value changes
    await officer.send("/report")
    begin = await officer.press(replies(await officer.send("/report"))[-1].data_for("SK"))
    texts = [r.text for r in replies(begin)]
    assert any("lần sửa thứ 1" in x and "1 tệp" in x for x in texts)
    first = replies(begin)[-1]
    assert "Lần nộp trước: <b>80%</b>" in first.text
    await officer.press(first.data_for("Giữ"))
    await officer.send("16")
    sent = await officer.press("rp:keep")  # T3 stays "có"
    sent = await officer.press("rp:keepnarr")
    assert "đã có 1/" in last_text(sent)
    await officer.press("rp:done")
    assert "lần nộp thứ 2" in last_text(await officer.press("rp:send"))
    async with session_factory() as s:
        second = (await s.exec(select(ReportRevision).where(ReportRevision.number == 2))).one()
        assert second.narrative == "Thuyết minh lần đầu"
        files = (await s.exec(select(ReportFile).where(
            ReportFile.revision_id == second.id))).all()
        assert [f.file_name for f in files] == ["bao-cao.pdf"]
        values = {v.target_id: v.value for v in (await s.exec(select(ReportValue).where(
            ReportValue.revision_id == second.id))).all()}
        assert sorted(values.values()) == [1.0, 16.0, 80.0]


async def test_impossible_targets_and_commitments_are_refused(chat, world: World) -> None:
    admin = chat(world.people["admin"].telegram_id)
    await admin.send("/campaign_new")
    await admin.send("Thi đua thử")
    await admin.press("cn:skip")
    await admin.press("cn:f:buu_chinh")
    await admin.press("cn:next")
    await admin.press("cn:k:thuong_xuyen")
    await admin.press("cn:skip")
    await admin.press("cn:skip")
    assert "chữ hoặc số" in last_text(await admin.send("🚀; ; 5"))
    assert "lớn hơn 0" in last_text(await admin.send("Sản lượng; tấn; 5; 0"))
    assert "không thể vượt quá 100%" in last_text(await admin.send("Tỷ lệ; %; 150"))
    officer = chat(world.people["off_a"].telegram_id)
    await officer.press(f"rg:c:{world.campaign_id}")
    assert "không thể vượt quá 100%" in last_text(await officer.send("150"))


async def test_a_one_line_correction_keeps_the_files_and_narrative(chat, world: World,
                                                                   session_factory) -> None:
    officer = await guided(chat, world)
    for value in ("80", "15", "có", "Thuyết minh"):
        await officer.send(value)
    await officer.send_file("minh-chung.pdf", 10_000)
    await officer.press("rp:done")
    await officer.press("rp:send")
    sent = await officer.send("/report CDS2027 SK T1=85 T2=16 T3=có")
    assert "lần nộp thứ 2" in all_text(sent)
    async with session_factory() as s:
        second = (await s.exec(select(ReportRevision).where(ReportRevision.number == 2))).one()
        files = (await s.exec(select(ReportFile).where(
            ReportFile.revision_id == second.id))).all()
        assert [f.file_name for f in files] == ["minh-chung.pdf"]
        assert second.narrative == "Thuyết minh"


async def test_a_commitment_far_above_the_target_is_asked_about(chat, world: World,
                                                                session_factory) -> None:
    """Item 10: 100× the target at registration is questioned as a report result is."""
    officer = chat(world.people["off_a"].telegram_id)
    await officer.press(f"rg:c:{world.campaign_id}")
    assert "Đăng ký chỉ tiêu 2/3" in last_text(await officer.send("85"))
    asked = replies(await officer.send("2.000"))[-1]  # the target is 20 services: 100×
    assert "2.000" in asked.text and "gấp từ 10 lần" in asked.text and "cam kết" in asked.text
    again = last_text(await officer.press(asked.data_for("Nhập lại")))
    assert "Đăng ký chỉ tiêu 2/3" in again and "Đã nhập: —" in again
    asked = replies(await officer.send("300"))[-1]
    assert "Đúng, giữ 300" in " ".join(b for b, _ in asked.buttons)
    assert "Đăng ký chỉ tiêu 3/3" in last_text(await officer.press(asked.data_for("Đúng")))
    await officer.press("rg:same")
    summary = last_text(await officer.press("rg:next"))
    assert "300 dịch vụ" in summary and "85%" in summary  # with the target's unit


async def test_a_percentage_commitment_above_100_is_refused_by_the_service(world: World,
                                                                          session) -> None:
    officer = world.people["off_a"]
    with pytest.raises(DomainError) as refused:
        await registrations.submit(session, actor=officer, campaign_id=world.campaign_id,
                                   commitments={world.targets[0]: 150.0}, titles=[],
                                   now=datetime(2027, 3, 1, 3))
    assert refused.value.code == "report.value_percent_over"
