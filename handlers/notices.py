"""Messages that tell people something now waits for them: reviewers of a registration, admins
when an invite is used, a newcomer about the campaigns already running."""

from __future__ import annotations

from handlers.chat import Button, Keyboard
from handlers.context import Context
from handlers.i18n import Translator
from handlers.labels import button_label
from handlers.people import role_name, unit_label
from handlers.texts import notices as _texts  # noqa: F401  (registers the texts)
from models import Campaign, Member, Priority, Registration, Unit
from services import notices


async def registration_waiting(ctx: Context, reg: Registration, campaign: Campaign,
                               unit: Unit | None) -> None:
    for person in await notices.registration_reviewers(ctx.session, reg):
        t = Translator(person.language)
        text = t("notice.registration_waiting", number=reg.id, unit=unit_label(unit, t),
                 title=campaign.title, times=reg.times_submitted)
        await ctx.send(person.telegram_id, text,
                       [[Button(t("mm.review"), callback_data="mm:review")]],
                       priority=Priority.NOTICE,
                       dedupe_key=f"rg-wait:{reg.id}:{reg.times_submitted}:{person.telegram_id}")


async def invite_used(ctx: Context, joiner: Member, created_by: int | None, invite_id: int,
                      unit: Unit | None) -> None:
    for person in await notices.invite_watchers(ctx.session, created_by, joiner.telegram_id):
        t = Translator(person.language)
        text = t("notice.invite_used", name=joiner.full_name or str(joiner.telegram_id),
                 role=role_name(joiner.role, t), unit=unit_label(unit, t))
        await ctx.send(person.telegram_id, text, priority=Priority.NOTICE,
                       dedupe_key=f"invite-used:{invite_id}:{person.telegram_id}")


async def running_campaigns(ctx: Context, member: Member) -> None:
    """Tell someone who just joined which campaigns are already running, with a register button."""
    found = await notices.running_campaigns_for(ctx.session, member)
    if not found:
        return
    t = ctx.t
    lines = [t("notice.running_title", count=len(found))]
    lines += [t("notice.running_line", title=c.title, code=c.code) for c in found[:10]]
    kb: Keyboard = [[Button(button_label(f"📝 {c.code} · {c.title}"),
                            callback_data=f"rg:c:{c.id}")] for c in found[:5]]
    await ctx.reply("\n".join(lines), kb)
