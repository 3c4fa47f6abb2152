"""Writing XLSX files the department can work with, in streaming mode.

openpyxl's write-only workbook keeps no cells in memory: rows go to a temporary file as they are
appended, so an export of 100,000 rows costs the same memory as one of 100. Every sheet has
Vietnamese headers in bold on a frozen first row, column widths, dates as real Excel dates in
local time (Asia/Ho_Chi_Minh), numbers as numbers, and text through ``cells.safe_cell`` so that a
name beginning with ``=`` is never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.exports.cells import safe_cell

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
MAX_SHEET_TITLE = 31


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float = 16


class Sheet:
    def __init__(self, book: Book, ws: Any) -> None:
        self._book = book
        self._ws = ws
        self.rows = 0

    def append(self, values: Iterable[Any]) -> None:
        self._ws.append([self._book.cell(self._ws, v) for v in values])
        self.rows += 1

    def extend(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.append(row)


class Book:
    """A write-only workbook; ``sheet()`` adds a sheet with its header row, ``save()`` the bytes."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self._wb = Workbook(write_only=True)
        self._bold = Font(bold=True)

    def sheet(self, title: str, columns: list[Column]) -> Sheet:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        ws = self._wb.create_sheet(title=title[:MAX_SHEET_TITLE])
        for i, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=safe_cell(column.header))
            cell.font = self._bold
            header.append(cell)
        ws.append(header)
        return Sheet(self, ws)

    def cell(self, ws: Any, value: Any) -> Any:
        """A value as Excel should hold it: a local naive datetime with a date format, a
        number as a number, text neutralised."""
        if isinstance(value, datetime):
            from openpyxl.cell import WriteOnlyCell

            local = value.astimezone(LOCAL).replace(tzinfo=None) if value.tzinfo else value
            cell = WriteOnlyCell(ws, value=local)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, date):
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(value, bool):
            return "Có" if value else "Không"
        return safe_cell(value)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self._wb.save(buf)
        return buf.getvalue()
