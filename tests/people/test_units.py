"""Fields and units: the migrated fields, Vietnamese search, adding and editing, import/export."""

from __future__ import annotations

# mypy: disable-error-code="union-attr,arg-type"
import unicodedata

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from models import AuditEntry, EmulationField, Member, Role, Unit, UnitKind
from services import unit_files, units
from services.errors import AccessDenied, DomainError
from services.units import UnitDraft


async def test_the_six_fields_exist_on_a_new_database(session):
    fields = await units.list_fields(session)
    assert [f.code for f in fields] == ["buu_chinh", "vien_thong", "ung_dung_cntt", "attt",
                                        "cong_nghiep_ict", "bao_chi_truyen_thong"]
    assert fields[3].name_vi == "An toàn, an ninh mạng"
    assert all(f.name_en for f in fields)
    assert all(unicodedata.is_normalized("NFC", f.name_vi) for f in fields)


async def test_search_ignores_case_diacritics_and_normal_form(session):
    await units.add_unit(session, None, UnitDraft("BĐHN", "Bưu điện Hà Nội", field_codes=("buu_chinh",)))
    await units.add_unit(session, None, UnitDraft("VTHN", "Viễn thông Hà Nội", field_codes=("buu_chinh",)))
    for query in ("buu dien", "Bưu Điện", unicodedata.normalize("NFD", "Bưu Điện"), "BƯU ĐIỆN HÀ",
                  "ha noi buu", "bđhn"):
        found, total = await units.search(session, query)
        assert [u.code for u in found] == ["BĐHN"], query
        assert total == 1
    found, total = await units.search(session, "ha noi")
    assert total == 2
    found, total = await units.search(session, "100%_")
    assert total == 0


async def test_add_unit_validates_everything_first(session):
    await units.add_unit(session, None, UnitDraft("VNPT", "Tập đoàn VNPT",
                                                  kind=UnitKind.ENTERPRISE,
                                                  field_codes=("vien_thong",)))
    with pytest.raises(DomainError) as e:
        await units.add_unit(session, None, UnitDraft("vnpt", "Trùng"))
    assert e.value.code == "unit.code_taken"
    with pytest.raises(DomainError) as e:
        await units.add_unit(session, None, UnitDraft("có dấu cách", "X"))
    assert e.value.code == "unit.code_invalid"
    with pytest.raises(DomainError) as e:
        await units.add_unit(session, None, UnitDraft("X1", "   "))
    assert e.value.code == "unit.name_missing"
    with pytest.raises(DomainError) as e:
        await units.add_unit(session, None, UnitDraft("X1", "Tên", parent_code="KHONGCO"))
    assert e.value.code == "unit.parent_not_found"
    with pytest.raises(DomainError) as e:  # a unit without a field would be asked for nothing
        await units.add_unit(session, None, UnitDraft("X1", "Tên"))
    assert e.value.code == "unit.fields_missing"
    child = await units.add_unit(session, None, UnitDraft("VNPT-HN", "VNPT Hà Nội",
                                                          parent_code="VNPT",
                                                          field_codes=("vien_thong",)))
    vnpt = await units.get_by_code(session, "vnpt")
    assert child.parent_id == vnpt.id
    with pytest.raises(DomainError) as e:
        await units.update_unit(session, None, vnpt.id, parent_code="VNPT-HN")
    assert e.value.code == "unit.parent_cycle"


async def test_only_admins_change_units(session):
    officer = Member(telegram_id=1, role=Role.OFFICER)
    with pytest.raises(AccessDenied):
        await units.add_unit(session, officer, UnitDraft("A", "A"))
    admin = Member(telegram_id=2, role=Role.ADMIN)
    unit = await units.add_unit(session, admin, UnitDraft("A", "Đơn vị A", field_codes=("attt",)))
    with pytest.raises(AccessDenied):
        await units.update_unit(session, officer, unit.id, name="B")
    await units.update_unit(session, admin, unit.id, name="Đơn vị B")
    entries = (await session.exec(select(AuditEntry).where(AuditEntry.action == "unit.edit"))).all()
    assert entries and entries[-1].details["name"] == ["Đơn vị A", "Đơn vị B"]


def _xlsx(path, rows, header=("code", "name", "kind", "parent code", "fields")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


async def test_import_upserts_by_code_children_may_come_first(session, tmp_path):
    path = _xlsx(tmp_path / "units.xlsx", [
        ("VNPT-HN", "VNPT Hà Nội", "doanh nghiệp", "VNPT", "Viễn thông; ung_dung_cntt"),
        ("VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam", "doanh_nghiep", "", "vien_thong"),
        ("CATTT", "Cục An toàn thông tin", "Cơ quan", "", "attt"),
        (1001, "Đơn vị số", "", "", ""),
    ])
    report = await unit_files.import_units(session, path, skip_bad=False)
    assert report.ok and report.applied, [str(e) for e in report.errors]
    assert sorted(report.created) == ["1001", "CATTT", "VNPT", "VNPT-HN"]
    hn = await units.get_by_code(session, "VNPT-HN")
    assert hn.kind == UnitKind.ENTERPRISE
    assert await units.fields_of(session, hn.id) == ["vien_thong", "ung_dung_cntt"]
    assert hn.parent_id == (await units.get_by_code(session, "VNPT")).id

    again = _xlsx(tmp_path / "again.xlsx", [
        ("vnpt-hn", "VNPT Thành phố Hà Nội", "doanh_nghiep", "VNPT", "vien_thong"),
    ])
    report = await unit_files.import_units(session, again)
    assert report.updated == ["vnpt-hn"] and not report.created
    await session.refresh(hn)
    assert hn.name == "VNPT Thành phố Hà Nội" and hn.code == "VNPT-HN"
    assert await units.fields_of(session, hn.id) == ["vien_thong"]
    audit = (await session.exec(select(AuditEntry).where(AuditEntry.action == "units.import"))).all()
    assert len(audit) == 2 and audit[0].details["via"] == "cli"


async def test_bad_rows_are_listed_with_row_numbers_and_nothing_changes(session, tmp_path):
    await units.add_unit(session, None, UnitDraft("OLD", "Đơn vị cũ", field_codes=("buu_chinh",)))
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,name,kind,parent code,fields\n"
        "A,Đơn vị A,co_quan,,buu_chinh\n"
        ",Không mã,,,\n"
        "B,,,,\n"
        "C,Đơn vị C,hợp tác xã,,\n"
        "A,Trùng mã,,,\n"
        "D,Đơn vị D,,KHONGCO,\n"
        "E,Đơn vị E,,C,\n"
        "F,Đơn vị F,,,thể thao\n"
        "G,Đơn vị G,,H,\n"
        "H,Đơn vị H,,G,\n",
        encoding="utf-8")
    report = await unit_files.import_units(session, path, skip_bad=False)
    assert not report.applied
    by_row = {(e.row, e.reason) for e in report.errors}
    assert by_row == {(3, "code_missing"), (4, "name_missing"), (5, "kind_unknown"),
                      (6, "code_repeated"), (7, "parent_not_found"), (8, "parent_rejected"),
                      (9, "field_unknown"), (10, "parent_cycle"), (11, "parent_cycle")}
    assert "row 5, kind" in str(next(e for e in report.errors if e.row == 5))
    assert (await session.exec(select(Unit))).all()[0].code == "OLD"
    assert len((await session.exec(select(Unit))).all()) == 1

    report = await unit_files.import_units(session, path, skip_bad=True)
    assert report.applied and report.created == ["A"]
    assert report.skipped_rows == [3, 4, 5, 6, 7, 8, 9, 10, 11]


async def test_bad_header_and_unknown_format(session, tmp_path):
    path = _xlsx(tmp_path / "h.xlsx", [("A", "B")], header=("mã số", "tên gọi"))
    report = await unit_files.import_units(session, path)
    assert report.errors[0].reason == "bad_header" and not report.applied
    vi = _xlsx(tmp_path / "vi.xlsx", [("A", "Đơn vị A", "Cơ quan", "", "Bưu chính")],
               header=("Mã đơn vị", "Tên đơn vị", "Loại hình", "Đơn vị cấp trên", "Lĩnh vực"))
    report = await unit_files.import_units(session, vi)
    assert report.ok and report.created == ["A"]
    with pytest.raises(DomainError) as e:
        await unit_files.import_units(session, tmp_path / "units.ods")
    assert e.value.code == "unit_file.unsupported"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
async def test_export_round_trips(session, tmp_path, suffix):
    rows = [("ROOT", "Bộ Thông tin và Truyền thông", "co_quan", "", ""),
            ("CHILD", "Vụ Thi đua – Khen thưởng", "co_quan", "ROOT", "buu_chinh; attt"),
            ("ENT", "Công ty <b>&</b> \"Trích dẫn\", dấu phẩy", "doanh_nghiep", "CHILD",
             "bao_chi_truyen_thong")]
    await unit_files.import_units(session, _xlsx(tmp_path / "in.xlsx", rows))
    out = tmp_path / f"out{suffix}"
    assert await unit_files.export_units(session, out) == 3
    if suffix == ".xlsx":
        sheet = load_workbook(out).active
        assert [c.value for c in sheet[1]] == list(unit_files.HEADER)
    report = await unit_files.import_units(session, out)
    assert report.ok and sorted(report.unchanged) == ["CHILD", "ENT", "ROOT"]
    assert await unit_files.unit_rows(session) == [list(r) for r in rows]


async def test_field_lead_set_by_cli(session):
    await units.add_unit(session, None, UnitDraft("CBC", "Cục Bưu chính", field_codes=("buu_chinh",)))
    field = await units.set_field_lead(session, None, "buu_chinh", "CBC")
    assert field.lead_unit_id == (await units.get_by_code(session, "CBC")).id
    assert (await session.get(EmulationField, "buu_chinh")).lead_unit_id == field.lead_unit_id


async def test_admin_renames_and_reparents_a_unit_in_chat(bot):
    admin = await bot.person("Quản trị", Role.ADMIN)
    parent = await bot.unit("VNPT", "Tập đoàn VNPT")
    child = await bot.unit("VNPT-HN", "VNPT Hà Nội")
    await bot.press(admin, f"ue:{child.id}:name")
    out = await bot.send(admin, "VNPT <Thủ đô>")
    assert "<b>VNPT &lt;Thủ đô&gt;</b>" in out.text  # the card, with the name escaped
    await bot.press(admin, f"ue:{child.id}:parent")
    out = await bot.send(admin, "VNPT")
    assert "Đơn vị cấp trên: VNPT" in out.text
    # A refused value is explained and the step stays open for another try.
    await bot.press(admin, f"ue:{parent.id}:parent")
    out = await bot.send(admin, "VNPT-HN")
    assert "vòng lặp" in out.text
    out = await bot.send(admin, "-")  # "-": no parent
    assert "Đơn vị cấp trên: chưa có" in out.text
    async with bot.sf() as session:
        renamed = await session.get(Unit, child.id)
        assert renamed.name == "VNPT <Thủ đô>" and renamed.parent_id == parent.id
