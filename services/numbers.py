"""Numbers as Vietnamese officers type them, read by one rule everywhere the bot asks for one.

The rule (the bot writes numbers the same way, so what it shows can be typed back):

* ``.`` groups thousands, ``,`` marks decimals: ``1.500`` is 1500, ``1.000.000`` a million,
  ``12,5`` twelve and a half, ``1.234,5`` = 1234.5.
* A ``.`` that does not group three digits is a decimal point, as on an English keyboard:
  ``12.5``, ``1500.5``, ``0.75``.
* With both marks, the last one is the decimal mark: ``1,234.5`` = 1234.5 as well.
* ``1,500`` (one comma before exactly three digits, no dot) reads as 1,5 in Vietnamese and as
  1500 in English: it is refused with both readings, and the person types it again unambiguously.
* Plain digits (``1500``) and an exponent (``1e6``) are what they look like.
"""

from __future__ import annotations

import math
import re

from services.errors import DomainError

_PLAIN = re.compile(r"^\d+$")
_VN_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 1.500 · 1.000.000 · 1.234,5
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$")  # 1,234.5
_COMMAS_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3}){2,}$")  # 1,000,000: only thousands
_AMBIGUOUS = re.compile(r"^\d{1,3},\d{3}$")  # 1,500: 1,5 or 1500?
_DECIMAL = re.compile(r"^(?:\d+(?:[.,]\d+)?|[.,]\d+)$")  # 12,5 · 12.5 · 1500.5 · ,5
_EXPONENT = re.compile(r"^(?:\d+(?:[.,]\d+)?|[.,]\d+)e[+-]?\d+$")


class AmbiguousNumber(DomainError):
    """``1,500``: both readings are given so the person can choose by typing one of them."""


def parse_number(text: str) -> float:
    """A non-negative number typed by a person; a sign is the caller's business.

    Raises DomainError ``number.invalid`` or AmbiguousNumber ``number.ambiguous``
    (``decimal``: the Vietnamese reading, ``thousands``: the English one).
    """
    body = text.strip().replace("\u00a0", "").replace(" ", "").lower()
    if _PLAIN.match(body):
        return float(body)
    if _VN_GROUPED.match(body):
        return float(body.replace(".", "").replace(",", "."))
    if _EN_GROUPED.match(body) or _COMMAS_GROUPED.match(body):
        return float(body.replace(",", ""))
    if _AMBIGUOUS.match(body):
        whole, frac = body.split(",")
        raise AmbiguousNumber("number.ambiguous", text=body,
                              decimal=f"{whole},{frac.rstrip('0') or '0'}",
                              thousands=f"{whole}{frac}")
    if _DECIMAL.match(body) or _EXPONENT.match(body):
        value = float(body.replace(",", "."))
        if math.isnan(value):
            raise DomainError("number.invalid", text=text[:40])
        return value
    raise DomainError("number.invalid", text=text[:40])


def format_number(value: float, *, decimal: str = ",") -> str:
    """``1.500``, ``12,5`` (Vietnamese) or ``1,500``, ``12.5`` (``decimal="."``): at most two
    decimals, no trailing zeros. ``parse_number`` reads the Vietnamese form back exactly."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if decimal == ",":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
