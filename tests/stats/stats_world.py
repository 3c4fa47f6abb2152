"""A small movement with known figures, for the statistics and export tests.

Campaign CDS2027 (fields ung_dung_cntt and attt), targets T1 90 % (weight 3), T2 20 (weight 2),
T3 yes/no (weight 1). Units A and B are in ung_dung_cntt, C in attt, D (bưu chính) is outside.
Registration (due 15/03): A on time, C late, B none. Mid-term (due 30/06): A on time with
90/10/1 → (3·1 + 2·0.5 + 1)/6 = 83.3 %; B late with 45/20/0 → (1.5 + 2 + 0)/6 = 58.3 %; C none.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    Directive,
    DirectiveRecipient,
    DirectiveStatus,
    EntryStatus,
    Nomination,
    NominationEntry,
    NominationKind,
    NominationStatus,
    Verdict,
)
from services import registrations, reports
from services.reports import ValueEntry
from tests.campaigns.campaign_harness import World, seed

NOW = datetime(2027, 7, 10, 2, 0, tzinfo=UTC)
A_SCORE, B_SCORE = round(500 / 6, 1), round(350 / 6, 1)


async def seed_figures(session: AsyncSession) -> World:
    w = await seed(session)
    t1, t2, t3 = w.targets
    await registrations.submit(session, actor=w.people["off_a"], campaign_id=w.campaign_id,
                               commitments={t1: 90, t2: 20, t3: 1}, titles=[],
                               now=datetime(2027, 3, 10, 2, tzinfo=UTC))
    await registrations.submit(session, actor=w.people["off_c"], campaign_id=w.campaign_id,
                               commitments={t1: 80, t2: 10, t3: 1}, titles=[],
                               now=datetime(2027, 3, 20, 2, tzinfo=UTC))
    await reports.submit(session, actor=w.people["off_a"], milestone_id=w.milestones["SK"],
                         values=[ValueEntry(t1, 80, "80"), ValueEntry(t2, 5, "5"), ValueEntry(t3, 0, "0")],
                         now=datetime(2027, 6, 20, 2, tzinfo=UTC))
    # A revises its report: the latest revision is what counts.
    await reports.submit(session, actor=w.people["off_a"], milestone_id=w.milestones["SK"],
                         values=[ValueEntry(t1, 90, "90"), ValueEntry(t2, 10, "10"),
                                 ValueEntry(t3, 1, "có")],
                         narrative='=HYPERLINK("http://x") Đã hoàn thành',
                         now=datetime(2027, 6, 25, 2, tzinfo=UTC))
    await reports.submit(session, actor=w.people["off_b"], milestone_id=w.milestones["SK"],
                         values=[ValueEntry(t1, 45, "45"), ValueEntry(t2, 20, "20"), ValueEntry(t3, 0, "0")],
                         now=datetime(2027, 7, 2, 2, tzinfo=UTC))
    await seed_awards_and_directive(session, w)
    await session.commit()
    return w


async def seed_awards_and_directive(session: AsyncSession, w: World) -> None:
    """A's year-end nominations (two people, one rejected later) and one award for A; B nominates
    one person who is awarded; a directive to A, B and C, acknowledged by A and C."""
    a, b, c = (w.units[k].id or 0 for k in "ABC")
    for unit_id, names in ((a, ["Nguyễn Văn An", "Trần Thị Bình"]), (b, ["Lê Văn Cường"])):
        nom = Nomination(unit_id=unit_id, kind=NominationKind.YEAR_END, year=2027,
                         status=NominationStatus.SUBMITTED, submitted_at=NOW)
        session.add(nom)
        await session.flush()
        for name in names:
            session.add(NominationEntry(nomination_id=nom.id or 0, unit_id=unit_id, name=name,
                                        award_code="CSTDCS", year=2027, status=EntryStatus.SUBMITTED,
                                        verdict=Verdict.ELIGIBLE))
        draft = NominationEntry(nomination_id=nom.id or 0, unit_id=unit_id, name="Bản nháp",
                                award_code="LDTT", year=2027)  # a draft is not counted
        session.add(draft)
    session.add(AwardRecord(unit_id=a, award_code="CSTDCS", year=2027, decision_number="12/QĐ-BTT"))
    session.add(AwardRecord(unit_id=b, award_code="CSTDCS", year=2027, decision_number="12/QĐ-BTT"))
    d = Directive(number="05/CT-BTT", title="Đẩy mạnh thi đua", send_at=NOW, released_at=NOW,
                  status=DirectiveStatus.SENT, created_by=w.people["admin"].telegram_id)
    session.add(d)
    await session.flush()
    for unit_id, chat, acked in ((a, 2001, True), (b, 2003, False), (c, 2004, True)):
        session.add(DirectiveRecipient(directive_id=d.id or 0, chat_id=chat, unit_id=unit_id,
                                       acknowledged_at=NOW if acked else None))
