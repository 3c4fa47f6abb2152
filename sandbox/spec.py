"""Checking requests against the Bot API spec (``bot_api_spec.json``, see ``SPEC_SOURCE.md``).

Every request names a real method, passes only real parameters, includes the required ones, and
gives each a value of an accepted type. Values arrive as JSON values, or as strings from a query
string or a form (numbers and booleans as text, objects and arrays as JSON text): they are
converted to their JSON types on the way, so the methods see ``int``/``bool``/``dict``/``list``.
Objects are checked field by field, recursively, against the spec's types (unknown fields,
missing required fields, wrong types); a union (``BotCommandScope``, ``ChatMember`` …) is resolved
by its discriminating field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ApiError, bad_request

__all__ = ["MethodSpec", "Spec", "Upload", "load_spec"]

SPEC_PATH = Path(__file__).with_name("bot_api_spec.json")

_TRUE = frozenset({"true", "True", "TRUE", "1"})
_FALSE = frozenset({"false", "False", "FALSE", "0"})


@dataclass(slots=True)
class Upload:
    """A file uploaded with the request (an ``InputFile``)."""

    filename: str
    content_type: str | None
    data: bytes

    def __repr__(self) -> str:
        return f"<Upload {self.filename!r} {len(self.data)} bytes>"


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    params: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    returns: tuple[str, ...]


class _Mismatch(Exception):
    """The value is not of the expected type (at the current level)."""


class _FieldError(Exception):
    """A specific problem inside an object: ``path`` and message."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


_MISSING_WORDING = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "user_id": "user_id is empty",
    "message_id": "message_id is empty",
    "callback_query_id": "query_id is empty",
    "from_chat_id": "from_chat_id is empty",
}


# Parameters removed from the documentation that the Bot API still accepts (and libraries still
# send, e.g. aiogram's ``disable_web_page_preview`` from ``DefaultBotProperties``), added to every
# method that has their modern replacement.
LEGACY_PARAMS: dict[str, dict[str, tuple[str, ...]]] = {
    "reply_parameters": {
        "reply_to_message_id": ("Integer",),
        "allow_sending_without_reply": ("Boolean",),
    },
    "link_preview_options": {"disable_web_page_preview": ("Boolean",)},
}


class Spec:
    """The Bot API spec, precomputed for O(1) lookups per parameter."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.release_date: str = data["release_date"]
        self.source: dict[str, Any] = data.get("source", {})
        self.methods: dict[str, MethodSpec] = {}
        for name, m in data["methods"].items():
            params = {p["name"]: tuple(p["types"]) for p in m["params"]}
            for modern, legacy in LEGACY_PARAMS.items():
                if modern in params:
                    params.update(legacy)
            required = tuple(p["name"] for p in m["params"] if p["required"])
            self.methods[name.lower()] = MethodSpec(name, params, required, tuple(m["returns"]))
        self.objects: dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...]]] = {}
        self.unions: dict[str, tuple[list[str], dict[str, Any] | None]] = {}
        for name, t in data["types"].items():
            if "subtypes" in t:
                self.unions[name] = (t["subtypes"], t.get("discriminator"))
            else:
                fields = {f["name"]: tuple(f["types"]) for f in t["fields"]}
                req = tuple(f["name"] for f in t["fields"] if f["required"])
                self.objects[name] = (fields, req)

    # --- lookups -------------------------------------------------------------------------
    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())

    # --- requests ------------------------------------------------------------------------
    def check_request(
        self, method: MethodSpec, raw: dict[str, Any], uploads: dict[str, Upload]
    ) -> dict[str, Any]:
        """Return the parameters converted to JSON types, or raise a 400 :class:`ApiError`."""
        params: dict[str, Any] = {}
        spec_params = method.params
        for key, value in raw.items():
            if value is None:
                continue
            types = spec_params.get(key)
            if types is None:
                if isinstance(value, Upload):
                    continue  # an attached file part referenced as attach://key
                raise bad_request(f'parameter "{key}" is unknown')
            if types == ("String",) and isinstance(value, str):
                params[key] = value
                continue
            try:
                params[key] = self._value(types, value, uploads, key)
            except _Mismatch:
                if isinstance(value, str) and any(_is_structured(t) for t in types):
                    raise bad_request(f"can't parse {key} JSON object") from None
                raise bad_request(f'parameter "{key}" must be of type {" or ".join(types)}') from None
            except _FieldError as e:
                raise bad_request(f'field "{e.path}" {e.message}') from None
        for key in method.required:
            if key not in params:
                raise bad_request(_MISSING_WORDING.get(key, f'parameter "{key}" is required'))
        return params

    def check_object(self, type_name: str, value: Any) -> None:
        """Check a JSON object against a spec type (used by tests on what the emulator returns)."""
        try:
            self._value((type_name,), value, {}, type_name)
        except _Mismatch:
            raise ApiError(400, f"value is not a {type_name}") from None
        except _FieldError as e:
            raise ApiError(400, f'field "{e.path}" {e.message}') from None

    # --- values --------------------------------------------------------------------------
    def _value(self, types: tuple[str, ...], value: Any, uploads: dict[str, Upload], path: str) -> Any:
        if len(types) == 1:
            return self._one(types[0], value, uploads, path)
        objects = [t for t in types if t in self.objects or t in self.unions]
        if isinstance(value, str) and objects and value[:1] in "{[":
            try:
                value = json.loads(value)
            except ValueError:
                raise _Mismatch from None
        if isinstance(value, dict) and len(objects) > 1:
            # pick the alternative whose required fields are all present
            candidates = [t for t in objects if self._fits(t, value)]
            if len(candidates) == 1:
                return self._one(candidates[0], value, uploads, path)
        last: Exception | None = None
        for t in types:
            try:
                return self._one(t, value, uploads, path)
            except (_Mismatch, _FieldError) as e:
                last = e
        assert last is not None
        raise last

    def _fits(self, type_name: str, value: dict[str, Any]) -> bool:
        if type_name in self.unions:
            return any(self._fits(s, value) for s in self.unions[type_name][0])
        fields, req = self.objects[type_name]
        return all(r in value for r in req) and all(k in fields for k in value)

    def _one(self, t: str, value: Any, uploads: dict[str, Upload], path: str) -> Any:
        if t == "String":
            if isinstance(value, str):
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            raise _Mismatch
        if t == "Integer":
            if isinstance(value, bool):
                raise _Mismatch
            if isinstance(value, int):
                return value
            if isinstance(value, str):
                s = value.strip()
                if s.lstrip("-").isdigit() and s.isascii():
                    return int(s)
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise _Mismatch
        if t == "Boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str):
                if value in _TRUE:
                    return True
                if value in _FALSE:
                    return False
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise _Mismatch
        if t == "Float":
            if isinstance(value, bool):
                raise _Mismatch
            if isinstance(value, int | float):
                return value
            if isinstance(value, str):
                try:
                    return float(value)
                except ValueError:
                    raise _Mismatch from None
            raise _Mismatch
        if t == "InputFile":
            if isinstance(value, Upload):
                return value
            if isinstance(value, str) and value.startswith("attach://"):
                up = uploads.get(value[len("attach://") :])
                if up is None:
                    raise _FieldError(value, "names no file part of the request")
                return up
            raise _Mismatch
        if t.startswith("Array of "):
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except ValueError:
                    raise _Mismatch from None
            if not isinstance(value, list):
                raise _Mismatch
            inner = (t[len("Array of ") :],)
            out = []
            for idx, item in enumerate(value):
                p = f"{path}[{idx}]"
                try:
                    out.append(self._value(inner, item, uploads, p))
                except _Mismatch:
                    raise _FieldError(p, f"must be of type {inner[0]}") from None
            return out
        if t in self.unions:
            return self._union(t, value, uploads, path)
        spec = self.objects.get(t)
        if spec is None:
            raise _Mismatch
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise _Mismatch from None
        if not isinstance(value, dict):
            raise _Mismatch
        fields, req = spec
        out_obj: dict[str, Any] = {}
        for k, v in value.items():
            if v is None:
                continue
            ft = fields.get(k)
            p = f"{path}.{k}"
            if ft is None:
                raise _FieldError(p, "is unknown")
            try:
                out_obj[k] = self._value(ft, v, uploads, p)
            except _Mismatch:
                raise _FieldError(p, f"must be of type {' or '.join(ft)}") from None
        for r in req:
            if r not in out_obj:
                raise _FieldError(f"{path}.{r}", "is required")
        return out_obj

    def _union(self, t: str, value: Any, uploads: dict[str, Upload], path: str) -> Any:
        subtypes, disc = self.unions[t]
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise _Mismatch from None
        if not isinstance(value, dict):
            raise _Mismatch
        if disc is not None:
            key = disc["field"]
            tag = value.get(key)
            sub = disc["values"].get(tag) if isinstance(tag, str) else None
            if sub is None:
                raise _FieldError(f"{path}.{key}", f"must be one of {', '.join(disc['values'])}")
            return self._one(sub, value, uploads, path)
        last: Exception = _Mismatch()
        for sub in subtypes:
            try:
                return self._one(sub, value, uploads, path)
            except (_Mismatch, _FieldError) as e:
                last = e
        raise last


def _is_structured(t: str) -> bool:
    return t[:1].isupper() and t not in ("String", "Integer", "Boolean", "Float", "InputFile")


@cache
def load_spec(path: str | None = None) -> Spec:
    p = Path(path) if path else SPEC_PATH
    return Spec(json.loads(p.read_text(encoding="utf-8")))
