"""Shared fixtures: a fresh migrated database per test, and a running bot against the emulator.

The database is SQLite by default; set THIDUA_TEST_DATABASE_URL to a PostgreSQL URL to run the
same suite there (CI does both). Each test gets its own copy of a database migrated once per
session: a copied file on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import Runtime
from bot.inbox import pending_count
from bot.settings import RateLimits, Settings
from models import (
    EmulationField,
    Language,
    Member,
    Role,
    SessionFactory,
    Unit,
    make_engine,
    make_session_factory,
)
from models.migrate import upgrade
from sandbox import Emulator, Limits

TOKEN = "123456789:TESTtokenForTheSandboxOnly_abcdefghij"
BOT_USERNAME = "thidua_test_bot"
GATEWAYS = ("aiogram", "ptb")


# -- databases ------------------------------------------------------------------------------------
def _pg_base_url() -> str | None:
    url = os.environ.get("THIDUA_TEST_DATABASE_URL", "").strip()
    return url or None


async def _pg_admin(url: str) -> Any:
    import asyncpg

    u = make_url(url)
    return await asyncpg.connect(user=u.username or "postgres", password=u.password,
                                 host=u.host or "127.0.0.1", port=u.port or 5432,
                                 database="postgres")


async def _pg_admin_execute(base: str, sql: str) -> None:
    conn = await _pg_admin(base)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _drop_pg_database(base: str, name: str) -> None:
    await _pg_admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_url_for(base: str, database: str) -> str:
    return make_url(base).set(drivername="postgresql+asyncpg", database=database) \
        .render_as_string(hide_password=False)


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    await upgrade(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated once per session: a file path (SQLite) or a database name (PG)."""
    base = _pg_base_url()
    if base is None:
        path = tmp_path_factory.mktemp("template") / "template.db"
        asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
        yield str(path)
        return
    name = f"thidua_tpl_{os.getpid()}"

    async def create() -> None:
        await _drop_pg_database(base, name)
        await _pg_admin_execute(base, f'CREATE DATABASE "{name}"')
        await _migrate(_pg_url_for(base, name))

    asyncio.run(create())
    yield name
    asyncio.run(_drop_pg_database(base, name))


@pytest.fixture
async def db_url(template_db: str, tmp_path: Path) -> AsyncIterator[str]:
    base = _pg_base_url()
    if base is None:
        path = tmp_path / "thidua.db"
        shutil.copyfile(template_db, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    name = f"thidua_t_{uuid.uuid4().hex[:12]}"
    await _pg_admin_execute(base, f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    yield _pg_url_for(base, name)
    await _drop_pg_database(base, name)


DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database, for what only PostgreSQL does, in the SQLite pass
    too; skipped, with the reason, only when no server answers."""
    base = _pg_base_url() or os.environ.get("THIDUA_BENCH_PG_URL", DEFAULT_PG_URL)
    name = f"thidua_pg_{uuid.uuid4().hex[:12]}"
    try:
        await asyncio.wait_for(_pg_admin_execute(base, f'CREATE DATABASE "{name}"'), 5)
    except Exception as exc:  # refused, timed out, unknown host, bad credentials: no server
        pytest.skip(f"no PostgreSQL server reachable at {base}: {exc!r}")
    url = _pg_url_for(base, name)
    await _migrate(url)
    yield url
    await _drop_pg_database(base, name)


@pytest.fixture
async def session_factory(db_url: str) -> AsyncIterator[SessionFactory]:
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def session(session_factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    async with session_factory() as s:
        yield s


# -- a running bot --------------------------------------------------------------------------------
class FakeClock:
    """The bot's wall clock in tests: starts at real time, moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment


@dataclass
class Stack:
    emu: Emulator
    runtime: Runtime
    clock: FakeClock
    gateway: str

    @property
    def session_factory(self) -> SessionFactory:
        assert self.runtime.session_factory is not None
        return self.runtime.session_factory

    async def user(self, name: str, *, role: Role = Role.STRANGER, unit: str | None = None,
                   field: str | None = None, language: str = "vi",
                   username: str | None = None) -> Any:
        """A simulated Telegram user, known to the bot's database with the given role."""
        sim = self.emu.add_user(name, username=username, language_code=language)
        async with self.session_factory() as session, session.begin():
            unit_id = None
            if unit is not None:
                found = (await session.exec(select(Unit).where(Unit.code == unit))).first()
                if found is None:
                    found = Unit(code=unit, name=f"Đơn vị {unit}")
                    session.add(found)
                    await session.flush()
                unit_id = found.id
            if field is not None and await session.get(EmulationField, field) is None:
                session.add(EmulationField(code=field, name_vi=field, name_en=field))
            if role != Role.STRANGER or unit or language != "vi":
                session.add(Member(telegram_id=sim.id, full_name=name, role=role,
                                   unit_id=unit_id, field_code=field,
                                   language=Language(language)))
        return sim

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update the emulator has is handled and every reply is sent."""
        assert self.runtime.sender is not None
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            busy = (self.emu.pending_updates > 0
                    or await pending_count(self.session_factory) > 0)
            if not busy:
                await self.runtime.sender.drain(timeout=max(0.1, deadline - time.monotonic()))
                quiet += 1
                if quiet >= 2:
                    return
            else:
                quiet = 0
            await asyncio.sleep(0.02)
        raise TimeoutError("the bot did not settle")

    async def restart(self) -> None:
        """Stop the bot gracefully and start a new runtime on the same database and emulator."""
        await self.runtime.stop()
        self.runtime = Runtime(self.runtime.settings, clock=self.clock, with_scheduler=False)
        await self.runtime.start()


def stack_settings(emu: Emulator, db_url: str, gateway: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN, "api_base_url": emu.base_url, "database_url": db_url,
        "gateway": gateway, "poll_timeout": 1, "request_timeout": 5.0,
        "limits": RateLimits(global_per_second=1000, per_chat_per_second=100,
                             per_chat_burst=100, group_per_minute=1000),
    }
    return Settings(**{**values, **overrides})


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    emu = Emulator(token=TOKEN, bot_username=BOT_USERNAME, limits=Limits(enabled=False))
    await emu.start(host="127.0.0.1", port=0)
    yield emu
    unexpected = emu.unexpected_rejections()
    await emu.stop()
    assert not unexpected, f"the emulator rejected requests nobody provoked: {unexpected}"


@pytest.fixture(params=GATEWAYS)
async def stack(request: pytest.FixtureRequest, emulator: Emulator,
                db_url: str) -> AsyncIterator[Stack]:
    clock = FakeClock()
    runtime = Runtime(stack_settings(emulator, db_url, request.param), clock=clock,
                      with_scheduler=False)
    await runtime.start()
    s = Stack(emulator, runtime, clock, request.param)
    try:
        yield s
    finally:
        await s.runtime.stop()
