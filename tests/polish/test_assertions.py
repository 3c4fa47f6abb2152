"""No assertion in the suite that cannot fail (issue 10, item 21): ``assert x or True``,
``assert True``, ``assert "text"`` or ``assert (a, b)`` pass whatever the bot does."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def always_true(test: ast.expr) -> bool:
    """True when the asserted expression is true whatever is under test."""
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.Tuple | ast.List | ast.Set | ast.Dict | ast.JoinedStr):
        return bool(getattr(test, "elts", None) or getattr(test, "keys", None)
                    or isinstance(test, ast.JoinedStr))
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(always_true(v) for v in test.values)
    return False


def vacuous_asserts(source: str, name: str) -> list[str]:
    return [f"{name}:{node.lineno}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Assert) and always_true(node.test)]


def test_no_assertion_passes_whatever_happens() -> None:
    found = [hit for path in sorted(TESTS.rglob("*.py"))
             for hit in vacuous_asserts(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS)))]
    assert found == []


def test_the_check_finds_the_old_kinds() -> None:
    source = ('assert "x" in text or True\nassert True\nassert ("a", 1)\nassert f"{x}"\n'
              'assert x == 1\nassert x or y\n')
    assert vacuous_asserts(source, "t") == ["t:1", "t:2", "t:3", "t:4"]
