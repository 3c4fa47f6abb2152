"""What the terminal chat prints: the bot's new messages and edits in every chat of the person
at the keyboard (their private chat and their groups), and the answers to pressed buttons."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from sandbox import Emulator, User


@dataclass
class Viewer:
    """Prints what changed since the last look; remembers the buttons of the last message that
    had any, so that ``#N`` presses one of them."""

    out: TextIO
    seen: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    numbered: list[tuple[Any, int]] = field(default_factory=list)  # (message, button index)

    def chats_of(self, emu: Emulator, user: User) -> list[tuple[str, Any]]:
        """(label, chat) of the person's private chat and of the groups they are in."""
        chats: list[tuple[str, Any]] = [("", user.chat)]
        seen: set[int] = set()
        for group in emu.groups.values():
            chat = group.chat
            if chat.id in seen:
                continue
            seen.add(chat.id)
            if chat.member_status.get(user.id) in ("creator", "administrator", "member"):
                chats.append((f"[👥 {chat.title}] ", chat))
        return chats

    def show_new(self, emu: Emulator, user: User) -> bool:
        """Print what is new or edited; True when something was printed."""
        printed = False
        for label, chat in self.chats_of(emu, user):
            for msg in chat.bot_messages:
                if msg.deleted:
                    continue
                version = (len(msg.history), msg.edit_date or 0)
                key = (chat.id, msg.message_id)
                if self.seen.get(key) == version:
                    continue
                edited = key in self.seen
                self.seen[key] = version
                printed = True
                tag = "✏️ (sửa)" if edited else "🤖"
                print(f"\n{label}{tag} {msg.text or f'[{msg.kind}]'}", file=self.out)
                if msg.buttons:
                    self.numbered = [(msg, i) for i in range(len(msg.buttons))]
                    labels = "  ".join(f"[{i + 1}] {b}" for i, b in enumerate(msg.buttons))
                    print(f"   {labels}", file=self.out)
                elif self.numbered and self.numbered[0][0] is msg:
                    self.numbered = []  # its buttons were taken away by the edit
        self.out.flush()
        return printed

    def show_answer(self, answer: dict[str, Any] | None) -> None:
        """The bot's answer to a pressed button: a toast, or an alert the person must close."""
        text = (answer or {}).get("text")
        if not text:
            return
        if answer and answer.get("show_alert"):
            print(f"\n⚠️  [hộp thoại / alert] {text}\n   [OK]", file=self.out)
        else:
            print(f"\nⓘ {text}", file=self.out)
        self.out.flush()


async def callback_answer(emu: Emulator, query_id: str, timeout: float = 5.0) -> dict[str, Any] | None:
    """Wait for the bot to answer a callback query (it must, within seconds, or the spinner
    stays); None when it did not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = emu.callbacks.get(query_id)
        if record is not None and record.answer is not None:
            return record.answer
        await asyncio.sleep(0.03)
    return None
