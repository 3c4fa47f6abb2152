"""``thidua demo``: scripted conversations through the real stack, with their transcript.

It starts the Telegram emulator and the bot on a fresh SQLite file, then plays two scenes:

1. *Meeting the bot*: an administrator and a newcomer meet the bot, change language, send
   feedback and are refused an admin command.
2. *A campaign cycle*: the operator imports units, invites an officer and a field lead, imports a
   campaign and launches it (the same service calls as ``thidua units import``, ``thidua invite
   create``, ``thidua campaign import`` and ``thidua campaign launch``); the officer opens the
   invite, registers from the announcement, reports step by step and again in one line; the field
   lead approves the registration; the administrator asks who has not reported.

Every 🤖 line is what the emulator received over HTTP from the bot (new messages and edits, with
their buttons). The demo checks what a person would notice and fails (exit 1) when something is
wrong, or when the emulator rejected any request.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import Runtime
from bot.inbox import pending_count
from bot.sandbox_chat import SANDBOX_TOKEN
from bot.settings import RateLimits, Settings
from sandbox import Emulator, Limits

# The demo's clock: Monday 4 January 2027, 09:00 in Hà Nội, then running in real time. A fixed
# start keeps the transcript the same every year; ``pause`` lets people take a break between
# scenes (as they would), so the flood guard sees a person, not a script.
START = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)

UNITS_CSV = """code,name,kind,parent code,fields
CDS,Cục Chuyển đổi số quốc gia,co_quan,,ung_dung_cntt
TTTT-HN,Sở Thông tin và Truyền thông Hà Nội,co_quan,,ung_dung_cntt
TTTT-HP,Sở Thông tin và Truyền thông Hải Phòng,co_quan,,ung_dung_cntt
NCSC,Trung tâm Giám sát an toàn không gian mạng,don_vi_su_nghiep,,attt
VNPOST,Tổng công ty Bưu điện Việt Nam,doanh_nghiep,,buu_chinh
"""

CAMPAIGN_YAML = """code: CDS2027
title: Thi đua Chuyển đổi số 2027
slogan: Đổi mới, sáng tạo
kind: theo_dot
period: 01/01/2027 - 31/12/2027
fields: [ung_dung_cntt, attt]
lead_unit: CDS
targets:
  - {code: T1, name: Tỷ lệ hồ sơ xử lý trực tuyến, unit: "%", target: 90, weight: 3}
  - {code: T2, name: Dịch vụ công toàn trình, unit: dịch vụ, target: 20, weight: 2}
milestones:
  - {code: DK, kind: dang_ky, due: "17:00 31/01/2027", title: Đăng ký thi đua}
  - {code: SK, kind: so_ket, due: "17:00 30/06/2027", title: Sơ kết 6 tháng}
"""


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
        self.ok = True
        self.people: list[Any] = []
        self.seen: dict[tuple[int, int], Snapshot] = {}

    # -- printing -------------------------------------------------------------------------------
    def out(self, text: str = "") -> None:
        print(text)

    def scene(self, title: str) -> None:
        self.out(f"\n━━ {title} ━━")

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
        assert self.runtime.sender is not None and self.runtime.session_factory is not None
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            busy = (self.emu.pending_updates > 0
                    or await pending_count(self.runtime.session_factory) > 0)
            if busy:
                quiet = 0
            else:
                await self.runtime.sender.drain(timeout=max(0.1, deadline - time.monotonic()))
                quiet += 1
                if quiet >= 2:
                    return
            await asyncio.sleep(0.02)
        self.check(False, "the bot answers within 15 s")

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
        self.person(user, f"[bấm nút «{button}»]")
        qid = await user.press(msg, button)
        await self.settle()
        answer = user.callback_answer(qid) or {}
        return await self.show(user, toast=answer.get("text") or None)

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
    t.check(msg is not None, f"a message with «{fragment}»")
    return await then(msg) if msg is not None else []


# -- scene 1 ----------------------------------------------------------------------------------------
async def meet_the_bot(t: Transcript, admin: Any, newcomer: Any) -> None:
    t.scene("1. Gặp bot: chào, đổi ngôn ngữ, góp ý, từ chối lịch sự")
    welcome = await t.say(newcomer, "/start")
    t.check("Xin chào" in text_of(welcome), "a welcome")
    lang = await step(t, welcome, "Xin chào", lambda m: t.press(newcomer, m, "English"))
    t.check("English" in text_of(lang), "language switched")
    helped = await t.say(newcomer, "/help")
    t.check("Commands available" in text_of(helped), "help in English")
    refused = await t.say(newcomer, "/audit")
    t.check("not allowed" in text_of(refused), "a polite refusal")
    await t.say(admin, "/start")
    asked = await t.say(admin, "/feedback")
    t.check("góp ý" in text_of(asked), "feedback asks for text")
    thanks = await t.say(admin, "Đề nghị bổ sung mẫu báo cáo sơ kết <6 tháng>")
    t.check("<6 tháng>" in text_of(thanks), "user text shown escaped, verbatim")
    log = await t.say(admin, "/audit")
    t.check("xem nhật ký" in text_of(log) and "⛔" in text_of(log), "the refusal is in the audit log")


# -- scene 2 ----------------------------------------------------------------------------------------
async def campaign_cycle(t: Transcript, clock: DemoClock, tmp: Path, admin: Any, officer: Any,
                         lead: Any) -> None:
    from zoneinfo import ZoneInfo

    from handlers.campaigns import launch_campaign
    from models import Role
    from services import invites
    from services.campaign_files import import_campaign_result
    from services.unit_files import import_units

    factory = t.runtime.session_factory
    assert factory is not None and t.runtime.sender is not None
    t.scene("2. Một vòng thi đua: đơn vị, lời mời, phát động, đăng ký, duyệt, báo cáo, ai chưa nộp")
    t.watch(admin, officer, lead)

    # The operator prepares the installation.
    (tmp / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp / "campaign.yaml").write_text(CAMPAIGN_YAML, encoding="utf-8")
    async with factory() as s, s.begin():
        report = await import_units(s, tmp / "units.csv")
    t.check(report.applied and len(report.created) == 5, "five units imported")
    t.operator("thidua units import units.csv",
               f"{report.rows} rows: {len(report.created)} created")
    async with factory() as s, s.begin():
        officer_invite = await invites.create_invite(
            s, actor=None, unit_code="TTTT-HN", role=Role.OFFICER, now=clock())
        lead_invite = await invites.create_invite(
            s, actor=None, unit_code="CDS", role=Role.FIELD_LEAD, field_code="ung_dung_cntt",
            now=clock())
    t.operator("thidua invite create --unit TTTT-HN --role officer",
               f"Link: https://t.me/{t.emu.bot_username}?start={officer_invite.code}")
    t.operator("thidua invite create --unit CDS --role field_lead --field ung_dung_cntt",
               f"Link: https://t.me/{t.emu.bot_username}?start={lead_invite.code}")
    async with factory() as s, s.begin():
        saved = await import_campaign_result(s, tmp / "campaign.yaml", actor=None, now=clock())
    t.check(saved.created, "the campaign created from the file")
    t.operator("thidua campaign import campaign.yaml",
               f"Campaign {saved.campaign.code} created: {saved.campaign.title}")

    # The officer and the field lead open their invite links.
    joined = await t.say(officer, f"/start {officer_invite.code}", "[mở liên kết mời] "
                         f"/start {officer_invite.code}")
    t.check("Sở Thông tin và Truyền thông Hà Nội" in text_of(joined), "the officer joined the unit")
    joined = await t.say(lead, f"/start {lead_invite.code}", "[mở liên kết mời] "
                         f"/start {lead_invite.code}")
    t.check("Cục Chuyển đổi số quốc gia" in text_of(joined), "the field lead joined")

    # Launch: the announcement reaches both, with a button to register.
    clock.pause(minutes=5)
    async with factory() as s, s.begin():
        directive = await launch_campaign(s, actor=None, campaign_id=saved.campaign.id or 0,
                                          now=clock(), tz=ZoneInfo(t.runtime.settings.timezone))
    t.operator(f"thidua campaign launch {saved.campaign.code}",
               f"Announcement #{directive.id} queued for {directive.recipient_count} recipient(s)")
    t.runtime.sender.wake()
    announced = await t.show(officer)
    announcement = having(announced, "PHÁT ĐỘNG")
    t.check(announcement is not None and any("Đăng ký" in b for b in announcement.buttons),
            "the announcement with a button to register")

    # Register, with one wrong number on the way.
    if announcement is not None:
        asked = await t.press(officer, announcement, "Đăng ký thi đua")
        t.check(having(asked, "1/2") is not None, "registration asks for target 1")
        wrong = await t.say(officer, "abc")
        t.check("không phải là một số" in text_of(wrong), "a wrong number explained")
        asked = await t.say(officer, "95")
        asked = await step(t, asked, "2/2", lambda m: t.press(officer, m, "Bằng chỉ tiêu"))
        asked = await step(t, asked, "danh hiệu",
                           lambda m: t.press(officer, m, "Cờ thi đua của Bộ"))
        asked = await step(t, asked, "danh hiệu", lambda m: t.press(officer, m, "Tiếp tục"))
        sent = await step(t, asked, "Nội dung đăng ký", lambda m: t.press(officer, m, "Gửi"))
        t.check("Đã gửi đăng ký" in text_of(sent), "the registration is sent")

    # The field lead reviews it; the officer is told.
    clock.pause(minutes=5)
    review = await t.say(lead, "/review")
    await step(t, review, "chờ duyệt", lambda m: t.press(lead, m, "Duyệt"))
    t.check(any("đã được duyệt" in (m.text or "") for m in officer.inbox()),
            "the officer is told the registration is approved")

    # Report step by step, then a second revision in one line.
    clock.pause(minutes=5)
    asked = await t.say(officer, "/report")
    asked = await step(t, asked, "kỳ báo cáo", lambda m: t.press(officer, m, "SK"))
    t.check(having(asked, "Chỉ tiêu 1/2") is not None, "the report asks for target 1")
    await t.say(officer, "45,5")
    await t.say(officer, "8")
    await t.say(officer, "Đã triển khai 8 dịch vụ công toàn trình.")
    added = await t.send_file(officer, "minh-chung.pdf", 50_000)
    summary = await step(t, added, "Đã nhận tệp", lambda m: t.press(officer, m, "Xong"))
    receipt = await step(t, summary, "kiểm tra báo cáo", lambda m: t.press(officer, m, "Gửi"))
    t.check("Đã nhận báo cáo" in text_of(receipt) and "lần nộp thứ 1" in text_of(receipt),
            "a receipt with a number, revision 1")
    clock.pause(minutes=5)
    again = await t.say(officer, "/report CDS2027 SK T1=60 T2=10")
    t.check("lần nộp thứ 2" in text_of(again), "the second report is revision 2")

    # Who has not reported yet.
    clock.pause(minutes=5)
    missing = text_of(await t.say(admin, "/missing CDS2027 SK"))
    t.check("Chưa nộp: 3/4" in missing, "three of the four units have not reported")
    t.check(all(code in missing for code in ("CDS", "TTTT-HP", "NCSC")),
            "the units that did not report are listed")
    t.check("TTTT-HN" not in missing and "VNPOST" not in missing,
            "neither the unit that reported nor a unit outside the campaign's fields")


async def run_demo(*, gateway: str = "aiogram") -> bool:
    began = time.monotonic()
    emu = Emulator(token=SANDBOX_TOKEN, bot_username="thidua_demo_bot", limits=Limits(enabled=True))
    await emu.start()
    admin = emu.add_user("Nguyễn Thị Hà", username="ha_vutdkt", language_code="vi")
    newcomer = emu.add_user("Trần Văn Minh", username="minh_vnpt", language_code="vi")
    officer = emu.add_user("Lê Thu Trang", username="trang_stttthn", language_code="vi")
    lead = emu.add_user("Phạm Quốc Bảo", username="bao_cds", language_code="vi")
    clock = DemoClock()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(bot_token=SANDBOX_TOKEN, api_base_url=emu.base_url,
                            database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}",
                            gateway=gateway, admin_ids=[admin.id], poll_timeout=2,
                            limits=RateLimits())
        runtime = Runtime(settings, clock=clock, with_scheduler=False)
        await runtime.start()
        t = Transcript(emu, runtime)
        t.out(f"ThiDua Bot demo — {gateway} gateway, Telegram emulator at {emu.base_url}")
        t.watch(admin, newcomer)
        try:
            await meet_the_bot(t, admin, newcomer)
            await campaign_cycle(t, clock, Path(tmp), admin, officer, lead)
        except AssertionError as exc:  # e.g. a button that is not there (sandbox.SandboxError)
            t.check(False, f"the demo to go on, but: {exc}")
        finally:
            await runtime.stop()
            await emu.stop()
    rejected = emu.unexpected_rejections()
    for call in rejected:
        t.out(f"   ✗ rejected: {call}")
    t.out(f"\n{t.steps} checks, {'all passed' if t.ok else 'SOME FAILED'}; "
          f"{len(emu.calls)} Bot API calls, {len(rejected)} rejected; "
          f"{time.monotonic() - began:.1f} s.")
    return t.ok and not rejected
