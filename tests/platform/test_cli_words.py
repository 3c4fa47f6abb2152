"""The CLI as a newcomer meets it: refusals in the bot's own sentences (Vietnamese, or English by
``--lang``/``THIDUA_LANGUAGE``), an invite that can be used as printed, and the example files
that load on a fresh database."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from models import Campaign, Invite, SessionFactory, Unit, UnitField
from tests.platform.test_cli_and_demo import GOOD_UNITS, REPO, thidua

EXAMPLES = REPO / "docs" / "examples"
RAW_KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b \{|\b(invite|unit|campaign)\.[a-z_]+\b")

ZERO_WEIGHTS = """code: ZERO2027
title: Thi đua thử trọng số
kind: thuong_xuyen
period: 01/01/2027 - 31/12/2027
fields: [attt]
targets:
  - {code: T1, name: Số cuộc diễn tập, unit: cuộc, target: 4, weight: 0}
milestones:
  - {code: SK, kind: so_ket, due: "17:00 30/06/2027"}
"""


def no_raw_keys(text: str) -> bool:
    return RAW_KEY.search(text) is None


async def test_refusals_are_the_bots_sentences_in_the_chosen_language(
        db_url: str, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    assert thidua(tmp_path, "units", "import", "units.csv", db_url=db_url).returncode == 0

    too_long = thidua(tmp_path, "invite", "create", "--unit", "CDS", "--days", "91", db_url=db_url)
    assert too_long.returncode == 2
    assert "Không tạo được lời mời: Thời hạn mã mời phải từ 1 đến 90 ngày." in too_long.stderr
    english = thidua(tmp_path, "invite", "create", "--unit", "NOPE", db_url=db_url,
                     THIDUA_LANGUAGE="en")
    assert english.returncode == 2
    assert "Cannot create the invite: There is no unit with code “NOPE”." in english.stderr
    flag = thidua(tmp_path, "--lang", "en", "invite", "create", "--unit", "CDS", "--days", "0",
                  db_url=db_url)
    assert "An invite must be valid for 1 to 90 days." in flag.stderr, flag.stderr

    (tmp_path / "zero.yaml").write_text(ZERO_WEIGHTS, encoding="utf-8")
    zero = thidua(tmp_path, "campaign", "import", "zero.yaml", db_url=db_url)
    assert zero.returncode == 1
    assert "Tổng trọng số các chỉ tiêu phải lớn hơn 0." in zero.stderr
    bad_lang = thidua(tmp_path, "--lang", "fr", "config", THIDUA_LANGUAGE="en")
    assert bad_lang.returncode == 2
    assert "--lang chỉ nhận vi hoặc en (không nhận “fr”)" in bad_lang.stderr, bad_lang.stderr
    for result in (too_long, english, flag, zero):
        assert no_raw_keys(result.stderr), result.stderr


async def test_an_invite_without_a_token_says_how_to_use_it(
        db_url: str, tmp_path: Path, session_factory: SessionFactory) -> None:
    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    assert thidua(tmp_path, "units", "import", "units.csv", db_url=db_url).returncode == 0
    made = thidua(tmp_path, "invite", "create", "--unit", "TTTT-HN", db_url=db_url)
    assert made.returncode == 0, made.stderr
    out = made.stdout
    assert "<bot_username>" not in out and "https://t.me/" not in out
    assert "cần tên bot" in out and "--bot-username" in out
    async with session_factory() as session:
        invite = (await session.exec(select(Invite))).one()
    assert f"/join {invite.code}" in out and ":user" in out
    expires = invite.expires_at.replace(tzinfo=invite.expires_at.tzinfo or UTC)
    local = expires.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y")
    assert f"Hết hạn: {local} (giờ Asia/Ho_Chi_Minh)" in out
    linked = thidua(tmp_path, "--lang", "en", "invite", "create", "--unit", "TTTT-HN",
                    "--bot-username", "@thidua_bot", db_url=db_url)
    assert re.search(r"Link: https://t\.me/thidua_bot\?start=[A-Za-z0-9_-]+\n", linked.stdout)
    assert "(Asia/Ho_Chi_Minh time)" in linked.stdout


async def test_the_example_units_and_campaign_load_on_a_fresh_database(
        db_url: str, tmp_path: Path, session_factory: SessionFactory) -> None:
    """The README's two commands, in its order, on an empty database."""
    units = thidua(tmp_path, "units", "import", str(EXAMPLES / "units.csv"), db_url=db_url)
    assert units.returncode == 0, units.stderr
    campaign = thidua(tmp_path, "campaign", "import", str(EXAMPLES / "campaign.yaml"),
                      db_url=db_url)
    assert campaign.returncode == 0, campaign.stderr
    assert "Đã tạo phong trào CDS2027" in campaign.stdout
    async with session_factory() as session:
        all_units = (await session.exec(select(Unit))).all()
        fields = {f.field_code for f in (await session.exec(select(UnitField))).all()}
        lead = (await session.exec(select(Campaign))).one().lead_unit_id
    assert len(all_units) >= 30
    assert fields == {"buu_chinh", "vien_thong", "ung_dung_cntt", "attt", "cong_nghiep_ict",
                      "bao_chi_truyen_thong"}
    assert sum(1 for u in all_units if u.parent_id is not None) >= 8
    assert any(u.code == "CDS" and u.id == lead for u in all_units)
    names = {u.name for u in all_units}
    assert {"Cục Bưu điện Trung ương", "Tổng công ty Bưu điện Việt Nam",
            "Trung tâm Giám sát an toàn không gian mạng quốc gia",
            "Cục Xuất bản, In và Phát hành"} <= names
    again = thidua(tmp_path, "units", "import", str(EXAMPLES / "units.csv"), db_url=db_url)
    assert again.returncode == 0 and "0 tạo mới, 0 cập nhật, 37 không đổi" in again.stdout
    english = thidua(tmp_path, "--lang", "en", "units", "import", str(EXAMPLES / "units.csv"),
                     db_url=db_url)
    assert "37 rows: 0 created, 0 updated, 37 unchanged, 0 skipped." in english.stdout


def test_configuration_and_startup_errors_are_one_sentence_in_the_chosen_language(
        tmp_path: Path) -> None:
    """A bad setting names the variable, what it takes and what to do; when the language setting is
    itself what is wrong, the sentence is Vietnamese."""
    bad_level = thidua(tmp_path, "config", THIDUA_GATEWAY="telethon", THIDUA_LANGUAGE="en")
    assert bad_level.returncode == 2
    assert "The setting THIDUA_GATEWAY is invalid (“telethon”): it takes only aiogram or ptb;" in \
        bad_level.stderr, bad_level.stderr
    assert "fix it in the environment or the .env file and run again." in bad_level.stderr
    bad_number = thidua(tmp_path, "config", THIDUA_AWARD_IMPORT_MAX_ROWS="many")
    assert bad_number.returncode == 2
    assert ("Cấu hình THIDUA_AWARD_IMPORT_MAX_ROWS không hợp lệ (“many”): phải là số nguyên; sửa "
            "giá trị này trong biến môi trường hoặc tệp .env rồi chạy lại.") in bad_number.stderr, \
        bad_number.stderr
    bad_lang = thidua(tmp_path, "config", THIDUA_LANGUAGE="fr")
    assert bad_lang.returncode == 2
    assert "Cấu hình THIDUA_LANGUAGE không hợp lệ (“fr”): chỉ nhận vi hoặc en;" in bad_lang.stderr, \
        bad_lang.stderr
    flag_wins = thidua(tmp_path, "--lang", "en", "config", THIDUA_LANGUAGE="fr")
    assert "The setting THIDUA_LANGUAGE is invalid (“fr”): it takes only vi or en;" in \
        flag_wins.stderr, flag_wins.stderr

    no_token = thidua(tmp_path, "run")
    assert no_token.returncode == 2
    assert "Chưa đặt mã bot (THIDUA_BOT_TOKEN)." in no_token.stderr
    assert "mở @BotFather, gửi /newbot" in no_token.stderr and "thidua sandbox" in no_token.stderr
    no_token_en = thidua(tmp_path, "--lang", "en", "run")
    assert "No bot token is set (THIDUA_BOT_TOKEN)." in no_token_en.stderr

    token = {"THIDUA_BOT_TOKEN": "123456789:" + "A" * 35}
    role = thidua(tmp_path, "run", "--role", "cook", **token)
    assert role.returncode == 2
    assert ("Không có vai trò cook: chọn trong web, worker, sender, scheduler (ví dụ: thidua run "
            "--role worker).") in role.stderr, role.stderr
    role_en = thidua(tmp_path, "--lang", "en", "run", "--role", "cook", **token)
    assert "There is no role cook: choose from web, worker, sender, scheduler" in role_en.stderr
    for result in (bad_level, bad_number, bad_lang, flag_wins, role, role_en):
        assert "Input should" not in result.stderr and "Configuration error" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
