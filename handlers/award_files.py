"""Files in the khen thưởng flows: taking one a person sends (its bytes fetched and kept), and
sending a kept one back as a document."""

from __future__ import annotations

from handlers import i18n
from handlers.chat import ContentKind, Incoming
from handlers.context import Context
from handlers.i18n import Markup
from models import OutboxMethod
from services import outbox
from services.errors import AccessDenied, DomainError


def refusal(ctx: Context, error: DomainError) -> Markup:
    """The text of a refusal a flow answers itself (the draft stays, the person may try again).
    A refused permission, or a refusal without a text of its own, goes on to the runtime, which
    answers and audits it."""
    key = f"error.{error.code}"
    if isinstance(error, AccessDenied) or not i18n.has(key):
        raise error
    params = dict(error.params)
    if "reason_vi" in params:  # a refusal worded by the service in both languages
        params = {"reason": params["reason_en" if ctx.t.is_en else "reason_vi"]}
    return ctx.t(key, **params)


async def received(ctx: Context, msg: Incoming, *, photo: bool = False) -> tuple[bytes, str, str] | None:
    """(bytes, file name, file id) of the document (or photo) in ``msg``, or None after telling
    the person what is wrong (not a file, too big, could not be fetched)."""
    wanted = (ContentKind.PHOTO, ContentKind.DOCUMENT) if photo else (ContentKind.DOCUMENT,)
    if msg.file is None or msg.content not in wanted:
        await ctx.reply(ctx.t("af.photo_expected" if photo else "af.file_expected"))
        return None
    limit = ctx.config.max_file_bytes
    if msg.file.size is not None and msg.file.size > limit:
        await ctx.reply(ctx.t("error.award_file.too_big", size_mb=f"{msg.file.size / 1048576:.1f}",
                              limit_mb=f"{limit / 1048576:.0f}"))
        return None
    try:
        content = await ctx.fetch_file(msg.file.file_id, limit)
    except Exception:  # the gateway's errors, a timeout: the person can simply send it again
        await ctx.reply(ctx.t("af.fetch_failed"))
        return None
    name = msg.file.file_name or ("photo.jpg" if msg.content == ContentKind.PHOTO else "file")
    return content, name, msg.file.file_id


async def send_kept(ctx: Context, chat_id: int, sha256: str, file_name: str,
                    caption: str | None = None) -> None:
    """Queue a kept file as a document upload (the sender reads the bytes from the database)."""
    await outbox.enqueue(ctx.session, chat_id, OutboxMethod.SEND_DOCUMENT,
                         {"blob": sha256, "file_name": file_name, "caption": caption},
                         source_update_id=ctx.msg.update_id)
