"""Telegram's HTML parse mode: validation and conversion to plain text plus entities.

A port of the rules of TDLib's ``parse_html`` (what the Bot API server uses), with its error
texts, so that a message the real Bot API would refuse is refused here too:

* only the tags ``b strong i em u ins s strike del span(class="tg-spoiler") tg-spoiler a code pre
  blockquote tg-emoji`` (and ``tg-time``); ``<br>``, ``<p>``, ``<div>`` … are errors;
* tags must nest properly and be closed;
* character entities: ``&lt; &gt; &amp; &quot;`` and numeric ones (``&#123;``, ``&#x1F600;``).

One deliberate difference: real Telegram keeps a bare ``&`` (not starting a known entity) as a
literal character. The emulator refuses it by default (``strict_entities=True``), because it is
almost always user text that was not escaped; pass ``strict_entities=False`` for Telegram's
behaviour.

Offsets and lengths of entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HtmlError", "parse_html", "utf16_len"]

_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = frozenset(" \t\r\n\f\v")
_TRIM = " \t\r\n"


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; ``str(err)`` is TDLib's message."""


def utf16_len(s: str) -> int:
    if s.isascii():
        return len(s)
    return len(s.encode("utf-16-le")) // 2


def _byte_offset(text: str, i: int) -> int:
    return len(text[:i].encode("utf-8"))


def _decode_entity(text: str, i: int, n: int) -> tuple[str, int] | None:
    """Decode the character entity at ``text[i] == '&'``; return (char, next index) or None."""
    j = i + 1
    if j < n and text[j] == "#":
        j += 1
        code = 0
        if j < n and text[j] in "xX":
            j += 1
            start = j
            while j < n and text[j] in "0123456789abcdefABCDEF" and code <= 0x10FFFF:
                code = code * 16 + int(text[j], 16)
                j += 1
        else:
            start = j
            while j < n and text[j].isdigit() and text[j].isascii() and code <= 0x10FFFF:
                code = code * 10 + int(text[j])
                j += 1
        if j == start or code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        ch = chr(code)
    else:
        start = j
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        ch = _NAMED.get(text[start:j])  # type: ignore[assignment]
        if ch is None:
            return None
    if j < n and text[j] == ";":
        j += 1
    return ch, j


def parse_html(text: str, *, strict_entities: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and its entities, or raise :class:`HtmlError`.

    The plain text is trimmed of leading and trailing whitespace like Telegram does.
    """
    if "<" not in text and "&" not in text:
        return text.strip(_TRIM), []
    n = len(text)
    out: list[str] = []
    out_len = 0  # UTF-16 length of "".join(out)
    # stack of [tag_name, argument, utf16_offset]
    stack: list[list[Any]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            dec = _decode_entity(text, i, n)
            if dec is not None:
                ch, i = dec
                out.append(ch)
                out_len += 2 if ord(ch) > 0xFFFF else 1
                continue
            if strict_entities:
                raise HtmlError(
                    f'Unsupported character entity: a bare "&" at byte offset {_byte_offset(text, i)}'
                    ' must be escaped as "&amp;"'
                )
        if c != "<":
            # copy a run of plain characters at once
            j = i + 1
            while j < n and text[j] != "<" and text[j] != "&":
                j += 1
            chunk = text[i:j]
            out.append(chunk)
            out_len += utf16_len(chunk)
            i = j
            continue
        begin = i
        i += 1
        if i >= n or text[i] != "/":
            # start tag
            while i < n and text[i] not in _SPACES and text[i] != ">":
                i += 1
            if i >= n:
                raise HtmlError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
            tag = text[begin + 1 : i].lower()
            if tag not in _TAGS:
                raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}')
            argument = ""
            while i < n and text[i] != ">":
                while i < n and text[i] in _SPACES:
                    i += 1
                if i < n and text[i] == ">":
                    break
                attr_begin = i
                while i < n and text[i] not in _SPACES and text[i] != "=" and text[i] != ">":
                    i += 1
                attr_name = text[attr_begin:i].lower()
                if not attr_name:
                    raise HtmlError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                while i < n and text[i] in _SPACES:
                    i += 1
                if i >= n:
                    raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}')
                if text[i] != "=":
                    if tag == "blockquote" and attr_name == "expandable":
                        argument = "1"
                        continue
                    raise HtmlError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {_byte_offset(text, begin)}'
                    )
                i += 1
                while i < n and text[i] in _SPACES:
                    i += 1
                if i >= n:
                    raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}')
                if text[i] not in "'\"":
                    tok = i
                    while i < n and ((text[i].isalnum() and text[i].isascii()) or text[i] in ".-"):
                        i += 1
                    value = text[tok:i].lower()
                    if i < n and text[i] not in _SPACES and text[i] != ">":
                        raise HtmlError(
                            f"Unexpected end of name token at byte offset {_byte_offset(text, tok)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    parts: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            dec = _decode_entity(text, i, n)
                            if dec is not None:
                                parts.append(dec[0])
                                i = dec[1]
                                continue
                        parts.append(text[i])
                        i += 1
                    if i < n:
                        i += 1
                    value = "".join(parts)
                if i >= n:
                    raise HtmlError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
                if tag == "a" and attr_name == "href":
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif (tag, attr_name) in (("tg-emoji", "emoji-id"), ("tg-time", "unix")):
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise HtmlError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}'
                )
            stack.append([tag, argument, out_len])
            i += 1  # skip '>'
        else:
            # end tag
            if not stack:
                raise HtmlError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
            i += 1  # skip '/'
            name_begin = i
            while i < n and text[i] not in _SPACES and text[i] != ">":
                i += 1
            end_name = text[name_begin:i].lower()
            while i < n and text[i] in _SPACES:
                i += 1
            if i >= n or text[i] != ">":
                raise HtmlError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
            tag, argument, start = stack.pop()
            if end_name and end_name != tag:
                raise HtmlError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{tag}>", found "</{end_name}>"'
                )
            i += 1
            length = out_len - start
            if length > 0:
                _add_entity(entities, stack, tag, argument, start, length)
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    plain = "".join(out)
    return _trim(plain, entities)


def _add_entity(
    entities: list[dict[str, Any]],
    stack: list[list[Any]],
    tag: str,
    argument: str,
    offset: int,
    length: int,
) -> None:
    if tag == "a":
        if not argument:
            return
        if argument.startswith("tg://user?id="):
            uid = argument[len("tg://user?id=") :]
            if uid.isdigit():
                entities.append(
                    {
                        "type": "text_mention",
                        "offset": offset,
                        "length": length,
                        "user": {"id": int(uid), "is_bot": False, "first_name": ""},
                    }
                )
                return
        entities.append({"type": "text_link", "offset": offset, "length": length, "url": argument})
        return
    if tag == "tg-emoji":
        if argument:
            entities.append(
                {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": argument}
            )
        return
    if tag == "tg-time":
        return
    if tag == "code" and stack and stack[-1][0] == "pre" and argument:
        # <pre><code class="language-x"> becomes a pre entity with a language
        stack[-1][1] = argument
        return
    if tag == "pre" and argument:
        entities.append({"type": "pre", "offset": offset, "length": length, "language": argument})
        return
    if tag == "blockquote" and argument:
        entities.append({"type": "expandable_blockquote", "offset": offset, "length": length})
        return
    entities.append({"type": _ENTITY_TYPES[tag], "offset": offset, "length": length})


def _trim(plain: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    stripped = plain.strip(_TRIM)
    if stripped == plain:
        entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return plain, entities
    left = utf16_len(plain[: len(plain) - len(plain.lstrip(_TRIM))])
    total = utf16_len(stripped)
    fixed = []
    for e in entities:
        start = max(e["offset"] - left, 0)
        end = min(e["offset"] + e["length"] - left, total)
        if end > start:
            e = dict(e, offset=start, length=end - start)
            fixed.append(e)
    fixed.sort(key=lambda e: (e["offset"], -e["length"]))
    return stripped, fixed
