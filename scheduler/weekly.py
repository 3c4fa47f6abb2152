"""The Monday picture sweep: at 08:00 local on the picture day (services.weekly.picture_day),
each admin and field lead gets one photo of the week's figures and one line of text.

Idempotent: the outbox row's dedupe key names the person and the ISO week, so a sweep that runs
every few seconds, twice, or late after downtime sends each person one picture a week.
"""

from __future__ import annotations

import asyncio
import html
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Language, Member, OutboxMessage, Priority
from scheduler.jobs import register
from services import charts, outbox_files, weekly, workdays
from services.numbers import format_number
from services.stats import ChartData, Series, View

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Tuần {week}: tình hình thi đua", "Week {week}: the movement at a glance"),
    "caption": ("Tuần {week}: {reports} báo cáo mới ({late} muộn), {registrations} đăng ký, "
                "{acks} lượt xác nhận văn bản; hoàn thành bình quân năm {completion}%. "
                "Tắt ảnh này: /weekly off",
                "Week {week}: {reports} new reports ({late} late), {registrations} registrations, "
                "{acks} acknowledgements; average completion this year {completion}%. "
                "Turn off: /weekly off"),
    "reports": ("Báo cáo mới", "New reports"),
    "late": ("Nộp muộn", "Late"),
    "registrations": ("Đăng ký mới", "Registrations"),
    "acks": ("Xác nhận văn bản", "Acknowledgements"),
    "last": ("Tuần vừa qua", "Last week"),
    "before": ("Tuần trước đó", "The week before"),
}
BATCH = 50  # people per sweep run; the rest follow on the next run


def _t(key: str, language: Language, **values: Any) -> str:
    vi, en = TEXTS[key]
    template = en if language == Language.EN else vi
    return template.format(**{k: html.escape(str(v), quote=False) for k, v in values.items()})


def week_label(key: str) -> str:
    """``2026-W47`` (the dedupe key's form) as people read a week: ``16/11–22/11/2026``."""
    year, week = key.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    sunday = monday + timedelta(days=6)
    return f"{monday:%d/%m}–{sunday:%d/%m/%Y}"


def chart_data(p: weekly.WeeklyPicture, language: Language) -> ChartData:
    names = [_t(k, language) for k in ("reports", "late", "registrations", "acks")]
    last = [float(p.last.reports), float(p.last.late), float(p.last.registrations),
            float(p.last.acknowledgements)]
    before = [float(p.before.reports), float(p.before.late), float(p.before.registrations),
              float(p.before.acknowledgements)]
    return ChartData(View.TIMELINESS, "bars", names,
                     [Series(_t("last", language), last), Series(_t("before", language), before)],
                     False, "weekly.caption")


async def weekly_pictures(session: AsyncSession, now: datetime) -> int:
    if not weekly.is_time(now, await workdays.load(session)):
        return 0
    people = await weekly.recipients(session)
    keys = {m.id: weekly.dedupe_key(m.id or 0, now) for m in people}
    done = set((await session.exec(select(OutboxMessage.dedupe_key).where(
        col(OutboxMessage.dedupe_key).in_(list(keys.values()))))).all())
    due: list[Member] = [m for m in people if keys[m.id] not in done][:BATCH]
    for member in due:
        p = await weekly.picture(session, member, now)
        lang = member.language
        week = week_label(p.week)
        title = _t("title", lang, week=week)
        png = await asyncio.to_thread(charts.render, chart_data(p, lang), title)
        caption = _t("caption", lang, week=week, reports=p.last.reports, late=p.last.late,
                     registrations=p.last.registrations, acks=p.last.acknowledgements,
                     completion=format_number(round(p.completion, 1),
                                              decimal="." if lang == Language.EN else ","))
        await outbox_files.enqueue_photo(session, member.telegram_id, png, caption=caption,
                                         filename=f"tuan-{p.week}.png", priority=Priority.NOTICE,
                                         dedupe_key=keys[member.id], ref=f"weekly:{p.week}")
    return len(due)


register("stats.weekly_picture", weekly_pictures)
