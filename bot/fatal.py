"""What to tell an operator when the bot cannot go on: one sentence, and an exit code.

A fatal error ends ``thidua run`` with a non-zero code (so a supervisor restarts it or raises an
alarm) and ONE line on stderr saying what is wrong and what to do; the full traceback goes to the
log at DEBUG. Exit codes: 1 — the bot stopped on an error a restart may cure (the database or
Telegram unreachable, a full disk, a role that died); 2 — configuration that a restart will not
cure (settings, the token rejected, a database that does not exist, a schema to upgrade).
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.errors import Conflict, GatewayError, Unauthorized
from bot.gateways.redact import scrub
from bot.settings import _mask_password

log = logging.getLogger("bot.fatal")

RESTART_MAY_HELP = 1
CONFIGURATION = 2


class RoleDied(RuntimeError):
    """A role of the runtime (worker, sender, poller, scheduler) stopped on an error."""

    def __init__(self, role: str, error: BaseException) -> None:
        super().__init__(f"the {role} stopped: {error!r}")
        self.role = role
        self.error = error


@dataclass(frozen=True, slots=True)
class Fatal:
    """``sentence`` is English (for logs); the command line says ``cli.fatal.<key>`` with
    ``params`` in the operator's language, after ``cli.fatal.role`` when a role died."""

    sentence: str
    exit_code: int
    key: str = "unexpected"
    params: dict[str, str] = field(default_factory=dict)
    role: str | None = None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        if isinstance(current, RoleDied):
            current = current.error
        elif isinstance(current, DBAPIError) and current.orig is not None:
            current = current.orig  # type: ignore[assignment]
        else:
            current = current.__cause__ or current.__context__
    return seen


def _where(database_url: str) -> str:
    return _where_parts(database_url)[1]


def _where_parts(database_url: str) -> tuple[str, str, str]:
    """(kind, English words, the place): kind names the ``cli.fatal.where.<kind>`` text."""
    try:
        url = make_url(database_url)
    except Exception:
        masked = _mask_password(database_url)
        return "url", masked, masked
    if url.get_backend_name() == "sqlite":
        return "sqlite", f"the SQLite file {url.database}", str(url.database)
    place = f"{url.host or 'localhost'}:{url.port or 5432}"
    return "postgresql", f"PostgreSQL at {place}", place


def _db_name(database_url: str) -> str:
    try:
        return str(make_url(database_url).database or "")
    except Exception:
        return ""


def describe(exc: BaseException, *, database_url: str, api_base_url: str) -> Fatal:
    """One sentence (what is wrong, what to do) and the exit code for a fatal error."""
    chain = _chain(exc)
    texts = " | ".join(f"{type(e).__name__}: {e}" for e in chain).lower()
    names = {type(e).__name__ for e in chain}
    where_kind, where, place = _where_parts(database_url)
    died = exc.role if isinstance(exc, RoleDied) else None
    role = f"The {died} stopped: " if died else ""

    def say(sentence: str, code: int = RESTART_MAY_HELP, *, key: str, **params: str) -> Fatal:
        if role:
            sentence = role + sentence[0].lower() + sentence[1:]
        params = {"where_kind": where_kind, "place": place, **params}
        return Fatal(scrub(sentence), code, key,
                     {name: scrub(value) for name, value in params.items()}, died)

    if any(isinstance(e, Unauthorized) for e in chain):
        return say("Telegram rejected the bot token (401 Unauthorized): copy the token again from "
                   "@BotFather into THIDUA_BOT_TOKEN, then start the bot again.", CONFIGURATION,
                   key="token_rejected")
    if any(isinstance(e, Conflict) for e in chain):
        return say("Another copy of this bot is polling Telegram with the same token (409 "
                   "Conflict): stop the other copy, or run this one with --role worker/sender.",
                   key="conflict")
    if ("database or disk is full" in texts or "no space left" in texts
            or any(isinstance(e, OSError) and e.errno == errno.ENOSPC for e in chain)):
        return say(f"The disk holding {where} is full: free some space, then start the bot again "
                   "(nothing stored was lost).", key="disk_full")
    if "readonly database" in texts or "read-only file system" in texts or (
            "unable to open database file" in texts):
        return say(f"Cannot write {where} (the file or its folder is read-only or missing): give "
                   "the bot's user write access to that folder, or point THIDUA_DATABASE_URL "
                   "elsewhere.", CONFIGURATION, key="read_only")
    if "InvalidCatalogNameError" in names or ("database" in texts and "does not exist" in texts):
        name = _db_name(database_url)
        return say(f"The database \"{name}\" does not exist on {where}: create it (createdb "
                   f"{name}) and run `thidua db upgrade`, or correct THIDUA_DATABASE_URL.",
                   CONFIGURATION, key="no_database", name=name)
    if "InvalidPasswordError" in names or "password authentication failed" in texts:
        return say(f"{where} refused the user name or password: correct THIDUA_DATABASE_URL.",
                   CONFIGURATION, key="bad_password")
    if any(isinstance(e, GatewayError) for e in chain):
        return say(f"Cannot reach the Telegram Bot API at {api_base_url}: check the network or "
                   "THIDUA_API_BASE_URL, then start the bot again.", key="no_telegram",
                   api=api_base_url)
    if any(isinstance(e, OSError) for e in chain) or "connect call failed" in texts:
        return say(f"Cannot connect to {where}: start the database server or correct "
                   "THIDUA_DATABASE_URL, then start the bot again.", key="no_connection")
    if any(isinstance(e, OperationalError | sqlite3.OperationalError) for e in chain):
        detail = scrub(str(chain[-1]))[:200]
        return say(f"The database ({where}) failed: {detail}. Check it, then start the bot again.",
                   key="database_failed", detail=detail)
    first_line = (str(chain[-1]).splitlines() or [""])[0]
    return say(f"The bot stopped on an unexpected error ({type(chain[-1]).__name__}: "
               f"{first_line[:200]}): the traceback is in the log with THIDUA_LOG_LEVEL=DEBUG; "
               "start the bot again, and report it if it repeats.", key="unexpected",
               detail=f"{type(chain[-1]).__name__}: {first_line[:200]}")


__all__ = ["CONFIGURATION", "RESTART_MAY_HELP", "Fatal", "RoleDied", "describe"]
