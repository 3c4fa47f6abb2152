"""Reading "Họ tên, ngày sinh" as officers type it, for exemplars and nominations alike."""

from __future__ import annotations

from datetime import date

from handlers.chat import Incoming
from handlers.common import read_text
from handlers.context import Context
from services.awards.sheets import parse_date


async def read_person(ctx: Context, msg: Incoming) -> tuple[str, date | None] | None:
    """``Nguyễn Văn An, 12/03/1985`` → (name, birth date); the date may be left out. A bad date
    is answered and gives None, so the step stays open for another try."""
    text = await read_text(ctx, msg, limit=250)
    if text is None:
        return None
    name, _, born_text = text.rpartition(",")
    if not name:
        name, born_text = born_text, ""
    try:
        born = parse_date(born_text)
    except ValueError:
        await ctx.reply(ctx.t("nm.bad_birth_date", text=born_text.strip()))
        return None
    return name, born
