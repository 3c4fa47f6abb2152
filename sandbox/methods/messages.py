"""Sending, editing, copying, forwarding and deleting messages; files."""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING, Any

from ..content import check_caption, check_reply_markup, check_text
from ..errors import ApiError, bad_request
from ..images import image_size
from ..spec import Upload
from ..world import FileRecord, Message
from ._common import message_in, reply_target

if TYPE_CHECKING:
    from ..emulator import Emulator

MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO_UPLOAD = 10 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def send_message(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    chat = emu.resolve_chat(p["chat_id"], send=True)
    plain, entities = check_text(
        p["text"], p.get("parse_mode"), p.get("entities"), strict=emu.strict_html_entities
    )
    markup = check_reply_markup(p.get("reply_markup"))
    reply_to = reply_target(chat, p)
    emu.take_send_slot(chat, p)
    msg = emu.bot_message(
        chat,
        plain_text=plain,
        html=p["text"],
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=markup,
        reply_to=reply_to,
    )
    return msg.to_api()


def _own_message(emu: Emulator, p: dict[str, Any]) -> Message:
    if "inline_message_id" in p:
        raise bad_request("message to edit not found")
    if "chat_id" not in p or "message_id" not in p:
        raise bad_request("message identifier is not specified")
    chat = emu.resolve_chat(p["chat_id"])
    msg = message_in(chat, p["message_id"], "message to edit not found")
    if not msg.from_bot:
        raise bad_request("message can't be edited")
    return msg


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def _apply_edit(emu: Emulator, msg: Message, **changes: Any) -> dict[str, Any]:
    msg.history.append(msg.html if msg.html is not None else msg.text)
    for k, v in changes.items():
        setattr(msg, k, v)
    msg.edited = True
    msg.edit_date = emu.now()
    msg.chat.notify()
    return msg.to_api()


def edit_message_text(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    msg = _own_message(emu, p)
    if msg.plain_text is None:
        raise bad_request("there is no text in the message to edit")
    plain, entities = check_text(
        p["text"], p.get("parse_mode"), p.get("entities"), strict=emu.strict_html_entities
    )
    markup = check_reply_markup(p.get("reply_markup"))
    if (
        plain == msg.plain_text
        and (entities or None) == (msg.entities or None)
        and markup == _inline(msg.reply_markup)
    ):
        raise bad_request(_NOT_MODIFIED)
    return _apply_edit(
        emu,
        msg,
        plain_text=plain,
        html=p["text"],
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=markup,
    )


def edit_message_caption(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    msg = _own_message(emu, p)
    if msg.plain_text is not None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = check_caption(
        p.get("caption"),
        p.get("parse_mode"),
        p.get("caption_entities"),
        strict=emu.strict_html_entities,
    )
    markup = check_reply_markup(p.get("reply_markup"))
    if (
        caption == msg.caption
        and (entities or None) == (msg.caption_entities or None)
        and markup == _inline(msg.reply_markup)
    ):
        raise bad_request(_NOT_MODIFIED)
    return _apply_edit(
        emu,
        msg,
        caption=caption,
        html=p.get("caption"),
        caption_entities=entities,
        reply_markup=markup,
    )


def edit_message_reply_markup(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    msg = _own_message(emu, p)
    markup = check_reply_markup(p.get("reply_markup"))
    if markup == _inline(msg.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    msg.history.append(msg.html if msg.html is not None else msg.text)
    msg.reply_markup = markup
    msg.edited = True
    msg.edit_date = emu.now()
    msg.chat.notify()
    return msg.to_api()


def edit_message_media(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    """Replace a media message's photo or document (and caption), e.g. a chart redrawn."""
    msg = _own_message(emu, p)
    if msg.plain_text is not None:
        raise bad_request("there is no media in the message to edit")
    media = p["media"]
    kind = media.get("type")
    if kind not in ("photo", "document"):
        raise bad_request(f"media type {kind!r} is not supported by the emulator")
    ref = media["media"]
    if ref.startswith("attach://"):
        upload = emu.current_uploads.get(ref[len("attach://"):])
        if upload is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        value: Upload | str = upload
    else:
        value = ref
    rec = _file_arg(emu, value, kind)
    assert isinstance(rec, FileRecord)
    caption, entities = check_caption(media.get("caption"), media.get("parse_mode"),
                                      media.get("caption_entities"), strict=emu.strict_html_entities)
    markup = check_reply_markup(p.get("reply_markup"))
    changes: dict[str, Any] = {"caption": caption, "caption_entities": entities,
                               "html": media.get("caption"), "reply_markup": markup,
                               "photo": None, "document": None}
    if kind == "photo":
        changes["photo"] = emu.photo_sizes(rec)
    else:
        changes["document"] = rec.document()
    return _apply_edit(emu, msg, **changes)


def _inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup and "inline_keyboard" in markup else None


def _delete(emu: Emulator, chat: Any, message_id: int) -> None:
    msg = message_in(chat, message_id, "message to delete not found")
    if msg.service and "migrate_to_chat_id" in msg.service:
        raise bad_request("message can't be deleted")
    if not msg.from_bot and chat.is_group and chat.bot_status not in ("administrator", "creator"):
        raise bad_request("message can't be deleted")
    msg.deleted = True
    chat.notify()


def delete_message(emu: Emulator, p: dict[str, Any]) -> bool:
    chat = emu.resolve_chat(p["chat_id"])
    _delete(emu, chat, p["message_id"])
    return True


def delete_messages(emu: Emulator, p: dict[str, Any]) -> bool:
    chat = emu.resolve_chat(p["chat_id"])
    ids = p["message_ids"]
    if not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must contain 1-100 identifiers")
    for mid in ids:
        try:
            _delete(emu, chat, mid)
        except ApiError:
            pass  # Telegram skips the ones it can't delete
    return True


def _source(emu: Emulator, p: dict[str, Any], what: str) -> Message:
    src_chat = emu.resolve_chat(p["from_chat_id"])
    msg = message_in(src_chat, p["message_id"], f"message to {what} not found")
    if msg.service:
        raise bad_request(f"message can't be {'copied' if what == 'copy' else 'forwarded'}")
    return msg


def copy_message(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    src = _source(emu, p, "copy")
    chat = emu.resolve_chat(p["chat_id"], send=True)
    fields: dict[str, Any] = {
        "document": src.document,
        "photo": src.photo,
        "sticker": src.sticker,
        "copied_from": (src.chat.id, src.message_id),
    }
    if src.plain_text is not None:
        fields.update(plain_text=src.plain_text, entities=src.entities, html=src.html)
    elif "caption" in p:
        caption, entities = check_caption(
            p["caption"],
            p.get("parse_mode"),
            p.get("caption_entities"),
            strict=emu.strict_html_entities,
        )
        fields.update(caption=caption, caption_entities=entities, html=p["caption"])
    else:
        fields.update(caption=src.caption, caption_entities=src.caption_entities, html=src.html)
    fields["reply_markup"] = check_reply_markup(p.get("reply_markup"))
    fields["reply_to"] = reply_target(chat, p)
    emu.take_send_slot(chat, p)
    msg = emu.bot_message(chat, **fields)
    return {"message_id": msg.message_id}


def forward_message(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    src = _source(emu, p, "forward")
    chat = emu.resolve_chat(p["chat_id"], send=True)
    origin = src.forward_origin or {
        "type": "user",
        "sender_user": src.sender or emu.bot_user,
        "date": src.date,
    }
    emu.take_send_slot(chat, p)
    msg = emu.bot_message(
        chat,
        plain_text=src.plain_text,
        entities=src.entities,
        html=src.html,
        caption=src.caption,
        caption_entities=src.caption_entities,
        document=src.document,
        photo=src.photo,
        sticker=src.sticker,
        forward_origin=origin,
        copied_from=(src.chat.id, src.message_id),
    )
    return msg.to_api()


# --- media -----------------------------------------------------------------------------------


def _file_arg(emu: Emulator, value: Upload | str, kind: str) -> FileRecord | str:
    """A known file for a file_id, a new file for an upload or URL."""
    if isinstance(value, Upload):
        if len(value.data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        width, height = _check_upload(value, kind)
        mime = value.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(value.filename)[0] or mime
        rec = FileRecord(
            kind=kind,
            size=len(value.data),
            file_name=value.filename if kind == "document" else None,
            mime_type=mime if kind == "document" else None,
            data=value.data,
            width=width,
            height=height,
        )
        emu.add_file(rec)
        return rec
    if value.startswith(("http://", "https://")):
        name = value.rstrip("/").rsplit("/", 1)[-1] or "file"
        rec = FileRecord(
            kind=kind,
            size=0,
            file_name=name if kind == "document" else None,
            mime_type=mimetypes.guess_type(name)[0] if kind == "document" else None,
            width=1280 if kind == "photo" else 0,
            height=720 if kind == "photo" else 0,
        )
        emu.add_file(rec)
        return rec
    known = emu.files.get(value)
    if known is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    rec = known
    if rec.kind != kind:
        raise bad_request(f"can't use file of type {rec.kind.capitalize()} as {kind.capitalize()}")
    return rec


def _check_upload(value: Upload, kind: str) -> tuple[int, int]:
    """Telegram's checks of an uploaded photo: at most 10 MB, a real image, width + height at
    most 10000 and a side ratio of at most 20. Returns the size in pixels (0, 0 for others)."""
    if kind == "sticker":
        return 512, 512
    if kind != "photo":
        return 0, 0
    if len(value.data) > MAX_PHOTO_UPLOAD:
        raise bad_request("PHOTO_SAVE_FILE_INVALID")
    size = image_size(value.data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    if width < 1 or height < 1 or width + height > 10000 or max(width, height) > 20 * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return width, height


def _send_media(emu: Emulator, p: dict[str, Any], kind: str) -> dict[str, Any]:
    chat = emu.resolve_chat(p["chat_id"], send=True)
    rec = _file_arg(emu, p[kind], kind)
    caption, entities = check_caption(
        p.get("caption"),
        p.get("parse_mode"),
        p.get("caption_entities"),
        strict=emu.strict_html_entities,
    )
    markup = check_reply_markup(p.get("reply_markup"))
    reply_to = reply_target(chat, p)
    emu.take_send_slot(chat, p)
    fields: dict[str, Any] = {}
    assert isinstance(rec, FileRecord)
    if kind == "document":
        fields["document"] = rec.document()
    elif kind == "photo":
        fields["photo"] = emu.photo_sizes(rec)
    else:
        fields["sticker"] = emu.sticker_object(rec, p.get("emoji"))
    msg = emu.bot_message(
        chat,
        caption=caption,
        caption_entities=entities,
        html=p.get("caption"),
        reply_markup=markup,
        reply_to=reply_to,
        **fields,
    )
    return msg.to_api()


def send_document(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    return _send_media(emu, p, "document")


def send_photo(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    return _send_media(emu, p, "photo")


def send_sticker(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    return _send_media(emu, p, "sticker")


def send_chat_action(emu: Emulator, p: dict[str, Any]) -> bool:
    emu.resolve_chat(p["chat_id"], send=True)
    if p["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def get_file(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    rec = emu.files.get(p["file_id"])
    if rec is None:
        raise bad_request("invalid file_id")
    if rec.size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return rec.file()


METHODS = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "editMessageMedia": edit_message_media,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "sendSticker": send_sticker,
    "sendChatAction": send_chat_action,
    "getFile": get_file,
}
