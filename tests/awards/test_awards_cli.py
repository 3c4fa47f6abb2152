"""`thidua awards …` and `thidua nominations check` as an operator runs them, in a subprocess on a
migrated database, with the example files of docs/examples."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from models import AwardRecord, Initiative, Person, PersonYear, SessionFactory, Unit, UnitYear
from tests.platform.test_cli_and_demo import REPO, thidua

REGISTER = REPO / "docs" / "examples" / "so-theo-doi-khen-thuong.csv"
NOMINATIONS = REPO / "docs" / "examples" / "de-nghi-khen-thuong.csv"


async def _units(factory: SessionFactory) -> None:
    async with factory() as s, s.begin():
        s.add(Unit(code="TTTT-HN", name="Sở Thông tin và Truyền thông Hà Nội"))
        s.add(Unit(code="CDS", name="Cục Chuyển đổi số quốc gia"))


async def _count(factory: SessionFactory, model: type) -> int:
    async with factory() as s:
        return int((await s.exec(select(func.count()).select_from(model))).one())


async def test_register_import_check_and_export(tmp_path: Path, db_url: str,
                                                session_factory: SessionFactory) -> None:
    await _units(session_factory)
    done = thidua(tmp_path, "awards", "import", str(REGISTER), db_url=db_url)
    assert done.returncode == 0, done.stderr
    assert "13 dòng: 8 khen thưởng, 3 xếp loại, 1 sáng kiến, 1 kỷ luật, 3 người mới" in done.stdout
    assert await _count(session_factory, Person) == 3
    assert await _count(session_factory, AwardRecord) == 8
    assert await _count(session_factory, PersonYear) == 3
    assert await _count(session_factory, UnitYear) == 1
    assert await _count(session_factory, Initiative) == 1
    # The same file again adds nothing.
    again = thidua(tmp_path, "awards", "import", str(REGISTER), db_url=db_url)
    assert "0 khen thưởng" in again.stdout and "9 đã có trong sổ" in again.stdout, again.stdout
    assert await _count(session_factory, AwardRecord) == 8

    checked = thidua(tmp_path, "nominations", "check", str(NOMINATIONS), "--format", "csv", db_url=db_url)
    assert checked.returncode == 0, checked.stderr
    rows = list(csv.reader(io.StringIO(checked.stdout)))
    assert rows == [
        ["row", "verdict", "reason"],
        ["2", "eligible", "Đủ điều kiện: Chiến sĩ thi đua cơ sở 2024, 2025, 2026 (3 năm liên tục); "
                          "1 sáng kiến cấp Bộ trở lên (2025)"],
        ["3", "not_eligible", "Chưa đủ: cần 3 năm liên tục Chiến sĩ thi đua cơ sở, mới có 2024, 2026"],
        ["4", "doubtful", "Cần xem xét: dẫn đầu cụm, khối thi đua hoặc dẫn đầu phong trào thi đua theo "
                          "chuyên đề từ 3 năm trở lên (đối chiếu hồ sơ)"],
        ["5", "not_eligible", "Vượt giới hạn: Chiến sĩ thi đua cơ sở năm 2026 tối đa 15% số Lao động tiên "
                              "tiến của đơn vị (2 → tối đa 0), danh sách đề nghị 1"],
        ["6", "not_eligible", "Chưa đủ: cần từ hoàn thành tốt nhiệm vụ năm 2026, mới đạt hoàn thành "
                              "nhiệm vụ"],
    ]
    text = thidua(tmp_path, "nominations", "check", str(NOMINATIONS), "--english", db_url=db_url)
    assert "row 3: ❌ not eligible — Not yet eligible: needs Grassroots Emulation Fighter in 3 " \
           "consecutive years, has 2024, 2026" in text.stdout, text.stdout
    # The text is the bot's words in the operator's language, never the csv's verdict codes.
    vietnamese = thidua(tmp_path, "nominations", "check", str(NOMINATIONS), db_url=db_url)
    assert "dòng 3: ❌ chưa đủ điều kiện — Chưa đủ: cần 3 năm liên tục Chiến sĩ thi đua cơ sở, " \
           "mới có 2024, 2026" in vietnamese.stdout, vietnamese.stdout
    assert "dòng 4: ⚠️ cần xem xét — Cần xem xét:" in vietnamese.stdout
    english = thidua(tmp_path, "--lang", "en", "nominations", "check", str(NOMINATIONS), db_url=db_url)
    assert "row 2: ✅ eligible — Eligible:" in english.stdout, english.stdout
    for shown in (text.stdout, vietnamese.stdout, english.stdout):
        assert not re.search(r"(row|dòng) \d+: (eligible|not_eligible|doubtful) ", shown), shown

    out = tmp_path / "register.xlsx"
    exported = thidua(tmp_path, "awards", "export", str(out), db_url=db_url)
    assert exported.returncode == 0, exported.stderr
    sheet = load_workbook(out, read_only=True).worksheets[0]
    lines = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert lines[0][:4] == ("họ tên", "ngày sinh", "mã đơn vị", "khen thưởng")
    assert ("Nguyễn Văn An", datetime(1985, 3, 12), "TTTT-HN", "Chiến sĩ thi đua cơ sở", 2024, "112/QĐ-STTTT",
            datetime(2024, 12, 20)) in lines
    assert len(lines) == 14
    # The export imports back into a fresh register unchanged.
    back = thidua(tmp_path, "awards", "import", str(out), db_url=db_url)
    assert "0 khen thưởng" in back.stdout and back.returncode == 0, back.stdout + back.stderr


async def test_bad_rows_change_nothing_and_say_where(tmp_path: Path, db_url: str,
                                                     session_factory: SessionFactory) -> None:
    await _units(session_factory)
    bad = tmp_path / "bad.csv"
    bad.write_text("full name,date of birth,unit code,award,year\n"
                   "Nguyễn Văn An,31/02/1985,TTTT-HN,CSTDCS,2024\n"
                   "Trần Thị Bình,05/07/1990,KHONG-CO,LDTT,2026\n"
                   "Lê Văn Cường,21/01/1979,TTTT-HN,Huy chương vàng,2026\n"
                   "Lê Văn Cường,21/01/1979,TTTT-HN,Tập thể lao động tiên tiến,20x6\n"
                   "=HYPERLINK(\"x\"),01/01/1990,TTTT-HN,LDTT,2026\n", encoding="utf-8")
    done = thidua(tmp_path, "awards", "import", str(bad), db_url=db_url)
    assert done.returncode == 1
    assert "dòng 2, ngày sinh: “31/02/1985” không phải là ngày" in done.stderr
    assert "dòng 3, mã đơn vị: không có đơn vị mã “KHONG-CO”" in done.stderr
    assert "dòng 4, khen thưởng: “Huy chương vàng” không phải danh hiệu" in done.stderr
    assert "dòng 5, năm: “20x6” không phải là năm" in done.stderr
    assert "4 dòng có lỗi: chưa thay đổi gì" in done.stderr
    english = thidua(tmp_path, "--lang", "en", "awards", "import", str(bad), db_url=db_url)
    assert "row 3, mã đơn vị: unit 'KHONG-CO' is not known" in english.stderr
    assert "4 bad row(s): nothing was changed" in english.stderr
    assert await _count(session_factory, AwardRecord) == 0
    skipped = thidua(tmp_path, "awards", "import", str(bad), "--skip-bad", db_url=db_url)
    assert skipped.returncode == 0 and "1 khen thưởng" in skipped.stdout, skipped.stdout
    out = tmp_path / "out.csv"
    thidua(tmp_path, "awards", "export", str(out), db_url=db_url)
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")


async def test_row_cap_and_formats(tmp_path: Path, db_url: str, session_factory: SessionFactory) -> None:
    await _units(session_factory)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["họ tên", "ngày sinh", "mã đơn vị", "khen thưởng", "năm"])
    for i in range(30):
        sheet.append([f"Người {i}", "01/01/1990", "TTTT-HN", "LDTT", 2026])
    big = tmp_path / "big.xlsx"
    book.save(big)
    capped = thidua(tmp_path, "awards", "import", str(big), db_url=db_url, THIDUA_AWARD_IMPORT_MAX_ROWS="20")
    assert capped.returncode == 2
    assert "Tệp có nhiều hơn 20 dòng (giới hạn THIDUA_AWARD_IMPORT_MAX_ROWS)" in capped.stderr
    capped_en = thidua(tmp_path, "--lang", "en", "awards", "import", str(big), db_url=db_url,
                       THIDUA_AWARD_IMPORT_MAX_ROWS="20")
    assert "The file has more than 20 rows" in capped_en.stderr, capped_en.stderr
    assert await _count(session_factory, AwardRecord) == 0
    done = thidua(tmp_path, "awards", "import", str(big), db_url=db_url)
    assert done.returncode == 0 and "30 khen thưởng" in done.stdout
    wrong = tmp_path / "list.txt"
    wrong.write_text("x", encoding="utf-8")
    refused = thidua(tmp_path, "nominations", "check", str(wrong), db_url=db_url)
    assert refused.returncode == 2
    assert "Không đọc được tệp “.txt”: dùng tệp .csv hoặc .xlsx." in refused.stderr, refused.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("\n", encoding="utf-8")
    nothing = thidua(tmp_path, "--lang", "en", "nominations", "check", str(empty), db_url=db_url)
    assert nothing.returncode == 2 and "The file has no rows." in nothing.stderr, nothing.stderr


async def test_catalogue_export_edit_import(tmp_path: Path, db_url: str) -> None:
    file = tmp_path / "catalogue.yaml"
    done = thidua(tmp_path, "awards", "catalogue", "export", str(file), db_url=db_url)
    assert done.returncode == 0 and "danh mục phiên bản 1 (13 danh hiệu, hình thức)" in done.stdout, \
        done.stdout
    same = thidua(tmp_path, "awards", "catalogue", "import", str(file), db_url=db_url)
    assert "Không thay đổi" in same.stdout
    text = file.read_text(encoding="utf-8")
    assert "share: 0.15" in text
    file.write_text(text.replace("share: 0.15", "share: 0.2"), encoding="utf-8")
    changed = thidua(tmp_path, "awards", "catalogue", "import", str(file), db_url=db_url)
    assert changed.returncode == 0 and "Danh mục phiên bản 2 nay có hiệu lực" in changed.stdout
    file.write_text(text.replace("kind: danh_hieu", "kind: huy_chuong", 1), encoding="utf-8")
    broken = thidua(tmp_path, "awards", "catalogue", "import", str(file), db_url=db_url)
    assert broken.returncode == 1
    assert "awards[0] (LDTT) → kind: Input should be 'danh_hieu' or 'hinh_thuc'" in broken.stderr


async def test_a_catalogue_file_that_cannot_be_read_is_worded_in_the_operators_language(
        tmp_path: Path, db_url: str) -> None:
    bad_yaml = tmp_path / "hỏng.yaml"
    bad_yaml.write_text("version: 3\nawards: [\n  - code: X\n", encoding="utf-8")
    vi = thidua(tmp_path, "awards", "catalogue", "import", str(bad_yaml), db_url=db_url)
    assert vi.returncode == 1
    assert "không đúng cú pháp YAML ở dòng" in vi.stderr, vi.stderr
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("label: Danh mục\n".encode("utf-16"))
    en = thidua(tmp_path, "--lang", "en", "awards", "catalogue", "import", str(latin1),
                db_url=db_url)
    assert en.returncode == 1 and "is not UTF-8 text: save it again as UTF-8" in en.stderr, en.stderr
    listed = tmp_path / "list.yaml"
    listed.write_text("- LDTT\n- CSTDCS\n", encoding="utf-8")
    shape = thidua(tmp_path, "awards", "catalogue", "import", str(listed), db_url=db_url)
    assert shape.returncode == 1
    assert "Tệp phải có các mục “version”, “label” và “awards”" in shape.stderr, shape.stderr
    assert "must hold a mapping" not in shape.stderr
