"""``thidua demo``: a scripted conversation through the real stack, with its transcript.

It starts the Telegram emulator and the bot on a fresh SQLite file, then plays people: an
administrator and an officer who meet the bot, change language, send feedback and are refused an
admin command. Every line printed is what the emulator received over HTTP from the bot.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bot.app import Runtime
from bot.sandbox_chat import SANDBOX_TOKEN
from bot.settings import RateLimits, Settings
from sandbox import Emulator, Limits


class Transcript:
    def __init__(self) -> None:
        self.steps = 0
        self.ok = True

    def person(self, user: Any, text: str) -> None:
        print(f"\n👤 {user.full_name}: {text}")

    def bot(self, msg: Any) -> None:
        text = (msg.text or f"[{msg.kind}]").replace("\n", "\n   ")
        print(f"🤖 {text}")
        if msg.buttons:
            print("   " + "  ".join(f"[{b}]" for b in msg.buttons))

    def check(self, condition: bool, what: str) -> None:
        self.steps += 1
        if not condition:
            self.ok = False
            print(f"   ✗ expected: {what}")


async def say(t: Transcript, user: Any, text: str) -> Any:
    t.person(user, text)
    await user.send(text)
    reply = await user.next_message(timeout=10)
    t.bot(reply)
    return reply


async def press(t: Transcript, user: Any, msg: Any, button: str) -> Any:
    t.person(user, f"[bấm nút «{button}»]")
    before = msg.text
    await user.press(msg, button)
    edited = await user.wait_for(lambda m: m.message_id == msg.message_id and m.text != before,
                                 timeout=10)
    t.bot(edited)
    return edited


async def run_demo(*, gateway: str = "aiogram") -> bool:
    emu = Emulator(token=SANDBOX_TOKEN, bot_username="thidua_demo_bot", limits=Limits(enabled=True))
    await emu.start()
    admin = emu.add_user("Nguyễn Thị Hà", username="ha_vutdkt", language_code="vi")
    officer = emu.add_user("Trần Văn Minh", username="minh_vnpt", language_code="vi")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(bot_token=SANDBOX_TOKEN, api_base_url=emu.base_url,
                            database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}",
                            gateway=gateway, admin_ids=[admin.id], poll_timeout=2,
                            limits=RateLimits())
        runtime = Runtime(settings, with_scheduler=False)
        await runtime.start()
        t = Transcript()
        print(f"ThiDua Bot demo — {gateway} gateway, Telegram emulator at {emu.base_url}")
        try:
            welcome = await say(t, officer, "/start")
            t.check("Xin chào" in (welcome.text or ""), "a welcome")
            lang = await press(t, officer, welcome, "English")
            t.check("English" in (lang.text or ""), "language switched")
            helped = await say(t, officer, "/help")
            t.check("Commands available" in (helped.text or ""), "help in English")
            refused = await say(t, officer, "/audit")
            t.check("not allowed" in (refused.text or ""), "a polite refusal")
            await say(t, admin, "/start")
            asked = await say(t, admin, "/feedback")
            t.check("góp ý" in (asked.text or ""), "feedback asks for text")
            thanks = await say(t, admin, "Đề nghị bổ sung mẫu báo cáo sơ kết <6 tháng>")
            t.check("<6 tháng>" in (thanks.text or ""), "user text shown escaped, verbatim")
            log = await say(t, admin, "/audit")
            t.check("audit.view" in (log.text or ""), "the refusal is in the audit log")
        finally:
            await runtime.stop()
            await emu.stop()
    rejected = emu.unexpected_rejections()
    print(f"\n{t.steps} checks, {'all passed' if t.ok else 'SOME FAILED'}; "
          f"{len(emu.calls)} Bot API calls, {len(rejected)} rejected.")
    return t.ok and not rejected
