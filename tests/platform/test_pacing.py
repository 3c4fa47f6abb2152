"""The sender's global pacer, judged by the emulator's own limiter on a simulated clock.

Two things a user notices: a 429 (every send pauses for a second) and a reply that waits behind
a broadcast. Sends here leave when the pacer allows, reach "Telegram" after a random delay and are
answered after another, as on a busy network.
"""

from __future__ import annotations

import heapq
import random

import pytest

from bot.pacing import Pacer
from sandbox.limits import Limits, RateLimiter


class SimClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Network:
    """Sends in flight: each arrives (and is counted by the judge) and is later answered."""

    def __init__(self, limit: float, clock: SimClock, pacer: Pacer, seed: int,
                 max_delay: float) -> None:
        self.clock, self.pacer = clock, pacer
        self.judge = RateLimiter(Limits(global_per_sec=limit, per_chat_burst=1000.0), clock)
        self.rng = random.Random(seed)
        self.max_delay = max_delay
        self.events: list[tuple[float, int, str]] = []
        self.refused = 0
        self.delivered = 0
        self._chat = 0

    def send(self, *, bulk: bool = False) -> None:
        self._chat += 1  # one message per person, as in a broadcast
        self.pacer.take(bulk=bulk)
        arrive = self.clock.now + self.rng.uniform(0, self.max_delay)
        answer = arrive + self.rng.uniform(0, self.max_delay / 4)
        heapq.heappush(self.events, (arrive, self._chat, "arrive"))
        heapq.heappush(self.events, (answer, self._chat, "answer"))

    def advance_to(self, moment: float) -> None:
        while self.events and self.events[0][0] <= moment:
            at, chat, kind = heapq.heappop(self.events)
            self.clock.now = at
            if kind == "arrive":
                if self.judge.check(chat, is_group=False):
                    self.refused += 1
                else:
                    self.delivered += 1
            else:
                self.pacer.answered()
        self.clock.now = moment


def run_broadcast(limit: float, seconds: float, *, seed: int, max_delay: float,
                  replies_at: list[float] | None = None) -> tuple[Network, list[float]]:
    """A broadcast with an endless backlog; replies asked for at ``replies_at``; returns how
    long each reply waited for a slot."""
    clock = SimClock()
    pacer = Pacer(limit, window=1.0, clock=clock)
    net = Network(limit, clock, pacer, seed, max_delay)
    asked = sorted(replies_at or [])
    waiting: list[float] = []
    waits: list[float] = []
    step = 0.0005
    t = 0.0
    while t < seconds:
        net.advance_to(t)
        while asked and asked[0] <= t:
            waiting.append(asked.pop(0))
        while waiting and pacer.ready_in() == 0:
            waits.append(t - waiting.pop(0))
            net.send()
        while not waiting and pacer.ready_in(bulk=True) == 0:
            net.send(bulk=True)
        t += step
    net.advance_to(seconds + 1)
    return net, waits


@pytest.mark.parametrize("limit", [30, 300])
def test_sends_bunched_on_the_way_are_never_refused(limit):
    # Up to 80 ms on the way: with sends timed from when they leave, such bunching makes
    # Telegram count more than the limit in some second.
    net, _ = run_broadcast(limit, 10.0, seed=limit, max_delay=0.08)
    assert net.refused == 0
    # ...and the limit is still used: a round trip per slot per second is the only cost.
    assert net.delivered >= 0.9 * limit * 10


@pytest.mark.parametrize("limit", [30, 300])
def test_replies_during_a_broadcast_find_a_slot_at_once(limit):
    rng = random.Random(7)
    asked = sorted(rng.uniform(1.0, 9.0) for _ in range(60))  # about 7 a second
    net, waits = run_broadcast(limit, 10.0, seed=limit, max_delay=0.01, replies_at=asked)
    assert net.refused == 0 and len(waits) == len(asked)
    # Were the broadcast sent in bursts, a reply after the free slot was taken would wait for
    # the next burst's moment, up to a second.
    assert max(waits) < 0.1


def test_a_429_pauses_every_send():
    clock = SimClock()
    pacer = Pacer(30, clock=clock)
    pacer.push_back(2.0)
    assert pacer.ready_in() == pytest.approx(2.0)
    assert pacer.ready_in(bulk=True) == pytest.approx(2.0)
    clock.now = 2.0
    assert pacer.ready_in() == 0.0


def test_a_broadcast_alone_uses_the_whole_limit():
    # With nobody talking to the bot, no slot is kept for replies: at 30/s one spare slot would
    # cost a thirtieth of every broadcast.
    net, _ = run_broadcast(30, 20.0, seed=3, max_delay=0.004)
    assert net.refused == 0
    assert net.delivered >= 0.975 * 30 * 20
