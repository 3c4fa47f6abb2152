"""A council to vote with: members, units, approved nomination entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    EntryStatus,
    Member,
    Nomination,
    NominationEntry,
    NominationKind,
    NominationStatus,
    Role,
    Unit,
    Verdict,
)
from services.awards.ballot import DEFAULT_RULES, CouncilRules
from services.awards.register import find_or_create_person
from services.text import fold

NOW = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
RULES = CouncilRules(ballot_secret=b"test-ballot-secret")
ADMIN_TG = 900_001
COUNCIL_TG = 800_000  # member k has telegram id COUNCIL_TG + k
YEAR = 2026


@dataclass
class Council:
    admin: Member
    members: list[Member]  # members[0] is the chair
    unit: Unit
    entries: list[NominationEntry]
    officer: Member


async def seed(session: AsyncSession, *, members: int = 15, majority: int = 27,
               ninety: int = 3, nominee_member: bool = True) -> Council:
    """``members`` council members; ``majority`` LDTT entries (> 50 % of those voting) and
    ``ninety`` CSTDCS entries (≥ 90 % of all members). With ``nominee_member``, the last council
    member is also the nominee of the first CSTDCS entry."""
    unit = Unit(code="U1", name="Cục Bưu điện Trung ương", search_key=fold("Cục Bưu điện Trung ương"))
    session.add(unit)
    await session.flush()
    assert unit.id is not None
    admin = Member(telegram_id=ADMIN_TG, full_name="Quản trị", role=Role.ADMIN)
    officer = Member(telegram_id=ADMIN_TG + 1, full_name="Cán bộ thi đua", role=Role.OFFICER,
                     unit_id=unit.id)
    people = [Member(telegram_id=COUNCIL_TG + k, full_name=f"Thành viên {k:02d}", role=Role.COUNCIL,
                     unit_id=unit.id if k == members - 1 else None)
              for k in range(members)]
    session.add_all([admin, officer, *people])
    await session.flush()
    nomination = Nomination(unit_id=unit.id, kind=NominationKind.YEAR_END, year=YEAR,
                            status=NominationStatus.REVIEWED)
    session.add(nomination)
    await session.flush()
    assert nomination.id is not None
    entries: list[NominationEntry] = []
    for n in range(ninety + majority):
        code = "CSTDCS" if n < ninety else "LDTT"
        name = (people[-1].full_name if (n == 0 and nominee_member) else f"Nguyễn Văn {n:03d}")
        person, _ = await find_or_create_person(session, unit_id=unit.id, full_name=name,
                                                birth_date=None)
        entries.append(NominationEntry(
            nomination_id=nomination.id, person_id=person.id, unit_id=unit.id, name=name,
            award_code=code, year=YEAR, status=EntryStatus.APPROVED, verdict=Verdict.ELIGIBLE,
            reason="Đủ điều kiện"))
    session.add_all(entries)
    await session.flush()
    return Council(admin, people, unit, entries, officer)


__all__ = ["ADMIN_TG", "COUNCIL_TG", "DEFAULT_RULES", "NOW", "RULES", "YEAR", "Council", "seed"]
