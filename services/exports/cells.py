"""Cells that a spreadsheet can never run as a formula.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs strip before looking) is a formula to Excel and LibreOffice: ``=HYPERLINK(…)`` or
``+1+cmd|…`` typed as a unit's name would run on the department's computers. Every export writes
such text with a leading apostrophe, which spreadsheets show as plain text. Numbers and dates are
left as they are: they are values, not text.
"""

from __future__ import annotations

from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(text: str) -> bool:
    stripped = text.lstrip(" \u00a0")
    return stripped.startswith(FORMULA_LEADS)


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: text that looks like a formula is prefixed with ``'``."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(value) for value in values]
