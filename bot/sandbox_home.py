"""Where the offline sandbox keeps its simulated Telegram between runs, and starting over.

The sandbox uses the bot's own database (``THIDUA_DATABASE_URL``, by default
``data/thidua.db``), so units imported with ``thidua units import`` appear in it. Beside it,
a JSON file (``data/thidua.sandbox.json``) holds the emulator's world: people and groups with
their ids, the next update id. Both together are one installation: ``thidua sandbox --reset``
deletes both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import func, select

from bot.settings import Settings
from models import ChatGroup, InboxUpdate, Member, is_sqlite

SANDBOX_TOKEN = "123456789:SANDBOXtokenNotRealOfflineOnly_abcdef"
SANDBOX_BOT_USERNAME = "thidua_sandbox_bot"


def sqlite_file(database_url: str) -> Path | None:
    """The SQLite file of ``database_url`` (None for PostgreSQL or an in-memory database)."""
    if not is_sqlite(database_url):
        return None
    database = make_url(database_url).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def state_path(database_url: str) -> Path:
    """The sandbox state file that belongs to ``database_url``: beside a SQLite file, else in
    ``data/`` named after the database."""
    file = sqlite_file(database_url)
    if file is not None:
        return file.with_name(f"{file.stem}.sandbox.json")
    url = make_url(database_url)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{url.host or 'local'}-{url.database or 'db'}")
    return Path("data") / f"sandbox-{name}.json"


def reset_targets(database_url: str) -> list[Path]:
    """The files ``--reset`` deletes (those that exist)."""
    paths = [state_path(database_url)]
    file = sqlite_file(database_url)
    if file is not None:
        paths += [file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")]
    return [p for p in paths if p.exists()]


def reset(database_url: str) -> list[Path]:
    """Delete the sandbox state and the SQLite database; returns what was deleted."""
    deleted = reset_targets(database_url)
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


@dataclass(frozen=True, slots=True)
class Floor:
    """What the database already holds: ids a new run must stay above."""

    update_id: int = 0  # the highest update id in the inbox
    person_id: int = 0  # the highest Telegram id of a member
    chat_ids: tuple[int, ...] = ()  # the groups' chat ids
    has_data: bool = False


async def database_floor(settings: Settings) -> Floor:
    """Read the highest ids the database has seen, so that a sandbox whose state file was lost
    never hands out an id the bot already knows (an update it would drop as a duplicate, a
    person who would inherit another's role)."""
    from bot.app import prepare_database

    engine, factory = await prepare_database(settings)
    try:
        async with factory() as session:
            update_id = (await session.exec(select(func.max(InboxUpdate.update_id)))).one()
            person_id = (await session.exec(select(func.max(Member.telegram_id)))).one()
            chat_ids = tuple((await session.exec(select(ChatGroup.chat_id))).all())
    finally:
        await engine.dispose()
    return Floor(update_id=int(update_id or 0), person_id=int(person_id or 0),
                 chat_ids=chat_ids, has_data=bool(update_id or person_id or chat_ids))
