"""``thidua demo``: scripted conversations through the real stack, with their transcript.

It starts the Telegram emulator and the bot (scheduler included) on a fresh SQLite file, all on
one clock (:class:`bot.demo_stage.DemoClock`), then plays the scenes of :data:`SCENES` in order:

1. *Meeting the bot*: an administrator and a newcomer meet the bot, change language, send
   feedback and are refused an admin command.
2. *A campaign cycle*: the operator imports units, invites an officer and a field lead, imports a
   campaign and launches it (the same service calls as ``thidua units import``, ``thidua invite
   create``, ``thidua campaign import`` and ``thidua campaign launch``); the officer opens the
   invite, registers from the announcement, reports step by step and again in one line; the field
   lead approves the registration; the administrator asks who has not reported.
3. *A directive* (:mod:`bot.demo_directives`): the department composes a notice, sends it to a
   field with its number and title; the officer acknowledges it; the register shows who has.

4. *A nomination* (:mod:`bot.demo_nominations`): the award register is imported; the officer
   proposes a person, sees the check's verdict, attaches the files, sends the list; the department
   approves; the DOCX dossier comes back.

A new part of the cycle adds its scene (``async def scene(stage: Stage)``, in its own module)
to :data:`SCENES`.

Every 🤖 line is what the emulator received over HTTP from the bot (new messages and edits, with
their buttons). The demo checks what a person would notice and fails (exit 1) when something is
wrong, or when the emulator rejected any request.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bot.app import Runtime
from bot.demo_council import council_and_award
from bot.demo_directives import directive_acknowledged
from bot.demo_nominations import nomination_proposed
from bot.demo_nudges import nudged_and_reported
from bot.demo_stage import START, DemoClock, Scene, Stage, Transcript, having, step, text_of
from bot.sandbox_home import SANDBOX_TOKEN
from bot.settings import RateLimits, Settings
from sandbox import Emulator, Limits

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


# -- scene 1 ----------------------------------------------------------------------------------------
async def meet_the_bot(stage: Stage) -> None:
    t, admin, newcomer = stage.t, stage.admin, stage.newcomer
    t.scene("Gặp bot: chào, đổi ngôn ngữ, góp ý, từ chối lịch sự")
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
    t.check(any("Trần Văn Minh · xem nhật ký" in line and "⛔" in line
                for line in text_of(log).splitlines()), "the refusal is in the audit log")


# -- scene 2 ----------------------------------------------------------------------------------------
async def campaign_cycle(stage: Stage) -> None:
    from zoneinfo import ZoneInfo

    from bot.cli_texts import say
    from handlers.campaign_new import series_name
    from handlers.campaigns import launch_campaign
    from handlers.i18n import Translator
    from models import Language, Role
    from services import invites
    from services.campaign_files import import_campaign_result
    from services.unit_files import import_units

    t, clock, tmp = stage.t, stage.clock, stage.tmp
    admin, officer, lead = stage.admin, stage.officer, stage.lead
    VI = Language.VI  # the operator's terminal speaks as `thidua` does by default
    factory = t.runtime.session_factory
    assert factory is not None and t.runtime.sender is not None
    t.scene("Một vòng thi đua: đơn vị, lời mời, phát động, đăng ký, duyệt, báo cáo, ai chưa nộp")
    t.watch(admin, officer, lead)

    # The operator prepares the installation.
    (tmp / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp / "campaign.yaml").write_text(CAMPAIGN_YAML, encoding="utf-8")
    async with factory() as s, s.begin():
        report = await import_units(s, tmp / "units.csv")
    t.check(report.applied and len(report.created) == 5, "five units imported")
    t.operator("thidua units import units.csv",
               say("cli.units_imported", VI, rows=report.rows, created=len(report.created),
                   updated=len(report.updated), unchanged=len(report.unchanged),
                   skipped=len(report.skipped_rows)))
    async with factory() as s, s.begin():
        officer_invite = await invites.create_invite(
            s, actor=None, unit_code="TTTT-HN", role=Role.OFFICER, now=clock())
        lead_invite = await invites.create_invite(
            s, actor=None, unit_code="CDS", role=Role.FIELD_LEAD, field_code="ung_dung_cntt",
            now=clock())
    t.operator("thidua invite create --unit TTTT-HN --role officer",
               say("cli.invite_link", VI,
                   link=f"https://t.me/{t.emu.bot_username}?start={officer_invite.code}"))
    t.operator("thidua invite create --unit CDS --role field_lead --field ung_dung_cntt",
               say("cli.invite_link", VI,
                   link=f"https://t.me/{t.emu.bot_username}?start={lead_invite.code}"))
    async with factory() as s, s.begin():
        saved = await import_campaign_result(s, tmp / "campaign.yaml", actor=None, now=clock(),
                                             series_name=series_name(Translator(Language.VI)))
    t.check(saved.created, "the campaign created from the file")
    t.operator("thidua campaign import campaign.yaml",
               say("cli.campaign_created", VI, code=saved.campaign.code,
                   title=saved.campaign.title))

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
               say("cli.announcement_queued", VI, number=directive.id,
                   count=directive.recipient_count).strip())
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


# The scenes, in playing order. A part of the cycle that arrives later adds its scene here.
SCENES: list[Scene] = [meet_the_bot, campaign_cycle, nudged_and_reported, directive_acknowledged,
                       nomination_proposed, council_and_award]


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
        runtime = Runtime(settings, clock=clock)  # the scheduler too: its sweeps on the same clock
        await runtime.start()
        t = Transcript(emu, runtime)
        t.out(f"ThiDua Bot demo — {gateway} gateway, Telegram emulator at {emu.base_url}")
        t.watch(admin, newcomer)
        stage = Stage(t, clock, Path(tmp), admin, newcomer, officer, lead)
        try:
            for play in SCENES:
                await play(stage)
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


__all__ = ["CAMPAIGN_YAML", "SCENES", "START", "UNITS_CSV", "run_demo"]
