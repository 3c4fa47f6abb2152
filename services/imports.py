"""Reading an imported spreadsheet within limits, whatever the file holds.

Every import (units, campaigns) reads its file through here. A file is refused early, with a
reason a person can act on, when it is larger than ``max_file_mb``; when it is an XLSX whose ZIP
declares more than ``max_unpacked_mb`` once unpacked, or one member packed more tightly than
``max_ratio`` (a compression bomb: 400 KB that unpack into a 400 MB string) — checked on the ZIP's
directory before any XML is parsed; and while streaming, at the first row past ``max_rows`` or
the first cell longer than ``max_cell_chars``. Rows are streamed (openpyxl's read-only mode, the
csv reader on the open file), so memory stays bounded by the limits, not by the file.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from services.errors import DomainError

T = TypeVar("T")
MB = 1024 * 1024
# A packed member smaller than this is never called a bomb: tiny XML parts pack very well.
_RATIO_FLOOR = 1 * MB
_MAX_COLUMNS = 64  # no import reads more columns; the rest of a row is ignored


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """``THIDUA_IMPORTS__MAX_ROWS`` etc. The defaults fit the sector many times over: a few
    thousand units, a campaign of a few dozen targets."""

    max_rows: int = 20_000
    max_cell_chars: int = 2_000
    max_file_mb: float = 20.0
    max_unpacked_mb: float = 50.0
    max_ratio: float = 200.0


DEFAULT_LIMITS = ImportLimits()

# English wording for the CLI; the bot's texts have the same keys as "error.import.*".
REASONS = {
    "import.file_too_big": "the file is {size_mb} MB; at most {limit_mb} MB is accepted",
    "import.unpacked_too_big": "the XLSX file would unpack to {size_mb} MB; at most {limit_mb} MB "
                               "is accepted (split it, or remove what is not needed)",
    "import.compression_bomb": "the XLSX part {member} is packed {ratio}:1, far more than a "
                               "spreadsheet ever is; the file was not opened",
    "import.too_many_rows": "the file has more than {limit} rows; split it into smaller files",
    "import.cell_too_long": "row {row} has a cell of more than {limit} characters",
    "import.unreadable": "the file cannot be read: {reason}",
}


class ImportRefused(DomainError):
    """The file breaks a limit or cannot be read; ``str()`` is one English sentence for the CLI."""

    def __str__(self) -> str:
        return REASONS[self.code].format(**self.params)


def _mb(size: float) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".")


def check_file_size(path: Path, limits: ImportLimits) -> None:
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise ImportRefused("import.file_too_big", size_mb=_mb(size),
                            limit_mb=_mb(limits.max_file_mb * MB))


def check_xlsx_archive(path: Path, limits: ImportLimits) -> None:
    """Refuse a ZIP that would unpack too large, from the sizes its directory declares.

    Python's zipfile never unpacks more than a member declares (and checks the CRC), so a file
    that lies about its sizes fails to read instead of filling the memory.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused("import.unreadable", reason=f"not an XLSX file ({exc})"[:200]) from None
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked_mb * MB:
        raise ImportRefused("import.unpacked_too_big", size_mb=_mb(total),
                            limit_mb=_mb(limits.max_unpacked_mb * MB))
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > limits.max_ratio * max(m.compress_size, 1):
            raise ImportRefused("import.compression_bomb", member=m.filename[:80],
                                ratio=m.file_size // max(m.compress_size, 1))
    # Rows are counted on the raw XML, fast: openpyxl scans a whole sheet that does not declare
    # its size before it yields a row, which would cost seconds on a million rows.
    try:
        with zipfile.ZipFile(path) as archive:
            for m in members:
                if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                    with archive.open(m) as fh:
                        _count_rows(fh, limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRefused("import.unreadable", reason=f"not an XLSX file ({exc})"[:200]) from None


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _count_rows(fh: IO[bytes], limits: ImportLimits) -> None:
    rows, tail = 0, b""
    while chunk := fh.read(1 << 20):
        data = tail + chunk
        rows += len(_ROW_TAG.findall(data))
        # A tag cut by the chunk's end is counted with the next chunk, not twice.
        cut = data.rfind(b"<", max(0, len(data) - 64))
        tail = data[cut:] if cut >= 0 else b""
        if tail and _ROW_TAG.match(tail):
            rows -= 1
        if rows > limits.max_rows:
            raise ImportRefused("import.too_many_rows", limit=limits.max_rows)


def check_file(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> None:
    """The checks made before a file is opened: its size and, for XLSX, its ZIP directory."""
    check_file_size(path, limits)
    if path.suffix.lower() == ".xlsx":
        check_xlsx_archive(path, limits)


def capped(rows: Iterable[T], limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[T]:
    """``rows`` (an openpyxl sheet's), refused at the first past ``max_rows``."""
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise ImportRefused("import.too_many_rows", limit=limits.max_rows)
        yield row


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _checked(number: int, cells: list[str], limits: ImportLimits) -> list[str]:
    if number > limits.max_rows:
        raise ImportRefused("import.too_many_rows", limit=limits.max_rows)
    for cell in cells:
        if len(cell) > limits.max_cell_chars:
            raise ImportRefused("import.cell_too_long", row=number, limit=limits.max_cell_chars)
    return cells


def iter_xlsx_rows(path: Path, limits: ImportLimits = DEFAULT_LIMITS,
                   sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of one sheet (the first, or ``sheet`` by name), streamed."""
    check_file(path, limits)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportRefused("import.unreadable", reason=str(exc)[:200]) from None
    try:
        names = {n.strip().lower(): n for n in book.sheetnames}
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet.lower() in names:
            ws = book[names[sheet.lower()]]
        else:
            return
        for number, row in enumerate(ws.iter_rows(values_only=True, max_col=_MAX_COLUMNS),
                                     start=1):
            cells = [_text(v) for v in row]
            while cells and not cells[-1]:  # padding up to the column limit
                cells.pop()
            yield number, _checked(number, cells, limits)
    except (DomainError, GeneratorExit):
        raise
    except Exception as exc:
        raise ImportRefused("import.unreadable", reason=str(exc)[:200]) from None
    finally:
        book.close()


def iter_csv_rows(path: Path, limits: ImportLimits = DEFAULT_LIMITS,
                  ) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of a CSV file (UTF-8, with or without BOM; , ; or tab), streamed."""
    check_file_size(path, limits)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(fh, dialect)
            number = 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:  # "field larger than field limit": a huge cell
                    if "field limit" in str(exc):
                        raise ImportRefused("import.cell_too_long", row=reader.line_num,
                                            limit=limits.max_cell_chars) from None
                    raise
                number += 1
                yield number, _checked(number, cells[:_MAX_COLUMNS], limits)
    except (DomainError, GeneratorExit):
        raise
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise ImportRefused("import.unreadable", reason=str(exc)[:200]) from None


def read_rows(path: Path, limits: ImportLimits = DEFAULT_LIMITS,
              ) -> Iterator[tuple[int, list[str]]]:
    """Rows of a .csv or .xlsx file, by its suffix."""
    if path.suffix.lower() == ".xlsx":
        return iter_xlsx_rows(path, limits)
    return iter_csv_rows(path, limits)


__all__ = ["DEFAULT_LIMITS", "ImportLimits", "ImportRefused", "capped", "check_file", "check_file_size",
           "check_xlsx_archive", "iter_csv_rows", "iter_xlsx_rows", "read_rows"]
