"""``thidua calendar``: the working calendar's days off and compensatory working days."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

calendar_app = typer.Typer(help="Vietnam's working calendar: days off and làm bù working days.",
                           no_args_is_help=True)


def _day(text: str) -> date:
    from services.campaign_dates import parse_date
    from services.errors import DomainError

    try:
        return parse_date(text, today=date.today())
    except DomainError:
        typer.echo(f"Cannot read the date {text!r}: write it as DD/MM/YYYY or YYYY-MM-DD.", err=True)
        raise typer.Exit(2) from None


def _mark(day_text: str, kind: str, reason: str) -> None:
    from bot.cli import _in_transaction, load_settings
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
    except DomainError as error:
        typer.echo(f"{day:%d/%m/%Y}: {error.code}", err=True)
        raise typer.Exit(1) from None
    what = "a day off" if kind == "off" else "a compensatory working day"
    typer.echo(f"{day:%d/%m/%Y} is now {what}{f' ({reason})' if reason else ''}.")


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
    from services import workdays

    parsed = _day(day)

    async def work(session):  # type: ignore[no-untyped-def]
        return await workdays.clear_day(session, actor=None, day=parsed)

    done = _in_transaction(load_settings(), work)
    typer.echo(f"{parsed:%d/%m/%Y}: {'mark removed' if done else 'had no mark'}.")


@calendar_app.command("show")
def show(year: Annotated[int, typer.Argument(help="e.g. 2027")]) -> None:
    """Every day off (public holidays, Tết, announced) and làm bù day of a year."""
    from bot.cli import _in_transaction, load_settings
    from services import workdays
    from services.when import WEEKDAYS_VI

    async def work(session):  # type: ignore[no-untyped-def]
        return await workdays.year_view(session, year)

    view = _in_transaction(load_settings(), work)
    typer.echo(f"{year}: {view.working_days} working days")
    typer.echo("Days off:")
    for off in view.days_off:
        typer.echo(f"  {off.day:%d/%m/%Y} {WEEKDAYS_VI[off.day.weekday()]:<9} {off.name or off.kind}")
    typer.echo("Compensatory working days (làm bù):")
    for d in view.workdays:
        typer.echo(f"  {d:%d/%m/%Y} {WEEKDAYS_VI[d.weekday()]}")
    if not view.workdays:
        typer.echo("  (none)")
