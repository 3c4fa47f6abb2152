"""``thidua nudges plan --campaign CODE``: every planned nudge time per milestone, and its reach."""

from __future__ import annotations

from typing import Annotated

import typer

nudges_app = typer.Typer(help="Deadline nudges.", no_args_is_help=True)


@nudges_app.command("plan")
def plan(campaign: Annotated[str, typer.Option("--campaign", help="the campaign's code")]) -> None:
    """Print, per milestone, each planned nudge (local date, time, day of week) and how many
    people it would reach now; the times are printed even when nobody would be reached."""
    from bot.cli import _in_transaction, load_settings
    from models.base import utcnow
    from services import campaigns, nudge_requests, nudges
    from services.when import format_when

    settings = load_settings()
    nudges.configure(settings.nudges.to_domain(settings.timezone))
    cfg = nudges.config()

    async def work(session):  # type: ignore[no-untyped-def]
        found = await campaigns.by_code(session, campaign)
        if found is None:
            return None
        return await nudge_requests.preview(session, found.id or 0, utcnow())

    result = _in_transaction(settings, work)
    if result is None:
        typer.echo(f"No campaign with code {campaign!r}.", err=True)
        raise typer.Exit(1)
    c, offsets, plans = result
    shown = ", ".join(f"{o:+d}" if o else "0" for o in offsets)
    typer.echo(f"{c.code} — {c.title} ({c.status.value})")
    typer.echo(f"Offsets (working days from the deadline): {shown}; sent at {cfg.send_at:%H:%M}, "
               f"quiet hours {cfg.quiet_start:%H:%M}–{cfg.quiet_end:%H:%M}")
    for p in plans:
        m = p.milestone
        typer.echo("")
        typer.echo(f"{m.code} · {m.title or m.kind.value} — due "
                   f"{format_when(m.due_at, tz=cfg.timezone)}")
        if not p.checked:
            typer.echo("  no nudges: no submission check is registered for this kind of milestone")
            continue
        typer.echo(f"  would reach now: {p.reach} officers of {p.units} units")
        for n in p.nudges:
            label = ("remind now" if n.offset >= nudges.PUSH_BASE else f"{n.offset:+d}" if n.offset else "0")
            status = n.status if n.status not in ("done", "push") else f"{n.status}, {n.sent} sent"
            typer.echo(f"  {format_when(n.at, tz=cfg.timezone):<28} {label:>10}  {status}")
