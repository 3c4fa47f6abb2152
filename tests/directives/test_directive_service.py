"""Directives in the service layer: audience, release, dedupe, acknowledgement, reports, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select, update

from models import (
    AuditEntry,
    Directive,
    DirectiveRecipient,
    DirectiveStatus,
    OutboxMessage,
    OutboxMethod,
    OutboxStatus,
    Role,
)
from services import directive_register, directives
from services.directives import Audience
from services.errors import AccessDenied, DomainError
from tests.directives.directive_helpers import field, group, member, unit

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


@pytest.fixture
async def world(session):
    """Two fields, three units, a handful of people and groups."""
    await field(session, "BC")
    await field(session, "VT")
    bd = await unit(session, "BD", "BC")
    vnpt = await unit(session, "VNPT", "VT")
    other = await unit(session, "CDS")
    w = {
        "admin": await member(session, "Quản trị", Role.ADMIN),
        "lead_bc": await member(session, "Đầu mối BC", Role.FIELD_LEAD, unit=bd, field="BC"),
        "bd_1": await member(session, "Nguyễn Văn A", unit=bd),
        "bd_2": await member(session, "Trần Thị B", unit=bd),
        "vt_1": await member(session, "Lê Văn C", unit=vnpt),
        "cds_1": await member(session, "Phạm D", unit=other, field="BC"),
        "council": await member(session, "Hội đồng E", Role.COUNCIL, unit=other),
        "blocked": await member(session, "Đã chặn", unit=bd, blocked=True),
        "inactive": await member(session, "Nghỉ", unit=bd, active=False),
        "stranger": await member(session, "Người lạ", Role.STRANGER, unit=bd),
        "g_bc": await group(session, -100, "BC"),
        "g_vt": await group(session, -200, "VT"),
        "g_off": await group(session, -300, "BC", active=False),
        "g_none": await group(session, -400),
        "units": {"bd": bd, "vnpt": vnpt, "cds": other},
    }
    await session.commit()
    return w


def chats(recipients):
    return {r.chat_id for r in recipients}


async def test_audience_round_trips_through_json():
    a = Audience(fields=["VT", "BC"], unit_ids=[3, 1], roles=[Role.OFFICER], group_chat_ids=[-5],
                 include_subscribed_groups=False)
    assert Audience.from_json(a.to_json()) == Audience(
        fields=["BC", "VT"], unit_ids=[1, 3], roles=[Role.OFFICER], group_chat_ids=[-5],
        include_subscribed_groups=False)
    assert Audience().is_empty() and not Audience(everyone=True).is_empty()


async def test_everyone_is_active_reachable_members_and_active_groups(session, world):
    got = chats(await directives.resolve_audience(session, Audience(everyone=True)))
    people = {world[k].telegram_id for k in ("admin", "lead_bc", "bd_1", "bd_2", "vt_1", "cds_1",
                                              "council")}
    assert got == people | {-100, -200, -400}
    only_people = await directives.resolve_audience(
        session, Audience(everyone=True, include_subscribed_groups=False))
    assert chats(only_people) == people


async def test_field_audience_takes_unit_fields_own_field_and_subscribed_groups(session, world):
    got = chats(await directives.resolve_audience(session, Audience(fields=["BC"])))
    assert got == {world[k].telegram_id for k in ("lead_bc", "bd_1", "bd_2", "cds_1")} | {-100}


async def test_filters_narrow_each_other(session, world):
    bd = world["units"]["bd"]
    got = await directives.resolve_audience(
        session, Audience(fields=["BC"], roles=[Role.OFFICER], unit_ids=[bd.id],
                          include_subscribed_groups=False))
    assert chats(got) == {world["bd_1"].telegram_id, world["bd_2"].telegram_id}
    assert all(r.unit_id == bd.id for r in got)
    roles = await directives.resolve_audience(session, Audience(roles=[Role.COUNCIL]))
    assert chats(roles) == {world["council"].telegram_id}


async def test_named_groups_only_when_active(session, world):
    got = await directives.resolve_audience(session, Audience(group_chat_ids=[-300, -400]))
    assert chats(got) == {-400}


async def make(session, world, actor="admin", audience=None, send_at=None, now=NOW, **kw):
    d = await directives.create_directive(
        session, actor=world[actor] if actor else None, title=kw.pop("title", "Về việc thi đua"),
        number=kw.pop("number", "05/CT-BTTTT"), body_html=kw.pop("body_html", None),
        source_chat_id=kw.pop("source_chat_id", world["admin"].telegram_id),
        source_message_id=kw.pop("source_message_id", 77),
        audience=audience or Audience(fields=["BC"]), send_at=send_at, now=now, **kw)
    await session.commit()
    return d


async def rows_of(session, directive_id):
    return list((await session.exec(select(OutboxMessage).where(
        OutboxMessage.ref == f"directive:{directive_id}"))).all())


async def test_send_now_queues_one_copy_per_recipient_with_ack_button(session, world):
    d = await make(session, world)
    assert d.status == DirectiveStatus.SENDING
    rows = await rows_of(session, d.id)
    assert len(rows) == d.recipient_count == 5
    recipients = {r.chat_id: r for r in (await session.exec(select(DirectiveRecipient))).all()}
    for row in rows:
        assert row.method == OutboxMethod.COPY_MESSAGE
        assert row.payload["from_chat_id"] == world["admin"].telegram_id
        assert row.payload["message_id"] == 77
        assert row.dedupe_key == f"directive:{d.id}:{row.chat_id}"
        r = recipients[row.chat_id]
        assert r.outbox_id == row.id
        if row.chat_id > 0:
            assert row.payload["keyboard"] == [[{"text": "✅ Đã nhận",
                                                 "callback_data": f"ack:{r.id}"}]]
        else:
            assert "keyboard" not in row.payload  # a group cannot acknowledge


async def test_html_body_and_extra_buttons(session, world):
    buttons = [[{"text": "Đăng ký", "url": "https://t.me/thidua_bot?start=c1"}]]
    d = await make(session, world, actor=None, body_html="<b>Phát động</b>",
                   audience=Audience(unit_ids=[world["units"]["vnpt"].id]),
                   extra_buttons=buttons, kind="campaign_launch", ref="campaign:1")
    (row,) = await rows_of(session, d.id)
    assert row.method == OutboxMethod.SEND_MESSAGE
    assert row.payload["text"] == "<b>Phát động</b>"
    assert row.payload["keyboard"][0] == buttons[0]
    assert d.kind == "campaign_launch" and d.ref == "campaign:1" and d.created_by is None


async def test_never_twice_to_one_recipient(session, world):
    d = await make(session, world, send_at=NOW + timedelta(hours=1))
    assert d.status == DirectiveStatus.SCHEDULED and not await rows_of(session, d.id)
    later = NOW + timedelta(hours=2)
    assert await directives.release_due(session, now=later) == 1
    await session.commit()
    first = len(await rows_of(session, d.id))
    # The sweep again, and even a forced second release of the same directive, add nothing.
    assert await directives.release_due(session, now=later) == 0
    await session.exec(update(Directive).where(col(Directive.id) == d.id)
                       .values(status=DirectiveStatus.SCHEDULED))
    assert await directives.release_due(session, now=later) == 1
    await session.commit()
    rows = await rows_of(session, d.id)
    assert len(rows) == first == 5
    assert len({r.chat_id for r in rows}) == len(rows)
    recipients = (await session.exec(select(DirectiveRecipient).where(
        DirectiveRecipient.directive_id == d.id))).all()
    assert len(recipients) == 5


async def test_sweep_releases_only_due_and_late_ones_once(session, world):
    early = await make(session, world, send_at=NOW + timedelta(minutes=10))
    late = await make(session, world, send_at=NOW + timedelta(days=1))
    assert await directives.release_due(session, now=NOW + timedelta(minutes=5)) == 0
    # Down for two days: the first sweep after it releases both, each once.
    after = NOW + timedelta(days=3)
    assert await directives.release_due(session, now=after) == 2
    assert await directives.release_due(session, now=after) == 0
    await session.commit()
    for d in (early, late):
        await session.refresh(d)
        assert d.status == DirectiveStatus.SENDING and d.released_at == after
        assert len(await rows_of(session, d.id)) == 5


async def test_validation(session, world):
    with pytest.raises(DomainError) as e:
        await make(session, world, audience=Audience())
    assert e.value.code == "directive.no_audience"
    with pytest.raises(DomainError) as e:
        await make(session, world, source_chat_id=None, source_message_id=None)
    assert e.value.code == "directive.no_body"
    with pytest.raises(DomainError) as e:
        await make(session, world, send_at=NOW - timedelta(minutes=1))
    assert e.value.code == "directive.time_passed"
    with pytest.raises(DomainError) as e:
        await make(session, world, title="x" * 400)
    assert e.value.code == "directive.title_too_long"


async def test_who_may_broadcast(session, world):
    for who in ("bd_1", "council", "stranger"):
        with pytest.raises(AccessDenied):
            await make(session, world, actor=who)
    # A field lead: own field only, never everyone, only groups subscribed to the field.
    await make(session, world, actor="lead_bc", audience=Audience(fields=["BC"]))
    for audience in (Audience(fields=["VT"]), Audience(everyone=True),
                     Audience(fields=["BC", "VT"]), Audience(unit_ids=[1]),
                     Audience(fields=["BC"], group_chat_ids=[-200])):
        with pytest.raises(AccessDenied):
            await make(session, world, actor="lead_bc", audience=audience)
    await make(session, world, actor="lead_bc", audience=Audience(fields=["BC"],
                                                                 group_chat_ids=[-100]))


async def mark(session, directive_id, chat_id, status, error=None):
    await session.exec(update(OutboxMessage).where(
        col(OutboxMessage.dedupe_key) == f"directive:{directive_id}:{chat_id}")
        .values(status=status, error=error, message_id=500 + abs(chat_id) % 1000))
    await session.commit()


async def recipient(session, directive_id, m):
    return (await session.exec(select(DirectiveRecipient).where(
        DirectiveRecipient.directive_id == directive_id,
        DirectiveRecipient.chat_id == m.telegram_id))).one()


async def test_ack_only_by_the_recipient(session, world):
    d = await make(session, world)
    r = await recipient(session, d.id, world["bd_1"])
    with pytest.raises(AccessDenied) as e:
        await directive_register.acknowledge(session, actor=world["bd_2"], recipient_id=r.id, now=NOW)
    assert e.value.action == "directive.ack"
    with pytest.raises(AccessDenied):
        await directive_register.acknowledge(session, actor=world["bd_2"], recipient_id=99999, now=NOW)
    got = await directive_register.acknowledge(session, actor=world["bd_1"], recipient_id=r.id, now=NOW)
    assert got.newly and got.recipient.acknowledged_at == NOW
    again = await directive_register.acknowledge(session, actor=world["bd_1"], recipient_id=r.id,
                                                 now=NOW + timedelta(hours=1))
    assert not again.newly and again.recipient.acknowledged_at == NOW
    await session.commit()
    audits = (await session.exec(select(AuditEntry).where(AuditEntry.action == "directive.ack"))).all()
    assert len(audits) == 1 and audits[0].actor_telegram_id == world["bd_1"].telegram_id


async def test_delivery_report_counts_add_up(session, world):
    d = await make(session, world, audience=Audience(fields=["BC", "VT"]))
    # lead_bc, bd_1, bd_2, cds_1, vt_1 + groups -100, -200
    assert d.recipient_count == 7
    await mark(session, d.id, world["bd_1"].telegram_id, OutboxStatus.SENT)
    await mark(session, d.id, world["bd_2"].telegram_id, OutboxStatus.SENT)
    await mark(session, d.id, world["vt_1"].telegram_id, OutboxStatus.SENT)
    await mark(session, d.id, world["cds_1"].telegram_id, OutboxStatus.FAILED,
               "blocked: Forbidden: bot was blocked by the user")
    await mark(session, d.id, -100, OutboxStatus.FAILED, "kicked: Forbidden: bot was kicked")
    await mark(session, d.id, -200, OutboxStatus.FAILED, "Bad Request: chat not found")
    # A group that became a supergroup: the sender re-addressed the row and sent it there.
    await session.exec(update(OutboxMessage).where(
        col(OutboxMessage.dedupe_key) == f"directive:{d.id}:{world['lead_bc'].telegram_id}")
        .values(status=OutboxStatus.PENDING))
    await session.commit()
    r = await recipient(session, d.id, world["bd_1"])
    await directive_register.acknowledge(session, actor=world["bd_1"], recipient_id=r.id, now=NOW)
    await session.commit()

    report = await directive_register.delivery_report(session, actor=world["admin"], directive_id=d.id)
    c = report.counts
    assert (c.recipients, c.people, c.groups) == (7, 5, 2)
    assert (c.sent, c.failed, c.blocked, c.pending, c.cancelled) == (3, 1, 2, 1, 0)
    assert c.sent + c.failed + c.blocked + c.pending + c.cancelled == c.recipients
    assert c.acknowledged == 1 and c.people_sent == 3 and c.ack_rate == pytest.approx(1 / 3)
    by_unit = {u.unit_name: [name for _, name in u.people] for u in report.unacknowledged}
    assert by_unit == {"Đơn vị BD": ["Trần Thị B"], "Đơn vị VNPT": ["Lê Văn C"]}
    assert report.unacknowledged_count == 2

    # A field lead sees their own field's directives, an officer none.
    with pytest.raises(AccessDenied):
        await directive_register.delivery_report(session, actor=world["bd_1"], directive_id=d.id)


async def test_migrated_group_is_counted(session, world):
    d = await make(session, world, audience=Audience(group_chat_ids=[-400]))
    await session.exec(update(OutboxMessage).where(col(OutboxMessage.ref) == f"directive:{d.id}")
                       .values(status=OutboxStatus.SENT, chat_id=-1009999, message_id=3))
    await session.commit()
    c = (await directive_register.delivery_counts(session, [d.id]))[d.id]
    assert (c.sent, c.migrated, c.groups) == (1, 1, 1)


async def test_remind_exactly_the_unacknowledged_once(session, world):
    d = await make(session, world)
    for key in ("bd_1", "bd_2", "cds_1"):
        await mark(session, d.id, world[key].telegram_id, OutboxStatus.SENT)
    r = await recipient(session, d.id, world["bd_1"])
    await directive_register.acknowledge(session, actor=world["bd_1"], recipient_id=r.id, now=NOW)
    await session.commit()
    targets = await directive_register.remind_unacknowledged(session, actor=world["admin"],
                                                             directive_id=d.id, now=NOW)
    await session.commit()
    assert {t.chat_id for t in targets} == {world["bd_2"].telegram_id, world["cds_1"].telegram_id}
    with pytest.raises(DomainError) as e:
        await directive_register.remind_unacknowledged(session, actor=world["admin"], directive_id=d.id,
                                                       now=NOW)
    assert e.value.code == "directive.already_reminded"


async def test_cancel_scheduled(session, world):
    d = await make(session, world, send_at=NOW + timedelta(hours=1))
    with pytest.raises(AccessDenied):
        await directives.cancel_scheduled(session, actor=world["bd_1"], directive_id=d.id, now=NOW)
    got = await directives.cancel_scheduled(session, actor=world["admin"], directive_id=d.id,
                                            now=NOW)
    await session.commit()
    assert got.status == DirectiveStatus.CANCELLED
    assert await directives.release_due(session, now=NOW + timedelta(hours=2)) == 0
    assert not await rows_of(session, d.id)
    with pytest.raises(DomainError) as e:
        await directives.cancel_scheduled(session, actor=world["admin"], directive_id=d.id, now=NOW)
    assert e.value.code == "directive.not_cancellable"


async def test_cancel_mid_broadcast_stops_pending_copies(session, world):
    d = await make(session, world)
    await mark(session, d.id, world["bd_1"].telegram_id, OutboxStatus.SENT)
    await directives.cancel_scheduled(session, actor=world["admin"], directive_id=d.id, now=NOW)
    await session.commit()
    c = (await directive_register.delivery_counts(session, [d.id]))[d.id]
    assert (c.sent, c.cancelled, c.pending) == (1, 4, 0)


async def test_list_is_scoped(session, world):
    mine = await make(session, world, actor="lead_bc")
    await make(session, world, audience=Audience(fields=["VT"]))
    page, more = await directive_register.list_directives(session, actor=world["admin"])
    assert len(page) == 2 and not more
    page, _ = await directive_register.list_directives(session, actor=world["lead_bc"])
    assert [d.id for d in page] == [mine.id]
    with pytest.raises(AccessDenied):
        await directive_register.list_directives(session, actor=world["bd_1"])
