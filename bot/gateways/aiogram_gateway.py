"""The :class:`~bot.gateway.Gateway` on aiogram 3 (``Bot`` over an ``AiohttpSession``)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods.base import Response, TelegramMethod, TelegramType
from aiogram.types import BotCommand as AiogramBotCommand
from aiogram.types import (
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    LinkPreviewOptions,
)

from bot import errors
from bot.gateway import BotCommand, BotInfo, FileUpload, Keyboard, SentMessage, WebhookInfo
from bot.gateways.guard import check_token, describe, guarded
from bot.gateways.redact import Redactor, protect_logs, protect_secret

HTML = "HTML"
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


# --- raw calls: Telegram's JSON as it came, not aiogram's models dumped back ------------------


class _RawGetUpdates(TelegramMethod[list[Any]]):
    """``getUpdates`` whose result is kept as plain JSON (no model round trip, nothing lost).

    Each update is whatever Telegram sent, not checked here: one that is not even an object must
    not fail the whole call (the batch would be fetched again forever); the inbox sets it aside."""

    __returning__ = list[Any]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


class _RawGetWebhookInfo(TelegramMethod[dict[str, Any]]):
    __returning__ = dict[str, Any]
    __api_method__ = "getWebhookInfo"


class _RawGetChatMember(TelegramMethod[dict[str, Any]]):
    """Only ``status`` is wanted; aiogram's ChatMember models require every field of the newest
    Bot API (e.g. ``can_edit_tag`` on a restricted member) and reject an older server's answer."""

    __returning__ = dict[str, Any]
    __api_method__ = "getChatMember"

    chat_id: int
    user_id: int


# aiogram reads every answer as ``Response[<the method's result type>]``, a class pydantic makes
# on first use and keeps only weakly: once garbage-collected, the next call built it again
# (about 500 class builds while 9,000 nudges went out, in bench_nudges --deliver). Kept for good.
_ANSWER_TYPES: dict[Any, Any] = {}


class _Session(AiohttpSession):
    """Remembers the HTTP status on an answer aiogram cannot decode (a proxy's HTML page), so
    that it maps like python-telegram-bot maps it: 401/404 Unauthorized, 5xx NetworkError..."""

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _ANSWER_TYPES:
            _ANSWER_TYPES[returning] = Response[returning]  # type: ignore[valid-type]
        try:
            return super().check_response(bot, method, status_code, content)
        except ClientDecodeError as exc:
            exc.status_code = status_code  # type: ignore[attr-defined]
            raise


# --- errors -----------------------------------------------------------------------------------


def _transport_error(exc: TelegramNetworkError, redact: Redactor) -> errors.GatewayError:
    """aiogram wraps every aiohttp failure in TelegramNetworkError; the cause tells which.

    Not sent for sure (could not connect, timed out while connecting) -> NetworkError, safe to
    retry. Sent but no answer (timeout after connecting, server hung up) -> TimedOut: Telegram
    may have acted on it.
    """
    cause = exc.__cause__
    what = describe(cause, redact) if cause is not None else redact(exc.message)
    if isinstance(cause, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError):
        return errors.NetworkError(f"could not connect to the Bot API: {what}")
    if isinstance(cause, asyncio.TimeoutError):
        return errors.TimedOut(f"no answer from the Bot API in time: {what}")
    if isinstance(
        cause,
        aiohttp.ServerDisconnectedError
        | aiohttp.ClientPayloadError
        | aiohttp.ClientConnectionResetError
        | aiohttp.ClientOSError,
    ):
        return errors.TimedOut(f"connection lost before the Bot API answered: {what}")
    return errors.NetworkError(what)


def _decode_error(exc: ClientDecodeError, redact: Redactor) -> errors.GatewayError:
    data = exc.data
    if isinstance(data, str | bytes):
        # Not JSON at all: a proxy's or load balancer's page in front of the Bot API (or a base
        # URL pointing at some other web server). Judge by the HTTP status, as PTB does.
        status: int = getattr(exc, "status_code", 0)
        snippet = redact(str(data)[:200])
        text = f"the Bot API answered HTTP {status} with something that is not JSON: {snippet!r}"
        if status in (401, 404):
            return errors.Unauthorized(text)
        if status == 403:
            return errors.Forbidden(text)
        if status == 409:
            return errors.Conflict(text)
        if status == 400:
            return errors.BadRequest(text)
        return errors.NetworkError(text)
    # JSON, but not the shape aiogram's models demand. If it said ok, Telegram acted: retrying
    # would do it twice, so this is neither NetworkError nor TimedOut.
    ok = isinstance(data, dict) and data.get("ok") is True
    what = "accepted the call but its answer" if ok else "answered with an error that"
    detail = redact(str(exc.original).splitlines()[0])
    return errors.GatewayError(f"the Bot API {what} does not fit aiogram's models: {detail}")


def _translate(exc: Exception, redact: Redactor) -> errors.GatewayError | None:
    if isinstance(exc, TelegramRetryAfter):
        return errors.RetryAfter(exc.retry_after)
    if isinstance(exc, TelegramMigrateToChat):
        return errors.ChatMigrated(exc.migrate_to_chat_id)
    if isinstance(exc, TelegramForbiddenError):
        return errors.Forbidden(redact(exc.message))
    if isinstance(exc, TelegramEntityTooLarge):  # 413; a TelegramNetworkError subclass
        return errors.BadRequest(redact(exc.message))
    if isinstance(exc, TelegramBadRequest):
        return errors.BadRequest(redact(exc.message))
    if isinstance(exc, TelegramConflictError):
        return errors.Conflict(redact(exc.message))
    if isinstance(exc, TelegramUnauthorizedError | TelegramNotFound):  # 401, 404 = bad token
        return errors.Unauthorized(redact(exc.message))
    if isinstance(exc, TelegramServerError):  # 5xx
        return errors.NetworkError(redact(exc.message))
    if isinstance(exc, TelegramNetworkError):
        return _transport_error(exc, redact)
    if isinstance(exc, ClientDecodeError):
        return _decode_error(exc, redact)
    if isinstance(exc, TelegramAPIError):
        return errors.GatewayError(redact(exc.message))
    if isinstance(exc, AiogramError):
        return errors.GatewayError(describe(exc, redact))
    if isinstance(exc, aiohttp.ClientError):
        return errors.NetworkError(describe(exc, redact))
    return None  # anything else: a plain GatewayError (see guard.guarded)


_guard = guarded(_translate)


# --- conversions --------------------------------------------------------------------------------


def _input_file(value: str | FileUpload) -> str | BufferedInputFile:
    """A file_id as it is; an upload as a multipart part named after the parameter."""
    if isinstance(value, FileUpload):
        return BufferedInputFile(value.data, filename=value.filename)
    return value


def _markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url)
                for b in row
            ]
            for row in keyboard
        ]
    )


class AiogramGateway:
    """Bot API access through aiogram. Opens its HTTP session on first use (or :meth:`start`)."""

    name = "aiogram"

    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        request_timeout: float = 10.0,
        allowed_updates: Sequence[str] | None = None,
        connection_pool_size: int = 100,
    ) -> None:
        """``request_timeout``: seconds for one call (getUpdates gets its poll timeout on top).
        ``allowed_updates`` goes to getUpdates and setWebhook; ``None`` keeps Telegram's current
        setting (by default everything but chat_member and the reaction updates).
        ``connection_pool_size``: concurrent HTTP connections for calls other than getUpdates.
        Raises :class:`bot.errors.Unauthorized` for a malformed token (no request is made)."""
        check_token(token)
        protect_logs(token)
        self._redactor = Redactor(token)
        self._request_timeout = request_timeout
        self._allowed_updates = list(allowed_updates) if allowed_updates is not None else None
        self._session = _Session(
            api=TelegramAPIServer.from_base(base_url.rstrip("/")),
            timeout=request_timeout,
            limit=connection_pool_size,
        )
        self._bot = Bot(token, session=self._session)

    @property
    def redactor(self) -> Redactor:
        return self._redactor

    # --- lifecycle -------------------------------------------------------------------------

    @_guard
    async def start(self) -> None:
        """Open the HTTP session now rather than on the first call. No request is made."""
        await self._session.create_session()

    async def close(self) -> None:
        """Close the HTTP session (never Telegram's ``close``/``logOut``). Reusable afterwards."""
        await self._session.close()

    async def __aenter__(self) -> AiogramGateway:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- the protocol ----------------------------------------------------------------------

    @_guard
    async def get_me(self) -> BotInfo:
        me = await self._bot.get_me()
        return BotInfo(id=me.id, username=me.username or "", first_name=me.first_name)

    @_guard
    async def get_updates(
        self, offset: int | None, timeout: int, limit: int = 100
    ) -> list[Any]:
        method = _RawGetUpdates(
            offset=offset, limit=limit, timeout=timeout, allowed_updates=self._allowed_updates
        )
        # The HTTP timeout must outlast the long poll, or every quiet poll is a "timeout".
        http_timeout = math.ceil(max(timeout, 0) + self._request_timeout)
        updates: list[Any] = await self._bot(method, request_timeout=http_timeout)
        return updates

    @_guard
    async def send_message(
        self,
        chat_id: int,
        text: str,
        keyboard: Keyboard | None = None,
        *,
        paid_broadcast: bool = False,
        disable_notification: bool = False,
    ) -> SentMessage:
        message = await self._bot.send_message(
            chat_id=chat_id,
            text=text,
            parse_mode=HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=_markup(keyboard),
            disable_notification=True if disable_notification else None,
            allow_paid_broadcast=True if paid_broadcast else None,
        )
        return SentMessage(message_id=message.message_id, chat_id=message.chat.id)

    @_guard
    async def edit_message_text(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard | None = None
    ) -> None:
        await self._bot.edit_message_text(
            chat_id=chat_id,
            message_id=message_id,
            text=text,
            parse_mode=HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=_markup(keyboard),
        )

    @_guard
    async def edit_message_keyboard(
        self, chat_id: int, message_id: int, keyboard: Keyboard | None
    ) -> None:
        # No reply_markup in editMessageReplyMarkup = remove the inline keyboard.
        await self._bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=_markup(keyboard)
        )

    @_guard
    async def answer_callback_query(
        self, callback_query_id: str, text: str | None = None, show_alert: bool = False
    ) -> None:
        await self._bot.answer_callback_query(
            callback_query_id=callback_query_id,
            text=text,
            show_alert=True if show_alert else None,
        )

    @_guard
    async def copy_message(
        self,
        chat_id: int,
        from_chat_id: int,
        message_id: int,
        keyboard: Keyboard | None = None,
        *,
        paid_broadcast: bool = False,
    ) -> SentMessage:
        copied = await self._bot.copy_message(
            chat_id=chat_id,
            from_chat_id=from_chat_id,
            message_id=message_id,
            reply_markup=_markup(keyboard),
            allow_paid_broadcast=True if paid_broadcast else None,
        )
        return SentMessage(message_id=copied.message_id, chat_id=chat_id)

    @_guard
    async def send_document(
        self,
        chat_id: int,
        document: str | FileUpload,
        caption: str | None = None,
        keyboard: Keyboard | None = None,
    ) -> SentMessage:
        return await self._send_file(self._bot.send_document, "document", chat_id, document,
                                     caption, keyboard)

    @_guard
    async def send_photo(
        self,
        chat_id: int,
        photo: str | FileUpload,
        caption: str | None = None,
        keyboard: Keyboard | None = None,
    ) -> SentMessage:
        return await self._send_file(self._bot.send_photo, "photo", chat_id, photo, caption,
                                     keyboard)

    async def _send_file(self, send: Any, field: str, chat_id: int, value: str | FileUpload,
                         caption: str | None, keyboard: Keyboard | None) -> SentMessage:
        """sendDocument / sendPhoto: a file_id, or an upload as a multipart part."""
        message = await send(
            chat_id=chat_id,
            caption=caption,
            parse_mode=HTML if caption is not None else None,
            reply_markup=_markup(keyboard),
            request_timeout=self._upload_timeout(value),
            **{field: _input_file(value)},
        )
        return SentMessage(message_id=message.message_id, chat_id=message.chat.id)

    @_guard
    async def download_file(self, file_id: str, max_bytes: int) -> bytes:
        import io

        info = await self._bot.get_file(file_id)
        if info.file_size is not None and info.file_size > max_bytes:
            raise errors.BadRequest("file is too big")
        buffer = io.BytesIO()
        await self._bot.download(info, destination=buffer)
        return buffer.getvalue()

    @_guard
    async def edit_message_photo(
        self,
        chat_id: int,
        message_id: int,
        photo: str | FileUpload,
        caption: str | None = None,
        keyboard: Keyboard | None = None,
    ) -> None:
        media = InputMediaPhoto(media=_input_file(photo), caption=caption,
                                parse_mode=HTML if caption is not None else None)
        await self._bot.edit_message_media(
            media=media, chat_id=chat_id, message_id=message_id, reply_markup=_markup(keyboard),
            request_timeout=self._upload_timeout(photo),
        )

    def _upload_timeout(self, value: str | FileUpload) -> int:
        """An upload gets a second more per MB on top of the usual timeout (slow uplinks)."""
        extra = len(value.data) / 1_048_576 if isinstance(value, FileUpload) else 0
        return math.ceil(self._request_timeout + extra)

    @_guard
    async def set_my_commands(
        self,
        commands: list[BotCommand],
        chat_id: int | None = None,
        language_code: str | None = None,
    ) -> None:
        await self._bot.set_my_commands(
            commands=[
                AiogramBotCommand(command=c.command, description=c.description) for c in commands
            ],
            scope=BotCommandScopeChat(chat_id=chat_id) if chat_id is not None else None,
            language_code=language_code,
        )

    @_guard
    async def get_chat_member_status(self, chat_id: int, user_id: int) -> str:
        member: dict[str, Any] = await self._bot(
            _RawGetChatMember(chat_id=chat_id, user_id=user_id)
        )
        return str(member["status"])

    @_guard
    async def set_webhook(self, url: str, secret_token: str | None) -> None:
        protect_secret(secret_token)  # the library logs the call's parameters at DEBUG
        await self._bot.set_webhook(
            url=url, secret_token=secret_token, allowed_updates=self._allowed_updates
        )

    @_guard
    async def delete_webhook(self, drop_pending_updates: bool = False) -> None:
        await self._bot.delete_webhook(
            drop_pending_updates=True if drop_pending_updates else None
        )

    @_guard
    async def get_webhook_info(self) -> WebhookInfo:
        result: dict[str, Any] = await self._bot(_RawGetWebhookInfo())
        raw = dict(result)
        return WebhookInfo(
            url=str(raw.pop("url", "")),
            pending_update_count=int(raw.pop("pending_update_count", 0)),
            extra=raw,
        )
