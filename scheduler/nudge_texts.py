"""What deadline nudges and morning digests say, in both languages.

They are written by the scheduler's sweeps (which sit beside the handlers, not above them), so
their texts live here, like :mod:`scheduler.texts`. The buttons' callback data is read by
:mod:`handlers.nudges`.
"""

from __future__ import annotations

import html
from typing import Any

from models import Language, MilestoneKind
from services.nudges import NudgeCard
from services.when import format_when

TEXTS: dict[str, tuple[str, str]] = {
    "nudge.title": ("⏰ <b>Nhắc hạn: {milestone}</b>", "⏰ <b>Deadline reminder: {milestone}</b>"),
    "nudge.title_overdue": ("⚠️ <b>Quá hạn: {milestone}</b>", "⚠️ <b>Overdue: {milestone}</b>"),
    "nudge.title_again": ("🔔 <b>Nhắc lại: {milestone}</b>", "🔔 <b>Reminder again: {milestone}</b>"),
    "nudge.campaign": ("Phong trào: <b>{title}</b> ({code})", "Campaign: <b>{title}</b> ({code})"),
    "nudge.unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "nudge.due_left": ("Hạn: {due} — còn {n} ngày làm việc",
                       "Due: {due} — {n} working day(s) left"),
    "nudge.due_today": ("Hạn: {due} — hôm nay là hạn cuối", "Due: {due} — today is the deadline"),
    "nudge.due_over": ("Hạn: {due} — đã quá hạn {n} ngày làm việc",
                       "Due: {due} — {n} working day(s) overdue"),
    "nudge.due_passed": ("Hạn: {due} — đã quá hạn", "Due: {due} — the deadline has passed"),
    "nudge.missing.dang_ky": ("Còn thiếu: bản đăng ký thi đua của đơn vị.",
                              "Missing: your unit's registration for the campaign."),
    "nudge.missing.report": ("Còn thiếu: báo cáo của đơn vị cho mốc “{milestone}”.",
                             "Missing: your unit's report for “{milestone}”."),
    "nudge.missing.nop_ho_so": ("Còn thiếu: hồ sơ đề nghị khen thưởng của đơn vị.",
                                "Missing: your unit's nomination files."),
    "nudge.footer": ("Đồng chí vui lòng hoàn thành trước hạn. Nếu đơn vị đã gửi, xin bỏ qua tin "
                     "nhắn này.",
                     "Please complete it before the deadline. If your unit has already sent it, "
                     "please ignore this message."),
    "nudge.btn_report": ("📝 Báo cáo ngay", "📝 Report now"),
    "nudge.btn_snooze": ("⏰ Nhắc lại sau", "⏰ Remind me later"),
    # digests
    "digest.title_sector": ("📋 <b>Tình hình thi đua — sáng {day}</b>\nToàn ngành",
                            "📋 <b>Emulation status — {day}</b>\nWhole sector"),
    "digest.title_field": ("📋 <b>Tình hình thi đua — sáng {day}</b>\nLĩnh vực: {field}",
                           "📋 <b>Emulation status — {day}</b>\nField: {field}"),
    "digest.due_week": ("<b>Đến hạn trong tuần</b>", "<b>Due this week</b>"),
    "digest.late": ("<b>Quá hạn, còn đơn vị chưa nộp</b>", "<b>Overdue, units still missing</b>"),
    "digest.line": ("• {campaign} · {milestone} — hạn {due}: <b>{missing}/{expected}</b> đơn vị "
                    "chưa nộp",
                    "• {campaign} · {milestone} — due {due}: <b>{missing}/{expected}</b> units "
                    "have not submitted"),
    "digest.names": ("  {names}", "  {names}"),
    "digest.more": ("  … và {n} đơn vị khác", "  … and {n} more units"),
    "digest.btn_list": ("{code} · {milestone}: danh sách", "{code} · {milestone}: list"),
}

NAMES_SHOWN = 5


def render(key: str, language: Language | str, /, **values: Any) -> str:
    vi, en = TEXTS[key]
    template = en if language == Language.EN else vi
    return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})


def milestone_name(kind: MilestoneKind, title: str, language: Language) -> str:
    names = {
        MilestoneKind.REGISTRATION: ("Đăng ký thi đua", "Registration"),
        MilestoneKind.MIDTERM: ("Sơ kết", "Mid-term review"),
        MilestoneKind.FINAL: ("Tổng kết", "Final review"),
        MilestoneKind.NOMINATION: ("Nộp hồ sơ khen thưởng", "Nomination files"),
        MilestoneKind.MONTHLY: ("Báo cáo tháng", "Monthly report"),
        MilestoneKind.QUARTERLY: ("Báo cáo quý", "Quarterly report"),
    }
    vi, en = names[kind]
    return title or (en if language == Language.EN else vi)


def nudge(card: NudgeCard) -> tuple[str, list[list[dict[str, str]]]]:
    """The nudge's text and its two buttons."""
    lang = card.language
    name = milestone_name(card.milestone_kind, card.milestone_title, lang)
    title = ("nudge.title_again" if card.reminder
             else "nudge.title_overdue" if card.past_due else "nudge.title")
    due = format_when(card.due_at, language=lang.value, tz=card.timezone)
    if card.past_due:
        state = (render("nudge.due_over", lang, due=due, n=card.days_over) if card.days_over
                 else render("nudge.due_passed", lang, due=due))
    elif card.days_left:
        state = render("nudge.due_left", lang, due=due, n=card.days_left)
    else:
        state = render("nudge.due_today", lang, due=due)
    if card.milestone_kind == MilestoneKind.REGISTRATION:
        missing = render("nudge.missing.dang_ky", lang)
    elif card.milestone_kind == MilestoneKind.NOMINATION:
        missing = render("nudge.missing.nop_ho_so", lang)
    else:
        missing = render("nudge.missing.report", lang, milestone=name)
    lines = [render(title, lang, milestone=name),
             render("nudge.campaign", lang, title=card.campaign_title, code=card.campaign_code),
             render("nudge.unit", lang, unit=card.unit_name), state, missing, "",
             render("nudge.footer", lang)]
    keyboard = [[{"text": render("nudge.btn_report", lang),
                  "callback_data": f"ng:r:{card.milestone_id}"},
                 {"text": render("nudge.btn_snooze", lang),
                  "callback_data": f"ng:s:{card.milestone_id}"}]]
    return "\n".join(lines), keyboard
