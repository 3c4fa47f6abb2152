"""Spreadsheets of the award register and of nomination lists: read streaming with caps, written
through services.exports.cells.

A file is read row by row (openpyxl in read-only mode, or the csv module over the open file), so
memory follows the row cap, never the file: past ``max_rows`` data rows, or a cell longer than
``max_cell_chars``, the read stops with a clear error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from services.errors import DomainError
from services.exports.cells import safe_row, xlsx_row
from services.text import fold

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True, slots=True)
class Limits:
    max_rows: int = 100_000
    max_cell_chars: int = 1000
    max_bytes: int = 50 * 1024 * 1024


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _raw_rows(path: Path) -> Iterator[Sequence[Any]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            yield from book.worksheets[0].iter_rows(values_only=True)
        finally:
            book.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        yield from csv.reader(handle, dialect)


def read_rows(path: Path, limits: Limits = Limits()) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of every non-blank row, the header first. Raises DomainError
    ``awards_file.*`` for an unsupported, unreadable, oversized or over-long file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError("awards_file.unsupported", suffix=suffix or path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DomainError("awards_file.unreadable", reason=str(exc)[:200]) from exc
    if size > limits.max_bytes:
        raise DomainError("awards_file.too_big", size=size, limit=limits.max_bytes)
    data_rows = 0
    try:
        for number, raw in enumerate(_raw_rows(path), start=1):
            cells = [_text(v) for v in raw]
            if not any(cells):
                continue
            if any(len(c) > limits.max_cell_chars for c in cells):
                raise DomainError("awards_file.cell_too_long", row=number, limit=limits.max_cell_chars)
            if data_rows > limits.max_rows:  # the header is the first non-blank row
                raise DomainError("awards_file.too_many_rows", limit=limits.max_rows)
            data_rows += 1
            yield number, cells
    except DomainError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, csv.Error) as exc:
        raise DomainError("awards_file.unreadable", reason=str(exc)[:200]) from exc
    except Exception as exc:  # a broken XLSX raises zipfile / XML errors of many kinds
        raise DomainError("awards_file.unreadable", reason=type(exc).__name__) from exc


def map_header(
    cells: list[str], aliases: dict[str, tuple[str, ...]], required: Sequence[str]
) -> dict[str, int]:
    """Column name → index, from a header written in Vietnamese (with or without accents) or
    English. Raises DomainError ``awards_file.bad_header`` naming what is missing."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = fold(cell).replace("_", " ")
        for name, names in aliases.items():
            if key in names and name not in found:
                found[name] = index
    missing = [name for name in required if name not in found]
    if missing:
        raise DomainError("awards_file.bad_header", missing=", ".join(missing),
                          found=", ".join(c for c in cells if c)[:300])
    return found


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy, d-m-yyyy, yyyy-mm-dd, or a spreadsheet date; None when empty. ValueError
    when it is not a date."""
    text = text.strip()
    if not text:
        return None
    text = text.split(" ")[0]
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def write_table(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """CSV or XLSX; text that looks like a formula is written as text (an apostrophe in CSV, a
    quote-prefixed text cell in XLSX), so nothing runs as a formula."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError("awards_file.unsupported", suffix=suffix or path.name)
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(xlsx_row(sheet, list(header)))
        for row in rows:
            sheet.append(xlsx_row(sheet, list(row)))
        book.save(path)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(list(header)))
    for row in rows:
        writer.writerow(safe_row([_text(v) if isinstance(v, date) else v for v in row]))
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
