"""The council's counting rules as data: quorum, thresholds, ties (no storage, no Telegram).

Each council sets its rules in its own quy chế, so every number here is a value in
:class:`CouncilRules` (from the settings ``THIDUA_COUNCIL__…``) or in the award catalogue; the
defaults follow observed practice (award-rules.md): valid with ≥ 2/3 of members present; other awards
need more than half of those voting; on a tie the chair's side wins.

Words used below:
- *eligible*: the session's members who may vote on an entry (all members but the nominee);
- *voting*: those who cast đồng ý or không đồng ý (a "không biểu quyết" is not a vote either way);
- a *tie*: as many đồng ý as không đồng ý, at least one of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction


class Choice(StrEnum):
    YES = "yes"  # đồng ý
    NO = "no"  # không đồng ý
    ABSTAIN = "abstain"  # không biểu quyết


class Base(StrEnum):
    MEMBERS = "members"  # a share of all (eligible) members of the session
    VOTING = "voting"  # a share of those who voted đồng ý or không đồng ý


class Comparison(StrEnum):
    AT_LEAST = "ge"  # ≥
    MORE_THAN = "gt"  # >


_SHARE = re.compile(r"^\s*(?:(\d+)\s*/\s*(\d+)|(\d+(?:[.,]\d+)?)\s*(%?))\s*$")


def parse_share(text: str | float | Fraction) -> Fraction:
    """``"2/3"``, ``"0.9"``, ``"90%"`` or ``"90 %"`` → a fraction in [0, 1]."""
    if isinstance(text, Fraction):
        value = text
    elif isinstance(text, int | float):
        value = Fraction(str(text))
    else:
        match = _SHARE.match(text)
        if match is None:
            raise ValueError(f"not a share: {text!r} (write 2/3, 0.9 or 90%)")
        num, den, dec, pct = match.groups()
        if num is not None:
            if int(den) == 0:
                raise ValueError(f"not a share: {text!r}")
            value = Fraction(int(num), int(den))
        else:
            value = Fraction(dec.replace(",", "."))
            if pct:
                value /= 100
    if not 0 <= value <= 1:
        raise ValueError(f"a share lies between 0 and 1: {text!r}")
    return value


def meets(count: int, base: int, share: Fraction, comparison: Comparison) -> bool:
    """``count / base`` compared with ``share``, in exact integers (no rounding at the boundary)."""
    if base <= 0:
        return False
    left, right = count * share.denominator, share.numerator * base
    return left >= right if comparison == Comparison.AT_LEAST else left > right


@dataclass(frozen=True, slots=True)
class Threshold:
    """What one award needs to pass: a share of members or of those voting, ≥ or >."""

    share: Fraction = Fraction(1, 2)
    base: Base = Base.VOTING
    comparison: Comparison = Comparison.MORE_THAN
    chair_breaks_tie: bool = True  # on a tie (by those voting) the chair's side wins
    allow_abstain: bool = True  # "không biểu quyết" offered on the ballot
    secret: bool = True  # bỏ phiếu kín

    def describe(self) -> str:
        """``"> 50% of those voting"`` style, for the minutes (numbers only, the words are texts)."""
        pct = self.share * 100
        shown = f"{float(pct):.4g}"
        return f"{'≥' if self.comparison == Comparison.AT_LEAST else '>'} {shown}%"


@dataclass(frozen=True, slots=True)
class Quorum:
    share: Fraction = Fraction(2, 3)
    comparison: Comparison = Comparison.AT_LEAST

    def met(self, *, members: int, present: int) -> bool:
        return meets(present, members, self.share, self.comparison)

    def needed(self, members: int) -> int:
        """The least number present that makes the quorum."""
        for present in range(members + 1):
            if self.met(members=members, present=present):
                return present
        return members + 1


@dataclass(frozen=True, slots=True)
class CouncilRules:
    """A council's quy chế in numbers; per-award thresholds come from the catalogue."""

    quorum: Quorum = field(default_factory=Quorum)
    default_threshold: Threshold = field(default_factory=Threshold)
    written_votes: bool = True  # absent members may vote in writing within the session
    ballot_secret: bytes = b"thidua-dev-ballot-secret"  # server secret (settings), never in the DB


DEFAULT_RULES = CouncilRules()


@dataclass(frozen=True, slots=True)
class Count:
    """The votes on one entry, and what the chair chose (None: the chair did not vote)."""

    yes: int
    no: int
    abstain: int
    eligible: int
    chair: Choice | None = None

    @property
    def voting(self) -> int:
        return self.yes + self.no


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool
    base: int  # what the share is taken of
    share: Fraction  # đồng ý / base (0 when base is 0)
    tie: bool
    by_chair: bool  # the chair's side decided a tie

    @property
    def percent(self) -> float:
        return float(self.share * 100)


def decide(count: Count, threshold: Threshold) -> Verdict:
    """Whether an entry passes under ``threshold``.

    A tie is resolved by the chair's side only for a share of those voting and only when the rule
    says so: the entry passes exactly when the chair voted đồng ý. A share of all members has no
    "sides" (a 90 % rule is not met by a tie), so the count alone decides.
    """
    base = count.eligible if threshold.base == Base.MEMBERS else count.voting
    share = Fraction(count.yes, base) if base > 0 else Fraction(0)
    tie = count.yes == count.no and count.yes > 0
    if tie and threshold.chair_breaks_tie and threshold.base == Base.VOTING:
        return Verdict(count.chair == Choice.YES, base, share, True, True)
    return Verdict(meets(count.yes, base, threshold.share, threshold.comparison), base, share,
                   tie, False)


def threshold_from(data: dict[str, object] | None, default: Threshold) -> Threshold | None:
    """A catalogue award's council fields over the default rule; None when the award is not put
    to the council (no ``council_share``). Fields: ``council_share`` (0.9, "90%", "2/3"),
    ``council_base`` (``all_members``/``members`` or ``voting``), ``council_strictly_greater``,
    ``secret_ballot``; the chair's tie-break and "không biểu quyết" come from the settings."""
    if not data or data.get("council_share") in (None, ""):
        return None
    base = str(data.get("council_base") or default.base.value)
    strict = data.get("council_strictly_greater")
    return Threshold(
        share=parse_share(str(data["council_share"])),
        base=Base.MEMBERS if base in ("members", "all_members") else Base(base),
        comparison=(default.comparison if strict is None
                    else Comparison.MORE_THAN if strict else Comparison.AT_LEAST),
        chair_breaks_tie=default.chair_breaks_tie,
        allow_abstain=default.allow_abstain,
        secret=bool(data.get("secret_ballot", default.secret)),
    )


def rules_from(values: dict[str, object], *, secret: str | None, token: str | None) -> CouncilRules:
    """The rules from the settings' plain values (see ``bot.settings.CouncilSettings``)."""
    import hashlib

    if secret:
        key = secret.encode()
    elif token:
        key = hashlib.sha256(b"thidua-ballot|" + token.encode()).digest()
    else:
        key = DEFAULT_RULES.ballot_secret
    return CouncilRules(
        quorum=Quorum(parse_share(str(values.get("quorum", "2/3"))),
                      Comparison(str(values.get("quorum_compare", "ge")))),
        default_threshold=Threshold(
            share=parse_share(str(values.get("threshold", "1/2"))),
            base=Base(str(values.get("threshold_base", "voting"))),
            comparison=Comparison(str(values.get("threshold_compare", "gt"))),
            chair_breaks_tie=bool(values.get("chair_breaks_tie", True)),
            allow_abstain=bool(values.get("allow_abstain", True)),
        ),
        written_votes=bool(values.get("written_votes", True)),
        ballot_secret=key,
    )
