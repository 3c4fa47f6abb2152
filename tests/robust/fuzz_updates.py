"""Hypothesis strategies for Telegram updates, drawn from the Bot API spec the emulator checks.

``updates()`` builds an Update object type by type from ``sandbox/bot_api_spec.json``: required
fields always, a few optional ones, the fields the bot reads (``from``, ``text``, ``data``, a
file) often, ids from a small pool so that the same people and chats come back. Then it is
sent as it is, truncated (a field removed), wrongly typed (a field replaced by a value of
another type) or oversized (a string of thousands of characters, a number past 64 bits).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.robust.poison import CORRUPTIONS, DELETE, paths, replaced

SPEC = Path(__file__).resolve().parents[2] / "sandbox" / "bot_api_spec.json"
KINDS = ["message", "message", "message", "callback_query", "callback_query", "edited_message",
         "channel_post", "my_chat_member", "poll", "inline_query", "message_reaction"]
# What the bot reads, drawn far more often than the rest of a type's optional fields.
FAVOURED = {"from", "text", "data", "document", "photo", "sticker", "caption", "message",
            "new_chat_member", "migrate_to_chat_id", "username", "last_name", "language_code",
            "title", "file_size", "file_name", "mime_type"}
PEOPLE = [700_001, 700_002, 700_003, 700_004]
BOT_ID = 999_000_001
COMMANDS = ["start", "help", "lang", "cancel", "feedback", "report", "campaigns", "join", "audit",
            "units", "me", "register", "status", "missing", "broadcast", "xyz", "start@thidua_test_bot"]


@cache
def spec_types() -> dict[str, Any]:
    return dict(json.loads(SPEC.read_text())["types"])


def _ids() -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(PEOPLE), st.sampled_from([BOT_ID, -4001, -1001234567890]),
                     st.integers(-(2**52), 2**52))


def _text() -> st.SearchStrategy[str]:
    typed = st.text(st.characters(codec="utf-8"), max_size=60)
    command = st.tuples(st.sampled_from(COMMANDS), typed).map(lambda p: f"/{p[0]} {p[1]}".strip())
    return st.one_of(typed, command, st.sampled_from(["có", "90%", "12,5", "T1=1 T2=có", "\x00"]))


@cache
def _scalar(type_name: str, field: str) -> st.SearchStrategy[Any]:
    if type_name == "Integer":
        if field in ("id", "user_id", "chat_id", "migrate_to_chat_id"):
            return _ids()
        return st.integers(0, 2**31)
    if type_name == "Float":
        return st.floats(allow_nan=False, allow_infinity=False)
    if type_name in ("Boolean", "True"):
        return st.booleans()
    if field == "text" or field == "caption":
        return _text()
    if field == "type":
        return st.sampled_from(["private", "private", "group", "supergroup", "channel"])
    if field == "status":
        return st.sampled_from(["member", "administrator", "left", "kicked", "creator"])
    if field == "data":
        return st.one_of(st.sampled_from(["lang:vi", "lang:en", "audit:2", "cp:v:1", "rp:c:1",
                                          "x", "cn:back"]), st.text(max_size=70))
    return st.text(max_size=24)


@cache
def _value(type_name: str, field: str, depth: int) -> st.SearchStrategy[Any]:
    if type_name.startswith("Array of "):
        inner = type_name[len("Array of "):]
        return st.lists(_value(inner, field, depth + 1), min_size=1, max_size=2)
    if type_name in ("Integer", "Float", "Boolean", "True", "String"):
        return _scalar(type_name, field)
    return st.deferred(lambda: obj(type_name, depth + 1))


@cache
def obj(type_name: str, depth: int = 0) -> st.SearchStrategy[Any]:
    spec = spec_types().get(type_name)
    if spec is None:
        return st.just({})
    if "subtypes" in spec:
        return st.one_of([obj(sub, depth) for sub in spec["subtypes"]])
    fields = spec.get("fields", [])
    required = [f for f in fields if f["required"]]
    optional = [f for f in fields if not f["required"]]
    favoured = [f for f in optional if f["name"] in FAVOURED]
    others = [f for f in optional if f["name"] not in FAVOURED]
    chosen = st.tuples(
        st.lists(st.sampled_from(favoured), unique_by=lambda f: f["name"], max_size=4)
        if favoured and depth < 2 else st.just([]),
        st.lists(st.sampled_from(others), unique_by=lambda f: f["name"], max_size=1)
        if others and depth < 1 else st.just([]))

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        picked = required + draw(chosen)[0] + draw(chosen)[1]
        out: dict[str, Any] = {}
        for f in picked:
            if depth >= 3 and not f["required"]:
                continue
            out[f["name"]] = draw(_value(f["types"][0], f["name"], depth))
        return out

    return build()


@st.composite
def update_body(draw: st.DrawFn) -> dict[str, Any]:
    """A valid update without its update_id (the test numbers them)."""
    kind = draw(st.sampled_from(KINDS))
    type_name = {"callback_query": "CallbackQuery", "my_chat_member": "ChatMemberUpdated",
                 "poll": "Poll", "inline_query": "InlineQuery",
                 "message_reaction": "MessageReactionUpdated"}.get(kind, "Message")
    return {kind: draw(obj(type_name))}


@st.composite
def broken(draw: st.DrawFn, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The body as is, truncated, wrongly typed or oversized."""
    mode = draw(st.sampled_from(["valid", "valid", "truncated", "retyped", "oversized"]))
    where = list(paths(body))
    if mode == "valid" or not where:
        return "valid", body
    path = draw(st.sampled_from(where))
    if mode == "truncated":
        if not isinstance(path[-1], str):
            return "valid", body
        return mode, replaced(body, path, DELETE)
    if mode == "retyped":
        return mode, replaced(body, path, draw(st.sampled_from(CORRUPTIONS)))
    big = draw(st.sampled_from(["x" * 9000, "/report " + "a" * 6000, 2**70, ["x"] * 3000]))
    return mode, replaced(body, path, big)


@st.composite
def updates(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    return draw(broken(draw(update_body())))
