"""``thidua sandbox``: chat with the real bot in a terminal, against the Telegram emulator.

You are a simulated Telegram user. The first user is an administrator, so every command can be
tried; ``:user NAME`` switches to (or creates) another person, ``:group …`` makes staff groups.
Everything runs the real stack: emulator over HTTP, gateway, inbox, handlers, outbox, and the
bot's own database. The simulated world (people, groups, ids) is saved beside the database, so
a second run continues where the first stopped (:mod:`bot.sandbox_home`).
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.app import Runtime
from bot.inbox import pending_count
from bot.sandbox_home import SANDBOX_BOT_USERNAME, SANDBOX_TOKEN, database_floor, state_path
from bot.sandbox_view import Viewer, callback_answer
from bot.settings import Settings
from sandbox import Emulator, Group, Limits, SandboxError, User
from sandbox import state as world_state

__all__ = ["HELP", "SANDBOX_TOKEN", "TerminalChat", "run_sandbox", "settle"]

ADMIN_NAME = "Quản trị viên"

HELP = """\
Gõ tin nhắn như trong Telegram, ví dụ /start.  (Type messages as in Telegram, e.g. /start.)
  #N               bấm nút số N của tin nhắn gần nhất có nút   (press button N)
  :user TÊN        đổi sang người dùng khác (tạo mới nếu chưa có)   (switch or create a person)
  :users           danh sách người dùng   (list people)
  :file TÊN KB     gửi một tệp, ví dụ :file bao-cao.pdf 300   (send a file)
Nhóm (groups):
  :group new TÊN   tạo nhóm, đồng chí là người tạo, rồi vào nhóm   (create a group and enter it)
  :group add-bot   thêm bot vào nhóm đang ở (:group add-bot admin: làm quản trị viên nhóm)
  :group add TÊN   thêm một người vào nhóm đang ở   (add a person to the current group)
  :group remove-bot | :group leave | :group upgrade   bỏ bot ra / rời nhóm / nâng lên siêu nhóm
  :groups          danh sách nhóm   (list groups)
  :in TÊN NHÓM     vào nhóm: tin gõ sau đó gửi trong nhóm   (post in that group from now on)
  :out             về trò chuyện riêng với bot   (back to the private chat)
  Trong nhóm, bot chỉ nhận lệnh (/…) và tin trả lời tin của bot (chế độ riêng tư của Telegram).
  :help            hướng dẫn này;  :quit  thoát   (this help; quit)
Người, nhóm và mã số được lưu cạnh cơ sở dữ liệu: lần chạy sau tiếp tục từ đây;
`thidua sandbox --reset` để bắt đầu lại từ đầu.  (Saved beside the database; --reset starts over.)
"""

LineReader = Callable[[str], Awaitable[str | None]]


async def read_stdin(prompt: str) -> str | None:
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, input, prompt)
    except EOFError:
        return None


async def settle(emu: Emulator, runtime: Runtime, timeout: float = 10.0) -> bool:
    """Wait until every update is handled and every reply is sent; False on timeout."""
    assert runtime.sender is not None and runtime.session_factory is not None
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        busy = emu.pending_updates > 0 or await pending_count(runtime.session_factory) > 0
        if busy:
            quiet = 0
        else:
            try:
                await runtime.sender.drain(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                return False
            quiet += 1
            if quiet >= 2:
                return True
        await asyncio.sleep(0.02)
    return False


class TerminalChat:
    """The person at the keyboard, where they type (their private chat or a group), and the
    commands of the terminal chat."""

    def __init__(self, emu: Emulator, runtime: Runtime, current: User, out: TextIO,
                 save: Callable[[], None]) -> None:
        self.emu = emu
        self.runtime = runtime
        self.current = current
        self.place: Group | None = None  # None: the private chat with the bot
        self.out = out
        self.save = save
        self.viewers: dict[int, Viewer] = {}  # each person's own view: what they have seen
        self.viewer = self.viewer_of(current)

    def viewer_of(self, user: User) -> Viewer:
        return self.viewers.setdefault(user.id, Viewer(self.out))

    # -- names ------------------------------------------------------------------------------------
    def people(self) -> dict[str, User]:
        return {u.full_name: u for u in self.emu.users.values()}

    def groups(self) -> dict[str, Group]:
        unique = {id(g): g for g in self.emu.groups.values()}
        return {g.title: g for g in unique.values()}

    def prompt(self) -> str:
        where = f" @ {self.place.title}" if self.place is not None else ""
        return f"{self.current.full_name}{where}> "

    def say(self, text: str) -> None:
        print(text, file=self.out)
        self.out.flush()

    def person(self, name: str) -> User:
        user = self.people().get(name)
        if user is None:
            user = self.emu.add_user(name, language_code="vi")
        return user

    def group_named(self, title: str) -> Group | None:
        groups = self.groups()
        if title in groups:
            return groups[title]
        folded = [g for t, g in groups.items() if t.casefold() == title.casefold()]
        return folded[0] if len(folded) == 1 else None

    # -- one line -----------------------------------------------------------------------------------
    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the person quits."""
        line = line.strip()
        if line in (":quit", ":q", ":exit"):
            return False
        if not line:
            return True
        try:
            await self._dispatch(line)
        except SandboxError as exc:  # e.g. a button in a group the person has left
            self.say(f"Không làm được: {exc}  (Could not do that.)")
        self.save()
        await settle(self.emu, self.runtime)
        self.viewer.show_new(self.emu, self.current)
        return True

    async def _dispatch(self, line: str) -> None:
        if line == ":help":
            self.say(HELP)
        elif line == ":users":
            for name, user in self.people().items():
                self.say(f"  {'*' if user is self.current else ' '} {name} (id {user.id})")
        elif line.startswith(":user "):
            self.switch_to(self.person(line[6:].strip()))
        elif line == ":groups":
            self.list_groups()
        elif line.startswith(":group"):
            await self.group_command(line[6:].strip())
        elif line.startswith(":in "):
            self.enter(line[4:].strip())
        elif line in (":out", ":private"):
            self.place = None
            self.say("Đang ở trò chuyện riêng với bot.  (Back in the private chat.)")
        elif line.startswith(":file"):
            parts = shlex.split(line)[1:] or ["tai-lieu.pdf"]
            size_kb = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 100
            await self.current.send_document(file_name=parts[0], size=size_kb * 1024,
                                             chat=self.place)
        elif line.startswith("#") and line[1:].isdigit():
            await self.press(int(line[1:]))
        elif line.startswith(":"):
            self.say("Không có lệnh này; gõ :help.  (No such command; type :help.)")
        else:
            sent = await self.current.send(line, chat=self.place)
            if sent is None and self.place is not None:
                self.say("(Bot không thấy tin này: trong nhóm bot chỉ nhận lệnh /… và tin trả lời "
                         "bot.  The bot does not see this message: privacy mode.)")

    def switch_to(self, user: User) -> None:
        self.current = user
        if self.place is not None and user not in self.place.members:
            self.place = None
        self.viewer = self.viewer_of(user)  # what came for them meanwhile is shown next
        self.say(f"Bạn là: {user.full_name} (id {user.id}).")

    async def press(self, number: int) -> None:
        if not 1 <= number <= len(self.viewer.numbered):
            self.say("Không có nút số này.  (No such button.)")
            return
        msg, index = self.viewer.numbered[number - 1]
        query_id = await self.current.press(msg, index=index)
        if msg.inline:
            self.viewer.show_answer(await callback_answer(self.emu, query_id))

    # -- groups -------------------------------------------------------------------------------------
    def list_groups(self) -> None:
        groups = self.groups()
        if not groups:
            self.say("Chưa có nhóm nào; tạo bằng :group new TÊN.  (No groups yet.)")
        for title, group in groups.items():
            names = ", ".join(u.full_name for u in group.members) or "—"
            here = "*" if group is self.place else " "
            self.say(f"  {here} {title} ({group.type}, id {group.id}); bot: {group.bot_status}; "
                     f"thành viên: {names}")

    def enter(self, title: str) -> None:
        group = self.group_named(title)
        if group is None:
            self.say(f"Không có nhóm “{title}”; gõ :groups.  (No such group.)")
        elif self.current not in group.members:
            self.say(f"{self.current.full_name} chưa ở trong nhóm “{group.title}” "
                     "(:group add TÊN để thêm).  (Not a member.)")
        else:
            self.place = group
            self.say(f"Đang ở nhóm “{group.title}”: tin gõ sau đây gửi vào nhóm; :out để ra.")

    async def group_command(self, rest: str) -> None:
        verb, _, arg = rest.partition(" ")
        arg = arg.strip()
        if verb == "new" and arg:
            if self.group_named(arg) is not None:  # e.g. made in an earlier run: go in
                self.say(f"Đã có nhóm “{arg}”.  (That group exists already.)")
                self.enter(arg)
                return
            self.place = self.emu.add_group(arg, creator=self.current, bot_member=False)
            self.say(f"Đã tạo nhóm “{arg}”; đồng chí đang ở trong nhóm. Thêm bot: :group add-bot")
            return
        group = self.place
        if group is None:
            self.say("Vào một nhóm trước (:in TÊN NHÓM, hoặc :group new TÊN).  (Enter a group first.)")
            return
        if verb == "add-bot":
            wanted = "administrator" if arg == "admin" else "member"
            if group.bot_status == wanted:
                self.say(f"Bot đã ở trong nhóm “{group.title}”.  (The bot is there already.)")
                return
            await group.add_bot(self.current, as_admin=arg == "admin")
        elif verb == "remove-bot":
            await group.remove_bot(self.current)
        elif verb == "add" and arg:
            user = self.person(arg)
            if user in group.members:
                self.say(f"{user.full_name} đã ở trong nhóm.")
                return
            await group.add_member(user, by=self.current)
            self.say(f"Đã thêm {user.full_name} vào nhóm “{group.title}”.")
        elif verb == "leave":
            await group.remove_member(self.current)
            self.place = None
            self.say(f"Đã rời nhóm “{group.title}”.")
        elif verb == "upgrade":
            new_id = await group.upgrade_to_supergroup(self.current)
            self.say(f"Nhóm “{group.title}” đã thành siêu nhóm (id mới {new_id}).")
        else:
            self.say("Lệnh nhóm: new TÊN, add-bot [admin], add TÊN, remove-bot, leave, upgrade.")


async def run_sandbox(*, gateway: str, database_url: str, read_line: LineReader = read_stdin,
                      out: TextIO = sys.stdout) -> None:
    print("Đang khởi động Telegram giả lập và bot…  (Starting the emulator and the bot…)",
          file=out, flush=True)
    settings = Settings(database_url=database_url)
    path = state_path(database_url)
    state = world_state.load(path)
    floor = await database_floor(settings)
    emu = Emulator(token=SANDBOX_TOKEN, bot_username=SANDBOX_BOT_USERNAME,
                   limits=Limits(enabled=True))
    extra: dict[str, object] = {}
    if state is not None:
        world_state.restore(emu, state)
        extra = dict(state.get("extra") or {})
    world_state.stay_above(emu, update_id=floor.update_id, user_id=floor.person_id,
                           chat_ids=floor.chat_ids)
    await emu.start()
    people = {u.full_name: u for u in emu.users.values()}
    admin = people.get(ADMIN_NAME) or emu.add_user(ADMIN_NAME, username="quantri",
                                                   language_code="vi")
    current = people.get(str(extra.get("current"))) or admin
    settings = Settings(bot_token=SANDBOX_TOKEN, api_base_url=emu.base_url,
                        database_url=database_url, gateway=gateway,
                        admin_ids=[admin.id], poll_timeout=5)
    runtime = Runtime(settings)
    await runtime.start()
    chat = TerminalChat(emu, runtime, current, out, lambda: None)

    def save() -> None:
        world_state.save(emu, path, extra={"current": chat.current.full_name})

    chat.save = save
    save()
    print(f"ThiDua Bot — sandbox ({gateway}, {database_url}).\n{HELP}", file=out)
    if state is not None:
        print(f"Tiếp tục lần chạy trước ({path}): {len(emu.users)} người, {len(chat.groups())} "
              "nhóm.  (Continuing the previous run.)", file=out)
    elif floor.has_data:
        print(f"Cơ sở dữ liệu đã có dữ liệu nhưng chưa có {path}: người mới được cấp mã mới. "
              "(The database has data but no sandbox state; new people get new ids.)", file=out)
    print(f"Bạn là: {current.full_name} (id {current.id}"
          f"{', quản trị viên' if current is admin else ''}).", file=out)

    async def watch() -> None:  # what arrives while the person is typing, then the prompt again
        while True:
            if chat.viewer.show_new(emu, chat.current) and waiting.is_set():
                print(chat.prompt(), end="", file=out, flush=True)
            await asyncio.sleep(0.2)

    waiting = asyncio.Event()  # set while the prompt is shown and the person types
    watcher = asyncio.create_task(watch())
    try:
        while True:
            waiting.set()
            line = await read_line(chat.prompt())
            waiting.clear()
            if line is None or not await chat.handle(line):
                break
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        await runtime.stop()
        save()
        await emu.stop()
        print("Tạm biệt!  (Goodbye.)", file=out)
