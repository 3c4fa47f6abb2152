"""Two of everything, on PostgreSQL: two processes of each role (web, worker, sender, scheduler)
under load against the emulator, one of each killed with SIGKILL at a random moment and started
again. Every update is handled once, every outbox row is sent (a killed sender may repeat only
what it had in flight), every scheduled directive is released once.

Bounded: the processes' start (seconds each on a busy machine), about 25 s of load, a lease
takeover (10 s) per leased role, then the drain; under two minutes on an idle machine.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.sender import IN_FLIGHT_WINDOW
from models import (
    Directive,
    InboxStatus,
    InboxUpdate,
    Member,
    OutboxMessage,
    OutboxStatus,
    Role,
    Unit,
    make_engine,
    make_session_factory,
)
from models.directives import DirectiveStatus
from sandbox import Emulator, Limits
from services import directives
from services.directives import Audience
from tests.conftest import BOT_USERNAME, TOKEN

ROLES = ("web", "worker", "sender", "scheduler")
PEOPLE = 40
ASKS = 6  # messages each person sends during the load
DIRECTIVES = 5
LOAD_SECONDS = 25.0
_drains: set[asyncio.Task[None]] = set()


async def pending_rows(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        async with make_session_factory(engine)() as session:
            return len((await session.exec(select(OutboxMessage.id).where(
                OutboxMessage.status == OutboxStatus.PENDING))).all())
    finally:
        await engine.dispose()


async def spawn(emu: Emulator, db_url: str, role: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "THIDUA_BOT_TOKEN": TOKEN, "THIDUA_API_BASE_URL": emu.base_url,
           "THIDUA_DATABASE_URL": db_url, "THIDUA_POLL_TIMEOUT": "1",
           "THIDUA_LOG_LEVEL": "INFO", "THIDUA_LIMITS__GLOBAL_PER_SECOND": "1000",
           "THIDUA_LIMITS__PER_CHAT_BURST": "50", "THIDUA_LIMITS__PER_CHAT_PER_SECOND": "50",
           "THIDUA_FLOOD_MAX_UPDATES": "1000"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--role", role, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    # Up once it has met the Bot API (on a busy machine the imports alone take seconds).
    assert proc.stderr is not None
    while b"connected as" not in await asyncio.wait_for(proc.stderr.readline(), 120):
        pass
    task = asyncio.create_task(_drain(proc))  # the rest of its log, so the pipe never fills
    _drains.add(task)
    task.add_done_callback(_drains.discard)
    return proc


async def restart(emu: Emulator, db_url: str, role: str, pair: list[asyncio.subprocess.Process],
                  victim: int, after: float) -> None:
    await asyncio.sleep(after)
    pair[victim] = await spawn(emu, db_url, role)


async def _drain(proc: asyncio.subprocess.Process) -> None:
    assert proc.stderr is not None
    while await proc.stderr.read(65536):
        pass


async def seed(db_url: str, people: list[Any], admin: Any) -> None:
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    async with factory() as session, session.begin():
        unit = Unit(code="TWO", name="Đơn vị thử", search_key="two")
        session.add(unit)
        await session.flush()
        boss = Member(telegram_id=admin.id, full_name="Quản trị", role=Role.ADMIN)
        session.add(boss)
        for p in people:
            session.add(Member(telegram_id=p.id, full_name=p.first_name, role=Role.OFFICER,
                               unit_id=unit.id))
    await engine.dispose()


async def schedule(db_url: str, admin: Any) -> list[int]:
    """Directives due one after another during the load."""
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    now = datetime.now(UTC)
    async with factory() as session, session.begin():
        boss = (await session.exec(select(Member).where(Member.telegram_id == admin.id))).one()
        unit = (await session.exec(select(Unit).where(Unit.code == "TWO"))).one()
        ids = []
        for n in range(DIRECTIVES):
            d = await directives.create_directive(
                session, actor=boss, title=f"Văn bản {n}", number=None,
                body_html=f"Văn bản thử số {n}", source_chat_id=None, source_message_id=None,
                audience=Audience(unit_ids=[unit.id or 0]),
                send_at=now + timedelta(seconds=3 + n * 4), now=now)
            ids.append(d.id or 0)
    await engine.dispose()
    return ids


async def test_two_of_each_role_with_kills_lose_and_double_nothing(pg_url):
    rng = random.Random(int(time.time()))
    emu = Emulator(token=TOKEN, bot_username=BOT_USERNAME, limits=Limits(enabled=False))
    await emu.start(host="127.0.0.1", port=0)
    people = [emu.add_user(f"Người{i}", started=True) for i in range(PEOPLE)]
    admin = emu.add_user("Quản trị", started=True)
    await seed(pg_url, people, admin)
    # All eight start together: their imports overlap instead of queueing one after another.
    started = await asyncio.gather(*(spawn(emu, pg_url, role) for role in ROLES for _ in range(2)))
    procs: dict[str, list[asyncio.subprocess.Process]] = {
        role: list(started[2 * n:2 * n + 2]) for n, role in enumerate(ROLES)}
    kills = {role: rng.uniform(3.0, LOAD_SECONDS - 5) for role in ROLES}
    sent = 0
    directive_ids: list[int] = []
    restarts: list[asyncio.Task[None]] = []
    try:
        # Every process up (on a busy machine an import alone can take seconds): one update
        # answered and each role's pair running.
        emu.inject_text(admin, "/start")
        sent += 1
        await admin.wait_for(lambda m: "Xin chào" in (m.text or ""), timeout=60)
        directive_ids = await schedule(pg_url, admin)
        start = time.monotonic()
        killed: set[str] = set()
        step = LOAD_SECONDS / ASKS
        for round_ in range(ASKS):
            for person in people:
                emu.inject_text(person, "/help" if round_ % 2 else "/start")
                sent += 1
            round_end = start + (round_ + 1) * step
            while time.monotonic() < round_end:
                now = time.monotonic() - start
                for role, at in kills.items():
                    if role not in killed and now >= at:
                        victim = rng.randrange(2)
                        procs[role][victim].send_signal(signal.SIGKILL)
                        await procs[role][victim].wait()
                        restarts.append(asyncio.create_task(
                            restart(emu, pg_url, role, procs[role], victim,
                                    rng.uniform(0.2, 1.5))))
                        killed.add(role)
                await asyncio.sleep(0.05)
        assert killed == set(ROLES)
        await asyncio.gather(*restarts)
        # Drain: every person has an answer to every message and every directive, and the
        # outbox is empty: rows a killed sender delivered without recording it are sent again
        # by the sender that takes over, once the dead one's lease runs out.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            answers = 1 + sum(1 for p in people for m in p.inbox()
                              if "Xin chào" in (m.text or "") or "/start" in (m.text or ""))
            notices = sum(1 for p in people for m in p.inbox() if "Văn bản thử" in (m.text or ""))
            if (answers >= sent and notices >= PEOPLE * DIRECTIVES and emu.pending_updates == 0
                    and await pending_rows(pg_url) == 0):
                break
            await asyncio.sleep(0.2)
    finally:
        for task in restarts:
            if not task.done():
                task.cancel()
        for role in ROLES:
            for proc in procs[role]:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
        for role in ROLES:
            for proc in procs[role]:
                try:
                    await asyncio.wait_for(proc.wait(), 30)
                except TimeoutError:
                    proc.kill()
        await emu.stop()
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    async with factory() as session:
        statuses = Counter((await session.exec(select(InboxUpdate.status))).all())
        replies = Counter((await session.exec(select(OutboxMessage.source_update_id).where(
            col(OutboxMessage.source_update_id).is_not(None)))).all())
        outbox = Counter((await session.exec(select(OutboxMessage.status))).all())
        found = (await session.exec(select(Directive).where(
            col(Directive.id).in_(directive_ids)))).all()
        copies = Counter((await session.exec(select(OutboxMessage.ref).where(
            col(OutboxMessage.ref).in_([f"directive:{i}" for i in directive_ids])))).all())
    await engine.dispose()
    # Every update stored, handled once: done, and exactly one reply row each.
    assert statuses == {InboxStatus.DONE: sent}
    assert len(replies) == sent and set(replies.values()) == {1}
    # Every outbox row sent.
    assert set(outbox) == {OutboxStatus.SENT}, outbox
    # Every scheduled directive released once: one copy per person, none twice.
    assert all(d.status in (DirectiveStatus.SENDING, DirectiveStatus.SENT) for d in found)
    assert copies == {f"directive:{i}": PEOPLE for i in directive_ids}
    # What people saw: everything, and repeats only within the killed sender's in-flight window.
    got_answers = [sum(1 for m in p.inbox() if "Xin chào" in (m.text or "")
                       or "/start" in (m.text or "")) for p in people]
    got_notices = [sum(1 for m in p.inbox() if "Văn bản thử" in (m.text or "")) for p in people]
    assert all(n >= ASKS for n in got_answers) and all(n >= DIRECTIVES for n in got_notices)
    repeats = sum(got_answers) - (sent - 1) + sum(got_notices) - PEOPLE * DIRECTIVES
    assert repeats <= IN_FLIGHT_WINDOW
    print(f"two of everything: {sent} updates, {PEOPLE * DIRECTIVES} directive copies, "
          f"kills at {', '.join(f'{r} {t:.1f}s' for r, t in kills.items())}, "
          f"{repeats} repeated deliveries (bound {IN_FLIGHT_WINDOW})")
