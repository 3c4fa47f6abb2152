"""Exports reopened with openpyxl and compared with the database."""

from __future__ import annotations

import asyncio
import io
import unicodedata
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from models import AuditEntry, ReportRevision, Unit
from services.errors import AccessDenied
from services.exports import annual, movement, records
from services.exports.scope import OPERATOR, export_scope

from .stats_world import NOW, seed_figures


def rows_of(data: bytes, sheet: int = 0) -> tuple[list[str], list[list[object]], object]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[sheet]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return values[0], values[1:], ws


@pytest.fixture
async def w(session):
    world = await seed_figures(session)
    evil = await session.get(Unit, world.units["B"].id)
    evil.name = "=HYPERLINK(\"http://evil\",\"Bấm vào\")"
    session.add(evil)
    await session.commit()
    return world


async def test_reports_export_has_every_value_of_every_revision(session, w):
    header, rows, ws = rows_of(await movement.reports(session, OPERATOR))
    assert header[:5] == ["Phong trào", "Mốc", "Hạn nộp", "Mã đơn vị", "Tên đơn vị"]
    assert all(unicodedata.is_normalized("NFC", h) for h in header)
    assert ws.freeze_panes == "A2" and ws.column_dimensions["E"].width == 40
    revisions = (await session.exec(select(ReportRevision))).all()
    assert len(rows) == 3 * len(revisions) == 9
    a_rows = [r for r in rows if r[3] == "A"]
    assert [(r[5], r[9], r[12]) for r in a_rows] == [
        (1, "T1", 80), (1, "T2", 5), (1, "T3", 0), (2, "T1", 90), (2, "T2", 10), (2, "T3", 1)]
    assert isinstance(a_rows[0][12], int | float) and a_rows[0][13] == 90
    # A real Excel date, in Hà Nội time: submitted 02:00 UTC = 09:00 local.
    assert a_rows[0][6] == datetime(2027, 6, 20, 9, 0) and ws.cell(2, 7).number_format == "dd/mm/yyyy hh:mm"
    # The narrative began with "=": written as text, never a formula.
    assert a_rows[3][17] == "'=HYPERLINK(\"http://x\") Đã hoàn thành"
    b_rows = [r for r in rows if r[3] == "B"]
    assert b_rows[0][4].startswith("'=HYPERLINK") and b_rows[0][7] == "Có"


async def test_a_field_lead_exports_only_their_field_and_an_officer_nothing(session, w):
    scope = await export_scope(session, w.people["lead_it"], "export.reports")
    _, rows, _ = rows_of(await movement.reports(session, scope))
    assert {r[3] for r in rows} == {"A", "B"}
    with pytest.raises(AccessDenied):
        await export_scope(session, w.people["off_a"], "export.reports")
    with pytest.raises(AccessDenied):
        await records.audit_log(session, scope)


async def test_late_list_per_milestone(session, w):
    header, rows, _ = rows_of(await movement.late_list(session, OPERATOR, now=NOW))
    assert header[6] == "Tình trạng"
    assert [(r[1], r[4], r[6]) for r in rows] == [
        ("DK", "B", "Chưa nộp"), ("DK", "C", "Nộp muộn"), ("SK", "B", "Nộp muộn"), ("SK", "C", "Chưa nộp")]
    late_c = rows[1]
    assert late_c[7] == datetime(2027, 3, 20, 9, 0) and late_c[8] == pytest.approx(4.7, abs=0.1)


async def test_registrations_and_audit_log(session, w):
    _, rows, _ = rows_of(await movement.registrations(session, OPERATOR))
    assert [(r[1], r[5]) for r in rows] == [("A", "Không"), ("C", "Có")]
    assert rows[0][7] == "T1: 90; T2: 20; T3: 1"
    _, audit_rows, _ = rows_of(await records.audit_log(session, OPERATOR))
    count = len((await session.exec(select(AuditEntry))).all())
    assert len(audit_rows) == count and any(r[2] == "report.submit" for r in audit_rows)


async def test_the_audit_log_of_one_year(session, w):
    session.add(AuditEntry(at=datetime(2020, 12, 31, 17, 30, tzinfo=UTC), actor_telegram_id=1,
                           action="old.thing", outcome="ok"))  # 00:30 on 1/1/2021 in Hà Nội
    await session.commit()
    _, old, _ = rows_of(await records.audit_log(session, OPERATOR, year=2021))
    assert [r[2] for r in old] == ["old.thing"]
    _, none, _ = rows_of(await records.audit_log(session, OPERATOR, year=2020))
    assert none == []


async def test_registrations_and_late_list_of_one_campaign(session, w):
    _, rows, _ = rows_of(await movement.registrations(session, OPERATOR, campaign_id=w.campaign_id))
    assert [r[1] for r in rows] == ["A", "C"]
    _, other, _ = rows_of(await movement.registrations(session, OPERATOR, campaign_id=w.campaign_id + 1))
    assert other == []


async def test_annual_report_tables(session, w):
    wb = load_workbook(io.BytesIO(await annual.annual_report(session, 2027, now=NOW)))
    assert [ws.title for ws in wb.worksheets] == [
        "1. Phong trào phát động", "2. Đăng ký thi đua", "3. Mức độ hoàn thành", "4. Khen thưởng",
        "5. Điển hình tiên tiến"]
    launched = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in launched] == ["CDS2027"] and launched[0][8] == 2
    reg = {r[0]: r[1:] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert reg["Ứng dụng công nghệ thông tin"] == (2, 1, 50.0)
    comp = {r[0]: r[1:] for r in wb.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert comp["Ứng dụng công nghệ thông tin"] == (2, round((500 / 6 + 350 / 6) / 2, 1), 0)
    assert comp["An toàn, an ninh mạng"] == (1, 0.0, 0)
    awards = list(wb.worksheets[3].iter_rows(min_row=2, values_only=True))
    assert awards == [("Chiến sĩ thi đua cơ sở", "Ứng dụng công nghệ thông tin", 3, 2)]


async def test_nominations_and_award_register(session, w):
    header, rows, _ = rows_of(await records.nominations(session, OPERATOR, year=2027))
    assert header[7] == "Cá nhân / tập thể"
    assert [(r[1], r[7], r[10], r[11]) for r in rows if r[7] != "Bản nháp"] == [
        ("A", "Nguyễn Văn An", "Đã gửi", "Đủ điều kiện"), ("A", "Trần Thị Bình", "Đã gửi", "Đủ điều kiện"),
        ("B", "Lê Văn Cường", "Đã gửi", "Đủ điều kiện")]
    assert all(unicodedata.is_normalized("NFC", r[7]) for r in rows)
    _, reg, _ = rows_of(await records.award_register(session, OPERATOR))
    assert [(r[1], r[6], r[7]) for r in reg] == [("A", "Chiến sĩ thi đua cơ sở", "12/QĐ-BTT"),
                                                 ("B", "Chiến sĩ thi đua cơ sở", "12/QĐ-BTT")]


async def test_the_cli_writes_the_annual_report(db_url, tmp_path, monkeypatch, session):
    from typer.testing import CliRunner

    from bot.cli import app

    await seed_figures(session)
    monkeypatch.setenv("THIDUA_DATABASE_URL", db_url)
    out = tmp_path / "bc.xlsx"
    args = ["export", "annual-report", "--year", "2027", "--out", str(out)]
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 0, result.output
    assert f"Báo cáo năm: đã ghi {out.stat().st_size} byte vào {out}." in result.output
    assert load_workbook(out).worksheets[0]["B2"].value == "CDS2027"



async def test_the_cli_narrows_registrations_and_the_late_list_to_a_campaign(db_url, tmp_path,
                                                                            monkeypatch, session):
    from typer.testing import CliRunner

    from bot.cli import app

    await seed_figures(session)
    monkeypatch.setenv("THIDUA_DATABASE_URL", db_url)
    out = tmp_path / "dk.xlsx"
    result = await asyncio.to_thread(CliRunner().invoke, app, [
        "export", "registrations", "--campaign", "CDS2027", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [r[1] for r in rows_of(out.read_bytes())[1]] == ["A", "C"]
    result = await asyncio.to_thread(CliRunner().invoke, app, [
        "export", "late", "--campaign", "NOPE", "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and not (tmp_path / "x.xlsx").exists()
    result = await asyncio.to_thread(CliRunner().invoke, app, [
        "export", "audit", "--year", "2021", "--out", str(tmp_path / "nk.xlsx")])
    assert result.exit_code == 0 and rows_of((tmp_path / "nk.xlsx").read_bytes())[1] == []
