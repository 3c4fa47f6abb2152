"""``thidua council …``: the council's sessions from the server (the minutes as a DOCX file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

council_app = typer.Typer(no_args_is_help=True,
                          help="Council sessions (phiên họp Hội đồng TĐKT) and their minutes.")


@council_app.command("list")
def list_sessions() -> None:
    """The latest sessions: id, status, members present, title."""
    from bot.cli import _in_transaction, load_settings
    from bot.cli_texts import language, say
    from services.awards import council

    settings = load_settings()
    lang = language(settings.language)

    async def work(session: Any) -> list[str]:
        # The number is what `thidua council minutes NUMBER` takes; the status in words.
        return [f"#{s.id}  {say(f'council.status.{s.status.value}', lang):<14}  "
                f"{s.present_count if s.present_count is not None else '-'}"
                f"/{s.member_count}  {s.title}" for s in await council.list_sessions(session)]

    lines = _in_transaction(settings, work)
    typer.echo("\n".join(lines) if lines else say("cli.council_none", lang))


@council_app.command("minutes")
def minutes(
    session_id: int,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="where to write the DOCX")] = None,
) -> None:
    """Write a closed session's minutes (biên bản họp và kiểm phiếu) as DOCX."""
    from bot.cli import _in_transaction, load_settings
    from bot.cli_texts import language, say
    from models import CouncilSession

    async def work(session: Any) -> bytes | None:
        row = await session.get(CouncilSession, session_id)
        return row.minutes_docx if row is not None else None

    settings = load_settings()
    lang = language(settings.language)
    data = _in_transaction(settings, work)
    if data is None:
        typer.echo(say("cli.council_no_minutes", lang, number=session_id), err=True)
        raise typer.Exit(1)
    target = output or Path(f"bien-ban-phien-hop-{session_id}.docx")
    target.write_bytes(data)
    typer.echo(say("cli.council_minutes_written", lang, number=session_id, file=target,
                   size=len(data)))
