"""A list of fields as people write it, and as it is shown.

Two official field names contain a comma ("An toàn, an ninh mạng", "Báo chí, truyền thông"), so a
list cannot simply be split on commas. Items are separated by ``;`` (or a line break or ``|``);
within an item, commas separate fields only where the pieces are not the parts of one field's
name: the longest run of pieces that names a field (by code, Vietnamese or English name) wins.
Lists are shown joined with "; ", which never reads as more fields than there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from models import EmulationField
from services.units import resolve_field

FIELD_SEPARATOR = "; "


def split_fields(raw: str, fields: Sequence[EmulationField]) -> list[tuple[str, str | None]]:
    """(the text of each item, the field code it names or None), in the order written."""
    out: list[tuple[str, str | None]] = []
    for item in re.split(r"[;|\n]+", raw):
        pieces = [p.strip() for p in item.split(",")]
        i = 0
        while i < len(pieces):
            if not pieces[i]:
                i += 1
                continue
            for j in range(len(pieces), i, -1):  # the longest run that names a field
                text = ", ".join(p for p in pieces[i:j] if p)
                code = resolve_field(text, fields)
                if code is not None:
                    out.append((text, code))
                    i = j
                    break
            else:
                out.append((pieces[i], None))
                i += 1
    return out


def join_fields(names: Iterable[str]) -> str:
    return FIELD_SEPARATOR.join(names)


__all__ = ["FIELD_SEPARATOR", "join_fields", "split_fields"]
