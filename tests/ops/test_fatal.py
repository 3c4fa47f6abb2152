"""`thidua run` under conditions that stop it: a non-zero exit, one sentence, no traceback."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from sandbox import Emulator, Limits
from tests.conftest import BOT_USERNAME, TOKEN, _migrate

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("THIDUA_TEST_DATABASE_URL", "").strip() or None
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nobody listens once it is closed


async def run_bot(env: dict[str, str], timeout: float = 60.0) -> tuple[int, str]:
    full = {**os.environ, "THIDUA_BOT_TOKEN": TOKEN, "THIDUA_POLL_TIMEOUT": "1",
            "THIDUA_LOG_LEVEL": "INFO", "THIDUA_LANGUAGE": "en", **env}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=full,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return proc.returncode or 0, err.decode()


def the_sentence(stderr: str) -> str:
    """The one line that is not a log line; and no traceback anywhere."""
    assert "Traceback" not in stderr, stderr
    # An indented line continues the log line above it (the error's one-line summary).
    said = [line for line in stderr.splitlines()
            if line.strip() and not LOG_LINE.match(line) and not line.startswith(" ")]
    assert len(said) == 1, stderr
    assert len(stderr.splitlines()) <= 12, stderr  # a few log lines at most, never hundreds
    return said[0]


@pytest.fixture
async def emulator_401(tmp_path: Path):
    """An emulator that knows another token: every call of ours gets 401 Unauthorized."""
    emu = Emulator(token="987654321:AnotherTokenForAnotherBot_abcdefghij", bot_username=BOT_USERNAME,
                   limits=Limits(enabled=False))
    await emu.start(host="127.0.0.1", port=0)
    yield emu
    await emu.stop()


@pytest.fixture
async def emulator():
    emu = Emulator(token=TOKEN, bot_username=BOT_USERNAME, limits=Limits(enabled=False))
    await emu.start(host="127.0.0.1", port=0)
    yield emu
    await emu.stop()


async def test_a_database_on_a_closed_port(emulator) -> None:
    code, err = await run_bot({"THIDUA_API_BASE_URL": emulator.base_url,
                               "THIDUA_DATABASE_URL":
                                   f"postgresql://postgres@127.0.0.1:{closed_port()}/thidua"})
    assert code != 0
    sentence = the_sentence(err)
    assert sentence.startswith("Cannot connect to PostgreSQL at 127.0.0.1:"), sentence
    assert "THIDUA_DATABASE_URL" in sentence
    # The operator's language by default: Vietnamese.
    code, err = await run_bot({"THIDUA_API_BASE_URL": emulator.base_url, "THIDUA_LANGUAGE": "vi",
                               "THIDUA_DATABASE_URL":
                                   f"postgresql://postgres@127.0.0.1:{closed_port()}/thidua"})
    sentence = the_sentence(err)
    assert code != 0 and sentence.startswith("Không kết nối được PostgreSQL tại 127.0.0.1:"), \
        sentence
    assert sentence.endswith("sửa THIDUA_DATABASE_URL rồi khởi động lại bot."), sentence


@pytest.mark.skipif(PG is None, reason="needs THIDUA_TEST_DATABASE_URL (PostgreSQL)")
async def test_a_missing_postgresql_database(emulator) -> None:
    assert PG is not None
    base, _, _ = PG.rpartition("/")
    name = f"missing_{uuid.uuid4().hex[:8]}"
    code, err = await run_bot({"THIDUA_API_BASE_URL": emulator.base_url,
                               "THIDUA_DATABASE_URL": f"{base}/{name}"})
    assert code == 2
    sentence = the_sentence(err)
    assert f'database "{name}" does not exist' in sentence and "createdb" in sentence, sentence


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
async def test_a_read_only_folder_for_sqlite(emulator, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, err = await run_bot({"THIDUA_API_BASE_URL": emulator.base_url,
                                   "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/t.db"})
    finally:
        folder.chmod(0o700)
    assert code == 2
    assert "read-only" in the_sentence(err)


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def read_only_fs(tmp_path: Path):
    """A read-only file system (a tmpfs mounted ro), holding a database the bot cannot write."""
    where = tmp_path / "rofs"
    if not _mount_tmpfs(where, "4m"):
        pytest.skip("cannot mount a tmpfs here")
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


async def test_a_read_only_file_system_for_sqlite(emulator, read_only_fs: Path) -> None:
    code, err = await run_bot({"THIDUA_API_BASE_URL": emulator.base_url,
                               "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{read_only_fs}/t.db"})
    assert code == 2
    sentence = the_sentence(err)
    assert sentence.startswith("Cannot write the SQLite file") and "read-only" in sentence, sentence


async def test_a_rejected_token(emulator_401, tmp_path: Path) -> None:
    code, err = await run_bot({"THIDUA_API_BASE_URL": emulator_401.base_url,
                               "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/t.db"})
    assert code == 2
    sentence = the_sentence(err)
    assert "rejected the bot token (401 Unauthorized)" in sentence and "@BotFather" in sentence
    assert TOKEN.split(":")[1] not in err
    code, err = await run_bot({"THIDUA_API_BASE_URL": emulator_401.base_url,
                               "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/t.db",
                               "THIDUA_LANGUAGE": "vi"})
    assert code == 2
    assert the_sentence(err).startswith("Telegram từ chối mã bot (401 Unauthorized): sao chép "
                                        "lại mã từ @BotFather"), err
    assert TOKEN.split(":")[1] not in err


@pytest.fixture
def small_disk(tmp_path: Path):
    where = tmp_path / "disk"
    if not _mount_tmpfs(where, "3m"):
        pytest.skip("cannot mount a tmpfs here")
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{tmp_path}/t.db"))
    shutil.copyfile(tmp_path / "t.db", where / "t.db")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(where: Path) -> None:
    with (where / "filler").open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


async def test_a_full_disk_stops_the_bot_non_zero(emulator, small_disk: Path) -> None:
    env = {**os.environ, "THIDUA_BOT_TOKEN": TOKEN, "THIDUA_POLL_TIMEOUT": "1",
           "THIDUA_LOG_LEVEL": "INFO", "THIDUA_API_BASE_URL": emulator.base_url, "THIDUA_LANGUAGE": "en",
           "THIDUA_DATABASE_URL": f"sqlite+aiosqlite:///{small_disk}/t.db"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        people = [emulator.add_user(f"Người {i}", language_code="vi") for i in range(5)]
        for person in people:
            await person.send("/start")
        for _ in range(1200):  # the bot is up and answering (slow on a loaded machine)
            if all(p.inbox() for p in people):
                break
            await asyncio.sleep(0.1)
        assert all(p.inbox() for p in people)
        _fill(small_disk)
        for i in range(400):
            await people[i % 5].send("x" * 3000)
        _, err = await asyncio.wait_for(proc.communicate(), 90)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 1, err
    sentence = the_sentence(err.decode())
    assert sentence.count("disk") and "is full" in sentence, sentence
