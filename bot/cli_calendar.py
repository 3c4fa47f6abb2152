"""``thidua calendar``: the working calendar's days off and compensatory working days."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

calendar_app = typer.Typer(help="Vietnam's working calendar: days off and làm bù working days.",
                           no_args_is_help=True)


def _lang() -> Any:
    from bot.cli import load_settings
    from bot.cli_texts import language

    return language(load_settings().language)


def _day(text: str) -> date:
    from bot.cli_texts import say
    from services.campaign_dates import parse_date
    from services.errors import DomainError

    try:
        return parse_date(text, today=date.today())
    except DomainError:
        typer.echo(say("cli.day_unreadable", _lang(), text=text), err=True)
        raise typer.Exit(2) from None


def _mark(day_text: str, kind: str, reason: str) -> None:
    from bot.cli import _in_transaction, load_settings
    from bot.cli_texts import error, say
    from models import DayKind
    from models.base import utcnow
    from services import workdays
    from services.errors import DomainError

    day = _day(day_text)

    async def work(session):  # type: ignore[no-untyped-def]
        return await workdays.set_day(session, actor=None, day=day, kind=DayKind(kind),
                                      reason=reason, now=utcnow())

    try:
        _in_transaction(load_settings(), work)
    except DomainError as refused:
        typer.echo(error(refused, _lang()), err=True)
        raise typer.Exit(1) from None
    lang = _lang()
    typer.echo(say("cli.day_off_set" if kind == "off" else "cli.workday_set", lang,
                   day=f"{day:%d/%m/%Y}",
                   reason=say("cli.day_reason", lang, reason=reason) if reason else ""))


@calendar_app.command("add-off")
def add_off(day: Annotated[str, typer.Argument(help="DD/MM/YYYY")],
            reason: Annotated[str, typer.Option("--reason", help="e.g. Nghỉ Tết Nguyên đán")] = ""
            ) -> None:
    """Mark a day off the government announced (no nudges, not counted as a working day)."""
    _mark(day, "off", reason)


@calendar_app.command("add-workday")
def add_workday(day: Annotated[str, typer.Argument(help="DD/MM/YYYY")],
                reason: Annotated[str, typer.Option("--reason")] = "làm bù") -> None:
    """Mark a compensatory working Saturday (làm bù)."""
    _mark(day, "work", reason)


@calendar_app.command("clear")
def clear(day: Annotated[str, typer.Argument(help="DD/MM/YYYY")]) -> None:
    """Remove a mark: the day follows the ordinary calendar again."""
    from bot.cli import _in_transaction, load_settings
    from bot.cli_texts import say
    from services import workdays

    parsed = _day(day)

    async def work(session):  # type: ignore[no-untyped-def]
        return await workdays.clear_day(session, actor=None, day=parsed)

    done = _in_transaction(load_settings(), work)
    typer.echo(say("cli.day_cleared" if done else "cli.day_unmarked", _lang(),
                   day=f"{parsed:%d/%m/%Y}"))


@calendar_app.command("show")
def show(year: Annotated[int, typer.Argument(help="e.g. 2027")]) -> None:
    """Every day off (public holidays, Tết, announced) and làm bù day of a year."""
    from bot.cli import _in_transaction, load_settings
    from bot.cli_texts import say
    from models import Language
    from services import workdays
    from services.when import WEEKDAYS_EN, WEEKDAYS_VI

    async def work(session):  # type: ignore[no-untyped-def]
        return await workdays.year_view(session, year)

    view = _in_transaction(load_settings(), work)
    lang = _lang()
    weekdays = WEEKDAYS_EN if lang == Language.EN else WEEKDAYS_VI
    typer.echo(say("cli.year_working_days", lang, year=year, count=view.working_days))
    typer.echo(say("cli.year_days_off", lang))
    for off in view.days_off:
        why = off.name or say(f"cli.day_kind.{off.kind}", lang)  # an announced day without reason
        typer.echo(f"  {off.day:%d/%m/%Y} {weekdays[off.day.weekday()]:<9} {why}")
    typer.echo(say("cli.year_workdays", lang))
    for d in view.workdays:
        typer.echo(f"  {d:%d/%m/%Y} {weekdays[d.weekday()]}")
    if not view.workdays:
        typer.echo(say("cli.none", lang))
