"""One live prompt per conversation: a button press edits the prompt in place, a typed answer
posts the next prompt as a new message, and a press on an older copy of the prompt is refused.

The conversation remembers the outbox row of its live prompt; once that row is sent, Telegram's
``message_id`` tells which message a button belongs to, so an outdated keyboard gets a toast
instead of acting on the draft.
"""

from __future__ import annotations

from handlers.chat import Keyboard
from handlers.context import Context
from models import OutboxMessage

PROMPT_KEY = "_prompt_row"


async def is_outdated(ctx: Context) -> bool:
    """True when the pressed button sits on a prompt that is no longer the conversation's live one."""
    if ctx.msg.callback_id is None or ctx.msg.message_id is None:
        return False
    row_id = ctx.flow.data.get(PROMPT_KEY)
    if not isinstance(row_id, int):
        return False
    row = await ctx.session.get(OutboxMessage, row_id)
    if row is None or row.message_id is None:
        return False  # not sent yet: nobody can have pressed an older copy of it
    return row.message_id != ctx.msg.message_id


async def refuse_outdated(ctx: Context) -> bool:
    """Answer a press on an outdated prompt with a toast; True when the press must be ignored."""
    if await is_outdated(ctx):
        await ctx.answer(ctx.t("common.outdated_button"))
        return True
    return False


async def show(ctx: Context, text: str, keyboard: Keyboard | None = None) -> None:
    """Show the conversation's prompt: in place after a button press, as a new message otherwise."""
    pressed_on_prompt = (ctx.msg.callback_id is not None and ctx.msg.message_id is not None
                         and isinstance(ctx.flow.data.get(PROMPT_KEY), int))
    if pressed_on_prompt:
        await ctx.edit(text, keyboard)
        return
    row = await ctx.reply(text, keyboard)
    if row is not None and ctx.flow.active():
        await ctx.session.flush()  # the row's id, to know the live prompt when a button comes back
        await ctx.flow.update(**{PROMPT_KEY: row.id})
