"""The stage of ``thidua demo``: its one clock, the transcript with its checks, and the cast.

A scene is an ``async def scene(stage: Stage) -> None`` that prints what people do and what the
bot answers, and checks what a person would notice (``stage.t.check``). Scenes live in modules
named for what they show (``bot/demo_directives.py``) and are listed, in playing order, in
``bot.demo.SCENES``: a new part of the cycle adds its scene there.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import Runtime
from bot.sandbox_chat import settle
from sandbox import Emulator

# The demo's clock: Monday 4 January 2027, 09:00 in Hà Nội, then running in real time. A fixed
# start keeps the transcript the same every year; ``pause`` lets people take a break between
# scenes (as they would), so the flood guard sees a person, not a script.
START = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)

class DemoClock:
    """The bot's clock in the demo: START plus real elapsed time plus the pauses taken."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.t0 = time.monotonic()
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return self.start + self.offset + timedelta(seconds=time.monotonic() - self.t0)

    def pause(self, minutes: float) -> None:
        self.offset += timedelta(minutes=minutes)


Snapshot = tuple[str | None, tuple[str, ...]]


class Transcript:
    """Prints who did what and every message the bot sent or edited, and keeps the checks."""

    def __init__(self, emu: Emulator, runtime: Runtime) -> None:
        self.emu = emu
        self.runtime = runtime
        self.steps = 0
        self.scenes = 0
        self.answer: str | None = None  # the answer to the last pressed button (a toast)
        self.ok = True
        self.people: list[Any] = []
        self.seen: dict[tuple[int, int], Snapshot] = {}

    # -- printing -------------------------------------------------------------------------------
    def out(self, text: str = "") -> None:
        print(text)

    def scene(self, title: str) -> None:
        self.scenes += 1
        self.out(f"\n━━ {self.scenes}. {title} ━━")

    def person(self, user: Any, text: str) -> None:
        self.out(f"\n👤 {user.full_name}: {text}")

    def operator(self, command: str, result: str) -> None:
        self.out(f"\n⚙  $ {command}\n   {result}")

    def bot(self, msg: Any, *, to: Sequence[str] = (), edited: bool = False) -> None:
        text = (msg.text or f"[{msg.kind}]").replace("\n", "\n   ")
        where = f"→ {', '.join(to)}: " if to else ""
        self.out(f"🤖 {where}{'(sửa tin) ' if edited else ''}{text}")
        if msg.buttons:
            self.out("   " + "  ".join(f"[{b}]" for b in msg.buttons))

    def check(self, condition: bool, what: str) -> None:
        self.steps += 1
        if not condition:
            self.ok = False
            self.out(f"   ✗ expected: {what}")

    # -- watching the chats ---------------------------------------------------------------------
    def watch(self, *users: Any) -> None:
        for user in users:
            if user not in self.people:
                self.people.append(user)
            for m in user.inbox():
                self.seen[(m.chat_id, m.message_id)] = (m.text, tuple(m.buttons))

    async def settle(self, timeout: float = 15.0) -> None:
        """Wait until every update is handled and every reply is sent."""
        self.check(await settle(self.emu, self.runtime, timeout), "the bot answers within 15 s")

    async def show(self, actor: Any | None, toast: str | None = None) -> list[Any]:
        """Print what changed in the watched chats since the last look (messages shown to several
        people once, with their names), the actor's first, then ``toast`` (the short answer to a
        pressed button); returns what changed in the actor's own chat."""
        await self.settle()
        changed: list[tuple[Any, Any, bool]] = []
        for user in sorted(self.people, key=lambda u: u is not actor):  # the actor's chat first
            for m in user.inbox():
                key = (m.chat_id, m.message_id)
                now: Snapshot = (m.text, tuple(m.buttons))
                if self.seen.get(key) != now:
                    changed.append((user, m, key in self.seen))
                    self.seen[key] = now
            user.skip_pending()
        printed: list[tuple[Snapshot, bool]] = []
        for user, m, edited in changed:
            if toast is not None and user is not actor:
                self.out(f"   💬 {toast}")
                toast = None
            snap: Snapshot = (m.text, tuple(m.buttons))
            if (snap, edited) in printed:
                continue
            printed.append((snap, edited))
            to = [u.full_name for u, other, e in changed
                  if (other.text, tuple(other.buttons)) == snap and e == edited]
            self.bot(m, to=[] if to == [actor.full_name if actor else ""] else to, edited=edited)
        if toast is not None:
            self.out(f"   💬 {toast}")
        return [m for user, m, _ in changed if user is actor]

    # -- acting ---------------------------------------------------------------------------------
    async def say(self, user: Any, text: str, shown: str | None = None) -> list[Any]:
        self.person(user, shown or text)
        await user.send(text)
        return await self.show(user)

    async def press(self, user: Any, msg: Any, button: str) -> list[Any]:
        self.person(user, f"[bấm nút “{button}”]")
        qid = await user.press(msg, button)
        await self.settle()
        answer = user.callback_answer(qid) or {}
        self.answer = answer.get("text") or None
        return await self.show(user, toast=self.answer)

    async def send_file(self, user: Any, name: str, size: int) -> list[Any]:
        self.person(user, f"[gửi tệp {name}, {size // 1024} KB]")
        await user.send_document(name, size=size)
        return await self.show(user)


def text_of(msgs: Sequence[Any]) -> str:
    return "\n".join(m.text or "" for m in msgs)


def having(msgs: Sequence[Any], fragment: str) -> Any | None:
    """The last message among ``msgs`` whose text contains ``fragment``."""
    for m in reversed(msgs):
        if fragment in (m.text or ""):
            return m
    return None


async def step(t: Transcript, msgs: Sequence[Any], fragment: str,
               then: Callable[[Any], Awaitable[list[Any]]]) -> list[Any]:
    """Go on from the message containing ``fragment`` (a failed check when it is missing)."""
    msg = having(msgs, fragment)
    t.check(msg is not None, f"a message with “{fragment}”")
    return await then(msg) if msg is not None else []


@dataclass
class Stage:
    """What every scene gets: the transcript (and through it the emulator and the runtime), the
    clock, a scratch folder, and the cast (each a simulated Telegram user)."""

    t: Transcript
    clock: DemoClock
    tmp: Path
    admin: Any  # Nguyễn Thị Hà, Vụ Thi đua – Khen thưởng
    newcomer: Any  # Trần Văn Minh, not yet invited
    officer: Any  # Lê Thu Trang, emulation officer of TTTT-HN (after the campaign scene)
    lead: Any  # Phạm Quốc Bảo, field lead of ung_dung_cntt at CDS (after the campaign scene)


Scene = Callable[[Stage], Awaitable[None]]


def label(key: str, **values: Any) -> str:
    """A text of the bot (a button's label, a toast) as a person reads it, in Vietnamese: scenes
    find buttons by the bot's own texts, so a reworded text does not break them."""
    from bot.cli_texts import plain
    from handlers.i18n import render

    return plain(render(key, "vi", **values))
