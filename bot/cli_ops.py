"""Operator commands: ``thidua status`` (what /healthz says, in the terminal) and
``thidua db backup FILE`` (a consistent copy of a running SQLite database)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.settings import Settings
from models.enums import Language


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
    from bot.cli_texts import language

    typer.echo(render(h, language(settings.language), settings.timezone))
    raise typer.Exit(0 if h.ok else 1)


def _secs(value: float | None, lang: Language) -> str:
    from bot.cli_texts import say

    if value is None:
        return "—"
    if value < 120:
        return say("cli.status.seconds", lang, n=f"{value:.0f}")
    if value < 7200:
        return say("cli.status.minutes", lang, n=f"{value / 60:.0f}")
    return say("cli.status.hours", lang, n=f"{value / 3600:.1f}")


def render(h: object, lang: Language = Language.VI, timezone: str = "Asia/Ho_Chi_Minh") -> str:
    """The health snapshot as the operator reads it, in their language."""
    from bot.cli_texts import local_time, say
    from services.health import Health

    assert isinstance(h, Health)
    pending = h.outbox_pending
    lines = [
        say("cli.status.ok" if h.ok else "cli.status.failing", lang),
        say("cli.status.inbox", lang, pending=h.inbox_pending,
            oldest=_secs(h.oldest_pending_seconds, lang), failed=h.inbox_failed,
            set_aside=h.inbox_set_aside),
        say("cli.status.outbox", lang, replies=pending.get("reply", 0),
            notices=pending.get("notice", 0), bulk=pending.get("bulk", 0),
            failed=h.outbox_failed, uncertain=h.outbox_uncertain),
        say("cli.status.sent", lang, ago=_secs(h.last_sent_seconds, lang)) if h.last_sent_at
        else say("cli.status.never", lang),
    ]
    for lease in h.leases:
        lines.append(say("cli.status.lease", lang, name=lease.name, holder=lease.holder,
                         state=say("cli.status.live" if lease.live else "cli.status.expired",
                                   lang)))
    for name, age in h.sweeps.items():
        lines.append(say("cli.status.sweep", lang, name=name, ago=_secs(age, lang)))
    for finding in h.findings:
        params = dict(finding.params)
        if "expires" in params:  # an ISO moment: shown in the operator's time zone
            params["expires"] = local_time(datetime.fromisoformat(str(params["expires"])),
                                           timezone)[0]
        lines.append(say("cli.status.problem", lang,
                         problem=say(f"cli.status_problem.{finding.code}", lang, **params)))
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
