"""The ``thidua`` command."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from bot import logs
from bot.cli_council import council_app
from bot.settings import Settings

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="ThiDua Bot: thi đua – khen thưởng on Telegram.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
admin_app = typer.Typer(no_args_is_help=True, help="Bootstrap administrators.")
units_app = typer.Typer(no_args_is_help=True, help="The sector's units (CSV or XLSX).")
invite_app = typer.Typer(no_args_is_help=True, help="Invite links for units and roles.")
campaign_app = typer.Typer(no_args_is_help=True,
                           help="Campaigns (phong trào thi đua) from YAML or XLSX files.")
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.add_typer(units_app, name="units")
app.add_typer(invite_app, name="invite")
app.add_typer(campaign_app, name="campaign")
app.add_typer(council_app, name="council")
from bot.cli_awards import awards_app, nominations_app  # noqa: E402

app.add_typer(awards_app, name="awards")
app.add_typer(nominations_app, name="nominations")

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
def run(
    role: Annotated[list[str] | None, typer.Option(
        help="play only these roles (repeatable): web, worker, sender, scheduler")] = None,
) -> None:
    """Serve Telegram (polling or webhook, as configured)."""
    settings = load_settings()
    if settings.bot_token is None:
        typer.echo(NO_TOKEN, err=True)
        raise typer.Exit(2)
    logs.configure(settings.log_level)
    from bot.app import ROLES, Runtime, SchemaBehind

    roles = set(role or ROLES)
    if roles - set(ROLES):
        typer.echo(f"Unknown role(s) {', '.join(sorted(roles - set(ROLES)))}; "
                   f"choose from {', '.join(ROLES)}.", err=True)
        raise typer.Exit(2)
    try:
        asyncio.run(Runtime(settings, roles=roles).run_until_signal())
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


def _in_transaction(settings: Settings, work: Any) -> Any:
    """Run ``work(session)`` in one transaction on the configured database."""

    async def go() -> Any:
        from bot.app import prepare_database

        engine, factory = await prepare_database(settings)
        try:
            async with factory() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(go())


@units_app.command("import")
def units_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX")],
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="import the good rows anyway")] =
        False,
) -> None:
    """Create or update units by code from a file (columns: code, name, kind, parent code, fields).

    Every row is checked first; with any bad row nothing changes unless --skip-bad is given.
    """
    from services.errors import DomainError
    from services.unit_files import import_units

    settings = load_settings()
    try:
        report = _in_transaction(settings, lambda s: import_units(s, file, skip_bad=skip_bad))
    except DomainError as exc:
        typer.echo(f"Cannot read {file}: {exc.code} {exc.params or ''}", err=True)
        raise typer.Exit(2) from None
    for error in report.errors:
        typer.echo(f"  {error}", err=True)
    if not report.applied:
        bad = len({error.row for error in report.errors})
        typer.echo(f"{bad} bad row(s): nothing was changed "
                   "(fix them, or use --skip-bad to import the good rows).", err=True)
        raise typer.Exit(1)
    typer.echo(f"{report.rows} rows: {len(report.created)} created, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged, {len(report.skipped_rows)} skipped.")


@units_app.command("export")
def units_export(file: Annotated[Path, typer.Argument(dir_okay=False, help="CSV or XLSX")]) -> None:
    """Write every unit to a file in the format `units import` reads."""
    from services.unit_files import export_units

    count = _in_transaction(load_settings(), lambda s: export_units(s, file))
    typer.echo(f"{count} units written to {file}.")


@invite_app.command("create")
def invite_create(
    unit: Annotated[str | None, typer.Option(help="unit code")] = None,
    role: Annotated[str, typer.Option(help="officer, council, field_lead or admin")] = "officer",
    field: Annotated[str | None, typer.Option(help="field code, for a field lead")] = None,
    days: Annotated[int, typer.Option(help="days before it expires")] = 7,
    bot_username: Annotated[str | None, typer.Option(help="the bot's @username")] = None,
) -> None:
    """Create a single-use invite and print its t.me link and bare code."""
    from models.base import utcnow
    from services.errors import DomainError
    from services.invites import create_invite

    settings = load_settings()
    try:
        invite = _in_transaction(settings, lambda s: create_invite(
            s, actor=None, unit_code=unit, role=role, field_code=field, ttl_days=days,
            now=utcnow()))
    except DomainError as exc:
        typer.echo(f"Cannot create the invite: {exc.code} {exc.params or ''}", err=True)
        raise typer.Exit(2) from None
    username = bot_username or _bot_username(settings)
    typer.echo(f"Link: https://t.me/{username}?start={invite.code}")
    typer.echo(f"Code: {invite.code}  (send /join {invite.code} to the bot)")
    typer.echo(f"Expires: {invite.expires_at:%Y-%m-%d %H:%M} UTC")


@campaign_app.command("import")
def campaign_import(
    file: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, help="YAML or XLSX (see docs/examples/campaign.yaml)")],
) -> None:
    """Create a campaign, or update the one with the same code, from a file.

    The whole file is checked first: with any problem, every problem is listed and nothing changes.
    When a launched campaign's deadlines move, its participants are told.
    """
    from zoneinfo import ZoneInfo

    from handlers.campaign_render import when
    from handlers.campaigns import announce_moved
    from models.base import utcnow
    from services.campaign_files import CampaignFileError, import_campaign_result
    from services.errors import DomainError

    settings = load_settings()
    tz = ZoneInfo(settings.timezone)
    now = utcnow()

    async def work(session: Any) -> tuple[Any, Any]:
        result = await import_campaign_result(session, file, actor=None, now=now)
        directive = None
        if result.moved:
            directive = await announce_moved(session, actor=None, campaign=result.campaign,
                                             moved=result.moved, now=now, tz=tz)
        return result, directive

    try:
        result, directive = _in_transaction(settings, work)
    except CampaignFileError as exc:
        typer.echo(f"Cannot import {file}: {len(exc.problems)} problem(s), nothing was changed.",
                   err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1) from None
    except DomainError as exc:
        typer.echo(f"Cannot import {file}: {exc.code} {exc.params or ''}", err=True)
        raise typer.Exit(1) from None
    campaign = result.campaign
    typer.echo(f"Campaign {campaign.code} {'created' if result.created else 'updated'}: "
               f"{campaign.title}")
    for milestone, previous in result.moved:
        typer.echo(f"  {milestone.code}: deadline moved from {when(previous, tz)} "
                   f"to {when(milestone.due_at, tz)}")
    if directive is not None:
        typer.echo(f"  The change is announced to {directive.recipient_count} recipient(s).")
    if result.created:
        typer.echo(f"Launch it with `thidua campaign launch {campaign.code}` "
                   "or from its card in /campaigns.")


@campaign_app.command("launch")
def campaign_launch(
    code: Annotated[str, typer.Argument(help="the campaign's code, e.g. CDS2027")],
) -> None:
    """Launch a campaign: announce it to its fields' units and groups, with a button to register.

    The announcement is queued in the database; the running bot (`thidua run`) sends it.
    """
    from zoneinfo import ZoneInfo

    from handlers.campaigns import launch_campaign
    from models.base import utcnow
    from services import campaigns
    from services.errors import DomainError

    settings = load_settings()

    async def work(session: Any) -> tuple[Any, Any]:
        campaign = await campaigns.by_code(session, code)
        if campaign is None:
            return None, None
        directive = await launch_campaign(session, actor=None, campaign_id=campaign.id or 0,
                                          now=utcnow(), tz=ZoneInfo(settings.timezone))
        return campaign, directive

    try:
        campaign, directive = _in_transaction(settings, work)
    except DomainError as exc:
        reason = {"campaign.already_launched": "it was launched already",
                  "campaign.closed": "it is closed"}.get(exc.code, f"{exc.code} {exc.params or ''}")
        typer.echo(f"Cannot launch {code}: {reason}.", err=True)
        raise typer.Exit(1) from None
    if campaign is None:
        typer.echo(f"No campaign with the code {code!r} (import it first).", err=True)
        raise typer.Exit(1)
    typer.echo(f"Campaign {campaign.code} launched: {campaign.title}")
    typer.echo(f"  Announcement #{directive.id} queued for {directive.recipient_count} "
               "recipient(s); the running bot sends it.")


def _bot_username(settings: Settings) -> str:
    """Ask Telegram for the bot's username; without a token, a placeholder the operator edits."""
    if settings.bot_token is None:
        return "<bot_username>"

    async def ask() -> str:
        from bot.gateways import make_gateway

        gateway = make_gateway(settings.gateway.value, settings.token(), settings.api_base_url)
        try:
            return (await gateway.get_me()).username
        finally:
            await gateway.close()

    try:
        return asyncio.run(ask())
    except Exception:
        return "<bot_username>"


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

__all__ = ["Path", "app", "main"]
