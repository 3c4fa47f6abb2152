"""Every refusal the khen thưởng services can give has its words in both languages, and no text
mixes up danh hiệu thi đua and hình thức khen thưởng."""

from __future__ import annotations

import re
from pathlib import Path

from handlers import i18n
from handlers.texts import award_files as _award_files  # noqa: F401  (the files' problems)
from handlers.texts import awards as texts

ROOT = Path(__file__).resolve().parents[2]
RAISED = re.compile(r'(DomainError|NotFound)\(\s*"([a-z_.]+)"')


def test_every_refusal_has_a_text() -> None:
    codes = set()
    for path in (ROOT / "services" / "awards").glob("*.py"):
        for kind, code in RAISED.findall(path.read_text(encoding="utf-8")):
            codes.add(f"error.not_found.{code}" if kind == "NotFound" else f"error.{code}")
    missing = sorted(c for c in codes if not i18n.has(c))
    assert not missing, missing
    assert len(codes) > 30


def test_titles_and_forms_are_not_mixed() -> None:
    for key, (vi, _) in texts.TEXTS.items():
        lowered = vi.lower()
        # A form of award is never called a danh hiệu, and the reverse.
        assert "danh hiệu bằng khen" not in lowered and "danh hiệu giấy khen" not in lowered, key
        assert "hình thức chiến sĩ" not in lowered and "hình thức lao động tiên tiến" not in lowered, key
