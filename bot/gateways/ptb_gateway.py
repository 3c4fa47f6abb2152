"""The :class:`~bot.gateway.Gateway` on python-telegram-bot (``telegram.Bot`` over httpx)."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Any, cast

import httpx
import telegram
import telegram.error as tg_error
from telegram.constants import ParseMode
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot import errors
from bot.gateway import BotCommand, BotInfo, FileUpload, Keyboard, SentMessage, WebhookInfo
from bot.gateways.guard import check_token, describe, guarded
from bot.gateways.redact import Redactor, protect_logs, protect_secret

_NO_PREVIEW = telegram.LinkPreviewOptions(is_disabled=True)

# --- errors -----------------------------------------------------------------------------------

# httpx failures after which the request certainly never reached Telegram: safe to retry.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
# ... and after which it may have been acted on (sent, then no answer).
_MAYBE_SENT = (httpx.TimeoutException, httpx.ReadError, httpx.RemoteProtocolError)


def _seconds(value: int | float | dt.timedelta) -> float:
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    return int(seconds) if seconds.is_integer() else seconds


def _retry_after(exc: tg_error.RetryAfter) -> float:
    # PTB 22 returns an int plus a deprecation warning, or a timedelta with PTB_TIMEDELTA=1.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return _seconds(exc.retry_after)


def _transport_error(exc: tg_error.NetworkError, redact: Redactor) -> errors.GatewayError:
    """PTB's TimedOut/NetworkError from httpx; the cause tells whether anything was sent.

    (PTB's own NetworkError for a 5xx answer has no cause and stays a NetworkError.)
    """
    cause = exc.__cause__
    what = redact(exc.message)
    if cause is not None and not (str(cause) and str(cause) in exc.message):
        what = f"{what} ({describe(cause, redact)})"
    if isinstance(cause, _NOT_SENT):
        return errors.NetworkError(f"could not connect to the Bot API: {what}")
    if isinstance(cause, _MAYBE_SENT) or (
        cause is None and isinstance(exc, tg_error.TimedOut)
    ):
        return errors.TimedOut(f"no answer from the Bot API in time: {what}")
    return errors.NetworkError(what)


def _translate(exc: Exception, redact: Redactor) -> errors.GatewayError | None:
    # Order matters: PTB's BadRequest and TimedOut are subclasses of its NetworkError.
    if isinstance(exc, tg_error.RetryAfter):
        return errors.RetryAfter(_retry_after(exc))
    if isinstance(exc, tg_error.ChatMigrated):
        return errors.ChatMigrated(exc.new_chat_id)
    if isinstance(exc, tg_error.Forbidden):
        return errors.Forbidden(redact(exc.message))
    if isinstance(exc, tg_error.InvalidToken | tg_error.EndPointNotFound):  # 401, 404
        return errors.Unauthorized(redact(exc.message))
    if isinstance(exc, tg_error.Conflict):
        return errors.Conflict(redact(exc.message))
    if isinstance(exc, tg_error.BadRequest):
        return errors.BadRequest(redact(exc.message))
    if isinstance(exc, tg_error.NetworkError):  # TimedOut included
        return _transport_error(exc, redact)
    if isinstance(exc, tg_error.TelegramError):
        # e.g. "Invalid server response": a 200 that is not JSON (a proxy page).
        return errors.NetworkError(redact(exc.message))
    if isinstance(exc, httpx.HTTPError):
        return errors.NetworkError(describe(exc, redact))
    return None  # anything else (say, PTB failing to parse an answer): a plain GatewayError


_guard = guarded(_translate)


# --- conversions --------------------------------------------------------------------------------


def _input_file(value: str | FileUpload) -> str | telegram.InputFile:
    """A file_id as it is; an upload as a multipart part (PTB names it after the parameter)."""
    if isinstance(value, FileUpload):
        return telegram.InputFile(value.data, filename=value.filename)
    return value


def _markup(keyboard: Keyboard | None) -> telegram.InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return telegram.InlineKeyboardMarkup(
        [
            [
                telegram.InlineKeyboardButton(b.text, callback_data=b.callback_data, url=b.url)
                for b in row
            ]
            for row in keyboard
        ]
    )


def _quiet_raw_call_warning() -> None:
    """``Bot.do_api_request`` warns "Please use 'Bot.getUpdates' instead" for methods PTB has.
    The raw call is deliberate (see :meth:`PtbGateway._raw`); silence exactly that warning."""
    warnings.filterwarnings(
        "ignore",
        message=r"Please use 'Bot\.(getUpdates|getWebhookInfo|getChatMember)'",
        category=PTBUserWarning,
    )


class PtbGateway:
    """Bot API access through python-telegram-bot. Opens its HTTP clients on first use (or
    :meth:`start`); getUpdates has its own small client so a long poll never blocks a send."""

    name = "ptb"

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
        _quiet_raw_call_warning()
        self._redactor = Redactor(token)
        self._request_timeout = request_timeout
        self._allowed_updates = list(allowed_updates) if allowed_updates is not None else None
        base = base_url.rstrip("/")
        self._request = HTTPXRequest(
            connection_pool_size=connection_pool_size,
            read_timeout=request_timeout,
            write_timeout=request_timeout,
            connect_timeout=request_timeout,
            pool_timeout=request_timeout,
        )
        # Its read timeout is raised by the poll timeout on every getUpdates call.
        self._updates_request = HTTPXRequest(
            connection_pool_size=1,
            read_timeout=request_timeout,
            write_timeout=request_timeout,
            connect_timeout=request_timeout,
            pool_timeout=request_timeout,
        )
        self._bot = telegram.Bot(
            token,
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            request=self._request,
            get_updates_request=self._updates_request,
        )
        self._started = False

    @property
    def redactor(self) -> Redactor:
        return self._redactor

    # --- lifecycle -------------------------------------------------------------------------

    @_guard
    async def start(self) -> None:
        """Open the HTTP clients now rather than on the first call. No request is made.

        (Deliberately not ``Bot.initialize()``: that calls getMe, and on a rejected token PTB
        raises an InvalidToken whose message contains the token.)
        """
        if not self._started:
            await self._request.initialize()
            await self._updates_request.initialize()
            self._started = True

    async def close(self) -> None:
        """Close the HTTP clients (never Telegram's ``close``/``logOut``). Reusable afterwards."""
        self._started = False
        await self._request.shutdown()
        await self._updates_request.shutdown()

    async def __aenter__(self) -> PtbGateway:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _raw(self, endpoint: str, params: dict[str, Any], read_timeout: float) -> Any:
        """Call ``endpoint`` and return Telegram's ``result`` JSON untouched.

        ``Bot.do_api_request`` without a return type: the same request objects, encoding and
        error handling as the typed methods (getUpdates still goes to its own client), but no
        round trip through PTB's classes, whose ``to_dict()`` adds keys Telegram never sent
        (``delete_chat_photo: false`` and the like on every message) and whose parsing can fail
        on an update it does not know.
        """
        await self.start()
        return await self._bot.do_api_request(
            endpoint, api_kwargs=params, read_timeout=read_timeout
        )

    # --- the protocol ----------------------------------------------------------------------

    @_guard
    async def get_me(self) -> BotInfo:
        await self.start()
        me = await self._bot.get_me()
        return BotInfo(id=me.id, username=me.username or "", first_name=me.first_name)

    @_guard
    async def get_updates(
        self, offset: int | None, timeout: int, limit: int = 100
    ) -> list[Any]:
        params = {
            "offset": offset,
            "limit": limit,
            "timeout": timeout,
            "allowed_updates": self._allowed_updates,
        }
        # The HTTP read timeout must outlast the long poll, or every quiet poll is a "timeout".
        read_timeout = max(timeout, 0) + self._request_timeout
        result = await self._raw("getUpdates", params, read_timeout)
        return cast(list[Any], result)

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
        await self.start()
        message = await self._bot.send_message(
            chat_id=chat_id,
            text=text,
            parse_mode=ParseMode.HTML,
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
        await self.start()
        await self._bot.edit_message_text(
            chat_id=chat_id,
            message_id=message_id,
            text=text,
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
            reply_markup=_markup(keyboard),
        )

    @_guard
    async def edit_message_keyboard(
        self, chat_id: int, message_id: int, keyboard: Keyboard | None
    ) -> None:
        await self.start()
        # No reply_markup in editMessageReplyMarkup = remove the inline keyboard.
        await self._bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=_markup(keyboard)
        )

    @_guard
    async def answer_callback_query(
        self, callback_query_id: str, text: str | None = None, show_alert: bool = False
    ) -> None:
        await self.start()
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
        await self.start()
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
        await self.start()
        message = await send(
            chat_id=chat_id,
            caption=caption,
            parse_mode=ParseMode.HTML if caption is not None else None,
            reply_markup=_markup(keyboard),
            write_timeout=self._upload_timeout(value),
            **{field: _input_file(value)},
        )
        return SentMessage(message_id=message.message_id, chat_id=message.chat.id)

    @_guard
    async def download_file(self, file_id: str, max_bytes: int) -> bytes:
        await self.start()
        info = await self._bot.get_file(file_id)
        if info.file_size is not None and info.file_size > max_bytes:
            raise errors.BadRequest("file is too big")
        return bytes(await info.download_as_bytearray())

    @_guard
    async def edit_message_photo(
        self,
        chat_id: int,
        message_id: int,
        photo: str | FileUpload,
        caption: str | None = None,
        keyboard: Keyboard | None = None,
    ) -> None:
        await self.start()
        # Raw bytes, so that PTB makes an "attach://" part as editMessageMedia requires (an
        # InputFile made beforehand would go as a plain "media" file field).
        media = telegram.InputMediaPhoto(
            media=photo.data if isinstance(photo, FileUpload) else photo,
            filename=photo.filename if isinstance(photo, FileUpload) else None,
            caption=caption, parse_mode=ParseMode.HTML if caption is not None else None)
        await self._bot.edit_message_media(
            media=media, chat_id=chat_id, message_id=message_id, reply_markup=_markup(keyboard),
            write_timeout=self._upload_timeout(photo),
        )

    def _upload_timeout(self, value: str | FileUpload) -> float:
        """An upload gets a second more per MB on top of the usual timeout (slow uplinks)."""
        extra = len(value.data) / 1_048_576 if isinstance(value, FileUpload) else 0.0
        return self._request_timeout + extra

    @_guard
    async def set_my_commands(
        self,
        commands: list[BotCommand],
        chat_id: int | None = None,
        language_code: str | None = None,
    ) -> None:
        await self.start()
        await self._bot.set_my_commands(
            commands=[telegram.BotCommand(c.command, c.description) for c in commands],
            scope=telegram.BotCommandScopeChat(chat_id) if chat_id is not None else None,
            language_code=language_code,
        )

    @_guard
    async def get_chat_member_status(self, chat_id: int, user_id: int) -> str:
        await self.start()
        # Raw: only the status is wanted, and PTB's ChatMember classes need every field.
        member = await self._raw(
            "getChatMember", {"chat_id": chat_id, "user_id": user_id}, self._request_timeout
        )
        return str(member["status"])

    @_guard
    async def set_webhook(self, url: str, secret_token: str | None) -> None:
        protect_secret(secret_token)  # the library logs the call's parameters at DEBUG
        await self.start()
        await self._bot.set_webhook(
            url=url, secret_token=secret_token, allowed_updates=self._allowed_updates
        )

    @_guard
    async def delete_webhook(self, drop_pending_updates: bool = False) -> None:
        await self.start()
        await self._bot.delete_webhook(
            drop_pending_updates=True if drop_pending_updates else None
        )

    @_guard
    async def get_webhook_info(self) -> WebhookInfo:
        raw = dict(await self._raw("getWebhookInfo", {}, self._request_timeout))
        return WebhookInfo(
            url=str(raw.pop("url", "")),
            pending_update_count=int(raw.pop("pending_update_count", 0)),
            extra=raw,
        )
