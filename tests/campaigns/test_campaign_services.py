"""Campaign services: dates, values, saving, registration, reports and revisions, progress, scope."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from models import (
    AuditEntry,
    Campaign,
    CampaignStatus,
    Registration,
    RegistrationStatus,
    ReportRevision,
    Role,
    TargetKind,
)
from services import campaigns, progress, registrations, reports
from services.errors import AccessDenied, DomainError
from services.reports import ValueEntry, ValueRefused, parse_value

from .campaign_harness import NOW, World, later, make_member, sample_spec


@pytest.mark.parametrize("text, expected", [
    ("17:00 30/11/2026", datetime(2026, 11, 30, 10, 0, tzinfo=UTC)),
    ("30/11/2026 17:00", datetime(2026, 11, 30, 10, 0, tzinfo=UTC)),
    ("30/11 17h", datetime(2027, 11, 30, 10, 0, tzinfo=UTC)),
    ("17h30 ngày 30/11/2026", datetime(2026, 11, 30, 10, 30, tzinfo=UTC)),
    ("8g 01/04/2027", datetime(2027, 4, 1, 1, 0, tzinfo=UTC)),
    ("2027-04-01 08:15", datetime(2027, 4, 1, 1, 15, tzinfo=UTC)),
    ("15/03/2027", datetime(2027, 3, 15, 10, 0, tzinfo=UTC)),
])
def test_due_dates_as_staff_write_them(text: str, expected: datetime) -> None:
    assert campaigns.parse_due(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["", "hôm nào đó", "31/02/2027", "25:00 01/04/2027", "30/11/2026 17 18"])
def test_bad_due_dates_are_refused(text: str) -> None:
    with pytest.raises(DomainError) as err:
        campaigns.parse_due(text, now=NOW)
    assert err.value.code == "campaign.bad_date"


def test_period() -> None:
    assert campaigns.parse_period("01/01/2027 - 31/12/2027", today=NOW.date()) == (
        date(2027, 1, 1), date(2027, 12, 31))
    assert campaigns.parse_period("01/01/2027 đến 31/12/2027", today=NOW.date())[1] == date(2027, 12, 31)
    with pytest.raises(DomainError):
        campaigns.parse_period("31/12/2027 - 01/01/2027", today=NOW.date())


@pytest.mark.parametrize("text, kind, value", [
    ("12,5", TargetKind.NUMBER, 12.5), ("12.5", TargetKind.NUMBER, 12.5),
    ("1.234,5", TargetKind.NUMBER, 1234.5), ("1,234.5", TargetKind.NUMBER, 1234.5),
    ("1.234.567", TargetKind.NUMBER, 1234567), ("0", TargetKind.NUMBER, 0),
    ("85%", TargetKind.PERCENT, 85), ("85,5 %", TargetKind.PERCENT, 85.5),
    ("có", TargetKind.YES_NO, 1), ("Không", TargetKind.YES_NO, 0), ("x", TargetKind.YES_NO, 1),
    ("yes", TargetKind.YES_NO, 1), ("NO", TargetKind.YES_NO, 0),
])
def test_values(text: str, kind: TargetKind, value: float) -> None:
    assert parse_value(text, kind) == value


@pytest.mark.parametrize("text, kind, code", [
    ("abc", TargetKind.NUMBER, "report.value_not_number"),
    ("-5", TargetKind.NUMBER, "report.value_negative"),
    ("1e309", TargetKind.NUMBER, "report.value_too_large"),
    ("1e13", TargetKind.NUMBER, "report.value_too_large"),
    ("nan", TargetKind.NUMBER, "report.value_not_finite"),
    ("inf", TargetKind.PERCENT, "report.value_not_finite"),
    ("", TargetKind.NUMBER, "report.value_empty"),
    ("   ", TargetKind.YES_NO, "report.value_empty"),
    ("50%", TargetKind.NUMBER, "report.value_percent_for_number"),
    ("có lẽ", TargetKind.YES_NO, "report.value_not_yes_no"),
    ("1,2,3", TargetKind.NUMBER, "report.value_not_number"),
])
def test_bad_values_say_why(text: str, kind: TargetKind, code: str) -> None:
    with pytest.raises(ValueRefused) as err:
        parse_value(text, kind)
    assert err.value.code == code


def _values(world: World, *vals: float | None) -> list[ValueEntry]:
    return [ValueEntry(t, v, str(v), v is None, "chưa có số liệu" if v is None else "")
            for t, v in zip(world.targets, vals, strict=True)]


async def test_save_updates_by_code_and_reports_moved_dates(session, world: World) -> None:
    spec = sample_spec()
    spec.milestones[1].due_at = campaigns.parse_due("17:00 15/07/2027", now=NOW)
    spec.targets[1].target_value = 25
    result = await campaigns.save(session, spec, actor=world.people["admin"], now=NOW)
    assert not result.created and result.campaign.id == world.campaign_id
    assert [m.code for m, _ in result.moved] == ["SK"]
    targets = await campaigns.targets_of(session, world.campaign_id)
    assert [t.target_value for t in targets] == [90, 25, 1]


async def test_field_lead_manages_only_campaigns_of_their_field(session, world: World) -> None:
    with pytest.raises(AccessDenied):  # two fields: admins only
        await campaigns.save(session, sample_spec("X1"), actor=world.people["lead_it"], now=NOW)
    own = await campaigns.save(session, sample_spec("X2", ("ung_dung_cntt",)),
                               actor=world.people["lead_it"], now=NOW)
    assert own.created
    with pytest.raises(AccessDenied):
        await campaigns.set_status(session, actor=world.people["lead_post"],
                                   campaign_id=own.campaign.id or 0, status=CampaignStatus.CLOSED,
                                   now=NOW)
    with pytest.raises(AccessDenied):
        await campaigns.save(session, sample_spec("X3"), actor=world.people["off_a"], now=NOW)


async def test_close_and_reopen(session, world: World) -> None:
    admin = world.people["admin"]
    c = await campaigns.set_status(session, actor=admin, campaign_id=world.campaign_id,
                                   status=CampaignStatus.CLOSED, now=NOW)
    assert c.status == CampaignStatus.CLOSED
    with pytest.raises(DomainError):
        await reports.submit(session, actor=world.people["off_a"], milestone_id=world.milestones["SK"],
                             values=_values(world, 1, 1, 1), now=NOW)
    c = await campaigns.set_status(session, actor=admin, campaign_id=world.campaign_id,
                                   status=CampaignStatus.ACTIVE, now=NOW)
    assert c.status == CampaignStatus.ACTIVE


async def test_registration_review_cycle(session, world: World) -> None:
    off_a, lead = world.people["off_a"], world.people["lead_it"]
    reg = await registrations.submit(session, actor=off_a, campaign_id=world.campaign_id,
                                     commitments={world.targets[0]: 95}, titles=["co_bo"], now=NOW)
    assert reg.status == RegistrationStatus.PENDING and not reg.late
    assert [p.unit.code for p in await registrations.pending(session, lead)] == ["A"]
    assert await registrations.pending(session, world.people["lead_post"]) == []
    with pytest.raises(AccessDenied):
        await registrations.decide(session, actor=world.people["lead_post"], registration_id=reg.id or 0,
                                   approve=True, now=NOW)
    with pytest.raises(AccessDenied):
        await registrations.decide(session, actor=world.people["off_b"], registration_id=reg.id or 0,
                                   approve=True, now=NOW)
    with pytest.raises(DomainError):
        await registrations.decide(session, actor=lead, registration_id=reg.id or 0, approve=False,
                                   reason="  ", now=NOW)
    reg = await registrations.decide(session, actor=lead, registration_id=reg.id or 0, approve=False,
                                     reason="Thiếu chỉ tiêu T2", now=NOW)
    assert reg.status == RegistrationStatus.RETURNED and reg.decided_by == lead.telegram_id
    reg = await registrations.submit(session, actor=off_a, campaign_id=world.campaign_id,
                                     commitments={world.targets[0]: 95, world.targets[1]: 20},
                                     titles=["co_bo"], now=later(30))
    assert reg.status == RegistrationStatus.PENDING and reg.late and reg.times_submitted == 2
    await registrations.decide(session, actor=lead, registration_id=reg.id or 0, approve=True, now=NOW)
    with pytest.raises(DomainError):
        await registrations.submit(session, actor=off_a, campaign_id=world.campaign_id,
                                   commitments={}, titles=[], now=NOW)


async def test_revisions_are_numbered_and_kept(session, world: World) -> None:
    off_a, off_a2 = world.people["off_a"], world.people["off_a2"]
    ms = world.milestones["SK"]
    report, r1 = await reports.submit(session, actor=off_a, milestone_id=ms,
                                      values=_values(world, 45, 10, 1), narrative="Lần 1", now=NOW)
    _, r2 = await reports.submit(session, actor=off_a2, milestone_id=ms,
                                 values=_values(world, 90, None, 0), narrative="Lần 2",
                                 now=later(200))
    assert (r1.number, r2.number) == (1, 2)
    assert not r1.late and r2.late and not report.late
    view = await reports.revision_view(session, off_a, report.id or 0, 1)
    assert view.revision.narrative == "Lần 1"
    assert [v.value for _, v in view.values if v] == [45, 10, 1]
    latest = await reports.revision_view(session, off_a, report.id or 0)
    assert latest.revision.number == 2 and latest.values[1][1].skipped  # type: ignore[union-attr]
    with pytest.raises(AccessDenied):
        await reports.revision_view(session, world.people["off_b"], report.id or 0)
    with pytest.raises(AccessDenied):
        await reports.revision_view(session, world.people["lead_post"], report.id or 0)
    view = await reports.revision_view(session, world.people["lead_it"], report.id or 0)
    assert view.revision.number == 2


async def test_two_officers_at_the_same_moment_both_get_a_revision(session_factory, world: World) -> None:
    async def one(member_key: str, text: str) -> int:
        async with session_factory() as s, s.begin():
            actor = world.people[member_key]
            _, rev = await reports.submit(s, actor=actor, milestone_id=world.milestones["SK"],
                                          values=_values(world, 1, 2, 1), narrative=text, now=NOW)
            return rev.number

    numbers = await asyncio.gather(*(one("off_a" if i % 2 else "off_a2", f"r{i}") for i in range(6)))
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]
    async with session_factory() as s:
        revs = (await s.exec(select(ReportRevision))).all()
        assert sorted(r.number for r in revs) == [1, 2, 3, 4, 5, 6]


async def test_progress_and_missing(session, world: World) -> None:
    ms = world.milestones["SK"]
    await reports.submit(session, actor=world.people["off_a"], milestone_id=ms,
                         values=_values(world, 99, 30, 1), now=NOW)
    status = await progress.unit_status(session, world.people["off_a"], now=NOW)
    (line,) = status.campaigns
    sk = next(m for m in line.milestones if m.milestone.code == "SK")
    # (3 * 99/90 + 2 * 30/20 + 1 * 1) / 6
    assert sk.score == pytest.approx((3 * 1.1 + 2 * 1.5 + 1) / 6)
    assert line.next_due is not None and line.next_due.code == "DK"
    view = await progress.missing(session, world.people["admin"], ms)
    assert view.expected == 3 and view.missing == 2
    assert {g.field_code: [u.code for u in g.units] for g in view.groups} == {
        "ung_dung_cntt": ["B"], "attt": ["C"]}
    lead_view = await progress.missing(session, world.people["lead_it"], ms)
    assert [g.field_code for g in lead_view.groups] == ["ung_dung_cntt"]
    with pytest.raises(AccessDenied):
        await progress.missing(session, world.people["lead_post"], ms)
    with pytest.raises(AccessDenied):
        await progress.missing(session, world.people["off_a"], ms)
    reg_view = await progress.missing(session, world.people["admin"], world.milestones["DK"])
    assert reg_view.missing == 3
    with pytest.raises(AccessDenied):
        await progress.unit_status(session, world.people["off_a"], now=NOW,
                                   unit_id=world.units["B"].id)


async def test_stranger_and_unitless_cannot_report(session, world: World) -> None:
    with pytest.raises(AccessDenied):
        await reports.submit(session, actor=world.people["stranger"], milestone_id=world.milestones["SK"],
                             values=_values(world, 1, 1, 1), now=NOW)
    nobody = await make_member(session, 4000, "Không đơn vị", Role.OFFICER)
    with pytest.raises(DomainError) as err:
        await reports.submit(session, actor=nobody, milestone_id=world.milestones["SK"],
                             values=_values(world, 1, 1, 1), now=NOW)
    assert err.value.code == "report.no_unit"


async def test_quick_line(session, world: World) -> None:
    q = await reports.parse_quick(session, world.people["off_a"], "cds2027 sk T1=85,5% T2=12 T3=có")
    assert [v.value for v in q.values] == [85.5, 12, 1]
    with pytest.raises(DomainError) as err:
        await reports.parse_quick(session, world.people["off_a"], "CDS2027 SK T1=-5 T2=1 T3=x")
    assert err.value.code == "report.value_negative"
    with pytest.raises(DomainError) as err:
        await reports.parse_quick(session, world.people["off_a"], "CDS2027 SK T1=5")
    assert err.value.code == "report.quick_missing"
    with pytest.raises(DomainError) as err:
        await reports.parse_quick(session, world.people["off_a"], "NOPE SK T1=5")
    assert err.value.code == "report.quick_unknown_campaign"


async def test_audit_entries_for_changes(session, world: World) -> None:
    await reports.submit(session, actor=world.people["off_a"], milestone_id=world.milestones["SK"],
                         values=_values(world, 1, 1, 1), now=NOW)
    actions = {a.action for a in (await session.exec(select(AuditEntry))).all()}
    assert {"campaign.create", "report.submit"} <= actions
    assert (await session.exec(select(Campaign))).one().status == CampaignStatus.ACTIVE
    assert (await session.exec(select(Registration))).all() == []
