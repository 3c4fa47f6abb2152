"""The award catalogue as versioned data, and the register's one write path."""

from __future__ import annotations

import copy

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import AuditEntry, AwardKind, AwardRecord, Beneficiary, RecordSource, Unit
from services.awards import catalogue as cat
from services.awards.catalogue_schema import CatalogueError, validate
from services.awards.register import DuplicateAward, find_or_create_person, record_award

TITLES_INDIVIDUAL = {"LDTT", "CSTDCS", "CSTD_BO", "CSTD_TQ"}
TITLES_COLLECTIVE = {"TTLDTT", "TTLDXS", "CO_BO", "CO_CP"}
FORMS = {"GIAY_KHEN", "BK_BT", "BK_TTG", "HCLD3", "KNC"}


async def test_default_catalogue_installs_once_with_titles_and_forms_apart(session: AsyncSession) -> None:
    first = await cat.current_catalogue(session)
    await session.commit()
    again = await cat.current_catalogue(session)
    assert first.version == again.version == 1
    assert {a.code for a in first.of_kind(AwardKind.TITLE)} == TITLES_INDIVIDUAL | TITLES_COLLECTIVE
    assert {a.code for a in first.of_kind(AwardKind.FORM)} == FORMS
    assert {a.code for a in first.for_whom(Beneficiary.COLLECTIVE)} == TITLES_COLLECTIVE
    cstdcs = first.get("CSTDCS")
    assert cstdcs is not None and cstdcs.caps == [{"share_of": "LDTT", "share": 0.15}]
    assert cstdcs.council_share == 0.9 and cstdcs.secret_ballot
    # Names as people write them, with or without diacritics.
    assert first.find("chiến sĩ thi đua cơ sở") is cstdcs
    assert first.find("CHIEN SI THI DUA CO SO") is cstdcs
    assert first.find("Bằng khen của Thủ tướng Chính phủ").code == "BK_TTG"  # type: ignore[union-attr]
    assert first.find("huy chương vàng") is None


async def test_export_edit_import_makes_a_new_version_and_old_stays_readable(session: AsyncSession) -> None:
    exported = await cat.export_document(session)
    assert exported["version"] == 1
    same, changed = await cat.import_catalogue(session, copy.deepcopy(exported), actor=7)
    assert not changed and same.version == 1

    edited = copy.deepcopy(exported)
    for award in edited["awards"]:
        if award["code"] == "CSTDCS":
            award["caps"] = [{"share_of": "LDTT", "share": 0.2}]
    row, changed = await cat.import_catalogue(session, edited, actor=7)
    await session.commit()
    assert changed and row.version == 2
    now = await cat.current_catalogue(session)
    assert now.version == 2 and now.get("CSTDCS").caps[0]["share"] == 0.2  # type: ignore[union-attr]
    old = await cat.catalogue_version(session, 1)
    assert old.get("CSTDCS").caps[0]["share"] == 0.15  # type: ignore[union-attr]
    query = select(AuditEntry).where(AuditEntry.action == "awards.catalogue.import")
    audits = (await session.exec(query)).all()
    assert [a.actor_telegram_id for a in audits] == [None, 7]


def test_validation_names_each_problem_where_it_is() -> None:
    document = cat.default_document()
    broken = copy.deepcopy(document)
    broken["awards"][1]["rule"]["any_of"][0]["all_of"][0] = {"check": "rating", "count": 1}
    broken["awards"][2]["kind"] = "huy_chuong"
    broken["awards"][3]["caps"] = [{"share_of": "NOPE", "share": 0.1}]
    with pytest.raises(CatalogueError) as err:
        validate(broken)
    message = str(err.value)
    where = "awards[1] (CSTDCS) → rule → any_of[0] → all_of[0]"
    assert f"{where}: check 'rating' needs at_least, within" in message
    assert "awards[2] (CSTD_BO) → kind" in message
    dupes = copy.deepcopy(document)
    dupes["awards"].append(copy.deepcopy(dupes["awards"][0]))
    with pytest.raises(CatalogueError, match="award codes used twice: LDTT"):
        validate(dupes)
    unknown = copy.deepcopy(document)
    unknown["awards"][2]["rule"]["any_of"][0]["all_of"][0]["codes"] = ["CSTD_XX"]
    with pytest.raises(CatalogueError, match="award CSTD_BO: refers to unknown codes CSTD_XX"):
        validate(unknown)
    with pytest.raises(CatalogueError, match="mapping"):
        validate(["not", "a", "catalogue"])


async def test_record_award_keeps_the_version_and_refuses_a_duplicate(session: AsyncSession) -> None:
    unit = Unit(code="VNPT", name="Tập đoàn VNPT")
    session.add(unit)
    await session.flush()
    assert unit.id is not None
    person, created = await find_or_create_person(
        session, unit_id=unit.id, full_name="Nguyễn Văn A", birth_date=None
    )
    assert created
    same, created = await find_or_create_person(
        session, unit_id=unit.id, full_name="nguyen van a", birth_date=None
    )
    assert same.id == person.id and not created
    record = await record_award(
        session, award_code="CSTDCS", year=2026, unit_id=unit.id, person_id=person.id,
        decision_number="123/QĐ-VNPT", actor=5,
    )
    assert record.catalogue_version == 1 and record.source is RecordSource.DECISION
    with pytest.raises(DuplicateAward) as err:
        await record_award(session, award_code="CSTDCS", year=2026, unit_id=unit.id, person_id=person.id)
    assert err.value.params["decision"] == "123/QĐ-VNPT"
    # The collective's own award is a different line.
    await record_award(session, award_code="TTLDTT", year=2026, unit_id=unit.id)
    await session.commit()
    assert len((await session.exec(select(AwardRecord))).all()) == 2
