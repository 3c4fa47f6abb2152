"""Text rules for Vietnamese: NFC everywhere, and a folded form for search."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """NFC, and without NUL (PostgreSQL stores no NUL in text; nothing legitimate has one)."""
    return unicodedata.normalize("NFC", text.replace("\x00", "") if "\x00" in text else text)


# Kept although they are format characters: the joiners inside emoji and some scripts' words.
_JOINERS = frozenset("\u200c\u200d")


def clean_text(text: str) -> str:
    """Multi-line user text shown to other people: NFC, line breaks kept, tabs made spaces, and
    no other control or format character — no direction overrides (U+202E would show the rest
    of a line reversed), no zero-width or invisible characters."""
    text = nfc(text).replace("\r\n", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or ch in _JOINERS
                   or unicodedata.category(ch)[0] != "C")


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
