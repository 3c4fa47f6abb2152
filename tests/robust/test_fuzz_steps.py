"""Every text a person can type, at every step of every flow and after every command, costs time
linear in its length, and ends answered (item 3's rule for the whole router).

The steps are enumerated from the router itself, so a flow added later is covered without
changing this test. The person is an administrator with a unit, so that no step refuses before
reading the text.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import delete

from handlers.root import build_router
from models import ConversationState, InboxStatus, InboxUpdate, Role, make_session_factory
from tests.robust.batch_harness import BatchHarness
from tests.robust.test_fuzz_updates import Loop, _make_engine

ROUTER = build_router()
STEPS = sorted(ROUTER.steps, key=lambda k: (k[0], k[1] or ""))
COMMANDS = sorted(ROUTER.commands)
# The shapes that make a backtracking parser retry from every position.
PIECES = ["a", " ", "1 -", "T1="]
SHORT, LONG = 300, 2400


@pytest.fixture
def step_bot(db_url: str) -> Iterator[tuple[Loop, BatchHarness, int]]:
    loop = Loop()
    engine = loop.run(_make_engine(db_url))
    bot = BatchHarness(make_session_factory(engine), flood_max_updates=100_000)
    person = loop.run(bot.person("Quản trị thử", Role.ADMIN, unit="U1"))
    try:
        yield loop, bot, person
    finally:
        loop.run(engine.dispose())
        loop.close()


async def _at_step(bot: BatchHarness, person: int, flow: str, step: str | None) -> None:
    async with bot.sf() as session, session.begin():
        await session.exec(delete(ConversationState).where(  # type: ignore[call-overload]
            ConversationState.user_id == person))
        session.add(ConversationState(chat_id=person, user_id=person, flow=flow,
                                      step=step or "any", data={}))


async def _type(bot: BatchHarness, person: int, where: tuple[str, Any], text: str) -> float:
    """Seconds to handle ``text`` typed at ``where`` (a step, or after a command)."""
    kind, what = where
    if kind == "step":
        await _at_step(bot, person, *what)
    else:
        text = f"/{what} {text}"
    update = bot.text(person, text)
    start = time.perf_counter()
    await bot.run_all([update])
    elapsed = time.perf_counter() - start
    async with bot.sf() as session:
        row = await session.get(InboxUpdate, update["update_id"])
    assert row is not None
    status = row.status
    assert status in (InboxStatus.DONE, InboxStatus.FAILED), status  # answered either way
    return elapsed


PLACES = [("step", s) for s in STEPS] + [("command", c) for c in COMMANDS]


def test_the_router_has_steps_and_commands_to_try():
    assert len(STEPS) >= 15 and len(COMMANDS) >= 20


def test_typing_at_any_step_costs_linear_time(step_bot):
    loop, bot, person = step_bot
    slow = []
    for place in PLACES:
        for piece in PIECES:
            def cost(n: int, place: Any = place, piece: str = piece) -> float:
                text = "x" + piece * (n // len(piece))
                return float(loop.run(_type(bot, person, place, text)))
            small, large = cost(SHORT), cost(LONG)
            # Eight times the text: linear work is about eight times slower, quadratic 64.
            if large > 0.05 and large / small > 24:
                small, large = cost(SHORT), cost(LONG)
                if large > 0.05 and large / small > 24:
                    slow.append((place, piece, round(small, 4), round(large, 4)))
    assert slow == []


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES),
       text=st.one_of(st.text(max_size=200), st.text(st.sampled_from("T1=0,5% \"có-/:"), max_size=80),
                      st.integers(3000, 4096).map(lambda n: "đ" * n)))
def test_any_text_at_any_step_is_answered(step_bot, place, text):
    loop, bot, person = step_bot
    assert loop.run(_type(bot, person, place, text)) < 2.0
