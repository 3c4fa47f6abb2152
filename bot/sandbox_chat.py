"""``thidua sandbox``: chat with the real bot in a terminal, against the Telegram emulator.

You are a simulated Telegram user. The first user is an administrator, so every command can be
tried; ``:user NAME`` switches to (or creates) another person. Everything runs the real stack:
emulator over HTTP, gateway, inbox, handlers, outbox, SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import sys
from dataclasses import dataclass, field
from typing import Any

from bot.app import Runtime
from bot.settings import Settings
from sandbox import Emulator, Limits

SANDBOX_TOKEN = "123456789:SANDBOXtokenNotRealOfflineOnly_abcdef"

HELP = """\
Gõ tin nhắn như trong Telegram, ví dụ /start.  (Type messages as in Telegram, e.g. /start.)
  #N             bấm nút số N của tin nhắn gần nhất có nút   (press button N)
  :user TÊN      đổi sang người dùng khác (tạo mới nếu chưa có)   (switch user)
  :users         danh sách người dùng   (list users)
  :file TÊN KB   gửi một tệp, ví dụ :file bao-cao.pdf 300   (send a file)
  :help          hướng dẫn này;  :quit  thoát   (this help; quit)
"""


@dataclass
class Viewer:
    """Prints the bot's new messages and edits in the current user's chat."""

    seen: dict[int, tuple[int, int]] = field(default_factory=dict)  # message id -> (edits, n)
    numbered: list[tuple[Any, int]] = field(default_factory=list)  # (message, button index)

    def show_new(self, user: Any, out: Any = sys.stdout) -> None:
        for msg in user.inbox():
            version = (len(msg.history), msg.edit_date or 0)
            if self.seen.get(msg.message_id) == version:
                continue
            edited = msg.message_id in self.seen
            self.seen[msg.message_id] = version
            tag = "✏️ (sửa)" if edited else "🤖"
            print(f"\n{tag} {msg.text or f'[{msg.kind}]'}", file=out)
            if msg.buttons:
                self.numbered = [(msg, i) for i in range(len(msg.buttons))]
                labels = "  ".join(f"[{i + 1}] {b}" for i, b in enumerate(msg.buttons))
                print(f"   {labels}", file=out)
        out.flush()


async def _read_line(prompt: str) -> str | None:
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, input, prompt)
    except EOFError:
        return None


async def run_sandbox(*, gateway: str, database_url: str) -> None:
    emu = Emulator(token=SANDBOX_TOKEN, bot_username="thidua_sandbox_bot",
                   limits=Limits(enabled=True))
    await emu.start()
    users = {"Quản trị viên": emu.add_user("Quản trị viên", username="quantri",
                                            language_code="vi")}
    current = users["Quản trị viên"]
    settings = Settings(bot_token=SANDBOX_TOKEN, api_base_url=emu.base_url,
                        database_url=database_url, gateway=gateway,
                        admin_ids=[current.id], poll_timeout=5)
    runtime = Runtime(settings)
    await runtime.start()
    viewer = Viewer()
    print(f"ThiDua Bot — sandbox ({gateway}, {database_url}).\n{HELP}")
    print(f"Bạn là: {current.full_name} (quản trị viên, id {current.id}).")

    async def watch() -> None:
        while True:
            viewer.show_new(current)
            await asyncio.sleep(0.2)

    watcher = asyncio.create_task(watch())
    try:
        while True:
            line = await _read_line(f"{current.full_name}> ")
            if line is None or line.strip() in (":quit", ":q", ":exit"):
                break
            line = line.strip()
            if not line:
                continue
            if line == ":help":
                print(HELP)
            elif line == ":users":
                for name, u in users.items():
                    print(f"  {'*' if u is current else ' '} {name} (id {u.id})")
            elif line.startswith(":user "):
                name = line[6:].strip()
                if name not in users:
                    users[name] = emu.add_user(name, language_code="vi")
                current = users[name]
                viewer = Viewer()
                viewer.show_new(current)
                print(f"Bạn là: {current.full_name} (id {current.id}).")
            elif line.startswith(":file"):
                parts = shlex.split(line)[1:] or ["tai-lieu.pdf"]
                size_kb = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 100
                await current.send_document(file_name=parts[0], size=size_kb * 1024)
            elif line.startswith("#") and line[1:].isdigit():
                number = int(line[1:])
                if not 1 <= number <= len(viewer.numbered):
                    print("Không có nút số này.  (No such button.)")
                    continue
                msg, index = viewer.numbered[number - 1]
                await current.press(msg, index=index)
            else:
                await current.send(line)
            await asyncio.sleep(0.3)
            viewer.show_new(current)
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        await runtime.stop()
        await emu.stop()
        print("Tạm biệt!  (Goodbye.)")
