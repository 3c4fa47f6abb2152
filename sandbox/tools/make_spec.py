"""Generate ``sandbox/bot_api_spec.json``: a trimmed, description-free copy of the Bot API spec.

Source: ``api.json`` of PaulSonOfLars/telegram-bot-api-spec (MIT), which the project keeps beside
the repository in ``../shared/telegram-bot-api-spec/``. The trimmed copy keeps, for every method,
its parameters (name, accepted types, required flag) and return types; for every type, its fields
the same way, or its subtypes (with the value of the discriminating field when the source says it).

Usage::

    python -m sandbox.tools.make_spec [path/to/api.json] [-o sandbox/bot_api_spec.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "telegram-bot-api-spec" / "api.json"
DEFAULT_OUTPUT = REPO_ROOT / "sandbox" / "bot_api_spec.json"

SOURCE = {
    "project": "PaulSonOfLars/telegram-bot-api-spec",
    "url": "https://github.com/PaulSonOfLars/telegram-bot-api-spec",
    "license": "MIT",
    "commit": "160fd99507e1c7c77e92dc90f5993d724735b51c",
}

# "Scope type, must be chat" / "Type of the message origin, always “user”" /
# "The member's status in the chat, always “creator”"
_DISCRIMINATOR = re.compile(r"(?:must be|always)\s+[“\"]?([a-z_]+)[”\"]?")
_DISCRIMINATOR_FIELDS = ("type", "status", "source")


def _fields(raw: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [
        {"name": f["name"], "types": list(f["types"]), "required": bool(f["required"])} for f in raw or []
    ]


def _discriminator(api_types: dict[str, Any], subtypes: list[str]) -> dict[str, Any] | None:
    """Which field tells the subtypes apart, and the value naming each, if the source says so."""
    for field_name in _DISCRIMINATOR_FIELDS:
        values: dict[str, str] = {}
        for sub in subtypes:
            for f in api_types.get(sub, {}).get("fields", []):
                if f["name"] == field_name:
                    m = _DISCRIMINATOR.search(f.get("description", ""))
                    if m:
                        values[m.group(1)] = sub
        if len(values) == len(subtypes):
            return {"field": field_name, "values": values}
    return None


def trim(api: dict[str, Any]) -> dict[str, Any]:
    methods = {
        name: {"params": _fields(m.get("fields")), "returns": list(m.get("returns", []))}
        for name, m in sorted(api["methods"].items())
    }
    types: dict[str, Any] = {}
    for name, t in sorted(api["types"].items()):
        entry: dict[str, Any] = {}
        if "subtypes" in t:
            entry["subtypes"] = list(t["subtypes"])
            disc = _discriminator(api["types"], t["subtypes"])
            if disc:
                entry["discriminator"] = disc
        else:
            entry["fields"] = _fields(t.get("fields"))
        types[name] = entry
    return {
        "version": api["version"],
        "release_date": api["release_date"],
        "source": SOURCE,
        "methods": methods,
        "types": types,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE), help="api.json")
    parser.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT))
    args = parser.parse_args(argv)
    api = json.loads(Path(args.source).read_text(encoding="utf-8"))
    spec = trim(api)
    Path(args.output).write_text(
        json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    print(
        f"wrote {args.output}: {spec['version']} ({spec['release_date']}), "
        f"{len(spec['methods'])} methods, {len(spec['types'])} types",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
