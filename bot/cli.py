"""The ``thidua`` command."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from bot import cli_ops, logs
from bot.cli_calendar import calendar_app
from bot.cli_council import council_app
from bot.cli_export import export_app
from bot.cli_nudges import nudges_app
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
app.command("status")(cli_ops.status)
db_app.command("backup")(cli_ops.backup)
app.add_typer(calendar_app, name="calendar")
app.add_typer(nudges_app, name="nudges")
from bot.cli_awards import awards_app, nominations_app  # noqa: E402

app.add_typer(awards_app, name="awards")
app.add_typer(nominations_app, name="nominations")
app.add_typer(council_app, name="council")
app.add_typer(export_app, name="export")

@app.callback()
def options(
    lang: Annotated[str | None, typer.Option(
        "--lang", help="vi or en: the language of messages (default: THIDUA_LANGUAGE, else vi)")] =
        None,
) -> None:
    """ThiDua Bot: thi đua – khen thưởng on Telegram."""
    if lang is not None:
        from bot import cli_texts

        if lang not in ("vi", "en"):
            # The language asked for is what is wrong: say so in Vietnamese.
            typer.echo(cli_texts.say("cli.lang_bad", cli_texts.Language.VI, value=lang), err=True)
            raise typer.Exit(2)
        cli_texts.chosen = lang


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        from bot.cli_texts import before_settings, config_error

        lang = before_settings()
        for error in exc.errors():
            typer.echo(config_error(error, lang), err=True)
        raise typer.Exit(2) from None


@app.command()
def run(
    role: Annotated[list[str] | None, typer.Option(
        help="play only these roles (repeatable): web, worker, sender, scheduler")] = None,
) -> None:
    """Serve Telegram (polling or webhook, as configured)."""
    from bot.cli_texts import language, say

    settings = load_settings()
    lang = language(settings.language)
    if settings.bot_token is None:
        typer.echo(say("cli.no_token", lang), err=True)
        raise typer.Exit(2)
    logs.configure(settings.log_level)
    from bot.app import ROLES, Runtime, SchemaBehind

    roles = set(role or ROLES)
    if roles - set(ROLES):
        typer.echo(say("cli.role_bad", lang, roles=", ".join(sorted(roles - set(ROLES))),
                       choices=", ".join(ROLES)), err=True)
        raise typer.Exit(2)
    try:
        asyncio.run(Runtime(settings, roles=roles).run_until_signal())
    except SchemaBehind:
        typer.echo(say("cli.schema_behind", lang), err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        raise typer.Exit(fatal_exit(exc, settings)) from None


def fatal_exit(exc: BaseException, settings: Settings) -> int:
    """Log the traceback at DEBUG, print one sentence on stderr; the exit code to end with."""
    import logging

    from bot.fatal import describe

    logging.getLogger("bot.fatal").debug("fatal error", exc_info=exc)
    from bot.cli_texts import fatal_sentence, language

    fatal = describe(exc, database_url=settings.database_url, api_base_url=settings.api_base_url)
    typer.echo(fatal_sentence(fatal, language(settings.language)), err=True)
    return fatal.exit_code


@app.command()
def start(
    reset: Annotated[bool, typer.Option(
        "--reset", help="sandbox only: delete the database and the simulated world first")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask before --reset")] = False,
) -> None:
    """Serve Telegram when a token is set; otherwise open the offline sandbox."""
    settings = load_settings()
    if settings.bot_token is None:
        from bot.cli_texts import language, say

        typer.echo(say("cli.sandbox_starting", language(settings.language)))
        sandbox(reset=reset, yes=yes)
    elif reset:
        from bot.cli_texts import language, say

        typer.echo(say("cli.reset_not_served", language(settings.language)), err=True)
        raise typer.Exit(2)
    else:
        run()


@app.command()
def sandbox(
    gateway: Annotated[str | None, typer.Option(
        help="aiogram or ptb (default: THIDUA_GATEWAY, else aiogram)")] = None,
    database: Annotated[str | None, typer.Option(
        help="database URL (default: THIDUA_DATABASE_URL, the same as every other command)")] =
        None,
    reset: Annotated[bool, typer.Option(
        "--reset", help="start over: delete the database and the simulated world first")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask before --reset")] = False,
) -> None:
    """Chat with the bot in this terminal, against the built-in Telegram emulator.

    It uses the bot's own database, so units imported with `thidua units import` are there;
    the simulated people and groups are kept beside it, and a second run continues the first.
    """
    from bot.cli_texts import language, say
    from bot.sandbox_chat import run_sandbox
    from bot.sandbox_home import reset as wipe
    from bot.sandbox_home import reset_targets, sqlite_file, state_path

    settings = load_settings()
    database_url = database or settings.database_url
    lang = language(settings.language)
    if reset:
        if sqlite_file(database_url) is None:
            typer.echo(say("cli.reset_sqlite_only", lang), err=True)
            raise typer.Exit(2)
        targets = reset_targets(database_url)
        if not targets:
            typer.echo(say("cli.reset_nothing", lang, database=sqlite_file(database_url),
                           state=state_path(database_url)))
        else:
            typer.echo(say("cli.reset_list", lang))
            for path in targets:
                typer.echo(f"  {path}")
            if not yes and not typer.confirm(say("cli.reset_confirm", lang), default=False):
                typer.echo(say("cli.reset_kept", lang))
                raise typer.Exit(1)
            wipe(database_url)
            typer.echo(say("cli.reset_done", lang))
    logs.configure("WARNING")
    asyncio.run(run_sandbox(gateway=gateway or settings.gateway.value, database_url=database_url))


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
        from bot.cli_texts import language, say
        from models import make_engine
        from models.migrate import current_revisions, upgrade

        engine = make_engine(settings.database_url)
        await upgrade(engine)
        revisions = ", ".join(sorted(await current_revisions(engine)))
        typer.echo(say("cli.db_at", language(settings.language), revisions=revisions))
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
    from bot.cli_texts import language, say

    typer.echo(say("cli.admin_added", language(settings.language), telegram_id=telegram_id))


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
    from bot.cli_texts import error, language, row_error, say
    from services.errors import DomainError
    from services.imports import ImportRefused
    from services.unit_files import import_units

    settings = load_settings()
    limits = settings.imports.to_domain()
    lang = language(settings.language)
    try:
        report = _in_transaction(settings, lambda s: import_units(s, file, skip_bad=skip_bad,
                                                                  limits=limits))
    except ImportRefused as exc:
        typer.echo(say("cli.import_refused", lang, file=file, reason=error(exc, lang)), err=True)
        raise typer.Exit(2) from None
    except DomainError as exc:
        typer.echo(say("cli.cannot_read", lang, file=file, reason=error(exc, lang)), err=True)
        raise typer.Exit(2) from None
    for problem in report.errors:
        typer.echo(f"  {row_error(problem.row, problem.reason, problem.params, lang)}", err=True)
    if not report.applied:
        bad = len({problem.row for problem in report.errors})
        typer.echo(say("cli.bad_rows", lang, count=bad), err=True)
        raise typer.Exit(1)
    typer.echo(say("cli.units_imported", lang, rows=report.rows, created=len(report.created),
                   updated=len(report.updated), unchanged=len(report.unchanged),
                   skipped=len(report.skipped_rows)))


@units_app.command("export")
def units_export(file: Annotated[Path, typer.Argument(dir_okay=False, help="CSV or XLSX")]) -> None:
    """Write every unit to a file in the format `units import` reads."""
    from bot.cli_texts import language, say
    from services.unit_files import export_units

    settings = load_settings()
    count = _in_transaction(settings, lambda s: export_units(s, file))
    typer.echo(say("cli.units_exported", language(settings.language), count=count, file=file))


@invite_app.command("create")
def invite_create(
    unit: Annotated[str | None, typer.Option(help="unit code")] = None,
    role: Annotated[str, typer.Option(help="officer, council, field_lead or admin")] = "officer",
    field: Annotated[str | None, typer.Option(help="field code, for a field lead")] = None,
    days: Annotated[int, typer.Option(help="days before it expires")] = 7,
    bot_username: Annotated[str | None, typer.Option(help="the bot's @username")] = None,
) -> None:
    """Create a single-use invite and print its t.me link and bare code."""
    from bot.cli_texts import error, language, local_time, say
    from models.base import utcnow
    from services.errors import DomainError
    from services.invites import create_invite

    settings = load_settings()
    lang = language(settings.language)
    try:
        invite = _in_transaction(settings, lambda s: create_invite(
            s, actor=None, unit_code=unit, role=role, field_code=field, ttl_days=days,
            now=utcnow()))
    except DomainError as exc:
        typer.echo(say("cli.invite_failed", lang, reason=error(exc, lang)), err=True)
        raise typer.Exit(2) from None
    username = (bot_username or "").lstrip("@") or _bot_username(settings)
    if username:
        typer.echo(say("cli.invite_link", lang,
                       link=f"https://t.me/{username}?start={invite.code}"))
    else:
        typer.echo(say("cli.invite_no_link", lang))
    typer.echo(say("cli.invite_code", lang, code=invite.code))
    if settings.bot_token is None:
        typer.echo(say("cli.invite_sandbox", lang, code=invite.code))
    moment, zone = local_time(invite.expires_at, settings.timezone)
    typer.echo(say("cli.invite_expires", lang, when=moment, zone=zone))


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

    from bot.cli_texts import error, language, say
    from handlers.campaign_new import series_name
    from handlers.campaign_render import when
    from handlers.campaigns import announce_moved
    from handlers.i18n import Translator
    from models.base import utcnow
    from services.campaign_files import CampaignFileError, import_campaign_result
    from services.errors import DomainError

    settings = load_settings()
    lang = language(settings.language)
    tz = ZoneInfo(settings.timezone)
    now = utcnow()

    async def work(session: Any) -> tuple[Any, Any]:
        result = await import_campaign_result(session, file, actor=None, now=now,
                                              series_name=series_name(Translator(lang)),
                                              limits=settings.imports.to_domain())
        directive = None
        if result.moved:
            directive = await announce_moved(session, actor=None, campaign=result.campaign,
                                             moved=result.moved, now=now, tz=tz)
        return result, directive

    try:
        result, directive = _in_transaction(settings, work)
    except CampaignFileError as exc:
        typer.echo(say("cli.campaign_problems", lang, file=file, count=len(exc.problems)),
                   err=True)
        for refusal in exc.errors:
            typer.echo(f"  {error(refusal, lang)}", err=True)
        raise typer.Exit(1) from None
    except DomainError as exc:
        typer.echo(say("cli.campaign_failed", lang, file=file, reason=error(exc, lang)), err=True)
        raise typer.Exit(1) from None
    campaign = result.campaign
    key = ("cli.campaign_created" if result.created else
           "cli.campaign_updated" if result.changed else "cli.campaign_unchanged")
    typer.echo(say(key, lang, code=campaign.code, title=campaign.title))
    for milestone, previous in result.moved:
        typer.echo(say("cli.deadline_moved", lang, milestone=milestone.code,
                       before=when(previous, tz), after=when(milestone.due_at, tz)))
    if directive is not None:
        typer.echo(say("cli.change_announced", lang, count=directive.recipient_count))
    if result.created:
        typer.echo(say("cli.launch_hint", lang, code=campaign.code))


@campaign_app.command("launch")
def campaign_launch(
    code: Annotated[str, typer.Argument(help="the campaign's code, e.g. CDS2027")],
) -> None:
    """Launch a campaign: announce it to its fields' units and groups, with a button to register.

    The announcement is queued in the database; the running bot (`thidua run`) sends it.
    """
    from zoneinfo import ZoneInfo

    from bot.cli_texts import error, language, say
    from handlers.campaigns import launch_campaign
    from models.base import utcnow
    from services import campaigns
    from services.errors import DomainError

    settings = load_settings()
    lang = language(settings.language)

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
        typer.echo(say("cli.launch_failed", lang, code=code, reason=error(exc, lang)), err=True)
        raise typer.Exit(1) from None
    if campaign is None:
        typer.echo(say("cli.no_campaign", lang, code=code), err=True)
        raise typer.Exit(1)
    typer.echo(say("cli.launched", lang, code=campaign.code, title=campaign.title))
    typer.echo(say("cli.announcement_queued", lang, number=directive.id,
                   count=directive.recipient_count))


def _bot_username(settings: Settings) -> str | None:
    """Ask Telegram for the bot's username; None without a token or an answer."""
    if settings.bot_token is None:
        return None

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
        return None


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

__all__ = ["Path", "app", "main"]
