"""Official field names with a comma in them import as written (issue #10, item 15)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlmodel import select

from models import Unit, UnitField
from services import unit_files, units
from services.unit_fields import join_fields, split_fields


async def test_every_way_of_writing_a_list_of_the_six_fields(session) -> None:
    fields = await units.list_fields(session)
    spellings = {f.code: [f.code, f.name_vi, f.name_en, f.name_vi.upper()] for f in fields}
    for a, b in itertools.permutations([f.code for f in fields], 2):
        for sa, sb, sep in itertools.product(spellings[a][:3], spellings[b][:3], [", ", "; ", ","]):
            got = split_fields(f"{sa}{sep}{sb}", fields)
            assert [code for _, code in got] == [a, b], (sa, sep, sb, got)


async def test_unknown_pieces_are_named_alone(session) -> None:
    fields = await units.list_fields(session)
    got = split_fields("An toàn, an ninh mạng, Hàng không; Báo chí, truyền thông", fields)
    assert got == [("An toàn, an ninh mạng", "attt"), ("Hàng không", None),
                   ("Báo chí, truyền thông", "bao_chi_truyen_thong")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_units_file_with_official_names(session, tmp_path: Path, suffix: str) -> None:
    rows = [["code", "name", "kind", "parent code", "fields"],
            ["CATTT", "Cục An toàn thông tin", "co_quan", "", "An toàn, an ninh mạng"],
            ["CBC", "Cục Báo chí", "co_quan", "", "Báo chí, truyền thông, Bưu chính"]]
    path = tmp_path / f"units{suffix}"
    unit_files.write_table(path, rows[1:])
    report = await unit_files.import_units(session, path)
    assert report.ok, [str(e) for e in report.errors]
    await session.flush()
    links = (await session.exec(select(Unit.code, UnitField.field_code)
                                .join(UnitField, UnitField.unit_id == Unit.id))).all()
    assert sorted(links) == [("CATTT", "attt"), ("CBC", "bao_chi_truyen_thong"),
                             ("CBC", "buu_chinh")]
    exported = await unit_files.unit_rows(session)
    assert {r[0]: r[4] for r in exported} == {"CATTT": "attt",
                                              "CBC": "buu_chinh; bao_chi_truyen_thong"}


def test_lists_are_joined_with_semicolons() -> None:
    assert join_fields(["An toàn, an ninh mạng", "Bưu chính"]) == "An toàn, an ninh mạng; Bưu chính"
