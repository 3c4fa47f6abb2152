"""Operator commands: ``thidua status`` (what /healthz says, in the terminal) and
``thidua db backup FILE`` (a consistent copy of a running SQLite database)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from bot.settings import Settings


def _settings() -> Settings:
    from bot.cli import load_settings

    return load_settings()


def status(
    as_json: Annotated[bool, typer.Option("--json", help="print the JSON /healthz serves")] = False,
) -> None:
    """What the bot is doing: queues, last send, leases, sweeps; exit 1 when something is wrong."""
    settings = _settings()

    async def read() -> object:
        from models import make_engine, make_session_factory
        from models.base import utcnow
        from services.health import snapshot

        engine = make_engine(settings.database_url)
        try:
            async with make_session_factory(engine)() as session:
                return await snapshot(session, now=utcnow(), limits=settings.health.to_domain())
        finally:
            await engine.dispose()

    try:
        h = asyncio.run(read())
    except Exception as exc:
        from bot.cli import fatal_exit

        raise typer.Exit(fatal_exit(exc, settings)) from None
    from services.health import Health

    assert isinstance(h, Health)
    if as_json:
        typer.echo(json.dumps(h.as_json(), indent=2, ensure_ascii=False))
        raise typer.Exit(0 if h.ok else 1)
    typer.echo(render(h))
    raise typer.Exit(0 if h.ok else 1)


def _secs(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 120:
        return f"{value:.0f} s"
    if value < 7200:
        return f"{value / 60:.0f} min"
    return f"{value / 3600:.1f} h"


def render(h: object) -> str:
    from services.health import Health

    assert isinstance(h, Health)
    pending = h.outbox_pending
    lines = [
        f"Status:   {'OK' if h.ok else 'FAILING'}",
        f"Inbox:    {h.inbox_pending} waiting (oldest {_secs(h.oldest_pending_seconds)}), "
        f"{h.inbox_failed} failed, {h.inbox_set_aside} unreadable (set aside)",
        f"Outbox:   {pending.get('reply', 0)} replies, {pending.get('notice', 0)} notices, "
        f"{pending.get('bulk', 0)} broadcast copies waiting; {h.outbox_failed} failed, "
        f"{h.outbox_uncertain} may have been delivered",
        f"Sent:     last {_secs(h.last_sent_seconds)} ago" if h.last_sent_at else "Sent:     never",
    ]
    for lease in h.leases:
        lines.append(f"Lease:    {lease.name} held by {lease.holder} "
                     f"({'live' if lease.live else 'expired'})")
    for name, age in h.sweeps.items():
        lines.append(f"Sweep:    {name} ran {_secs(age)} ago")
    for problem in h.problems:
        lines.append(f"Problem:  {problem}")
    return "\n".join(lines)


def backup(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="where to write the copy")],
) -> None:
    """Copy the SQLite database consistently, even while the bot runs (SQLite's backup API).

    For PostgreSQL use pg_dump (see the README's Operations section).
    """
    from sqlalchemy.engine import make_url

    from bot.cli_texts import language, say

    settings = _settings()
    lang = language(settings.language)
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        typer.echo(say("cli.backup_not_sqlite", lang), err=True)
        raise typer.Exit(2)
    source = Path(url.database)
    if not source.exists():
        typer.echo(say("cli.backup_no_source", lang, source=source), err=True)
        raise typer.Exit(2)
    if file.exists():
        typer.echo(say("cli.backup_exists", lang, file=file), err=True)
        raise typer.Exit(2)
    try:
        tables, rows = copy_sqlite(source, file)
    except (sqlite3.Error, OSError) as exc:
        file.unlink(missing_ok=True)
        typer.echo(say("cli.backup_failed", lang, reason=exc, folder=file.parent), err=True)
        raise typer.Exit(1) from None
    typer.echo(say("cli.backup_done", lang, source=source, file=file, tables=tables, rows=rows))


def copy_sqlite(source: Path, target: Path) -> tuple[int, int]:
    """Copy with the online backup API, then check the copy. Returns (tables, rows)."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        # Pages in steps, so the bot's writers are not held up for the whole copy; a write in
        # between restarts the copy from a consistent state (SQLite does this itself).
        src.backup(dst, pages=1024, sleep=0.005)
    finally:
        src.close()
    try:
        check = dst.execute("PRAGMA integrity_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity_check of the copy: {check}")
        names = [r[0] for r in dst.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        rows = sum(dst.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names)
        return len(names), rows
    finally:
        dst.close()


__all__ = ["backup", "copy_sqlite", "render", "status"]
