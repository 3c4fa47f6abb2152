"""``thidua awards …`` (the catalogue and the register) and ``thidua nominations check``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

awards_app = typer.Typer(no_args_is_help=True,
                         help="The award catalogue and the award register (sổ theo dõi khen thưởng).")
catalogue_app = typer.Typer(no_args_is_help=True, help="The award catalogue as a YAML file.")
nominations_app = typer.Typer(no_args_is_help=True, help="Nomination lists (đề nghị khen thưởng).")
awards_app.add_typer(catalogue_app, name="catalogue")

FileArg = Annotated[Path, typer.Argument(dir_okay=False, help="CSV or XLSX")]


def _run(work: Any) -> Any:
    from bot.cli import _in_transaction, load_settings

    return _in_transaction(load_settings(), work)


def _lang() -> Any:
    from bot.cli import load_settings
    from bot.cli_texts import language

    return language(load_settings().language)


def _file_error(file: Path, exc: Any) -> typer.Exit:
    from bot.cli_texts import error, say

    lang = _lang()
    typer.echo(say("cli.awards_file_error", lang, file=file, reason=error(exc, lang)), err=True)
    return typer.Exit(2)


@catalogue_app.command("export")
def catalogue_export(file: Annotated[Path, typer.Argument(dir_okay=False, help="YAML file")]) -> None:
    """Write the catalogue in force to FILE, to edit and import back."""
    from bot.cli_texts import say
    from services.awards.catalogue import dump_yaml, export_document

    document = _run(export_document)
    file.write_text(dump_yaml(document), encoding="utf-8")
    typer.echo(say("cli.catalogue_exported", _lang(), version=document["version"],
                   count=len(document["awards"]), file=file))


@catalogue_app.command("import")
def catalogue_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="YAML or JSON file")],
) -> None:
    """Validate FILE and make it the catalogue in force (a new version; decisions keep theirs)."""
    from bot.cli_texts import error, say
    from handlers.texts import award_files as _award_file_texts  # noqa: F401  (registers the texts)
    from services.awards.catalogue import import_catalogue, read_file
    from services.awards.catalogue_schema import CatalogueError
    from services.errors import DomainError

    try:
        document = read_file(file)
        row, changed = _run(lambda s: import_catalogue(s, document, actor=None))
    except CatalogueError as exc:
        typer.echo(say("cli.catalogue_invalid", _lang(), file=file), err=True)
        # A problem of the whole file is worded; field problems keep the file's own key names.
        lines = ([error(DomainError(exc.code, **exc.params), _lang())] if exc.code
                 else str(exc).splitlines())
        for line in lines:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(1) from None
    if changed:
        typer.echo(say("cli.catalogue_in_force", _lang(), version=row.version,
                       count=len(document["awards"])))
    else:
        typer.echo(say("cli.catalogue_same", _lang(), version=row.version))


@awards_app.command("import")
def register_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX")],
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="import the good rows anyway")] = False,
) -> None:
    """Past awards, yearly ratings, sáng kiến and kỷ luật into the register (columns: họ tên,
    ngày sinh, mã đơn vị, khen thưởng, năm, số quyết định, ngày quyết định).

    Every row is checked first; with any bad row nothing changes unless --skip-bad is given.
    """
    from bot.cli import load_settings
    from bot.cli_texts import say
    from services.awards.register_files import import_register
    from services.awards.sheets import Limits
    from services.errors import DomainError

    settings = load_settings()
    limits = Limits(max_rows=settings.award_import_max_rows)
    try:
        report = _run(lambda s: import_register(s, file, limits=limits, skip_bad=skip_bad))
    except DomainError as exc:
        raise _file_error(file, exc) from None
    lang = _lang()
    for bad in report.errors:
        typer.echo("  " + say("register_file.row", lang, row=bad.row, column=bad.column or "—",
                              reason=say(f"register_file.{bad.reason}", lang, **bad.params)),
                   err=True)
    if not report.applied:
        typer.echo(say("cli.bad_rows", lang, count=len(report.skipped_rows)), err=True)
        raise typer.Exit(1)
    typer.echo(say("cli.awards_imported", lang, rows=report.rows, awards=report.awards,
                   ratings=report.ratings, initiatives=report.initiatives,
                   disciplines=report.disciplines, people=report.people_created,
                   there=report.already_there, skipped=len(report.skipped_rows)))


@awards_app.command("export")
def register_export(file: FileArg) -> None:
    """Write the whole register to FILE in the columns `awards import` reads."""
    from bot.cli_texts import say
    from services.awards.register_files import export_register
    from services.errors import DomainError

    try:
        count = _run(lambda s: export_register(s, file))
    except DomainError as exc:
        raise _file_error(file, exc) from None
    typer.echo(say("cli.awards_exported", _lang(), count=count, file=file))


@nominations_app.command("check")
def nominations_check(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX")],
    format: Annotated[str, typer.Option("--format", help="text or csv")] = "text",
    english: Annotated[bool, typer.Option("--english", help="reasons in English")] = False,
) -> None:
    """Check a nomination list against the catalogue and the register; one verdict per row.

    The text shows each verdict as the bot words it, in the chosen language (--english is
    --lang en). --format csv, for spreadsheets and scripts, prints `row,verdict,reason` with the
    verdict as a code (eligible, not_eligible, doubtful).
    """
    from bot.cli import load_settings
    from bot.cli_texts import say
    from models import Language
    from services.awards.check_file import check_file
    from services.awards.sheets import Limits
    from services.errors import DomainError

    if format not in ("text", "csv"):
        typer.echo(say("cli.format_bad", _lang()), err=True)
        raise typer.Exit(2)
    settings = load_settings()
    try:
        verdicts = _run(lambda s: check_file(s, file, limits=Limits(max_rows=settings.award_import_max_rows)))
    except DomainError as exc:
        raise _file_error(file, exc) from None
    if format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["row", "verdict", "reason"])
        for v in verdicts:
            writer.writerow([v.row, v.verdict.value, v.reason_en if english else v.reason])
        return
    lang = Language.EN if english else _lang()
    for v in verdicts:
        typer.echo(say("cli.check_row", lang, row=v.row,
                       verdict=say(f"ballot.verdict.{v.verdict.value}", lang),
                       reason=v.reason_en if lang is Language.EN else v.reason))
