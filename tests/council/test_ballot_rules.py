"""The counting rules, one table per rule: counts just below, at and above each boundary."""

from __future__ import annotations

from fractions import Fraction

import pytest

from services.awards.ballot import (
    Base,
    Choice,
    Comparison,
    Count,
    Quorum,
    Threshold,
    decide,
    parse_share,
    threshold_from,
)

NINETY_OF_MEMBERS = Threshold(Fraction(9, 10), Base.MEMBERS, Comparison.AT_LEAST, False)
MAJORITY_OF_VOTING = Threshold(Fraction(1, 2), Base.VOTING, Comparison.MORE_THAN, True)
MAJORITY_NO_CHAIR = Threshold(Fraction(1, 2), Base.VOTING, Comparison.MORE_THAN, False)
HALF_OR_MORE_OF_VOTING = Threshold(Fraction(1, 2), Base.VOTING, Comparison.AT_LEAST, False)
TWO_THIRDS_MORE_THAN = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.MORE_THAN, False)


@pytest.mark.parametrize(("members", "present", "met"), [
    (15, 9, False), (15, 10, True), (15, 11, True),  # 2/3 of 15 = 10 exactly
    (25, 16, False), (25, 17, True), (25, 18, True),  # 16.67 → 17
    (3, 1, False), (3, 2, True), (3, 3, True),
    (0, 0, False),
])
def test_quorum_two_thirds_at_least(members: int, present: int, met: bool) -> None:
    assert Quorum().met(members=members, present=present) is met


@pytest.mark.parametrize(("members", "present", "met"), [
    (10, 5, False), (10, 6, True), (11, 5, False), (11, 6, True),
])
def test_quorum_more_than_half(members: int, present: int, met: bool) -> None:
    quorum = Quorum(Fraction(1, 2), Comparison.MORE_THAN)
    assert quorum.met(members=members, present=present) is met


def test_quorum_needed() -> None:
    assert Quorum().needed(15) == 10
    assert Quorum().needed(25) == 17
    assert Quorum(Fraction(1, 2), Comparison.MORE_THAN).needed(10) == 6


@pytest.mark.parametrize(("yes", "no", "abstain", "eligible", "passed"), [
    # ≥ 90 % of all 20 eligible members: 18 is the boundary
    (17, 3, 0, 20, False), (18, 2, 0, 20, True), (19, 1, 0, 20, True),
    # abstentions and absences do not lower the base
    (18, 0, 2, 20, True), (17, 0, 0, 20, False),
    # 15 members: 13.5 → 14 needed
    (13, 0, 0, 15, False), (14, 1, 0, 15, True), (15, 0, 0, 15, True),
    # 14 eligible (the nominee cannot vote): 12.6 → 13
    (12, 2, 0, 14, False), (13, 1, 0, 14, True),
])
def test_ninety_percent_of_all_members(yes: int, no: int, abstain: int, eligible: int,
                                       passed: bool) -> None:
    verdict = decide(Count(yes, no, abstain, eligible, chair=Choice.YES), NINETY_OF_MEMBERS)
    assert verdict.passed is passed
    assert verdict.base == eligible
    assert not verdict.by_chair


@pytest.mark.parametrize(("yes", "no", "chair", "passed", "tie"), [
    (6, 5, None, True, False),  # just above half of 11 voting
    (5, 6, Choice.YES, False, False),  # just below; the chair's vote is only one vote
    (6, 6, Choice.YES, True, True),  # tie, chair for → passes
    (6, 6, Choice.NO, False, True),  # tie, chair against → fails
    (6, 6, Choice.ABSTAIN, False, True),  # tie, chair did not take a side → fails
    (6, 6, None, False, True),  # tie, chair absent → fails
    (1, 0, None, True, False),
    (0, 0, None, False, False),  # nobody voted: nothing passes
])
def test_majority_of_those_voting_with_chair(yes: int, no: int, chair: Choice | None,
                                             passed: bool, tie: bool) -> None:
    verdict = decide(Count(yes, no, 3, 20, chair=chair), MAJORITY_OF_VOTING)
    assert verdict.passed is passed
    assert verdict.tie is tie
    assert verdict.by_chair is tie
    assert verdict.base == yes + no  # abstentions are not in the base


@pytest.mark.parametrize(("yes", "no", "chair", "passed"), [
    (6, 6, Choice.YES, False),  # tie without the chair rule: 50 % is not more than half
    (7, 6, Choice.NO, True),
    (5, 6, Choice.YES, False),
])
def test_majority_of_those_voting_without_chair(yes: int, no: int, chair: Choice,
                                                passed: bool) -> None:
    verdict = decide(Count(yes, no, 0, 15, chair=chair), MAJORITY_NO_CHAIR)
    assert verdict.passed is passed
    assert not verdict.by_chair


@pytest.mark.parametrize(("yes", "no", "passed"), [(5, 6, False), (6, 6, True), (7, 6, True)])
def test_at_least_half_of_those_voting(yes: int, no: int, passed: bool) -> None:
    assert decide(Count(yes, no, 0, 15), HALF_OR_MORE_OF_VOTING).passed is passed


@pytest.mark.parametrize(("yes", "passed"), [(9, False), (10, False), (11, True)])
def test_more_than_two_thirds_of_members(yes: int, passed: bool) -> None:
    # 2/3 of 15 = 10 exactly: "more than" needs 11
    assert decide(Count(yes, 15 - yes, 0, 15), TWO_THIRDS_MORE_THAN).passed is passed


def test_ninety_percent_tie_is_not_rescued_by_the_chair() -> None:
    rule = Threshold(Fraction(9, 10), Base.MEMBERS, Comparison.AT_LEAST, chair_breaks_tie=True)
    assert decide(Count(5, 5, 0, 10, chair=Choice.YES), rule).passed is False


def test_share_reported_exactly() -> None:
    verdict = decide(Count(2, 1, 0, 3), MAJORITY_OF_VOTING)
    assert verdict.share == Fraction(2, 3)
    assert round(verdict.percent, 2) == 66.67


@pytest.mark.parametrize(("text", "value"), [
    ("2/3", Fraction(2, 3)), ("0.9", Fraction(9, 10)), ("90%", Fraction(9, 10)),
    ("90 %", Fraction(9, 10)), ("50,5%", Fraction(101, 200)), ("1", Fraction(1)),
])
def test_parse_share(text: str, value: Fraction) -> None:
    assert parse_share(text) == value


@pytest.mark.parametrize("text", ["", "abc", "3/0", "150%", "-1", "1/2/3"])
def test_parse_share_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_share(text)


def test_threshold_from_catalogue_fields() -> None:
    rule = threshold_from({"council_share": 0.9, "council_base": "all_members",
                           "council_strictly_greater": False, "secret_ballot": True},
                          MAJORITY_OF_VOTING)
    assert rule == Threshold(Fraction(9, 10), Base.MEMBERS, Comparison.AT_LEAST, True, True, True)
    strict = threshold_from({"council_share": "1/2", "council_base": "voting",
                             "council_strictly_greater": True}, HALF_OR_MORE_OF_VOTING)
    assert strict is not None and strict.comparison == Comparison.MORE_THAN
    assert threshold_from({"council_share": None}, MAJORITY_OF_VOTING) is None
    assert threshold_from(None, MAJORITY_OF_VOTING) is None
