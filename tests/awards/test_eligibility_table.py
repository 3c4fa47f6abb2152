"""Every rule of the default catalogue, each with a case just inside it and one just outside.

The register is written as rows (awards, ratings, sáng kiến, discipline) and checked through the
same service the bot and `thidua nominations check` use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    Initiative,
    InitiativeLevel,
    Person,
    PersonYear,
    Rating,
    Unit,
    UnitYear,
    Verdict,
)
from services.awards import eligibility
from services.awards.catalogue import current_catalogue
from services.awards.eligibility import Candidate

Y = 2026
E, N, D = Verdict.ELIGIBLE, Verdict.NOT_ELIGIBLE, Verdict.DOUBTFUL


@dataclass
class Who:
    """One person's history: {year: [codes]}, {year: rating}, [(year, level)], [years disciplined]."""

    awards: dict[int, list[str]] = field(default_factory=dict)
    ratings: dict[int, str] = field(default_factory=dict)
    initiatives: list[tuple[int, str]] = field(default_factory=list)
    disciplined: list[int] = field(default_factory=list)


@dataclass
class Collective:
    rating: str | None = None
    awards: dict[int, list[str]] = field(default_factory=dict)
    members: list[Who] = field(default_factory=list)


def tot(*years: int) -> dict[int, str]:
    return dict.fromkeys(years, "tot")


def team(n: int, *, ldtt: int, cstdcs: int = 0, rating: str = "tot", bad: int = 0,
         disciplined: int = 0) -> list[Who]:
    people = []
    for i in range(n):
        codes = (["LDTT"] if i < ldtt else []) + (["CSTDCS"] if i < cstdcs else [])
        people.append(Who(awards={Y: codes} if codes else {},
                          ratings={Y: "khong_hoan_thanh" if i >= n - bad else rating},
                          disciplined=[Y] if i < disciplined else []))
    return people


CASES: list[tuple[str, str, Who | Collective, Verdict, str]] = [
    # Lao động tiên tiến: hoàn thành tốt nhiệm vụ or better, not disciplined.
    ("LDTT", "good rating", Who(ratings=tot(Y)), E, "Đủ điều kiện: hoàn thành tốt nhiệm vụ năm 2026"),
    ("LDTT", "only completed", Who(ratings={Y: "hoan_thanh"}), N,
     "Chưa đủ: cần từ hoàn thành tốt nhiệm vụ năm 2026, mới đạt hoàn thành nhiệm vụ"),
    ("LDTT", "no rating yet", Who(ratings={Y - 1: "tot"}), D,
     "Cần xem xét: chưa có mức hoàn thành nhiệm vụ năm 2026"),
    ("LDTT", "disciplined", Who(ratings=tot(Y), disciplined=[Y]), N, "Chưa đủ: bị kỷ luật trong năm 2026"),
    # Chiến sĩ thi đua cơ sở: excellent; or good with a unit-level sáng kiến that year.
    ("CSTDCS", "excellent", Who(ratings={Y: "xuat_sac"}), E,
     "Đủ điều kiện: hoàn thành xuất sắc nhiệm vụ năm 2026"),
    ("CSTDCS", "good + initiative", Who(ratings=tot(Y), initiatives=[(Y, "co_so")]), E,
     "Đủ điều kiện: hoàn thành tốt nhiệm vụ năm 2026; 1 sáng kiến cấp cơ sở trở lên (2026)"),
    ("CSTDCS", "good, initiative a year early", Who(ratings=tot(Y), initiatives=[(Y - 1, "co_so")]), N,
     "Chưa đủ: cần hoàn thành xuất sắc nhiệm vụ năm 2026, mới đạt hoàn thành tốt nhiệm vụ; "
     "hoặc cần 1 sáng kiến cấp cơ sở trở lên năm 2026, mới có 0"),
    # Chiến sĩ thi đua cấp Bộ: 3 consecutive CSTĐCS + a ministry-level sáng kiến.
    ("CSTD_BO", "three years", Who(awards={2024: ["CSTDCS"], 2025: ["CSTDCS"], 2026: ["CSTDCS"]},
                                   initiatives=[(2025, "cap_bo")]), E,
     "Đủ điều kiện: Chiến sĩ thi đua cơ sở 2024, 2025, 2026 (3 năm liên tục)"),
    ("CSTD_BO", "a gap year", Who(awards={2024: ["CSTDCS"], 2026: ["CSTDCS"]},
                                  initiatives=[(2025, "cap_bo")]), N,
     "Chưa đủ: cần 3 năm liên tục Chiến sĩ thi đua cơ sở, mới có 2024, 2026"),
    ("CSTD_BO", "initiative only unit-level",
     Who(awards={2024: ["CSTDCS"], 2025: ["CSTDCS"], 2026: ["CSTDCS"]}, initiatives=[(2025, "co_so")]), N,
     "Chưa đủ: cần 1 sáng kiến cấp Bộ trở lên trong 3 năm 2024–2026, mới có 0"),
    # Chiến sĩ thi đua toàn quốc: two CSTĐ cấp Bộ within six years + a nationwide sáng kiến.
    ("CSTD_TQ", "two terms", Who(awards={2021: ["CSTD_BO"], 2024: ["CSTD_BO"]},
                                 initiatives=[(2026, "toan_quoc")]), E,
     "Đủ điều kiện: Chiến sĩ thi đua cấp Bộ 2021, 2024 (2 trong 6 năm 2021–2026)"),
    ("CSTD_TQ", "first term too early", Who(awards={2020: ["CSTD_BO"], 2024: ["CSTD_BO"]},
                                            initiatives=[(2026, "toan_quoc")]), N,
     "Chưa đủ: cần ít nhất 2 trong 6 năm 2021–2026 Chiến sĩ thi đua cấp Bộ, mới có 2024"),
    # Tập thể lao động tiên tiến: good, ≥ 70 % LĐTT, nobody disciplined.
    ("TTLDTT", "70 %", Collective("tot", members=team(10, ldtt=7)), E,
     "Đủ điều kiện: hoàn thành tốt nhiệm vụ năm 2026; 7/10 cá nhân Lao động tiên tiến năm 2026 (70%)"),
    ("TTLDTT", "60 %", Collective("tot", members=team(10, ldtt=6)), N,
     "Chưa đủ: cần ít nhất 70% cá nhân Lao động tiên tiến năm 2026, mới có 6/10 (60%)"),
    ("TTLDTT", "one disciplined", Collective("tot", members=team(10, ldtt=8, disciplined=1)), N,
     "Chưa đủ: có 1 cá nhân bị kỷ luật năm 2026"),
    ("TTLDTT", "no people in the register", Collective("tot"), D,
     "Cần xem xét: chưa có danh sách cán bộ của đơn vị năm 2026"),
    # Tập thể lao động xuất sắc: excellent, everyone completes, ≥ 70 % LĐTT, a CSTĐCS.
    ("TTLDXS", "all there", Collective("xuat_sac", members=team(10, ldtt=7, cstdcs=1)), E,
     "Đủ điều kiện: hoàn thành xuất sắc nhiệm vụ năm 2026; 10/10 cá nhân từ hoàn thành nhiệm vụ"),
    ("TTLDXS", "no CSTĐCS", Collective("xuat_sac", members=team(10, ldtt=7)), N,
     "Chưa đủ: cần ít nhất 1 cá nhân đạt Chiến sĩ thi đua cơ sở năm 2026, mới có 0"),
    ("TTLDXS", "one did not complete", Collective("xuat_sac", members=team(10, ldtt=7, cstdcs=1, bad=1)), N,
     "Chưa đủ: cần ít nhất 100% cá nhân từ hoàn thành nhiệm vụ năm 2026, mới có 9/10 (90%)"),
    ("TTLDXS", "only good", Collective("tot", members=team(10, ldtt=7, cstdcs=1)), N,
     "Chưa đủ: cần hoàn thành xuất sắc nhiệm vụ năm 2026, mới đạt hoàn thành tốt nhiệm vụ"),
    # Cờ thi đua của Bộ: excellent, and leading its cụm/khối (the dossier shows it).
    ("CO_BO", "excellent", Collective("xuat_sac"), D,
     "Cần xem xét: dẫn đầu cụm, khối thi đua hoặc dẫn đầu phong trào thi đua theo chuyên đề"),
    ("CO_BO", "good only", Collective("tot"), N,
     "Chưa đủ: cần hoàn thành xuất sắc nhiệm vụ năm 2026, mới đạt hoàn thành tốt nhiệm vụ"),
    # Cờ thi đua của Chính phủ: the ministry's flag this year, and outstanding among the leaders.
    ("CO_CP", "flag this year", Collective("xuat_sac", awards={Y: ["CO_BO"]}), D,
     "Cần xem xét: tiêu biểu xuất sắc trong số các tập thể dẫn đầu cụm, khối thi đua của Bộ"),
    ("CO_CP", "flag last year", Collective("xuat_sac", awards={Y - 1: ["CO_BO"]}), N,
     "Chưa đủ: cần Cờ thi đua của Bộ năm 2026, chưa có"),
    # Giấy khen: good work, or a one-off achievement the dossier shows.
    ("GIAY_KHEN", "good", Who(ratings=tot(Y)), E, "Đủ điều kiện: hoàn thành tốt nhiệm vụ năm 2026"),
    ("GIAY_KHEN", "only completed", Who(ratings={Y: "hoan_thanh"}), D, "Cần xem xét: thành tích đột xuất"),
    # Bằng khen của Bộ trưởng: 2 consecutive CSTĐCS; or 2 excellent years with 2 sáng kiến; or a dossier.
    ("BK_BT", "two CSTĐCS", Who(awards={2025: ["CSTDCS"], 2026: ["CSTDCS"]}), E,
     "Đủ điều kiện: Chiến sĩ thi đua cơ sở 2025, 2026 (2 năm liên tục)"),
    ("BK_BT", "excellent + 2 initiatives",
     Who(ratings={2025: "xuat_sac", 2026: "xuat_sac"}, initiatives=[(2025, "co_so"), (2026, "co_so")]), E,
     "Đủ điều kiện: hoàn thành xuất sắc nhiệm vụ 2025, 2026 (2 năm liên tục); 2 sáng kiến"),
    ("BK_BT", "one initiative short",
     Who(ratings={2025: "xuat_sac", 2026: "xuat_sac"}, initiatives=[(2026, "co_so")]), D,
     "Cần xem xét: thành tích xuất sắc trong phong trào thi đua của Bộ hoặc thành tích đột xuất"),
    # Bằng khen của Thủ tướng: a Bằng khen of the ministry, then 5 good years incl. 3 CSTĐCS.
    ("BK_TTG", "five years after", Who(awards={2021: ["BK_BT"], 2022: ["CSTDCS"], 2024: ["CSTDCS"],
                                               2026: ["CSTDCS"]}, ratings=tot(2022, 2023, 2024, 2025, 2026)),
     E, "Đủ điều kiện: đã có Bằng khen của Bộ trưởng năm 2021"),
    ("BK_TTG", "Bằng khen a year too late", Who(awards={2022: ["BK_BT", "CSTDCS"], 2024: ["CSTDCS"],
                                                        2026: ["CSTDCS"]},
                                                ratings=tot(2022, 2023, 2024, 2025, 2026)), N,
     "Chưa đủ: cần Bằng khen của Bộ trưởng từ năm 2021 trở về trước, mới có năm 2022"),
    ("BK_TTG", "two CSTĐCS only", Who(awards={2021: ["BK_BT"], 2024: ["CSTDCS"], 2026: ["CSTDCS"]},
                                      ratings=tot(2022, 2023, 2024, 2025, 2026)), N,
     "Chưa đủ: cần ít nhất 3 trong 5 năm 2022–2026 Chiến sĩ thi đua cơ sở, mới có 2024, 2026"),
    ("BK_TTG", "a weak year", Who(awards={2021: ["BK_BT"], 2022: ["CSTDCS"], 2024: ["CSTDCS"],
                                          2026: ["CSTDCS"]},
                                  ratings={**tot(2022, 2024, 2025, 2026), 2023: "hoan_thanh"}), N,
     "Chưa đủ: cần 5 năm liên tục từ hoàn thành tốt nhiệm vụ, mới có 2022, 2024, 2025, 2026"),
    # Huân chương Lao động hạng Ba: the PM's Bằng khen, then 5 good years with one excellent, 3 CSTĐCS.
    ("HCLD3", "with an excellent year",
     Who(awards={2021: ["BK_TTG"], 2022: ["CSTDCS"], 2024: ["CSTDCS"], 2026: ["CSTDCS"]},
         ratings={**tot(2022, 2023, 2024, 2025), 2026: "xuat_sac"}), E,
     "Đủ điều kiện: đã có Bằng khen của Thủ tướng Chính phủ năm 2021"),
    ("HCLD3", "never excellent",
     Who(awards={2021: ["BK_TTG"], 2022: ["CSTDCS"], 2024: ["CSTDCS"], 2026: ["CSTDCS"]},
         ratings=tot(2022, 2023, 2024, 2025, 2026)), N,
     "Chưa đủ: cần ít nhất 1 trong 5 năm 2022–2026 hoàn thành xuất sắc nhiệm vụ, mới có chưa năm nào"),
    # Kỷ niệm chương: once per person.
    ("KNC", "first time", Who(), E, "Đủ điều kiện"),
    ("KNC", "already has it", Who(awards={2019: ["KNC"]}), N,
     "Chưa đủ: đã được tặng Kỷ niệm chương năm 2019 (chỉ tặng một lần)"),
    # Anything already in the register for that year.
    ("LDTT", "same award same year", Who(awards={Y: ["LDTT"]}, ratings=tot(Y)), N,
     "Trùng: đã có Lao động tiên tiến năm 2026 trong sổ theo dõi khen thưởng"),
]


async def _person(session: AsyncSession, unit: Unit, who: Who, n: int) -> Person:
    assert unit.id is not None
    person = Person(unit_id=unit.id, full_name=f"Người {n}", name_key=f"nguoi {n}")
    session.add(person)
    await session.flush()
    assert person.id is not None
    for year, codes in who.awards.items():
        for code in codes:
            session.add(AwardRecord(person_id=person.id, unit_id=unit.id, award_code=code, year=year))
    for year in set(who.ratings) | set(who.disciplined):
        rating = who.ratings.get(year)
        session.add(PersonYear(person_id=person.id, year=year, rating=Rating(rating) if rating else None,
                               disciplined=year in who.disciplined))
    for year, level in who.initiatives:
        session.add(Initiative(person_id=person.id, year=year, level=InitiativeLevel(level)))
    return person


async def _candidate(session: AsyncSession, code: str, subject: Any, i: int) -> Candidate:
    unit = Unit(code=f"U{i}", name=f"Đơn vị {i}")
    session.add(unit)
    await session.flush()
    assert unit.id is not None
    if isinstance(subject, Who):
        person = await _person(session, unit, subject, i * 100)
        return Candidate(code, Y, unit.id, person.id)
    if subject.rating:
        session.add(UnitYear(unit_id=unit.id, year=Y, rating=Rating(subject.rating)))
    for year, codes in subject.awards.items():
        for c in codes:
            session.add(AwardRecord(unit_id=unit.id, award_code=c, year=year))
    for n, member in enumerate(subject.members):
        await _person(session, unit, member, i * 100 + n + 1)
    return Candidate(code, Y, unit.id, None)


async def test_every_rule_just_inside_and_just_outside(session: AsyncSession) -> None:
    catalogue = await current_catalogue(session)
    candidates = [await _candidate(session, code, subject, i) for i, (code, _, subject, _, _) in
                  enumerate(CASES)]
    await session.flush()
    checked, _ = await eligibility.check(session, catalogue, candidates)
    problems = []
    for (code, label, _, verdict, reason), got in zip(CASES, checked, strict=True):
        if got.verdict is not verdict or not got.vi.startswith(reason):
            problems.append(f"{code} / {label}: {got.verdict.value} {got.vi!r}")
    assert not problems, "\n".join(problems)
    # Every award of the default catalogue has a case that is met or doubtful and one that is not.
    covered = {code for code, *_ in CASES}
    assert covered == set(catalogue.awards)
    assert all(got.en for got in checked)


async def test_evidence_given_with_the_entry_counts_for_its_year(session: AsyncSession) -> None:
    catalogue = await current_catalogue(session)
    cand = await _candidate(session, "CSTDCS", Who(), 1)
    cand.rating, cand.initiative_level = Rating.GOOD, InitiativeLevel.UNIT
    (got,), _ = await eligibility.check(session, catalogue, [cand])
    assert got.verdict is E


@pytest.mark.parametrize("proposed, over", [(3, False), (4, True)])
async def test_cap_cstdcs_share_of_the_units_ldtt(session: AsyncSession, proposed: int, over: bool) -> None:
    catalogue = await current_catalogue(session)
    unit = Unit(code="CAP", name="Đơn vị giới hạn")
    session.add(unit)
    await session.flush()
    assert unit.id is not None
    people = [await _person(session, unit, Who(awards={Y: ["LDTT"]}, ratings={Y: "xuat_sac"}), n)
              for n in range(20)]  # 20 LĐTT → 15 % = 3 CSTĐCS
    await session.flush()
    candidates = [Candidate("CSTDCS", Y, unit.id, p.id, key=n) for n, p in enumerate(people[:proposed])]
    checked, caps = await eligibility.check(session, catalogue, candidates)
    assert all(c.verdict is E for c in checked)
    if over:
        (cap,) = caps
        assert cap.limit == 3 and cap.over == (3,)
        assert cap.vi == ("Vượt giới hạn: Chiến sĩ thi đua cơ sở năm 2026 tối đa 15% số Lao động tiên tiến "
                          "của đơn vị (20 → tối đa 3), danh sách đề nghị 4")
    else:
        assert caps == []
