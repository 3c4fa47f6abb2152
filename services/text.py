"""Text rules for Vietnamese: NFC everywhere, and a folded form for search."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case without diacritics, so "Bưu Điện", "buu dien" and NFD input compare equal."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ/Đ is a letter of its own, not d with a mark, so NFD leaves it alone.
    return " ".join(stripped.replace("đ", "d").split())


def clean_line(text: str, *, limit: int) -> str:
    """One line of user text: NFC, no control characters, collapsed spaces, cut to ``limit``."""
    text = nfc(text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:limit]
