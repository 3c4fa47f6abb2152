"""No assertion in the suite that cannot fail (issue 10, item 21): one whose expression is a
true constant, a non-empty tuple or string, an f-string, or an ``or`` with any of those passes
whatever the bot does."""

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


# The kinds the check must find, as expressions: the statements are put together at run time,
# so that no scan of the suite's text mistakes these samples for assertions.
VACUOUS = ('"x" in text or True', "True", '("a", 1)', 'f"{x}"')
REAL = ("x == 1", "x or y")


def test_the_check_finds_the_old_kinds() -> None:
    source = "".join(f"assert {expr}\n" for expr in VACUOUS + REAL)
    assert vacuous_asserts(source, "t") == ["t:1", "t:2", "t:3", "t:4"]
