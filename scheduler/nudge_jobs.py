"""The nudge and digest sweeps (registered with :func:`scheduler.jobs.register`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models import Language, Priority
from scheduler import nudge_texts as tx
from scheduler.jobs import More, register
from services import digests, nudge_requests, nudges, outbox
from services.digests import Digest, DigestLine
from services.when import format_when

MAX_DIGEST_LINES = 12  # per section; the list of names is one button away (/missing's pages)
MAX_DIGEST_CHARS = 3800


async def nudge_sweep(session: AsyncSession, now: datetime) -> int | More:
    result = await nudges.sweep(session, now, tx.nudge)
    done = result.queued + result.replanned
    return More(done) if result.more else done


async def snooze_sweep(session: AsyncSession, now: datetime) -> int:
    return await nudge_requests.sweep_snoozes(session, now, tx.nudge)


def _digest_line(d: DigestLine, lang: Language) -> list[str]:
    cfg = nudges.config()
    name = tx.milestone_name(d.milestone.kind, d.milestone.title, lang)
    lines = [tx.render("digest.line", lang, campaign=d.campaign.code, milestone=name,
                       due=format_when(d.milestone.due_at, language=lang.value, tz=cfg.timezone),
                       missing=len(d.missing), expected=d.expected)]
    if d.missing:
        shown = [n for _, n in d.missing[:tx.NAMES_SHOWN]]
        lines.append(tx.render("digest.names", lang, names="; ".join(shown)))
        if len(d.missing) > tx.NAMES_SHOWN:
            lines.append(tx.render("digest.more", lang, n=len(d.missing) - tx.NAMES_SHOWN))
    return lines


def render_digest(d: Digest, day_text: str) -> tuple[str, list[list[dict[str, str]]]]:
    lang = d.member.language
    if d.field_code is None:
        lines = [tx.render("digest.title_sector", lang, day=day_text)]
    else:
        lines = [tx.render("digest.title_field", lang, day=day_text,
                           field=d.field_name_en if lang == Language.EN else d.field_name_vi)]
    keyboard: list[list[dict[str, str]]] = []
    for key, section in (("digest.due_week", d.due_week), ("digest.late", d.late)):
        if not section:
            continue
        lines += ["", tx.render(key, lang)]
        for line in section[:MAX_DIGEST_LINES]:
            lines += _digest_line(line, lang)
            if line.missing and len(keyboard) < 8:
                name = tx.milestone_name(line.milestone.kind, line.milestone.title, lang)
                keyboard.append([{"text": tx.render("digest.btn_list", lang,
                                                    code=line.campaign.code, milestone=name)[:60],
                                  "callback_data": f"mi:{line.milestone.id}:1"}])
    body = "\n".join(lines)
    if len(body) > MAX_DIGEST_CHARS:
        body = body[:MAX_DIGEST_CHARS].rsplit("\n", 1)[0] + "\n…"
    return body, keyboard


async def digest_sweep(session: AsyncSession, now: datetime) -> int:
    day = await digests.due_today(session, now)
    if day is None:
        return 0
    sent = 0
    for d in await digests.build(session, now):
        body, keyboard = render_digest(d, f"{day:%d/%m/%Y}")
        # Like a nudge, a digest not delivered before quiet hours is dropped: it speaks of its day.
        options: dict[str, Any] = {"priority": Priority.NOTICE,
                                   "dedupe_key": f"digest:{day.isoformat()}:{d.member.id}",
                                   "ref": f"digest:{day.isoformat()}",
                                   "not_after": nudges.config().quiet_from(now)}
        if await outbox.enqueue_text(session, d.member.telegram_id, body, keyboard or None,
                                     **options) is not None:
            sent += 1
    await digests.mark_done(session, day, sent, now)
    return sent


register("nudges.sweep", nudge_sweep)
register("nudges.snoozes", snooze_sweep)
register("digests.morning", digest_sweep)
