"""Evaluating one catalogue rule against what the register knows, with the reason in words.

Pure functions over plain facts (no database): services/awards/eligibility.py loads the facts.
Each condition is met, not met, or cannot be told from the register (data missing, or the rule
needs a reviewer's judgement): the verdict is eligible if one alternative is fully met, doubtful
if one could still be met, else not eligible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from models import INITIATIVE_RANK, RATING_RANK, InitiativeLevel, Rating, Verdict

RATING_VI = {
    Rating.EXCELLENT: "hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "hoàn thành tốt nhiệm vụ",
    Rating.DONE: "hoàn thành nhiệm vụ",
    Rating.NOT_DONE: "không hoàn thành nhiệm vụ",
}
RATING_EN = {
    Rating.EXCELLENT: "excellent task completion",
    Rating.GOOD: "good task completion",
    Rating.DONE: "task completion",
    Rating.NOT_DONE: "tasks not completed",
}
LEVEL_VI = {InitiativeLevel.UNIT: "cấp cơ sở", InitiativeLevel.MINISTRY: "cấp Bộ",
            InitiativeLevel.NATIONAL: "toàn quốc"}
LEVEL_EN = {InitiativeLevel.UNIT: "unit-level", InitiativeLevel.MINISTRY: "ministry-level",
            InitiativeLevel.NATIONAL: "nationwide"}


class Outcome(Enum):
    MET = 1
    UNKNOWN = 2
    NOT_MET = 3


@dataclass(frozen=True, slots=True)
class Said:
    """One condition's result in both languages (empty when there is nothing worth saying)."""

    outcome: Outcome
    vi: str = ""
    en: str = ""


@dataclass(slots=True)
class PersonFacts:
    """What the register knows of one person (or, for a collective, of the unit itself)."""

    awards: dict[int, set[str]] = field(default_factory=dict)  # year → award codes
    ratings: dict[int, Rating] = field(default_factory=dict)
    disciplined: set[int] = field(default_factory=set)
    initiatives: list[tuple[int, InitiativeLevel]] = field(default_factory=list)


@dataclass(slots=True)
class MemberStats:
    """A collective's people in one year: how many, their ratings, awards and discipline."""

    members: int = 0
    ratings: list[Rating] = field(default_factory=list)
    holders: dict[str, int] = field(default_factory=dict)  # award code → people holding it
    disciplined: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    verdict: Verdict
    vi: str
    en: str


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _pct(share: float) -> str:
    value = share * 100
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%".replace(".", ",")


class Evaluator:
    """Evaluates rules for one award year; ``names`` gives each award code's name (vi, en)."""

    def __init__(self, names: dict[str, tuple[str, str]]) -> None:
        self.names = names

    def name(self, codes: list[str], en: bool = False) -> str:
        parts = [self.names.get(c, (c, c))[1 if en else 0] for c in codes]
        return (" or " if en else " hoặc ").join(parts)

    # -- the rule -----------------------------------------------------------------------------
    def evaluate(
        self,
        rule: dict[str, Any],
        year: int,
        facts: PersonFacts,
        members: MemberStats | None = None,
    ) -> Result:
        best_unknown: list[Said] | None = None
        failures: list[list[Said]] = []
        for alternative in rule.get("any_of", []):
            said = [self.condition(c, year, facts, members) for c in alternative.get("all_of", [])]
            outcomes = {s.outcome for s in said}
            if outcomes <= {Outcome.MET}:
                met = [s for s in said if s.vi]
                return Result(
                    Verdict.ELIGIBLE,
                    "Đủ điều kiện" + (": " + "; ".join(s.vi for s in met) if met else ""),
                    "Eligible" + (": " + "; ".join(s.en for s in met) if met else ""),
                )
            if Outcome.NOT_MET not in outcomes:
                unknown = [s for s in said if s.outcome is Outcome.UNKNOWN]
                if best_unknown is None or len(unknown) < len(best_unknown):
                    best_unknown = unknown
            else:
                failures.append([s for s in said if s.outcome is Outcome.NOT_MET])
        if best_unknown is not None:
            return Result(
                Verdict.DOUBTFUL,
                "Cần xem xét: " + "; ".join(s.vi for s in best_unknown),
                "Needs review: " + "; ".join(s.en for s in best_unknown),
            )
        if not failures:
            failures = [[Said(Outcome.NOT_MET, "không có tiêu chuẩn nào", "no rule given")]]
        # The alternatives that came closest, each with what it still lacks.
        fewest = min(len(f) for f in failures)
        closest = [f for f in failures if len(f) == fewest]
        return Result(
            Verdict.NOT_ELIGIBLE,
            "Chưa đủ: " + "; hoặc ".join("; ".join(s.vi for s in f) for f in closest),
            "Not yet eligible: " + "; or ".join("; ".join(s.en for s in f) for f in closest),
        )

    # -- the conditions -----------------------------------------------------------------------
    def condition(
        self, c: dict[str, Any], year: int, facts: PersonFacts, members: MemberStats | None
    ) -> Said:
        check = c["check"]
        if check == "manual":
            return Said(Outcome.UNKNOWN, f"{c['text_vi']} (đối chiếu hồ sơ)",
                        f"{c.get('text_en') or c['text_vi']} (check the dossier)")
        if check == "rating":
            return self._rating(c, year, facts)
        if check == "unit_rating":
            return self._rating({**c, "count": 1, "within": 1}, year, facts, collective=True)
        if check == "award":
            return self._award(c, year, facts)
        if check == "award_before":
            return self._award_before(c, year, facts)
        if check == "not_awarded":
            return self._not_awarded(c, year, facts)
        if check == "initiative":
            return self._initiative(c, year, facts)
        if check == "no_discipline":
            if year in facts.disciplined:
                return Said(Outcome.NOT_MET, f"bị kỷ luật trong năm {year}",
                            f"disciplined in {year}")
            return Said(Outcome.MET)
        return self._members(c, year, members)

    def _rating(self, c: dict[str, Any], year: int, facts: PersonFacts, collective: bool = False) -> Said:
        floor = Rating(c["at_least"])
        count, within = int(c["count"]), int(c["within"])
        window = list(range(year - within + 1, year + 1))
        rank = RATING_RANK[floor]
        good = [y for y in window if y in facts.ratings and RATING_RANK[facts.ratings[y]] >= rank]
        missing = [y for y in window if y not in facts.ratings]
        what_vi = ("" if floor is Rating.EXCELLENT else "từ ") + RATING_VI[floor]
        what_en = RATING_EN[floor] + ("" if floor is Rating.EXCELLENT else " or better")
        if within == 1:
            if good:
                return Said(Outcome.MET, f"{RATING_VI[facts.ratings[year]]} năm {year}",
                            f"{RATING_EN[facts.ratings[year]]} in {year}")
            if missing:
                return Said(Outcome.UNKNOWN, f"chưa có mức hoàn thành nhiệm vụ năm {year}",
                            f"no rating recorded for {year}")
            return Said(Outcome.NOT_MET,
                        f"cần {what_vi} năm {year}, mới đạt {RATING_VI[facts.ratings[year]]}",
                        f"needs {what_en} in {year}, has {RATING_EN[facts.ratings[year]]}")
        span = self._span(count, within, window)
        if len(good) >= count:
            return Said(Outcome.MET, f"{what_vi} {_years(good)} ({span[0]})",
                        f"{what_en} {_years(good)} ({span[1]})")
        has_vi = _years(good) if good else "chưa năm nào"
        has_en = _years(good) if good else "none"
        if len(good) + len(missing) >= count:
            return Said(Outcome.UNKNOWN,
                        f"cần {span[2]} {what_vi}, mới có {has_vi}; chưa có mức hoàn thành nhiệm vụ "
                        f"năm {_years(missing)}",
                        f"needs {what_en} {span[3]}, has {has_en}; no rating recorded for "
                        f"{_years(missing)}")
        return Said(Outcome.NOT_MET, f"cần {span[2]} {what_vi}, mới có {has_vi}",
                    f"needs {what_en} {span[3]}, has {has_en}")

    @staticmethod
    def _span(count: int, within: int, window: list[int]) -> tuple[str, str, str, str]:
        """(met vi, met en, needed vi, needed en) for ``count`` of ``within`` years."""
        if count == within:
            return (f"{count} năm liên tục", f"{count} consecutive years",
                    f"{count} năm liên tục", f"in {count} consecutive years")
        first, last = window[0], window[-1]
        return (f"{count} trong {within} năm {first}–{last}", f"{count} of the {within} years {first}–{last}",
                f"ít nhất {count} trong {within} năm {first}–{last}",
                f"in at least {count} of the {within} years {first}–{last}")

    def _award(self, c: dict[str, Any], year: int, facts: PersonFacts) -> Said:
        codes = list(c["codes"])
        count, within = int(c["count"]), int(c["within"])
        window = list(range(year - within + 1, year + 1))
        held = [y for y in window if facts.awards.get(y, set()) & set(codes)]
        name_vi, name_en = self.name(codes), self.name(codes, en=True)
        span = self._span(count, within, window)
        if len(held) >= count:
            if within == 1:
                return Said(Outcome.MET, f"{name_vi} năm {held[0]}", f"{name_en} in {held[0]}")
            return Said(Outcome.MET, f"{name_vi} {_years(held)} ({span[0]})",
                        f"{name_en} {_years(held)} ({span[1]})")
        if within == 1:
            return Said(Outcome.NOT_MET, f"cần {name_vi} năm {year}, chưa có",
                        f"needs {name_en} in {year}, has none")
        has_vi = _years(held) if held else "chưa năm nào"
        has_en = _years(held) if held else "none"
        return Said(Outcome.NOT_MET, f"cần {span[2]} {name_vi}, mới có {has_vi}",
                    f"needs {name_en} {span[3]}, has {has_en}")

    def _award_before(self, c: dict[str, Any], year: int, facts: PersonFacts) -> Said:
        codes = set(c["codes"])
        gap = int(c["years_before"])
        held = sorted(y for y, got in facts.awards.items() if got & codes and y <= year - gap)
        name_vi, name_en = self.name(list(c["codes"])), self.name(list(c["codes"]), en=True)
        if held:
            return Said(Outcome.MET, f"đã có {name_vi} năm {held[-1]}", f"has {name_en} from {held[-1]}")
        later = sorted(y for y, got in facts.awards.items() if got & codes and y < year)
        if later:
            return Said(Outcome.NOT_MET,
                        f"cần {name_vi} từ năm {year - gap} trở về trước, mới có năm {later[-1]}",
                        f"needs {name_en} in {year - gap} or earlier, has it from {later[-1]}")
        return Said(Outcome.NOT_MET, f"cần {name_vi} từ năm {year - gap} trở về trước, chưa có",
                    f"needs {name_en} in {year - gap} or earlier, has none")

    def _not_awarded(self, c: dict[str, Any], year: int, facts: PersonFacts) -> Said:
        codes = set(c["codes"])
        held = sorted(y for y, got in facts.awards.items() if got & codes)
        if held:
            name_vi, name_en = self.name(list(c["codes"])), self.name(list(c["codes"]), en=True)
            return Said(Outcome.NOT_MET, f"đã được tặng {name_vi} năm {held[0]} (chỉ tặng một lần)",
                        f"already received {name_en} in {held[0]} (given once)")
        return Said(Outcome.MET)

    def _initiative(self, c: dict[str, Any], year: int, facts: PersonFacts) -> Said:
        floor = InitiativeLevel(c["level_at_least"])
        count, within = int(c["count"]), int(c["within"])
        first = year - within + 1
        found = sorted(
            (y, level) for y, level in facts.initiatives
            if first <= y <= year and INITIATIVE_RANK[level] >= INITIATIVE_RANK[floor]
        )
        lvl_vi, lvl_en = LEVEL_VI[floor], LEVEL_EN[floor]
        more = "" if floor is InitiativeLevel.NATIONAL else " trở lên"
        more_en = "" if floor is InitiativeLevel.NATIONAL else " or higher"
        when_vi = f"năm {year}" if within == 1 else f"trong {within} năm {first}–{year}"
        when_en = f"in {year}" if within == 1 else f"in the {within} years {first}–{year}"
        if len(found) >= count:
            years = _years([y for y, _ in found])
            return Said(Outcome.MET, f"{len(found)} sáng kiến {lvl_vi}{more} ({years})",
                        f"{len(found)} {lvl_en}{more_en} initiative(s) ({years})")
        return Said(Outcome.NOT_MET,
                    f"cần {count} sáng kiến {lvl_vi}{more} {when_vi}, mới có {len(found)}",
                    f"needs {count} {lvl_en}{more_en} initiative(s) {when_en}, has {len(found)}")

    def _members(self, c: dict[str, Any], year: int, members: MemberStats | None) -> Said:
        if members is None or members.members == 0:
            return Said(Outcome.UNKNOWN, f"chưa có danh sách cán bộ của đơn vị năm {year} trong sổ theo dõi",
                        f"the unit's people for {year} are not in the register")
        n = members.members
        check = c["check"]
        if check == "members_no_discipline":
            if members.disciplined:
                return Said(Outcome.NOT_MET, f"có {members.disciplined} cá nhân bị kỷ luật năm {year}",
                            f"{members.disciplined} of its people disciplined in {year}")
            return Said(Outcome.MET)
        if check == "members_award_count":
            codes = list(c["codes"])
            held = sum(members.holders.get(code, 0) for code in codes)
            need = int(c["count"])
            name_vi, name_en = self.name(codes), self.name(codes, en=True)
            if held >= need:
                return Said(Outcome.MET, f"{held} cá nhân đạt {name_vi} năm {year}",
                            f"{held} of its people {name_en} in {year}")
            return Said(Outcome.NOT_MET,
                        f"cần ít nhất {need} cá nhân đạt {name_vi} năm {year}, mới có {held}",
                        f"needs at least {need} of its people {name_en} in {year}, has {held}")
        share = float(c["share"])
        if check == "members_award_share":
            codes = list(c["codes"])
            held = sum(members.holders.get(code, 0) for code in codes)
            what_vi, what_en = self.name(codes), self.name(codes, en=True)
        else:
            floor = Rating(c["at_least"])
            held = sum(1 for r in members.ratings if RATING_RANK[r] >= RATING_RANK[floor])
            what_vi = ("" if floor is Rating.EXCELLENT else "từ ") + RATING_VI[floor]
            what_en = RATING_EN[floor] + ("" if floor is Rating.EXCELLENT else " or better")
        if held >= share * n - 1e-9:
            return Said(Outcome.MET, f"{held}/{n} cá nhân {what_vi} năm {year} ({_pct(held / n)})",
                        f"{held}/{n} of its people {what_en} in {year} ({_pct(held / n)})")
        return Said(Outcome.NOT_MET,
                    f"cần ít nhất {_pct(share)} cá nhân {what_vi} năm {year}, mới có {held}/{n} "
                    f"({_pct(held / n)})",
                    f"needs at least {_pct(share)} of its people {what_en} in {year}, has {held}/{n} "
                    f"({_pct(held / n)})")
