"""Malformed updates, made from valid ones: every field the update has, broken every way.

``variants(update)`` yields copies of a valid update with one field removed, set to null or set
to a value of another type (a string where a number belongs, a number past 64 bits, a list
where an object belongs, ...). ``oddities()`` adds updates that are not even objects, lack an
update_id or nest absurdly deep.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]
CORRUPTIONS: tuple[Any, ...] = (None, "abc", 2**70, True, [], {}, 1.5, -(2**70))
DELETE = object()


def paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index)
            yield from paths(child, (*prefix, index))


def _get(value: Any, path: Path) -> Any:
    for part in path:
        value = value[part]
    return value


def replaced(update: dict[str, Any], path: Path, new: Any) -> dict[str, Any]:
    out = copy.deepcopy(update)
    parent = _get(out, path[:-1])
    if new is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return out


def variants(update: dict[str, Any], *, skip: tuple[str, ...] = ("update_id",)
             ) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what was broken, the broken update) for every field and every corruption of it."""
    for path in paths(update):
        if path[0] in skip:
            continue
        original = _get(update, path)
        where = ".".join(map(str, path))
        if isinstance(path[-1], str):
            yield f"{where} removed", replaced(update, path, DELETE)
        for bad in CORRUPTIONS:
            same_type = type(bad) is type(original)
            if same_type and not (isinstance(bad, int) and abs(bad) >= 2**63):
                continue  # not a corruption: a value of the type Telegram sends there
            yield f"{where} = {bad!r}", replaced(update, path, bad)


def nested(levels: int) -> Any:
    value: Any = {"text": "đáy"}
    for _ in range(levels):
        value = {"reply_to_message": value}
    return value


def oddities(update_id: int) -> list[tuple[str, Any]]:
    """Things that are not updates the bot can read at all (``update_id`` for those that
    have one)."""
    return [
        ("not an object: list", [update_id, "message"]),
        ("not an object: number", update_id),
        ("not an object: string", f"update {update_id}"),
        ("not an object: null", None),
        ("no update_id", {"message": {"message_id": 1}}),
        ("update_id is a string", {"update_id": str(update_id), "message": None}),
        ("update_id past 64 bits", {"update_id": 2**64 + update_id}),
        ("update_id is a bool", {"update_id": True}),
        ("message is null", {"update_id": update_id, "message": None}),
        ("nested 500 levels", {"update_id": update_id, "message": nested(500)}),
    ]
