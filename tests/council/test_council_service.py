"""Sessions, the secret ballot and the decision, through the service layer on a real database."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import date

import docx
import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AuditEntry,
    AwardRecord,
    CouncilBallot,
    CouncilItem,
    CouncilSession,
    EntryStatus,
    InitiativeLevel,
    Member,
    NominationEntry,
    RecordSource,
    SessionFactory,
    Verdict,
)
from services.awards import ballot_box, council, decisions, eligibility, register
from services.awards.ballot import Choice
from services.awards.ballot_box import Refusal
from services.awards.catalogue import current_catalogue
from services.awards.eligibility import Candidate
from services.awards.seal import Sealer
from services.errors import DomainError
from tests.council.helpers import NOW, RULES, YEAR, Council, seed


async def open_one(session: AsyncSession, c: Council, **kw: object) -> CouncilSession:
    cs = await council.open_session(
        session, c.admin, title="Xét danh hiệu năm 2026",
        member_ids=[m.id for m in c.members if m.id is not None], chair_id=c.members[0].id or 0,
        secretary_id=c.members[1].id, rules=RULES, now=NOW, **kw)  # type: ignore[arg-type]
    await session.commit()
    return cs


async def position_of(session: AsyncSession, cs: CouncilSession, entry_id: int | None) -> int:
    return (await session.exec(select(CouncilItem.position).where(
        CouncilItem.session_id == cs.id, CouncilItem.entry_id == entry_id))).one()


async def vote(session: AsyncSession, cs: CouncilSession, member: Member, position: int,
               choice: Choice, *, update_id: int | None = None,
               page_size: int = 1) -> ballot_box.VoteOutcome:
    item = (await session.exec(select(CouncilItem).where(
        CouncilItem.session_id == cs.id, CouncilItem.position == position))).one()
    assert cs.id is not None and member.id is not None
    data = ballot_box.button_data(ballot_box.sealer_of(cs, RULES), cs.id, member.id, item, choice)
    view = await council.load(session, cs.id, RULES)
    return await ballot_box.cast(session, member=member, data=data.split(":")[1:], rules=RULES,
                                 thresholds=view.thresholds, update_id=update_id, now=NOW,
                                 page_size=page_size)


async def test_a_vote_changes_but_never_adds_and_only_the_member_reads_it(
        session: AsyncSession) -> None:
    c = await seed(session, members=5, majority=2, ninety=0, nominee_member=False)
    cs = await open_one(session, c)
    m = c.members[2]
    assert (await vote(session, cs, m, 1, Choice.YES)).ok
    again = await vote(session, cs, m, 1, Choice.NO)
    assert again.ok and again.changed
    await session.commit()
    rows = (await session.exec(select(CouncilBallot))).all()
    assert len(rows) == 1  # replaced, not added
    items = (await council.load(session, cs.id or 0, RULES)).items
    assert await ballot_box.own_votes(session, cs, m.id or 0, [i.id for i in items], RULES) == {
        items[0].id: Choice.NO}
    # Another member reads nothing of it; the stored row names neither member nor entry.
    assert await ballot_box.own_votes(session, cs, c.members[3].id or 0, [i.id for i in items],
                                  RULES) == {}
    row = rows[0]
    assert set(row.model_dump()) == {"id", "session_id", "slot", "sealed"}
    # Without the server secret (a setting, not in the database) the slot cannot be recomputed.
    guess = Sealer(b"not-the-server-secret", cs.secret or "").slot(m.id or 0, items[0].id or 0)
    assert guess != row.slot
    assert ballot_box.sealer_of(cs, RULES).slot(m.id or 0, items[0].id or 0) == row.slot
    # The same choice sealed twice looks different.
    assert (await vote(session, cs, c.members[3], 1, Choice.NO)).ok
    await session.commit()
    sealed = [r.sealed for r in (await session.exec(select(CouncilBallot))).all()]
    assert len(set(sealed)) == 2


async def test_a_vote_reads_back_the_members_votes_on_its_page(session: AsyncSession) -> None:
    """The reply's page shows the member's own votes on that page, read with the vote itself;
    another member's votes and entries on other pages are not in it."""
    c = await seed(session, members=3, majority=7, ninety=0, nominee_member=False)
    cs = await open_one(session, c)
    m, other = c.members[1], c.members[2]
    items = (await council.load(session, cs.id or 0, RULES)).items
    assert (await vote(session, cs, m, 2, Choice.YES)).ok
    assert (await vote(session, cs, m, 6, Choice.NO)).ok  # the second page
    assert (await vote(session, cs, other, 3, Choice.NO)).ok
    on_page = await vote(session, cs, m, 1, Choice.YES, page_size=5)
    assert on_page.page_votes == {items[0].id: Choice.YES, items[1].id: Choice.YES}
    on_page = await vote(session, cs, m, 2, Choice.NO, page_size=5)
    assert on_page.page_votes == {items[0].id: Choice.YES, items[1].id: Choice.NO}
    on_page = await vote(session, cs, m, 7, Choice.YES, page_size=5)
    assert on_page.page_votes == {items[5].id: Choice.NO, items[6].id: Choice.YES}


async def test_refusals_are_audited_and_never_counted(session: AsyncSession) -> None:
    c = await seed(session, members=4, majority=1, ninety=1, nominee_member=True)
    cs = await open_one(session, c)
    nominee = c.members[-1]
    p_own = await position_of(session, cs, c.entries[0].id)  # the nominee's CSTDCS entry
    p_other = await position_of(session, cs, c.entries[1].id)
    own = await vote(session, cs, nominee, p_own, Choice.YES)
    assert own.refusal == Refusal.OWN_ENTRY
    # A button made for another member does not open for this one.
    item = (await session.exec(select(CouncilItem).where(CouncilItem.session_id == cs.id,
                                                         CouncilItem.position == p_other))).one()
    theirs = ballot_box.button_data(ballot_box.sealer_of(cs, RULES), cs.id or 0,
                                    c.members[0].id or 0, item, Choice.YES)
    forged = await ballot_box.cast(session, member=c.members[1], data=theirs.split(":")[1:],
                                   rules=RULES, thresholds={}, update_id=None, now=NOW)
    assert forged.refusal == Refusal.FORGED
    # The same token pointed at another entry or another session.
    parts = theirs.split(":")[1:]
    other_entry = await ballot_box.cast(session, member=c.members[0],
                                        data=[parts[0], str(p_own), parts[2]], rules=RULES,
                                        thresholds={}, update_id=None, now=NOW)
    assert other_entry.refusal == Refusal.FORGED
    no_session = await ballot_box.cast(session, member=c.members[0], data=["999", "1", parts[2]],
                                       rules=RULES, thresholds={}, update_id=None, now=NOW)
    assert no_session.refusal == Refusal.NO_SESSION
    stranger = await ballot_box.cast(session, member=c.officer, data=parts, rules=RULES,
                                     thresholds={}, update_id=None, now=NOW)
    assert stranger.refusal == Refusal.NOT_MEMBER
    assert (await vote(session, cs, c.members[0], p_other, Choice.YES)).ok
    await session.commit()
    await council.close_session(session, c.admin, cs.id or 0, rules=RULES, now=NOW)
    await session.commit()
    late = await ballot_box.cast(session, member=c.members[0], data=parts, rules=RULES,
                                 thresholds={}, update_id=None, now=NOW)
    assert late.refusal == Refusal.CLOSED
    await session.commit()
    refused = (await session.exec(select(AuditEntry).where(
        AuditEntry.action == "council.vote", AuditEntry.outcome == "refused"))).all()
    assert sorted(a.details["reason"] for a in refused) == sorted(
        ["own_entry", "forged", "forged", "no_session", "not_member", "closed"])
    items = {i.position: i for i in (await session.exec(
        select(CouncilItem).where(CouncilItem.session_id == cs.id))).all()}
    assert (items[p_own].yes, items[p_own].eligible) == (0, 3)  # the nominee is not in the base
    assert (items[p_other].yes, items[p_other].no, items[p_other].abstain) == (1, 0, 0)


async def _all_rows(session: AsyncSession) -> dict[str, list[str]]:
    """Every row of every table, as text."""
    conn = await session.connection()
    names = await conn.run_sync(lambda sync: sa_inspect(sync).get_table_names())
    out: dict[str, list[str]] = {}
    for name in names:
        rows = (await session.execute(text(f'SELECT * FROM "{name}"'))).all()
        out[name] = [" | ".join(repr(v) for v in row) for row in rows]
    return out


async def test_after_closing_no_table_links_a_member_to_a_choice(session: AsyncSession) -> None:
    c = await seed(session, members=6, majority=3, ninety=0, nominee_member=False)
    cs = await open_one(session, c)
    choices = [Choice.YES, Choice.NO, Choice.ABSTAIN]
    update_id = 5000
    for k, m in enumerate(c.members):
        for pos in (1, 2, 3):
            update_id += 1
            # The update the vote came in on is stored, as the runtime stores it.
            await session.execute(text(
                "INSERT INTO inbox_update (update_id, chat_id, user_id, payload, status, attempts, "
                "received_at) VALUES (:u, :c, :c, :p, 'done', 1, :t)"),
                {"u": update_id, "c": m.telegram_id, "t": NOW,
                 "p": json.dumps({"callback_query": {"from": {"id": m.telegram_id},
                                                     "data": "secret-choice"}})})
            assert (await vote(session, cs, m, pos, choices[(k + pos) % 3],
                               update_id=update_id)).ok
    await session.commit()
    result = await council.close_session(session, c.admin, cs.id or 0, rules=RULES, now=NOW)
    await session.commit()
    assert result.quorum_met
    dump = await _all_rows(session)
    assert dump["council_ballot"] == []
    closed = await session.get(CouncilSession, cs.id, populate_existing=True)
    assert closed is not None and closed.secret is None
    ids = {str(m.telegram_id) for m in c.members} | {f"{m.id} " for m in c.members}
    words = ("yes", "'no'", "abstain", "Đồng ý", "Không đồng ý", "secret-choice", "cv:")
    for table, rows in dump.items():
        for row in rows:
            if any(i in row for i in ids):
                assert not any(w in row for w in words), (table, row)
    # The counts survive, and only the counts.
    items = (await session.exec(select(CouncilItem).where(CouncilItem.session_id == cs.id)
                                .order_by(CouncilItem.position))).all()
    assert [(i.yes, i.no, i.abstain) for i in items] == [(2, 2, 2)] * 3


async def test_below_quorum_decides_nothing(session: AsyncSession) -> None:
    c = await seed(session, members=6, majority=1, ninety=0, nominee_member=False)
    cs = await open_one(session, c)
    for m in c.members[:3]:  # 3 of 6 present: below 2/3
        await council.set_presence(session, c.admin, cs.id or 0, m.id or 0, False)
    for m in c.members:
        assert (await vote(session, cs, m, 1, Choice.YES)).ok
    await session.commit()
    result = await council.close_session(session, c.admin, cs.id or 0, rules=RULES, now=NOW)
    await session.commit()
    assert not result.quorum_met and result.needed == 4 and not result.passed
    entry = await session.get(NominationEntry, c.entries[0].id, populate_existing=True)
    assert entry is not None and entry.status == EntryStatus.APPROVED
    doc = docx.Document(io.BytesIO(result.view.session.minutes_docx or b""))
    assert any("không đủ số thành viên" in p.text for p in doc.paragraphs)


async def test_closing_twice_at_once_closes_once(session_factory: SessionFactory) -> None:
    async with session_factory() as s:
        c = await seed(s, members=5, majority=3, ninety=0, nominee_member=False)
        cs = await open_one(s, c)
        for m in c.members:
            await vote(s, cs, m, 1, Choice.YES)
        await s.commit()
        admin_id = c.admin.id

    async def close() -> str:
        async with session_factory() as s:
            admin = await s.get(Member, admin_id)
            try:
                await council.close_session(s, admin, cs.id or 0, rules=RULES, now=NOW)
                await s.commit()
                return "closed"
            except DomainError as e:
                await s.commit()  # keeps the audit of the refusal
                return e.code

    outcomes = await asyncio.gather(close(), close(), close())
    assert sorted(outcomes) == ["closed", "council.not_open", "council.not_open"]
    async with session_factory() as s:
        closes = (await s.exec(select(AuditEntry).where(AuditEntry.action == "council.close",
                                                        AuditEntry.outcome == "ok"))).all()
        assert len(closes) == 1
        item = (await s.exec(select(CouncilItem).where(CouncilItem.position == 1))).one()
        assert (item.yes, item.passed) == (5, True)
        row = await s.get(CouncilSession, cs.id)
        assert row is not None and row.minutes_docx


async def test_decision_reaches_the_register(session: AsyncSession) -> None:
    c = await seed(session, members=3, majority=2, ninety=0, nominee_member=False)
    cs = await open_one(session, c)
    for m in c.members:
        await vote(session, cs, m, 1, Choice.YES)
        await vote(session, cs, m, 2, Choice.NO)
    await session.commit()
    result = await council.close_session(session, c.admin, cs.id or 0, rules=RULES, now=NOW)
    await session.commit()
    assert [i.position for i in result.passed] == [1]
    ready = await decisions.decidable(session, RULES)
    assert [i.entry.id for i in ready] == [result.passed[0].entry_id]
    with pytest.raises(DomainError) as err:
        await decisions.record_decision(
            session, c.admin, entry_ids=[result.failed[0].entry_id],
            decision=decisions.DecisionInput("1/QĐ", date(2026, 12, 11), "Bộ trưởng"),
            rules=RULES, now=NOW)
    assert err.value.code == "decision.not_ready"
    decision = decisions.parse_decision("1234/QĐ-BKHCN; 11/12/2026; Nguyễn Văn A",
                                        today=date(2026, 12, 12))
    awarded = await decisions.record_decision(session, c.admin,
                                              entry_ids=[result.passed[0].entry_id],
                                              decision=decision, rules=RULES, now=NOW)
    await session.commit()
    record = (await session.exec(select(AwardRecord))).one()
    assert (record.award_code, record.decision_number, record.decision_date, record.signer) == (
        "LDTT", "1234/QĐ-BKHCN", date(2026, 12, 11), "Nguyễn Văn A")
    assert awarded[0].officer_chat_ids == [c.officer.telegram_id]
    entry = await session.get(NominationEntry, result.passed[0].entry_id, populate_existing=True)
    assert entry is not None and entry.status == EntryStatus.AWARDED
    assert await decisions.decidable(session, RULES) == []


@pytest.mark.parametrize(("text", "code"), [
    ("1234", "decision.format"), ("1; 32/12/2026; A", "decision.bad_date"),
    ("1; 01/01/2030; A", "decision.future_date"), ("1; 1/1/2026;", "decision.format"),
])
def test_decision_input_refused(text: str, code: str) -> None:
    with pytest.raises(DomainError) as err:
        decisions.parse_decision(text, today=date(2026, 12, 12))
    assert err.value.code == code


async def test_a_decided_award_counts_in_the_next_eligibility_check(session: AsyncSession) -> None:
    """Chiến sĩ thi đua cấp Bộ needs Chiến sĩ thi đua cơ sở three years running: with 2024 and
    2025 in the register, the 2026 title the council passes and /decision records completes the
    chain, and the check for the Ministry title sees it."""
    c = await seed(session, members=3, majority=0, ninety=1, nominee_member=False)
    entry = c.entries[0]
    assert entry.person_id is not None and entry.award_code == "CSTDCS" and entry.year == YEAR
    for year in (YEAR - 2, YEAR - 1):
        await register.record_award(session, award_code="CSTDCS", year=year, unit_id=c.unit.id or 0,
                                    person_id=entry.person_id, decision_number=f"{year}/QĐ",
                                    source=RecordSource.IMPORT)
    await session.commit()
    ministry = Candidate(award_code="CSTD_BO", year=YEAR, unit_id=c.unit.id or 0,
                         person_id=entry.person_id, initiative_level=InitiativeLevel.MINISTRY,
                         disciplined=False)

    async def verdict() -> tuple[Verdict, str]:
        checked, _ = await eligibility.check(session, await current_catalogue(session),
                                             [ministry])
        return checked[0].verdict, checked[0].vi

    before, reason = await verdict()
    assert before == Verdict.NOT_ELIGIBLE, reason
    cs = await open_one(session, c)
    for m in c.members:
        await vote(session, cs, m, 1, Choice.YES)
    await session.commit()
    result = await council.close_session(session, c.admin, cs.id or 0, rules=RULES, now=NOW)
    await session.commit()
    assert [i.entry_id for i in result.passed] == [entry.id]
    await decisions.record_decision(
        session, c.admin, entry_ids=[entry.id or 0],
        decision=decisions.DecisionInput("77/QĐ-BKHCN", date(2026, 12, 11), "Bộ trưởng"),
        rules=RULES, now=NOW)
    await session.commit()
    after, reason = await verdict()
    assert after == Verdict.ELIGIBLE, reason
