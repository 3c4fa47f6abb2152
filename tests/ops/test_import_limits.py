"""Hostile import files are refused early with a reason, in bounded memory (issue #9, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services import unit_files
from services.campaign_files import CampaignFileError, read_file
from services.imports import ImportLimits, ImportRefused, read_rows
from tests.ops import hostile
from tests.ops.peak import run_cli

ROOT = Path(__file__).resolve().parents[2]


def refusal(path: Path, limits: ImportLimits | None = None) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        unit_files.read_table(path, limits or ImportLimits())
    return caught.value


def test_a_huge_shared_string_is_refused_before_any_xml_is_parsed(tmp_path: Path) -> None:
    path = hostile.huge_shared_string(tmp_path / "s.xlsx")
    assert path.stat().st_size < 3 * 1024 * 1024  # small on disk
    assert refusal(path).code == "import.unpacked_too_big"
    # Within the total, the packing ratio alone gives it away.
    exc = refusal(path, ImportLimits(max_unpacked_mb=10_000))
    assert exc.code == "import.compression_bomb"
    assert "sharedStrings" in str(exc)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", unpacked_mb=256)
    assert refusal(path).code == "import.unpacked_too_big"
    assert refusal(path, ImportLimits(max_unpacked_mb=10_000)).code == "import.compression_bomb"


def test_a_long_shared_string_is_read_and_refused_as_a_long_cell(tmp_path: Path) -> None:
    path = hostile.huge_shared_string(tmp_path / "s.xlsx", chars=5000)
    exc = refusal(path)
    assert exc.code == "import.cell_too_long" and exc.params == {"row": 2, "limit": 2000}
    assert len(unit_files.read_table(path, ImportLimits(max_cell_chars=6000))) == 2


@pytest.mark.parametrize("chars", [2001, 50_000, 200_000])
def test_a_long_csv_cell_is_refused(tmp_path: Path, chars: int) -> None:
    exc = refusal(hostile.long_cell_csv(tmp_path / "c.csv", chars))
    assert exc.code == "import.cell_too_long"
    assert str(exc) == "row 2 has a cell of more than 2000 characters"


def test_a_million_row_csv(tmp_path: Path) -> None:
    path = hostile.many_rows_csv(tmp_path / "m.csv")
    assert refusal(path).code == "import.file_too_big"
    exc = refusal(path, ImportLimits(max_file_mb=100))
    assert exc.code == "import.too_many_rows"
    assert str(exc) == "the file has more than 20000 rows; split it into smaller files"
    rows = read_rows(path, ImportLimits(max_file_mb=100, max_rows=2_000_000))
    assert sum(1 for _ in rows) == 1_000_001  # within limits, every row is read


@pytest.fixture(scope="module")
def million_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.many_rows_xlsx(tmp_path_factory.mktemp("x") / "m.xlsx")


def test_a_million_row_xlsx(million_xlsx: Path) -> None:
    assert refusal(million_xlsx).code == "import.unpacked_too_big"
    exc = refusal(million_xlsx, ImportLimits(max_unpacked_mb=1000))
    assert exc.code == "import.too_many_rows"


@pytest.mark.parametrize("rows, refused", [(19_999, False), (20_000, True), (25_000, True)])
def test_the_row_count_is_exact(tmp_path: Path, rows: int, refused: bool) -> None:
    path = hostile.many_rows_xlsx(tmp_path / "r.xlsx", rows=rows)  # plus the header row
    if refused:
        assert refusal(path).code == "import.too_many_rows"
    else:
        assert len(unit_files.read_table(path)) == rows + 1


def test_rows_stream(tmp_path: Path) -> None:
    path = hostile.many_rows_xlsx(tmp_path / "r.xlsx", rows=20_000)
    rows = read_rows(path, ImportLimits(max_rows=20_001))
    assert next(rows) == (1, ["code", "name", "kind", "parent code", "fields"])
    assert next(rows) == (2, ["U2", "Unit 2"])
    rows.close()  # a generator: nothing past what was asked was read


def test_campaign_files_are_checked_too(tmp_path: Path) -> None:
    with pytest.raises(CampaignFileError) as caught:
        read_file(hostile.zip_bomb(tmp_path / "campaign.xlsx", unpacked_mb=64))
    assert caught.value.errors[0].code == "import.unpacked_too_big"
    big = tmp_path / "campaign.yaml"
    with big.open("w") as fh:
        fh.write("code: X\ntitle: |\n")
        fh.write(("  " + "A" * 1000 + "\n") * 25_000)
    with pytest.raises(CampaignFileError) as caught:
        read_file(big)
    assert caught.value.errors[0].code == "import.file_too_big"


def _cli_import(path: Path, env: dict[str, str], db: Path) -> tuple[int, str, float]:
    """Exit code, stderr and peak RSS (MB) of `thidua units import` in its own process."""
    env = {**env, "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "THIDUA_BOT_TOKEN": ""}
    code, _out, err, peak_mb = run_cli(["units", "import", str(path)], cwd=ROOT, env=env,
                                       peak_file=db.with_suffix(".peak"))
    return code, err, peak_mb


@pytest.mark.parametrize("make, env, reason", [
    (lambda d: hostile.huge_shared_string(d / "s.xlsx"), {}, "khi giải nén nặng 400"),
    (lambda d: hostile.many_rows_csv(d / "m.csv"), {"THIDUA_IMPORTS__MAX_FILE_MB": "100"},
     "hơn 20000 dòng"),
    (lambda d: hostile.many_rows_xlsx(d / "m.xlsx", rows=300_000),
     {"THIDUA_IMPORTS__MAX_UNPACKED_MB": "1000", "THIDUA_LANGUAGE": "en"},
     "more than 20000 rows"),
])
def test_cli_refuses_in_one_sentence_and_bounded_memory(tmp_path: Path, make, env, reason) -> None:
    path = make(tmp_path)
    code, err, peak_mb = _cli_import(path, env, tmp_path / "t.db")
    assert code == 2
    lines = err.strip().splitlines()
    done = "Nothing was changed" if env.get("THIDUA_LANGUAGE") == "en" else "Chưa thay đổi gì"
    assert len(lines) == 1 and reason in lines[0] and done in lines[0], err
    assert "Traceback" not in err
    assert peak_mb < 300, peak_mb
