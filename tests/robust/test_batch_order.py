"""Within one inbox batch, each person's updates see the effects of the ones before (item 2).

The same scripts are played twice on one database by two sets of people: once one update per
batch (the reference), once all stored first and handled together. Every person must get the
same answers both ways.
"""

from __future__ import annotations

import random

import pytest
from sqlmodel import func, select

from models import Feedback, InboxStatus, Role
from tests.robust.batch_harness import BatchHarness

# What a person may type: commands that start, end or refuse a flow, and free text.
STEPS = ["/feedback", "Góp ý: nên có nút xuất Excel", "/cancel", "/start", "/help", "/lang",
         "chào bot", "/audit", "/feedback", "nội dung thứ hai", "   ", "/xyz"]


def scripts(seed: int, people: int, length: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(people):
        script = [rng.choice(STEPS) for _ in range(length)]
        # Always include the case of the issue: /feedback and its text back to back.
        at = rng.randrange(length - 1)
        script[at:at + 2] = ["/feedback", f"Ý kiến {seed}"]
        out.append(script)
    return out


def interleave(seed: int, per_person: list[list[tuple[int, str]]]) -> list[tuple[int, str]]:
    """One arrival order keeping each person's own order."""
    rng = random.Random(seed * 7919)
    queues = [list(q) for q in per_person]
    out = []
    while any(queues):
        q = rng.choice([q for q in queues if q])
        out.append(q.pop(0))
    return out


@pytest.fixture
def bot(session_factory) -> BatchHarness:
    return BatchHarness(session_factory, flood_max_updates=1000)


@pytest.mark.parametrize("seed", range(6))
async def test_a_batch_answers_each_person_as_one_update_at_a_time_would(bot, seed):
    people, length = 8, 7
    plays = scripts(seed, people, length)
    alone = [await bot.person(f"Cán bộ {i}", Role.OFFICER, unit="U1") for i in range(people)]
    together = [await bot.person(f"Cán bộ {100 + i}", Role.OFFICER, unit="U1") for i in range(people)]
    for user, script in zip(alone, plays, strict=True):
        for text in script:
            await bot.run_all([bot.text(user, text)])
    arrivals = interleave(seed, [[(u, t) for t in s] for u, s in zip(together, plays, strict=True)])
    await bot.run_all([bot.text(user, text) for user, text in arrivals])
    for a, b, script in zip(alone, together, plays, strict=True):
        assert await bot.replies(b) == await bot.replies(a), script
    statuses = await bot.statuses()
    assert set(statuses.values()) == {InboxStatus.DONE}
    async with bot.sf() as session:
        for a, b in zip(alone, together, strict=True):
            kept = [(await session.exec(select(func.count()).select_from(Feedback).where(
                Feedback.author_telegram_id == who))).one() for who in (a, b)]
            assert kept[0] == kept[1] >= 1  # the feedback typed in the batch was kept


async def test_feedback_and_its_text_in_one_batch_is_kept(bot):
    user = await bot.person("Cán bộ Bình", Role.OFFICER, unit="U1")
    await bot.run_all([bot.text(user, "/cancel"), bot.text(user, "/feedback"),
                       bot.text(user, "Một ý kiến gửi trong lúc mất mạng"),
                       bot.text(user, "/feedback"), bot.text(user, "/feedback"),
                       bot.text(user, "Ý kiến thứ hai")])
    replies = await bot.replies(user)
    assert not any("chưa hiểu" in r for r in replies), replies
    assert sum("đã được ghi nhận" in r for r in replies) == 2
    assert set((await bot.statuses()).values()) == {InboxStatus.DONE}
