"""Both client libraries the bot may use work against the emulator over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from sandbox import Emulator


async def test_aiogram_bot_round_trip(emu: Emulator, aiogram_bot) -> None:
    from aiogram.enums import ParseMode
    from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

    bot = aiogram_bot
    alice = emu.add_user("Nguyễn Thị An", username="an_nt")
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (emu.bot_id, "thidua_bot", True)
    await alice.send("/start")
    [upd] = await bot.get_updates(timeout=1)
    assert upd.message.text == "/start" and upd.message.from_user.full_name == "Nguyễn Thị An"
    kb = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="Tiếng Việt", callback_data="lang:vi"),
                InlineKeyboardButton(text="English", callback_data="lang:en"),
            ]
        ]
    )
    sent = await bot.send_message(
        alice.id, "<b>Chọn</b> ngôn ngữ", parse_mode=ParseMode.HTML, reply_markup=kb
    )
    assert sent.text == "Chọn ngôn ngữ" and sent.html_text == "<b>Chọn</b> ngôn ngữ"
    msg = await alice.next_message()
    assert msg.buttons == ["Tiếng Việt", "English"]
    qid = await alice.press(msg, "Tiếng Việt")
    ups = await bot.get_updates(offset=upd.update_id + 1, timeout=1)
    assert ups[0].callback_query.data == "lang:vi" and ups[0].callback_query.id == qid
    await bot.answer_callback_query(qid, text="Đã chọn")
    await bot.edit_message_text("Đã chọn Tiếng Việt", chat_id=alice.id, message_id=sent.message_id)
    assert msg.text == "Đã chọn Tiếng Việt" and msg.buttons == []
    doc = await bot.send_document(
        alice.id, BufferedInputFile(b"data", filename="bao-cao.pdf"), caption="Báo cáo"
    )
    f = await bot.get_file(doc.document.file_id)
    assert (await bot.download_file(f.file_path)).read() == b"data"
    await bot.set_my_commands([])
    assert emu.unexpected_rejections() == []


async def test_aiogram_exceptions_map_from_telegram_errors(emu: Emulator, aiogram_bot) -> None:
    from aiogram.exceptions import (
        TelegramBadRequest,
        TelegramForbiddenError,
        TelegramMigrateToChat,
        TelegramRetryAfter,
    )

    bot = aiogram_bot
    alice = emu.add_user("An", started=True)
    grp = emu.add_group("Nhóm", members=[alice])
    emu.faults.add("429", {"sendMessage"}, count=1, retry_after=7)
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(alice.id, "x")
    assert exc.value.retry_after == 7
    alice.block_bot()
    with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
        await bot.send_message(alice.id, "x")
    old = grp.id
    new = await grp.upgrade_to_supergroup()
    with pytest.raises(TelegramMigrateToChat) as mig:
        await bot.send_message(old, "x")
    assert mig.value.migrate_to_chat_id == new
    m = await bot.send_message(new, "x")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("x", chat_id=new, message_id=m.message_id)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(new, "a < b", parse_mode="HTML")
    assert [c.description for c in emu.unexpected_rejections()] == [
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message",
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
    ]


async def test_aiogram_dispatcher_polling(emu: Emulator, aiogram_bot) -> None:
    from aiogram import Dispatcher
    from aiogram.filters import CommandStart
    from aiogram.types import Message

    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(f"Chào {message.from_user.first_name}!")

    alice = emu.add_user("Nguyễn Thị An")
    task = asyncio.create_task(
        dp.start_polling(aiogram_bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    try:
        await alice.send("/start")
        assert (await alice.next_message(timeout=5)).text == "Chào Nguyễn Thị!"
    finally:
        await dp.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
    assert emu.unexpected_rejections() == []


async def test_ptb_bot_round_trip(emu: Emulator, ptb_bot) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.constants import ParseMode

    bot = ptb_bot
    assert bot.username == "thidua_bot"
    alice = emu.add_user("Trần Văn Bình", language_code="en")
    await alice.send("/start")
    [upd] = await bot.get_updates(timeout=1)
    assert upd.message.text == "/start" and upd.message.from_user.language_code == "en"
    assert upd.message.entities[0].type == "bot_command"
    kb = InlineKeyboardMarkup([[InlineKeyboardButton("Đã nhận", callback_data="ack:7")]])
    sent = await bot.send_message(alice.id, "Chỉ thị <i>mới</i>", parse_mode=ParseMode.HTML, reply_markup=kb)
    assert sent.text == "Chỉ thị mới" and sent.reply_markup == kb
    msg = await alice.next_message()
    qid = await alice.press(msg, "Đã nhận")
    ups = await bot.get_updates(offset=upd.update_id + 1, timeout=1)
    assert ups[0].callback_query.data == "ack:7"
    await bot.answer_callback_query(qid, text="Cảm ơn")
    await bot.edit_message_reply_markup(chat_id=alice.id, message_id=sent.message_id)
    assert msg.buttons == [] and msg.edited
    copied = await bot.copy_message(alice.id, from_chat_id=alice.id, message_id=sent.message_id)
    assert alice.inbox()[-1].copied_from == (alice.id, sent.message_id)
    assert copied.message_id == alice.inbox()[-1].message_id
    doc = await bot.send_document(alice.id, document=b"%PDF", filename="qd.pdf")
    assert doc.document.file_name == "qd.pdf" and doc.document.mime_type == "application/pdf"
    f = await bot.get_file(doc.document.file_id)
    assert bytes(await f.download_as_bytearray()) == b"%PDF"
    await bot.set_my_commands([("start", "Bắt đầu")], language_code="vi")
    assert emu.commands_for(language_code="vi") == [{"command": "start", "description": "Bắt đầu"}]
    assert emu.unexpected_rejections() == []


@pytest.mark.filterwarnings("ignore:Deprecated since version v22.2")
async def test_ptb_exceptions_map_from_telegram_errors(emu: Emulator, ptb_bot) -> None:
    from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, RetryAfter

    bot = ptb_bot
    alice = emu.add_user("An", started=True)
    grp = emu.add_group("Nhóm", members=[alice])
    emu.faults.add("429", {"sendMessage"}, count=1, retry_after=4)
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(alice.id, "x")
    ra = exc.value.retry_after
    assert (ra if isinstance(ra, int) else ra.total_seconds()) == 4
    await grp.remove_bot(by=alice)
    with pytest.raises(Forbidden, match="kicked from the group chat"):
        await bot.send_message(grp.id, "x")
    await grp.add_bot(by=alice)
    new = await grp.upgrade_to_supergroup()
    with pytest.raises(ChatMigrated) as mig:
        await bot.send_message(grp.old_ids[0], "x")
    assert mig.value.new_chat_id == new
    with pytest.raises(BadRequest, match=r"[Mm]essage text is empty"):
        await bot.send_message(new, " ")
    await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="abc")
    with pytest.raises(Conflict):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:9/hook"
    await bot.delete_webhook()


async def test_legacy_parameters_libraries_still_send_are_accepted(emu: Emulator) -> None:
    """aiogram sends disable_web_page_preview from its defaults; Telegram still accepts it, and
    reply_to_message_id / allow_sending_without_reply."""
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    alice = emu.add_user("An")
    await alice.send("Câu hỏi")
    bot = Bot(
        emu.token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)),
        default=DefaultBotProperties(parse_mode="HTML", link_preview_is_disabled=True),
    )
    try:
        m = await bot.send_message(alice.id, "<i>Trả lời</i>", reply_to_message_id=1)
        assert m.reply_to_message.text == "Câu hỏi"
        await bot.send_message(alice.id, "x", reply_to_message_id=99, allow_sending_without_reply=True)
    finally:
        await bot.session.close()
    assert emu.calls_to("sendMessage")[0].params["disable_web_page_preview"] is True
    assert emu.unexpected_rejections() == []
