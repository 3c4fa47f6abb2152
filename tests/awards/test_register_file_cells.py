"""The award register's XLSX and CSV files never carry a live formula, and show names as typed."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from services.awards.sheets import write_table

NAMES = ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
         "Nguyễn Văn An"]


def test_xlsx_cells_are_text_shown_as_typed(tmp_path) -> None:
    path = tmp_path / "so.xlsx"
    write_table(path, ["họ tên", "năm"], [[name, 2027] for name in NAMES])
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == NAMES  # no apostrophe shown
    assert all(r[0].data_type == "s" for r in rows)  # text, never a formula ("f")
    assert [r[1].value for r in rows] == [2027] * len(NAMES)  # numbers stay numbers


def test_csv_cells_are_defused(tmp_path) -> None:
    path = tmp_path / "so.csv"
    write_table(path, ["họ tên", "năm"], [[name, 2027] for name in NAMES])
    with path.open(encoding="utf-8-sig") as f:
        cells = [row[0] for row in list(csv.reader(f))[1:]]
    assert all(c[:1] not in "=+-@" for c in cells)
    assert cells[-1] == "Nguyễn Văn An"
