"""Button labels: one rule for every button, so none is cut mid-word.

Telegram shows about 40 characters of a button on a phone; a longer label is cut at the last
whole word that fits and ends in "…".
"""

from __future__ import annotations

BUTTON_CHARS = 40
ELLIPSIS = "…"


def button_label(text: str, limit: int = BUTTON_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word with "…" when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    cut = room.rstrip()
    if text[limit - 1] != " ":  # the limit falls inside a word: drop the partial word
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:·–-") + ELLIPSIS


def toggle(selected: bool, text: str) -> str:
    """A choice that can be switched on and off: one style in every keyboard (☑ on, ☐ off)."""
    return f"{'☑' if selected else '☐'} {text}"
