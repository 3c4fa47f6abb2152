"""The ``thidua`` command as an operator runs it: every command in a subprocess, on a migrated
database (SQLite, or PostgreSQL when THIDUA_TEST_DATABASE_URL is set), and ``thidua demo`` played
to the end. The demo takes ~30 s (it paces its replies as Telegram would), so it starts in the
background with this module's first test and is checked by the last one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from models import Campaign, Invite, SessionFactory, Unit

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "campaign.yaml"
SECRET = "AAAAsecretPartOfTheToken_0123456789x"  # 35 characters, as Telegram's tokens have
TOKEN = f"123456789:{SECRET}"

GOOD_UNITS = """code,name,kind,parent code,fields
CDS,Cục Chuyển đổi số quốc gia,co_quan,,ung_dung_cntt
TTTT-HN,Sở Thông tin và Truyền thông Hà Nội,co_quan,,ung_dung_cntt
NCSC,Trung tâm Giám sát an toàn không gian mạng,don_vi_su_nghiep,,attt
"""
BAD_UNITS = """code,name,kind,parent code,fields
CDS,Cục Chuyển đổi số quốc gia,co_quan,,ung_dung_cntt
TTTT-HN,,co_quan,,ung_dung_cntt
NCSC,Trung tâm Giám sát an toàn không gian mạng,don_vi_su_nghiep,,khong_co_linh_vuc
"""
BAD_CAMPAIGN = """code: CDS 2027
title: Thi đua thử
fields: [ung_dung_cntt, khong_co]
lead_unit: CDS
targets:
  - {code: T1, name: Tỷ lệ hồ sơ trực tuyến, unit: "%", target: nhiều}
milestones:
  - {code: SK, kind: so_ket, due: "30/02/2027"}
"""


def environment(**values: str) -> dict[str, str]:
    """This process's environment without any THIDUA_ setting, plus ``values``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(values)
    return env


def thidua(cwd: Path, *args: str, db_url: str | None = None, timeout: float = 60,
           input: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``thidua ARGS`` in ``cwd`` (no .env there), on ``db_url``, typing ``input``."""
    if db_url is not None:
        env["THIDUA_DATABASE_URL"] = db_url
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=environment(**env),
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          input=input, stdin=None if input is not None else subprocess.DEVNULL)


async def count(session_factory: SessionFactory, table: type) -> int:
    async with session_factory() as session:
        return int((await session.exec(select(func.count()).select_from(table))).one())


@pytest.fixture(scope="module", autouse=True)
def demo_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[subprocess.Popen[str]]:
    """``thidua demo``, started with the module's first test so that it plays meanwhile."""
    cwd = tmp_path_factory.mktemp("demo")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "demo"], cwd=cwd,
                               env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
    yield process
    if process.poll() is None:
        process.kill()
        process.communicate()


# -- units ------------------------------------------------------------------------------------------
async def test_units_import_checks_every_row_first(db_url: str, tmp_path: Path,
                                                   session_factory: SessionFactory) -> None:
    (tmp_path / "bad.csv").write_text(BAD_UNITS, encoding="utf-8")
    bad = thidua(tmp_path, "units", "import", "bad.csv", db_url=db_url)
    assert bad.returncode == 1, bad.stderr
    assert "Dòng 3: thiếu tên đơn vị" in bad.stderr and "Dòng 4: lĩnh vực" in bad.stderr
    assert "chưa thay đổi gì" in bad.stderr
    english = thidua(tmp_path, "--lang", "en", "units", "import", "bad.csv", db_url=db_url)
    assert "Row 3: the name is empty" in english.stderr and "nothing was changed" in english.stderr
    assert await count(session_factory, Unit) == 0

    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    good = thidua(tmp_path, "units", "import", "units.csv", db_url=db_url)
    assert good.returncode == 0, good.stderr
    assert "3 tạo mới" in good.stdout
    assert await count(session_factory, Unit) == 3

    missing = thidua(tmp_path, "units", "import", "no-such-file.csv", db_url=db_url)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


# -- invites ----------------------------------------------------------------------------------------
async def test_invite_create_prints_link_and_code(db_url: str, tmp_path: Path,
                                                  session_factory: SessionFactory) -> None:
    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    assert thidua(tmp_path, "units", "import", "units.csv", db_url=db_url).returncode == 0
    made = thidua(tmp_path, "invite", "create", "--unit", "TTTT-HN", "--role", "officer",
                  "--bot-username", "thidua_bot", db_url=db_url)
    assert made.returncode == 0, made.stderr
    link = re.search(r"https://t\.me/thidua_bot\?start=([A-Za-z0-9_-]+)", made.stdout)
    assert link is not None, made.stdout
    assert f"/join {link.group(1)}" in made.stdout
    assert await count(session_factory, Invite) == 1

    unknown = thidua(tmp_path, "invite", "create", "--unit", "KHONG-CO", db_url=db_url)
    assert unknown.returncode == 2
    assert "Không tạo được lời mời: Không tìm thấy đơn vị có mã “KHONG-CO”." in unknown.stderr
    assert await count(session_factory, Invite) == 1


# -- campaigns --------------------------------------------------------------------------------------
async def test_campaign_import_and_launch(db_url: str, tmp_path: Path,
                                          session_factory: SessionFactory) -> None:
    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    assert thidua(tmp_path, "units", "import", "units.csv", db_url=db_url).returncode == 0

    (tmp_path / "bad.yaml").write_text(BAD_CAMPAIGN, encoding="utf-8")
    bad = thidua(tmp_path, "campaign", "import", "bad.yaml", db_url=db_url)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "chưa thay đổi gì" in bad.stderr
    for problem in ("code: “CDS 2027” phải là một từ", "không có lĩnh vực mã “khong_co”",
                    "targets[1].target: phải là số lớn hơn 0",
                    "milestones[1].due: không đọc được thời hạn “30/02/2027”"):
        assert problem in bad.stderr, problem
    (tmp_path / "broken.yaml").write_text("code: [CDS2027\n", encoding="utf-8")
    broken = thidua(tmp_path, "campaign", "import", "broken.yaml", db_url=db_url)
    assert broken.returncode == 1 and "Tệp không đúng cú pháp YAML" in broken.stderr
    english = thidua(tmp_path, "--lang", "en", "campaign", "import", "broken.yaml", db_url=db_url)
    assert english.returncode == 1 and "not valid YAML" in english.stderr
    assert await count(session_factory, Campaign) == 0

    example = thidua(tmp_path, "campaign", "import", str(EXAMPLE), db_url=db_url)
    assert example.returncode == 0, example.stderr
    assert "Đã tạo phong trào CDS2027" in example.stdout
    assert await count(session_factory, Campaign) == 1

    launched = thidua(tmp_path, "campaign", "launch", "cds2027", db_url=db_url)
    assert launched.returncode == 0, launched.stderr
    assert "Đã phát động phong trào CDS2027" in launched.stdout
    again = thidua(tmp_path, "campaign", "launch", "CDS2027", db_url=db_url)
    assert again.returncode == 1
    assert "Không phát động được CDS2027: Phong trào đã được phát động trước đó." in again.stderr
    unknown = thidua(tmp_path, "campaign", "launch", "KHONGCO", db_url=db_url)
    assert unknown.returncode == 1 and "Không có phong trào mã “KHONGCO”" in unknown.stderr

    # A moved deadline on a launched campaign is reported (and announced to its participants).
    moved = EXAMPLE.read_text(encoding="utf-8").replace("17:00 30/06/2027", "17:00 15/07/2027")
    (tmp_path / "moved.yaml").write_text(moved, encoding="utf-8")
    updated = thidua(tmp_path, "campaign", "import", "moved.yaml", db_url=db_url)
    assert updated.returncode == 0, updated.stderr
    assert "Đã cập nhật phong trào CDS2027" in updated.stdout
    assert "SK: thời hạn đổi từ 17:00 30/06/2027 sang 17:00 15/07/2027" in updated.stdout
    assert await count(session_factory, Campaign) == 1


def test_campaign_import_without_the_lead_unit_explains(db_url: str, tmp_path: Path) -> None:
    result = thidua(tmp_path, "campaign", "import", str(EXAMPLE), db_url=db_url)
    assert result.returncode == 1
    assert "lead_unit: không có đơn vị mã “CDS” (nhập danh sách đơn vị trước" in result.stderr
    english = thidua(tmp_path, "--lang", "en", "campaign", "import", str(EXAMPLE), db_url=db_url)
    assert "lead_unit: unknown unit code 'CDS'" in english.stderr


# -- settings and serving ---------------------------------------------------------------------------
def test_config_masks_the_token(tmp_path: Path) -> None:
    shown = thidua(tmp_path, "config", THIDUA_BOT_TOKEN=TOKEN,
                   THIDUA_DATABASE_URL="postgresql+asyncpg://thidua:pa55word@db/thidua")
    assert shown.returncode == 0, shown.stderr
    assert "123456789:***" in shown.stdout
    assert SECRET not in shown.stdout + shown.stderr
    assert "pa55word" not in shown.stdout + shown.stderr


def test_a_malformed_token_is_refused_without_echoing_it(tmp_path: Path) -> None:
    refused = thidua(tmp_path, "config", THIDUA_BOT_TOKEN=f"bot{SECRET}")
    assert refused.returncode == 2
    assert "@BotFather" in refused.stderr
    assert SECRET not in refused.stdout + refused.stderr


def test_run_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    result = thidua(tmp_path, "run", timeout=30)
    assert result.returncode == 2
    assert "THIDUA_BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "thidua sandbox" in result.stderr


# -- the demo (started in the background by ``demo_process``) ---------------------------------------
def test_demo_plays_the_campaign_cycle(demo_process: subprocess.Popen[str]) -> None:
    out, err = demo_process.communicate(timeout=300)
    assert demo_process.returncode == 0, out[-3000:] + err[-3000:]
    assert "✗" not in out and "Traceback" not in err
    assert "all passed" in out and ", 0 rejected" in out
    # welcome, joining by the invite, the launch announcement
    assert "Xin chào đồng chí Trần Văn Minh" in out
    assert "Chào mừng đồng chí Lê Thu Trang" in out
    # the operator's commands answer as `thidua` does, in Vietnamese
    assert "Đã tạo phong trào CDS2027" in out and "5 dòng: 5 tạo mới" in out
    assert "Campaign CDS2027 created" not in out and "rows:" not in out
    assert "PHÁT ĐỘNG PHONG TRÀO THI ĐUA" in out
    # the receipts carry a number and the revision
    assert re.search(r"Đã nhận báo cáo\. Số tiếp nhận: \d+ \(lần nộp thứ 1\)", out)
    assert re.search(r"Đã nhận báo cáo\. Số tiếp nhận: \d+ \(lần nộp thứ 2\)", out)
    # /missing lists the units that did not report, not the one that did
    start = out.index("/missing CDS2027 SK")
    end = out.find("━━", start)  # up to the next scene
    missing = out[start:end if end != -1 else None]
    assert "Chưa nộp: 3/4" in missing
    assert "TTTT-HP" in missing and "NCSC" in missing and "CDS Cục" in missing
    assert "TTTT-HN" not in missing and "VNPOST" not in missing
    # a directive: sent to the field with its number, acknowledged by the officer, registered
    directive = out[out.index("Văn bản, thông báo: soạn"):]
    assert "→ Lê Thu Trang, Phạm Quốc Bảo: Đề nghị các đơn vị gửi báo cáo sơ kết" in directive
    assert "💬 Cảm ơn đồng chí đã báo “Đã nhận”." in directive
    assert re.search(r"125/TB-TĐKT · Về việc nộp báo cáo sơ kết 6 tháng\n.*đã nhận 1/2 \(50%\)",
                     directive)
    # it ends with the council: the award in the register and the story spread to a group
    assert "Kết quả kiểm phiếu" in out and "Đã ghi quyết định số 125/QĐ-BKHCN" in out
    assert "Đã đăng bài giới thiệu “Lê Thu Trang”" in out
