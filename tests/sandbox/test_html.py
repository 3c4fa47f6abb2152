"""Telegram's HTML parse mode as the emulator checks it."""

from __future__ import annotations

import pytest

from sandbox.html import HtmlError, parse_html, utf16_len


def test_plain_text_passes_through_trimmed() -> None:
    assert parse_html("  xin chào \n") == ("xin chào", [])


def test_tags_become_entities_with_utf16_offsets() -> None:
    text, ents = parse_html('😀 <b>Đậm</b> <i>nghiêng</i> <a href="https://x.vn/?a=1&amp;b=2">link</a>')
    assert text == "😀 Đậm nghiêng link"
    assert ents[0] == {"type": "bold", "offset": 3, "length": 3}
    assert ents[1] == {"type": "italic", "offset": 7, "length": 7}
    assert ents[2] == {"type": "text_link", "offset": 15, "length": 4, "url": "https://x.vn/?a=1&b=2"}


def test_entities_are_decoded() -> None:
    assert parse_html("a &lt;b&gt; &amp; &quot;c&quot; &#273; &#x1EA1;")[0] == 'a <b> & "c" đ ạ'


@pytest.mark.parametrize(
    "html",
    [
        "<b>x</b>",
        "<strong>x</strong>",
        "<i>x</i>",
        "<em>x</em>",
        "<u>x</u>",
        "<ins>x</ins>",
        "<s>x</s>",
        "<strike>x</strike>",
        "<del>x</del>",
        '<span class="tg-spoiler">x</span>',
        "<tg-spoiler>x</tg-spoiler>",
        '<a href="tg://user?id=1">x</a>',
        "<code>x</code>",
        "<pre>x</pre>",
        '<pre><code class="language-python">x</code></pre>',
        "<blockquote>x</blockquote>",
        "<blockquote expandable>x</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "<b><i>x</i></b>",
        "<B>x</B>",
        "<b>x</>",
    ],
)
def test_supported_tags(html: str) -> None:
    assert parse_html(html)[0]


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("Đơn vị <br> x", 'Unsupported start tag "br" at byte offset 11'),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("x <", "Unclosed start tag at byte offset 2"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
    ],
)
def test_errors_use_tdlib_wording(html: str, error: str) -> None:
    with pytest.raises(HtmlError) as exc:
        parse_html(html)
    assert str(exc.value) == error


def test_bare_ampersand_is_refused_by_default_but_telegram_keeps_it() -> None:
    with pytest.raises(HtmlError, match="byte offset 2"):
        parse_html("R & D")
    assert parse_html("R & D &nbsp;", strict_entities=False)[0] == "R & D &nbsp;"


def test_byte_offsets_count_utf8_bytes() -> None:
    with pytest.raises(HtmlError, match="byte offset 7"):
        parse_html("Việt <x>")  # "Việt " is 7 bytes


def test_utf16_len() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("Việt") == 4
    assert utf16_len("😀") == 2
