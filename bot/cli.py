"""The ``thidua`` command."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from bot import logs
from bot.settings import Settings

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="ThiDua Bot: thi đua – khen thưởng on Telegram.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
admin_app = typer.Typer(no_args_is_help=True, help="Bootstrap administrators.")
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")

NO_TOKEN = """\
No bot token is set (THIDUA_BOT_TOKEN).

To serve real Telegram:
  1. In Telegram, open @BotFather, send /newbot and follow the steps.
  2. Put the token it gives you in .env:   THIDUA_BOT_TOKEN=123456789:AA…
  3. Run `thidua run` again.

To try the bot offline first, with a simulated Telegram:   thidua sandbox
"""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "settings"
            typer.echo(f"Configuration error in {where}: {error['msg']}", err=True)
        raise typer.Exit(2) from None


@app.command()
def run() -> None:
    """Serve Telegram (polling or webhook, as configured)."""
    settings = load_settings()
    if settings.bot_token is None:
        typer.echo(NO_TOKEN, err=True)
        raise typer.Exit(2)
    logs.configure(settings.log_level)
    from bot.app import Runtime, SchemaBehind

    try:
        asyncio.run(Runtime(settings).run_until_signal())
    except SchemaBehind as exc:
        typer.echo(f"{exc}.", err=True)
        raise typer.Exit(2) from None


@app.command()
def start() -> None:
    """Serve Telegram when a token is set; otherwise open the offline sandbox."""
    settings = load_settings()
    if settings.bot_token is None:
        typer.echo("No THIDUA_BOT_TOKEN set: starting the offline sandbox (a simulated Telegram).\n")
        sandbox()
    else:
        run()


@app.command()
def sandbox(
    gateway: Annotated[str, typer.Option(help="aiogram or ptb")] = "aiogram",
    database: Annotated[str, typer.Option(help="database URL")] =
        "sqlite+aiosqlite:///./data/sandbox.db",
) -> None:
    """Chat with the bot in this terminal, against the built-in Telegram emulator."""
    from bot.sandbox_chat import run_sandbox

    logs.configure("WARNING")
    asyncio.run(run_sandbox(gateway=gateway, database_url=database))


@app.command()
def demo(
    gateway: Annotated[str, typer.Option(help="aiogram or ptb")] = "aiogram",
) -> None:
    """Play a scripted conversation through the real stack and print the transcript."""
    from bot.demo import run_demo

    logs.configure("WARNING")
    ok = asyncio.run(run_demo(gateway=gateway))
    raise typer.Exit(0 if ok else 1)


@app.command()
def config() -> None:
    """Print the effective settings (the token masked)."""
    typer.echo(json.dumps(load_settings().masked(), indent=2, ensure_ascii=False))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date."""
    settings = load_settings()

    async def go() -> None:
        from models import make_engine
        from models.migrate import current_revisions, upgrade

        engine = make_engine(settings.database_url)
        await upgrade(engine)
        typer.echo(f"Database is at {', '.join(sorted(await current_revisions(engine)))}.")
        await engine.dispose()

    asyncio.run(go())


@admin_app.command("add")
def admin_add(telegram_id: int) -> None:
    """Make a Telegram user an administrator (they need not have written to the bot yet)."""
    settings = load_settings()

    async def go() -> None:
        from bot.app import prepare_database
        from services import members

        engine, factory = await prepare_database(settings)
        async with factory() as session, session.begin():
            await members.grant_admin(session, telegram_id, actor=None)
        await engine.dispose()

    asyncio.run(go())
    typer.echo(f"{telegram_id} is now an administrator.")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

__all__ = ["Path", "app", "main"]
