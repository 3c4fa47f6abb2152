"""Fuzzing the way in: updates drawn from the Bot API spec — valid, truncated, wrongly typed,
oversized — through both gateways' getUpdates, then through the inbox and the router.

Whatever comes, nothing raises out of the worker, every update ends handled (done) or set
aside, and the bot answers the next person as before. Bounded (examples, sizes) so that the
whole set stays well under the CI budget on each database.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.gateways import make_gateway
from models import InboxStatus, InboxUpdate, OutboxMessage, make_engine, make_session_factory
from sandbox import Emulator, Limits
from tests.conftest import BOT_USERNAME, TOKEN
from tests.robust.batch_harness import BatchHarness
from tests.robust.fuzz_updates import PEOPLE, updates

FUZZ = settings(max_examples=60, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])
_ids = itertools.count(50_000_000)


class Loop:
    """One event loop for a whole hypothesis run (hypothesis drives a synchronous test)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        self.loop.close()


@pytest.fixture
def fuzz_bot(db_url: str) -> Iterator[tuple[Loop, BatchHarness]]:
    loop = Loop()
    engine = loop.run(_make_engine(db_url))
    bot = BatchHarness(make_session_factory(engine), flood_max_updates=10_000)
    try:
        yield loop, bot
    finally:
        loop.run(engine.dispose())
        loop.close()


async def _make_engine(url: str) -> Any:
    return make_engine(url)


def _number(batch: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"update_id": next(_ids), **body} for _, body in batch]


async def _handle(bot: BatchHarness, raw: list[dict[str, Any]], probe: int) -> None:
    await bot.run_all(raw)
    async with bot.sf() as session:
        rows = {r.update_id: r for r in (await session.exec(select(InboxUpdate).where(
            col(InboxUpdate.update_id).in_([u["update_id"] for u in raw])))).all()}
    for update in raw:
        row = rows[update["update_id"]]
        assert row.status in (InboxStatus.DONE, InboxStatus.SET_ASIDE), (row.error, update)
    # The bot goes on answering.
    async with bot.sf() as session:
        last = (await session.exec(select(OutboxMessage.id).order_by(
            col(OutboxMessage.id).desc()))).first() or 0
    await bot.run_all([bot.text(probe, "/help")])
    async with bot.sf() as session:
        answer = (await session.exec(select(OutboxMessage).where(
            col(OutboxMessage.id) > last, OutboxMessage.chat_id == probe))).all()
    assert any("/start" in (r.payload.get("text") or "") for r in answer)


@FUZZ
@given(batch=st.lists(updates(), min_size=1, max_size=6))
def test_any_update_ends_done_or_set_aside_and_the_bot_keeps_answering(fuzz_bot, batch):
    loop, bot = fuzz_bot
    probe = loop.run(bot.person("Người kiểm tra")) if not hasattr(bot, "probe") else bot.probe
    bot.probe = probe  # type: ignore[attr-defined]
    for person in PEOPLE:
        bot._names.setdefault(person, "Người thử")
    loop.run(_handle(bot, _number(batch), probe))


@pytest.fixture(scope="module")
def emulator_loop() -> Iterator[tuple[Loop, Emulator]]:
    loop = Loop()
    emu = Emulator(token=TOKEN, bot_username=BOT_USERNAME, limits=Limits(enabled=False))
    loop.run(emu.start(host="127.0.0.1", port=0))
    yield loop, emu
    loop.run(emu.stop())
    loop.close()


@pytest.mark.parametrize("gateway", ["aiogram", "ptb"])
def test_both_gateways_hand_over_any_update_exactly_as_sent(emulator_loop, gateway):
    loop, emu = emulator_loop
    gw = make_gateway(gateway, TOKEN, emu.base_url, request_timeout=5.0)
    offset: list[int | None] = [None]
    emu.updates.clear()  # what another test left

    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(batch=st.lists(updates(), min_size=1, max_size=5))
    def fetch(batch: list[tuple[str, dict[str, Any]]]) -> None:
        raw = [emu.updates.push_raw(lambda uid, body=body: {"update_id": uid, **body})
               for _, body in batch]
        sent = [u for _, _, u in list(emu.updates.pending)[-len(raw):]]
        got = loop.run(gw.get_updates(offset[0], 0))
        assert got == json.loads(json.dumps(sent))
        offset[0] = max(raw) + 1

    try:
        fetch()
    finally:
        loop.run(gw.close())
