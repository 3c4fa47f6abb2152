"""Fixtures for the emulator's own tests: a running emulator, raw HTTP, aiogram and PTB bots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from sandbox import Emulator, Limits


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    e = Emulator(limits=Limits(enabled=False), webhook_retry_delay=0.02, webhook_retry_max=0.1)
    await e.start()
    try:
        yield e
    finally:
        await e.stop()


class Raw:
    """Raw Bot API calls over HTTP: ``await api("sendMessage", chat_id=1, text="x")``."""

    def __init__(self, session: aiohttp.ClientSession, emu: Emulator) -> None:
        self.session = session
        self.emu = emu

    async def __call__(self, method: str, _how: str = "json", **params: Any) -> tuple[int, dict]:
        url = f"{self.emu.api_url}/{method}"
        if _how == "json":
            resp = await self.session.post(url, json=params)
        elif _how == "form":
            resp = await self.session.post(url, data={k: _form(v) for k, v in params.items()})
        elif _how == "query":
            resp = await self.session.get(url, params={k: _form(v) for k, v in params.items()})
        else:
            raise ValueError(_how)
        async with resp:
            return resp.status, await resp.json()

    async def ok(self, method: str, _how: str = "json", **params: Any) -> Any:
        status, body = await self(method, _how, **params)
        assert status == 200 and body["ok"], body
        return body["result"]


def _form(v: Any) -> str:
    import json

    if isinstance(v, str):
        return v
    return json.dumps(v)


@pytest.fixture
async def api(emu: Emulator) -> AsyncIterator[Raw]:
    async with aiohttp.ClientSession() as s:
        yield Raw(s, emu)


@pytest.fixture
async def aiogram_bot(emu: Emulator):
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
    try:
        yield bot
    finally:
        await bot.session.close()


@pytest.fixture
async def ptb_bot(emu: Emulator):
    import telegram

    bot = telegram.Bot(emu.token, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot")
    await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()
