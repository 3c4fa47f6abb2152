"""`thidua calendar …` and `thidua nudges plan` as an operator runs them (a real process)."""

from __future__ import annotations

from pathlib import Path

from tests.platform.test_cli_and_demo import EXAMPLE, GOOD_UNITS, thidua


def test_calendar_commands(db_url: str, tmp_path: Path) -> None:
    off = thidua(tmp_path, "calendar", "add-off", "03/02/2027", "--reason", "Nghỉ Tết kéo dài",
                 db_url=db_url)
    assert off.returncode == 0, off.stderr
    assert "03/02/2027 nay là ngày nghỉ (Nghỉ Tết kéo dài)." in off.stdout
    assert thidua(tmp_path, "calendar", "add-workday", "2027-02-13", db_url=db_url).returncode == 0
    shown = thidua(tmp_path, "calendar", "show", "2027", db_url=db_url)
    assert "Ngày nghỉ:" in shown.stdout and "Ngày làm việc bù:" in shown.stdout
    assert "03/02/2027 thứ Tư" in shown.stdout and "Nghỉ Tết kéo dài" in shown.stdout
    assert "08/02/2027 thứ Hai" in shown.stdout and "Tết Nguyên đán" in shown.stdout
    assert "13/02/2027 thứ Bảy" in shown.stdout
    bad = thidua(tmp_path, "calendar", "add-off", "31/02/2027", db_url=db_url)
    assert bad.returncode == 2 and "Không đọc được ngày “31/02/2027”" in bad.stderr
    working = thidua(tmp_path, "calendar", "add-workday", "03/03/2027", db_url=db_url)
    assert working.returncode == 1 and "Ngày 03/03/2027 đã là ngày làm việc" in working.stderr
    # A day off announced without a reason is said as such, not as the code "announced".
    assert thidua(tmp_path, "calendar", "add-off", "05/03/2027", db_url=db_url).returncode == 0
    shown = thidua(tmp_path, "calendar", "show", "2027", db_url=db_url)
    assert "05/03/2027 thứ Sáu   nghỉ theo thông báo" in shown.stdout, shown.stdout
    english = thidua(tmp_path, "--lang", "en", "calendar", "show", "2027", db_url=db_url).stdout
    assert "Days off:" in english and "03/02/2027 Wednesday" in english
    assert "05/03/2027 Friday    announced day off" in english, english
    assert " announced\n" not in shown.stdout + english


def test_nudge_plan_from_a_campaign_file_with_its_own_offsets(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    assert thidua(tmp_path, "units", "import", "units.csv", db_url=db_url).returncode == 0
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(text + "nudges: [-2, soon]\n", encoding="utf-8")
    bad = thidua(tmp_path, "campaign", "import", "bad.yaml", db_url=db_url)
    assert bad.returncode == 1 and "Không đọc được mốc nhắc" in bad.stderr  # the bot's words
    (tmp_path / "c.yaml").write_text(text + "nudges: [-2, 0]\n", encoding="utf-8")
    assert thidua(tmp_path, "campaign", "import", "c.yaml", db_url=db_url).returncode == 0
    plan = thidua(tmp_path, "nudges", "plan", "--campaign", "cds2027", db_url=db_url)
    assert plan.returncode == 0, plan.stderr
    out = plan.stdout
    assert "Mốc nhắc (số ngày làm việc so với hạn): -2, 0; gửi lúc 08:00" in out
    assert "SK · Sơ kết 6 tháng — hạn 17:00 thứ Tư, 30/06/2027" in out
    assert "08:00 thứ Hai, 28/06/2027" in out and "08:00 thứ Tư, 30/06/2027" in out
    assert "nếu nhắc bây giờ: 0 cán bộ của 0 đơn vị" in out  # times shown even with nobody
    assert "dự kiến" in out and "planned" not in out and "due" not in out
    # the nộp hồ sơ milestone is nudged too: the awards area says which units sent their list
    assert "không nhắc" not in out and "08:00 thứ Tư, 15/12/2027" in out
    english = thidua(tmp_path, "--lang", "en", "nudges", "plan", "--campaign", "cds2027",
                     db_url=db_url).stdout
    assert "Offsets (working days from the deadline): -2, 0; sent at 08:00" in english
    assert "would reach now: 0 officers of 0 units" in english
    assert "08:00 Monday, 28/06/2027" in english
    unknown = thidua(tmp_path, "nudges", "plan", "--campaign", "KHONGCO", db_url=db_url)
    assert unknown.returncode == 1 and "Không có phong trào mã “KHONGCO”" in unknown.stderr
