"""Engines and sessions for SQLite (embedded default) and PostgreSQL (scale), one code path."""

from __future__ import annotations

import asyncio
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SessionFactory = async_sessionmaker[AsyncSession]

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "thidua_read_only"


def normalize_url(url: str) -> str:
    """Accept the URLs people write (``sqlite:///x.db``, ``postgresql://…``) and pick async drivers."""
    parsed = make_url(url)
    driver = parsed.drivername
    if driver in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif driver in ("postgres", "postgresql", "postgresql+psycopg2", "postgresql+psycopg"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, echo: bool = False, pool_size: int = 10) -> AsyncEngine:
    url = normalize_url(url)
    if not is_sqlite(url):
        return create_async_engine(url, echo=echo, pool_size=pool_size, pool_pre_ping=True)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    )
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so that BEGIN IMMEDIATE below is the only BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY_OPTION):
            # A reader in WAL mode never waits for the writer: a plain (deferred) BEGIN.
            conn.exec_driver_sql("BEGIN")
            return
        # A deferred BEGIN upgrades to a write lock mid-transaction and can fail with
        # "database is locked" despite the busy timeout; IMMEDIATE waits for the lock up front.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def read_only(session: AsyncSession) -> None:
    """Mark a fresh session as a reader: on SQLite it then does not take the write lock.

    Call before the session's first statement; a session marked so must not write.
    """
    await session.connection(execution_options={READ_ONLY_OPTION: True})


class WriteGate:
    """Queues this process's SQLite writers on an asyncio lock.

    SQLite has one writer at a time; a writer that finds the lock taken sleeps in growing steps
    (up to 100 ms) inside the driver. Queuing the busiest writers (inbox, outbox, poller) here
    instead hands the lock over the moment it is free. On PostgreSQL the gate is open.
    """

    def __init__(self, enabled: bool) -> None:
        self._lock = asyncio.Lock() if enabled else None

    async def __aenter__(self) -> None:
        if self._lock is not None:
            await self._lock.acquire()

    async def __aexit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.release()


_gates: weakref.WeakKeyDictionary[Any, WriteGate] = weakref.WeakKeyDictionary()


def write_gate(session_factory: SessionFactory) -> WriteGate:
    """The gate shared by every writer of the engine behind ``session_factory``."""
    engine = session_factory.kw.get("bind")
    if engine is None:
        return WriteGate(enabled=False)
    key = engine.sync_engine
    gate = _gates.get(key)
    if gate is None:
        gate = _gates[key] = WriteGate(enabled=key.dialect.name == "sqlite")
    return gate
