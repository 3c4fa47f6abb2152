"""Texts in Vietnamese and English.

Each handler module keeps its own texts (``TEXTS = {key: (vi, en)}``) and registers them here.
Values filled into a text are HTML-escaped unless wrapped in :class:`Markup`, so quoting a person's
input can never break the message or inject markup.
"""

from __future__ import annotations

import html
import string
import unicodedata
from collections.abc import Mapping
from typing import Any

from models import Language
from services.organisation import DEFAULT_ORGANISATION, Organisation

_catalog: dict[str, tuple[str, str]] = {}
_formatter = string.Formatter()

# Organisation names a text may name as placeholders, filled from the settings (ctx.config
# .organisation) unless the caller passes them: ministries merge and rename, texts never spell them.
ORGANISATION_PLACEHOLDERS = ("ministry", "ministry_short", "minister", "department",
                             "department_short", "council")
_organisation: Organisation = DEFAULT_ORGANISATION


def use_organisation(organisation: Organisation) -> None:
    """The names texts use from now on (the runtime calls this with its settings)."""
    global _organisation
    _organisation = organisation


def organisation_names(language: Language | str) -> dict[str, str]:
    """``{department}`` and friends in one language (English falls back to the Vietnamese name)."""
    org = _organisation
    if language == Language.EN:
        return {"ministry": org.ministry_en, "ministry_short": org.ministry_en,
                "minister": "the Minister", "department": org.department_en,
                "department_short": org.department_en, "council": org.council_en}
    return {name: getattr(org, name) for name in ORGANISATION_PLACEHOLDERS}


class Markup(str):
    """A string that is already safe HTML (built by us, not typed by a person)."""

    __slots__ = ()


def register(texts: Mapping[str, tuple[str, str]]) -> None:
    for key, (vi, en) in texts.items():
        if key in _catalog and _catalog[key] != (vi, en):
            raise ValueError(f"text key registered twice with different texts: {key}")
        _catalog[key] = (unicodedata.normalize("NFC", vi), en)


def has(key: str) -> bool:
    return key in _catalog


def escape(value: Any) -> str:
    if isinstance(value, Markup):
        return str(value)
    return html.escape(str(value), quote=False)


_safe_names: dict[tuple[Organisation, bool], dict[str, str]] = {}


def _safe_organisation_names(language: Language | str) -> dict[str, str]:
    """The organisation names escaped once per organisation and language, not on every text
    (a ballot page renders some thirty texts)."""
    key = (_organisation, language == Language.EN)
    found = _safe_names.get(key)
    if found is None:
        found = _safe_names[key] = {name: escape(value)
                                    for name, value in organisation_names(language).items()}
    return found


def render(key: str, language: Language | str, /, **values: Any) -> Markup:
    vi, en = _catalog[key]
    template = en if language == Language.EN else vi
    if "{" not in template:
        return Markup(template)
    return Markup(template.format(**{**_safe_organisation_names(language),
                                     **{name: escape(value) for name, value in values.items()}}))


class Translator:
    """``t("key", name=…)`` in one person's language."""

    __slots__ = ("language",)

    def __init__(self, language: Language | str) -> None:
        self.language = Language(language)

    def __call__(self, key: str, /, **values: Any) -> Markup:
        return render(key, self.language, **values)

    @property
    def is_en(self) -> bool:
        return self.language == Language.EN


def placeholders(key: str) -> tuple[set[str], set[str]]:
    """The names each language's text expects; a test checks that both languages agree."""
    vi, en = _catalog[key]

    def names(template: str) -> set[str]:
        return {field for _, field, _, _ in _formatter.parse(template) if field}

    return names(vi), names(en)


def all_keys() -> list[str]:
    return sorted(_catalog)
