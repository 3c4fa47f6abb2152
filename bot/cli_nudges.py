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
    from bot.cli_texts import language, say
    from handlers.campaign_render import milestone_name
    from handlers.i18n import Translator
    from models.base import utcnow
    from services import campaigns, nudge_requests, nudges
    from services.when import format_when

    settings = load_settings()
    lang = language(settings.language)
    nudges.configure(settings.nudges.to_domain(settings.timezone))
    cfg = nudges.config()

    async def work(session):  # type: ignore[no-untyped-def]
        found = await campaigns.by_code(session, campaign)
        if found is None:
            return None
        return await nudge_requests.preview(session, found.id or 0, utcnow())

    result = _in_transaction(settings, work)
    if result is None:
        typer.echo(say("cli.plan_no_campaign", lang, code=campaign), err=True)
        raise typer.Exit(1)
    c, offsets, plans = result
    shown = ", ".join(f"{o:+d}" if o else "0" for o in offsets)
    t = Translator(lang)
    typer.echo(say("cli.plan_title", lang, code=c.code, title=c.title,
                   status=t(f"cp.status.{c.status.value}")))
    typer.echo(say("cli.plan_offsets", lang, offsets=shown, send_at=f"{cfg.send_at:%H:%M}",
                   quiet_start=f"{cfg.quiet_start:%H:%M}", quiet_end=f"{cfg.quiet_end:%H:%M}"))
    for p in plans:
        m = p.milestone
        typer.echo("")
        typer.echo(say("cli.plan_milestone", lang, code=m.code,
                       name=milestone_name(t, m.kind.value, m.title),
                       due=format_when(m.due_at, language=lang.value, tz=cfg.timezone)))
        if not p.checked:
            typer.echo(say("cli.plan_unchecked", lang))
            continue
        typer.echo(say("cli.plan_reach", lang, people=p.reach, units=p.units))
        for n in p.nudges:
            label = (say("cli.plan_push", lang) if n.offset >= nudges.PUSH_BASE
                     else f"{n.offset:+d}" if n.offset else "0")
            status = say(f"cli.plan_status.{n.status}", lang, sent=n.sent)
            at = format_when(n.at, language=lang.value, tz=cfg.timezone)
            typer.echo(f"  {at:<28} {label:>10}  {status}")
