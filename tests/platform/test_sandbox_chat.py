"""The terminal chat (``thidua sandbox``), driven through its own input as a person types: groups,
the answers to pressed buttons, and a second start that continues the first."""

from __future__ import annotations

import html
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.sandbox_chat import run_sandbox
from bot.sandbox_home import state_path
from handlers.i18n import render
from handlers.root import build_router
from tests.platform.test_cli_and_demo import GOOD_UNITS
from tests.platform.test_cli_and_demo import thidua as run_thidua

build_router()  # every area's texts in the catalog

Line = str | Callable[[str], str]


class Keyboard:
    """Types the given lines one by one at the terminal chat's prompt; a line may be computed
    from what the screen shows so far (e.g. the number of a button by its label)."""

    def __init__(self, *lines: Line) -> None:
        self.lines = list(lines)
        self.screen = io.StringIO()

    async def __call__(self, prompt: str) -> str | None:
        self.screen.write(prompt)
        if not self.lines:
            return None
        line = self.lines.pop(0)
        typed = line(self.screen.getvalue()) if callable(line) else line
        self.screen.write(typed + "\n")
        return typed

    @property
    def text(self) -> str:
        return self.screen.getvalue()


def button(label: str) -> Callable[[str], str]:
    """``#N`` for the newest button on screen whose label contains ``label``."""

    def press(screen: str) -> str:
        found = re.findall(r"\[(\d+)\] ([^\[\n]*)", screen)
        for number, text in reversed(found):
            if label in text:
                return f"#{number}"
        raise AssertionError(f"no button «{label}» on screen:\n{screen[-1500:]}")

    return press


def vi(key: str, **values: object) -> str:
    """A text of the bot in Vietnamese, as a person reads it (without the HTML)."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(render(key, "vi", **values))))


async def play(keys: Keyboard, db_url: str, gateway: str = "aiogram") -> str:
    await run_sandbox(gateway=gateway, database_url=db_url, read_line=keys, out=keys.screen)
    return keys.text


@pytest.mark.parametrize("gateway", ["aiogram", "ptb"])
async def test_a_group_is_made_the_bot_added_and_its_posts_shown(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gateway: str) -> None:
    monkeypatch.chdir(tmp_path)
    keys = Keyboard(
        ":group new Tổ Thi đua Cục CĐS",
        ":group add-bot",
        "/subscribe",
        button("Ứng dụng công nghệ thông tin"),
        "Chào cả nhóm",
        ":group add Lê Thu Trang",
        ":out",
        "/groups",
        ":groups",
        ":user Lê Thu Trang",
        ":in Tổ Thi đua Cục CĐS",
        ":in Nhóm không có",
    )
    screen = await play(keys, db_url, gateway)
    hello = vi("groups.hello").split("!")[0]
    # what the bot posts in the group, marked with the group's name
    assert f"[👥 Tổ Thi đua Cục CĐS] 🤖 {hello}" in screen, screen
    assert "Quản trị viên @ Tổ Thi đua Cục CĐS> " in screen
    # a toggle in the group answers with a toast
    assert f"ⓘ {vi('groups.subscribed')}" in screen
    # a plain message in a group is not seen by a bot in privacy mode, and the person is told
    assert "Bot không thấy tin này" in screen
    # the bot knows the group: /groups in the private chat lists it
    listed = screen[screen.index("Quản trị viên> /groups"):]
    assert "Tổ Thi đua Cục CĐS" in listed.split(":groups")[0]
    assert "bot: member; thành viên: Quản trị viên, Lê Thu Trang" in screen
    assert "Lê Thu Trang @ Tổ Thi đua Cục CĐS> " in screen
    # switching person shows what came for them: she sees the group's messages too
    after_switch = screen[screen.index("Bạn là: Lê Thu Trang"):]
    assert f"[👥 Tổ Thi đua Cục CĐS] 🤖 {hello}" in after_switch
    assert "Không có nhóm “Nhóm không có”" in screen


async def test_a_button_answered_with_an_alert_is_shown(db_url: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    keys = Keyboard("/broadcast", "Họp giao ban thi đua quý I", button("Tiếp tục"))
    screen = await play(keys, db_url)
    assert f"⚠️  [hộp thoại / alert] {vi('directives.no_audience')}" in screen, screen


def test_a_second_start_continues_the_first_and_reset_starts_over(tmp_path: Path) -> None:
    """Two `thidua start` in a row on the same folder, as a newcomer does; then --reset.
    (The python-telegram-bot gateway: it starts in a second, where aiogram takes three.)"""

    def thidua(cwd: Path, *args: str, input: str) -> subprocess.CompletedProcess[str]:
        return run_thidua(cwd, *args, input=input, timeout=120, THIDUA_GATEWAY="ptb")

    # one database: units imported with the CLI are what the bot in the sandbox knows
    (tmp_path / "units.csv").write_text(GOOD_UNITS, encoding="utf-8")
    assert run_thidua(tmp_path, "units", "import", "units.csv").returncode == 0
    first = thidua(tmp_path, "start", input="/units\n:user Lê Thu Trang\n/start\n:quit\n")
    assert first.returncode == 0, first.stderr
    assert "Cục Chuyển đổi số quốc gia" in first.stdout
    assert "Bạn là: Lê Thu Trang (id 6000000002)" in first.stdout
    state = tmp_path / state_path("sqlite+aiosqlite:///./data/thidua.db")
    assert state.exists() and (tmp_path / "data" / "thidua.db").exists()

    second = thidua(tmp_path, "start", input="/help\n:user Quản trị viên\n/help\n:quit\n")
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "Tiếp tục lần chạy trước" in out
    # the same person, with the same id, is back at the keyboard, and the bot answers
    assert "Bạn là: Lê Thu Trang (id 6000000002)" in out
    assert vi("common.help_title", role=vi("role.stranger")) in out, out[-2000:]
    assert vi("common.help_stranger_hint") in out
    # the administrator kept their id and their role
    assert "Bạn là: Quản trị viên (id 6000000001)" in out
    assert vi("common.help_title", role=vi("role.admin")) in out

    # the state file lost: the bot's database still decides which ids are taken
    state.unlink()
    third = thidua(tmp_path, "start", input=":user Phạm Quốc Bảo\n/help\n:quit\n")
    assert third.returncode == 0, third.stderr
    assert "chưa có" in third.stdout and "id 6000000001" not in third.stdout
    assert vi("common.help_stranger_hint") in third.stdout

    kept = thidua(tmp_path, "sandbox", "--reset", input="n\n")
    assert kept.returncode == 1 and "Chưa xóa gì" in kept.stdout
    assert (tmp_path / "data" / "thidua.db").exists()
    fresh = thidua(tmp_path, "start", "--reset", "--yes", input=":users\n:quit\n")
    assert fresh.returncode == 0, fresh.stderr
    assert "data/thidua.db" in fresh.stdout and "Đã xóa; bắt đầu lại" in fresh.stdout
    assert "Tiếp tục lần chạy trước" not in fresh.stdout
    assert "* Quản trị viên (id 6000000001)" in fresh.stdout and "Lê Thu Trang" not in fresh.stdout
