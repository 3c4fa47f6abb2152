"""The file errors of the award spreadsheets in words, for the command line."""

from __future__ import annotations

from services.errors import DomainError

MESSAGES = {
    "awards_file.unsupported": "'{suffix}' files are not read; use .csv or .xlsx",
    "awards_file.unreadable": "the file cannot be read ({reason})",
    "awards_file.too_big": "the file is {size} bytes; at most {limit} are read",
    "awards_file.cell_too_long": "row {row} has a cell longer than {limit} characters",
    "awards_file.too_many_rows": "the file has more than {limit} rows (THIDUA_AWARD_IMPORT_MAX_ROWS)",
    "awards_file.bad_header": "the header row lacks the columns {missing} (found: {found})",
    "awards_file.empty": "the file has no rows",
}


def describe(exc: DomainError) -> str:
    template = MESSAGES.get(exc.code)
    if template is None:
        return f"{exc.code} {exc.params or ''}"
    return template.format(**exc.params)
