"""/weekly on|off: the Monday picture, per person."""

from __future__ import annotations

from handlers import menu
from handlers.context import Context
from handlers.router import Router
from handlers.texts import stats as _texts  # noqa: F401  (registers the texts)
from models import Member, Role
from services import weekly

router = Router(name=__name__)
menu.add("weekly", "menu.weekly", menu.LEADS, order=39)


@router.command("weekly")
async def weekly_command(ctx: Context, member: Member, args: str) -> None:
    if member.role not in (Role.ADMIN, Role.FIELD_LEAD):
        await ctx.reply(ctx.t("weekly.not_for_you"))
        return
    arg = args.strip().lower()
    if arg in ("on", "bat", "bật"):
        await weekly.set_picture(ctx.session, member, True)
        await ctx.reply(ctx.t("weekly.on"))
    elif arg in ("off", "tat", "tắt"):
        await weekly.set_picture(ctx.session, member, False)
        await ctx.reply(ctx.t("weekly.off"))
    else:
        on = await weekly.wants_picture(ctx.session, member)
        await ctx.reply(ctx.t("weekly.state_on" if on else "weekly.state_off"))
