"""Cells that a spreadsheet can never run as a formula.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs strip before looking, or the full-width ``＝ ＋ － ＠`` that an East Asian input method
turns into formulas) is a formula to Excel and LibreOffice: ``=HYPERLINK(…)`` or ``+1+cmd|…``
typed as a unit's name would run on the department's computers. Leading spaces do not help:
spreadsheets skip them too.

- CSV: such text is written with a leading apostrophe (:func:`safe_cell`), which spreadsheets
  show as plain text; :func:`unescape_cell` takes it off again when the file is imported back.
- XLSX: such text is written as a string cell with the "quote prefix" style
  (:func:`xlsx_row`): shown exactly as typed, and kept as text even when someone edits the cell.
  openpyxl alone would store any string starting with ``=`` as a live formula.

Numbers and dates are left as they are: they are values, not text.
"""

from __future__ import annotations

from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_BLANKS = " \u00a0\u3000"  # spaces a spreadsheet skips before looking at the first character


def is_formula_like(text: str) -> bool:
    stripped = text.lstrip(_BLANKS)
    return stripped.startswith(FORMULA_LEADS)


def safe_cell(value: Any) -> Any:
    """The value to write in a CSV cell: text that looks like a formula is prefixed with ``'``."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unescape_cell(text: str) -> str:
    """A cell read back from a file: the apostrophe :func:`safe_cell` added is taken off."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def xlsx_row(sheet: Any, values: list[Any] | tuple[Any, ...]) -> list[Any]:
    """Cells for ``sheet.append``: text that looks like a formula becomes a quote-prefixed
    string cell. Works for write-only and ordinary openpyxl worksheets."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and is_formula_like(value):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # openpyxl made a text starting with "=" a formula ("f")
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
