"""Nominations in the service layer: entries, duplicates, caps, evidence, submitting (and the
nộp hồ sơ milestone it clears), review with versions, who may see what, and the DOCX dossier."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    EntryStatus,
    FileRole,
    Member,
    MilestoneKind,
    NominationStatus,
    Person,
    PersonYear,
    Rating,
    Role,
    Verdict,
)
from services import campaigns, progress
from services.awards import dossier, files, nominations, review
from services.awards.nominations import EntryInput
from services.awards.review import Decision
from services.errors import AccessDenied, DomainError
from services.organisation import DEFAULT_ORGANISATION
from tests.campaigns.campaign_harness import NOW, World, make_member, seed

PDF = b"%PDF-1.4\n% bao cao thanh tich\n"
MB = 1024 * 1024


async def _with_nomination_milestone(session: AsyncSession, world: World) -> int:
    c = await campaigns.get(session, world.campaign_id)
    from models import Milestone

    m = Milestone(campaign_id=c.id or 0, code="HS", kind=MilestoneKind.NOMINATION, title="Nộp hồ sơ",
                  due_at=NOW + timedelta(days=30))
    session.add(m)
    await session.flush()
    return m.id or 0


async def _person(session: AsyncSession, world: World, unit: str, name: str, born: date,
                  ratings: dict[int, Rating], awards: dict[int, list[str]]) -> None:
    p = Person(unit_id=world.units[unit].id or 0, full_name=name, name_key=name.lower(), birth_date=born)
    from services.text import fold

    p.name_key = fold(name)
    session.add(p)
    await session.flush()
    for y, r in ratings.items():
        session.add(PersonYear(person_id=p.id or 0, year=y, rating=r))
    for y, codes in awards.items():
        for code in codes:
            session.add(AwardRecord(person_id=p.id, unit_id=p.unit_id, award_code=code, year=y))
    await session.flush()


async def test_a_list_from_draft_to_review(session: AsyncSession) -> None:
    world = await seed(session)
    ms = await _with_nomination_milestone(session, world)
    off_a, off_b, admin = world.people["off_a"], world.people["off_b"], world.people["admin"]
    lead_it, lead_post = world.people["lead_it"], world.people["lead_post"]
    council = await make_member(session, 4001, "Ủy viên", Role.COUNCIL)
    await _person(session, world, "A", "Nguyễn Văn An", date(1985, 3, 12),
                  {2025: Rating.EXCELLENT, 2026: Rating.EXCELLENT, 2027: Rating.EXCELLENT},
                  {2026: ["CSTDCS"], 2027: ["CSTDCS", "LDTT"]})
    await _person(session, world, "A", "Trần Thị Bình", date(1990, 7, 5), {2027: Rating.GOOD}, {})

    nom = await nominations.open_for_milestone(session, off_a, ms)
    assert nom.year == 2027 and nom.status is NominationStatus.DRAFT
    assert (await nominations.open_for_milestone(session, off_a, ms)).id == nom.id
    an = EntryInput("Bằng khen của Bộ trưởng", "nguyen van an", date(1985, 3, 12))
    bk = await nominations.add_entry(session, off_a, nom.id or 0, an)
    assert bk.verdict is Verdict.ELIGIBLE and bk.person_id is not None
    assert bk.reason == "Đủ điều kiện: Chiến sĩ thi đua cơ sở 2026, 2027 (2 năm liên tục)"
    ldtt = await nominations.add_entry(session, off_a, nom.id or 0, EntryInput("LDTT", "Trần Thị Bình",
                                                                               date(1990, 7, 5)))
    assert ldtt.verdict is Verdict.ELIGIBLE
    # Already in the register for that year; and already in a list.
    with pytest.raises(DomainError) as err:
        await nominations.add_entry(session, off_a, nom.id or 0, EntryInput("LDTT", "Nguyễn Văn An",
                                                                            date(1985, 3, 12)))
    assert err.value.code == "nomination.already_awarded"
    with pytest.raises(DomainError) as err:
        await nominations.add_entry(session, off_a, nom.id or 0, EntryInput("LDTT", "Trần Thị Bình",
                                                                            date(1990, 7, 5)))
    assert err.value.code == "nomination.duplicate_entry"
    # The same person (name + birth date) put forward by unit B too.
    nom_b = await nominations.open_for_milestone(session, off_b, ms)
    with pytest.raises(DomainError) as err:
        await nominations.add_entry(session, off_b, nom_b.id or 0, EntryInput("LDTT", "TRẦN THỊ BÌNH",
                                                                              date(1990, 7, 5)))
    assert err.value.code == "nomination.duplicate_entry" and err.value.params["unit"] == "Đơn vị A"
    # A doubtful collective title needs an explanation before the list can go.
    flag = await nominations.add_entry(session, off_a, nom.id or 0, EntryInput("Cờ thi đua của Bộ"))
    assert flag.verdict is Verdict.DOUBTFUL and flag.person_id is None

    # Officers touch only their own unit; council members see nothing.
    with pytest.raises(AccessDenied):
        await nominations.add_entry(session, off_b, nom.id or 0, EntryInput("LDTT", "X Y", None))
    with pytest.raises(AccessDenied):
        await nominations.get(session, council, nom.id or 0)
    with pytest.raises(AccessDenied):
        await nominations.get(session, lead_post, nom.id or 0)
    assert (await nominations.get(session, lead_it, nom.id or 0)).id == nom.id

    with pytest.raises(DomainError) as err:
        await nominations.submit(session, off_a, nom.id or 0, now=NOW)
    assert err.value.code == "nomination.no_minutes"
    await nominations.attach(session, off_a, nomination_id=nom.id, role=FileRole.MINUTES, content=PDF,
                             file_name="bien-ban.pdf", max_bytes=MB)
    with pytest.raises(DomainError) as err:
        await nominations.submit(session, off_a, nom.id or 0, now=NOW)
    assert err.value.code == "nomination.no_report" and err.value.params["name"] == "Nguyễn Văn An"
    for e in (bk, ldtt, flag):
        await nominations.attach(session, off_a, entry_id=e.id, role=FileRole.ACHIEVEMENT_REPORT,
                                 content=PDF + str(e.id).encode(), file_name="bao-cao.pdf", max_bytes=MB)
    with pytest.raises(DomainError) as err:
        await nominations.submit(session, off_a, nom.id or 0, now=NOW)
    assert err.value.code == "nomination.needs_explanation"
    await nominations.explain(session, off_a, flag.id or 0, "Dẫn đầu cụm thi đua số 3 năm 2027.")
    assert not await nominations.unit_submitted_nominations(session, milestone_id=ms,
                                                            unit_id=world.units["A"].id or 0)
    done = await nominations.submit(session, off_a, nom.id or 0, now=NOW + timedelta(days=31))
    assert done.nomination.late and done.first_time
    assert {e.status for e in done.entries} == {EntryStatus.SUBMITTED}
    assert await nominations.unit_submitted_nominations(session, milestone_id=ms,
                                                        unit_id=world.units["A"].id or 0)
    view = await progress.missing(session, admin, ms)
    assert "A" not in [u.code for g in view.groups for u in g.units]
    assert "B" in [u.code for g in view.groups for u in g.units]

    # Review: the lead of the unit's field returns one, the department approves the rest.
    with pytest.raises(AccessDenied):
        await review.review_entry(session, lead_post, bk.id or 0, Decision.APPROVE, now=NOW)
    with pytest.raises(AccessDenied):
        await review.review_entry(session, off_a, bk.id or 0, Decision.APPROVE, now=NOW)
    with pytest.raises(DomainError) as err:
        await review.review_entry(session, lead_it, flag.id or 0, Decision.RETURN, reason="", now=NOW)
    assert err.value.code == "nomination.reason_needed"
    entry, back = await review.review_entry(session, lead_it, flag.id or 0, Decision.RETURN,
                                            reason="Bổ sung biên bản của cụm.", now=NOW)
    assert entry.status is EntryStatus.RETURNED and back.status is NominationStatus.RETURNED
    await review.review_entry(session, admin, bk.id or 0, Decision.APPROVE, now=NOW)
    await review.review_entry(session, admin, ldtt.id or 0, Decision.REJECT, reason="Không đủ 10 tháng.",
                              now=NOW)
    await nominations.attach(session, off_a, entry_id=flag.id, role=FileRole.EVIDENCE, content=PDF + b"cum",
                             file_name="bien-ban-cum.pdf", max_bytes=MB)
    again = await nominations.submit(session, off_a, nom.id or 0, now=NOW + timedelta(days=32))
    assert [e.id for e in again.entries] == [flag.id] and not again.first_time
    assert flag.version == 2
    _, final = await review.review_entry(session, admin, flag.id or 0, Decision.APPROVE, now=NOW)
    assert final.status is NominationStatus.REVIEWED
    history = await nominations.versions_of(session, flag.id or 0)
    assert [(v.number, v.status) for v in history] == [
        (1, EntryStatus.SUBMITTED), (1, EntryStatus.RETURNED), (2, EntryStatus.SUBMITTED),
        (2, EntryStatus.APPROVED)]
    assert history[1].snapshot["review_reason"] == "Bổ sung biên bản của cụm."
    assert len(history[2].snapshot["files"]) == 2

    seen = await review.overview(session, admin)
    assert seen.by_status["approved"] == 2 and seen.by_status["rejected"] == 1
    assert seen.late_units == 1
    with pytest.raises(AccessDenied):
        await review.overview(session, council)

    docs = await dossier.generate(session, off_a, nom.id or 0, organisation=DEFAULT_ORGANISATION,
                                  today=date(2027, 12, 5))
    listing = Document(io.BytesIO(await files.content_of(session, docs.list_sha)))
    cells = [c.text for t in listing.tables for row in t.rows for c in row.cells]
    assert "Nguyễn Văn An" in cells and "Đơn vị A" in cells and "12/03/1985" in cells
    assert "Trần Thị Bình" not in cells  # rejected, left out
    assert "Bằng khen của Bộ trưởng" in cells and "Cờ thi đua của Bộ" in cells
    request = Document(io.BytesIO(await files.content_of(session, docs.request_sha)))
    text = "\n".join(p.text for p in request.paragraphs)
    assert "TỜ TRÌNH" in text and "Kính gửi: Hội đồng Thi đua – Khen thưởng" in text
    assert "1 tập thể và 1 cá nhân" in text
    head = [c.text for c in request.tables[0].rows[0].cells]
    assert f"Số: {docs.number}" in head[0] and "ngày 05 tháng 12 năm 2027" in head[1]


async def test_caps_block_the_list_and_files_are_checked(session: AsyncSession) -> None:
    world = await seed(session)
    off_a = world.people["off_a"]
    nom = await nominations.open_list(session, off_a, kind=nominations.NominationKind.YEAR_END, year=2027)
    for i in range(2):
        await _person(session, world, "A", f"Người {i}", date(1990, 1, i + 1), {2027: Rating.EXCELLENT}, {})
        await nominations.add_entry(session, off_a, nom.id or 0, EntryInput("CSTDCS", f"Người {i}",
                                                                            date(1990, 1, i + 1)))
    await nominations.attach(session, off_a, nomination_id=nom.id, role=FileRole.MINUTES, content=PDF,
                             file_name="bb.pdf", max_bytes=MB)
    with pytest.raises(DomainError) as err:
        await nominations.submit(session, off_a, nom.id or 0, now=NOW)
    assert err.value.code == "nomination.over_cap"
    assert "Vượt giới hạn: Chiến sĩ thi đua cơ sở năm 2027" in err.value.params["reason_vi"]
    with pytest.raises(DomainError) as err:
        await nominations.attach(session, off_a, nomination_id=nom.id, role=FileRole.MINUTES,
                                 content=b"MZ\x90\x00 not a document", file_name="bb.pdf", max_bytes=MB)
    assert err.value.code == "award_file.bad_type"
    with pytest.raises(DomainError) as err:
        await nominations.attach(session, off_a, nomination_id=nom.id, role=FileRole.MINUTES,
                                 content=PDF + b"x" * MB, file_name="bb.pdf", max_bytes=MB)
    assert err.value.code == "award_file.too_big"
    members = (await session.exec(select(Member))).all()
    assert members
