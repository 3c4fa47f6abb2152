"""``thidua export …``: the spreadsheets of /export, and the year-end report's tables, to files.

The operator at the server's command line sees everything (no role applies); every export is
written to the audit log with the actor left empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

export_app = typer.Typer(no_args_is_help=True,
                         help="Excel exports: reports, registrations, late list, nominations, "
                              "award register, a directive's register, audit log, annual report.")

OutFile = Annotated[Path, typer.Option("--out", "-o", dir_okay=False, help="the .xlsx file to write")]
CampaignOption = Annotated[str | None, typer.Option(help="campaign code")]
YearOption = Annotated[int | None, typer.Option(min=2000, max=2100)]


def _write(kind: str, out: Path, make: Any) -> None:
    from bot.cli import _in_transaction, load_settings
    from bot.cli_texts import error, language, say
    from services import audit
    from services.errors import DomainError

    async def work(session: Any) -> bytes:
        data: bytes = await make(session)
        await audit.record(session, actor=None, action=f"export.{kind}", target=str(out)[:128],
                           bytes=len(data), via="cli")
        return data

    settings = load_settings()
    lang = language(settings.language)
    try:
        data = _in_transaction(settings, work)
    except DomainError as exc:
        typer.echo(say("cli.export_failed", lang, kind=say(f"cli.export.{kind}", lang),
                       reason=error(exc, lang)), err=True)
        raise typer.Exit(2) from None
    out.write_bytes(data)
    typer.echo(say("cli.export_written", lang, kind=say(f"cli.export.{kind}", lang),
                   size=len(data), file=out))


def _campaign_id(session: Any, code: str | None) -> Any:
    async def find() -> int | None:
        if code is None:
            return None
        from services import campaigns
        from services.errors import NotFound

        campaign = await campaigns.by_code(session, code)
        if campaign is None:
            raise NotFound("campaign", code=code)
        return campaign.id

    return find()


@export_app.command("reports")
def export_reports(out: OutFile = Path("bao-cao-tien-do.xlsx"), campaign: CampaignOption = None) -> None:
    """Every value of every revision of every report."""
    from services.exports import movement
    from services.exports.scope import OPERATOR

    async def make(s: Any) -> bytes:
        return await movement.reports(s, OPERATOR, campaign_id=await _campaign_id(s, campaign))

    _write("reports", out, make)


@export_app.command("registrations")
def export_registrations(out: OutFile = Path("dang-ky-thi-dua.xlsx"),
                         campaign: CampaignOption = None) -> None:
    from services.exports import movement
    from services.exports.scope import OPERATOR

    async def make(s: Any) -> bytes:
        return await movement.registrations(s, OPERATOR, campaign_id=await _campaign_id(s, campaign))

    _write("registrations", out, make)


@export_app.command("late")
def export_late(out: OutFile = Path("nop-muon-chua-nop.xlsx"), campaign: CampaignOption = None) -> None:
    """Units late or missing at every milestone that is due."""
    from models.base import utcnow
    from services.exports import movement
    from services.exports.scope import OPERATOR

    async def make(s: Any) -> bytes:
        return await movement.late_list(s, OPERATOR, now=utcnow(),
                                        campaign_id=await _campaign_id(s, campaign))

    _write("late", out, make)


@export_app.command("nominations")
def export_nominations(out: OutFile = Path("de-nghi-khen-thuong.xlsx"),
                       year: YearOption = None) -> None:
    from services.exports import records
    from services.exports.scope import OPERATOR

    _write("nominations", out, lambda s: records.nominations(s, OPERATOR, year=year))


@export_app.command("awards")
def export_awards(out: OutFile = Path("so-khen-thuong.xlsx"),
                  year: YearOption = None) -> None:
    """The award register (sổ theo dõi khen thưởng)."""
    from services.exports import records
    from services.exports.scope import OPERATOR

    _write("awards", out, lambda s: records.award_register(s, OPERATOR, year=year))


@export_app.command("directive")
def export_directive(directive_id: int, out: OutFile = Path("van-ban.xlsx")) -> None:
    """One directive's delivery and acknowledgement register."""
    from services.exports import records
    from services.exports.scope import OPERATOR

    _write("directive", out, lambda s: records.directive_register(s, OPERATOR, directive_id))


@export_app.command("audit")
def export_audit(out: OutFile = Path("nhat-ky-thao-tac.xlsx"), year: YearOption = None) -> None:
    from services.exports import records
    from services.exports.scope import OPERATOR

    _write("audit", out, lambda s: records.audit_log(s, OPERATOR, year=year))


@export_app.command("annual-report")
def export_annual(year: Annotated[int, typer.Option(min=2000, max=2100)],
                  out: Annotated[Path | None, typer.Option("--out", "-o", dir_okay=False)] = None) -> None:
    """The year-end report's tables: campaigns, registrations, completion, awards, exemplars."""
    from models.base import utcnow
    from services.exports.annual import annual_report

    target = out or Path(f"bao-cao-tong-ket-{year}.xlsx")
    _write("annual_report", target, lambda s: annual_report(s, year, now=utcnow()))
