"""Importing a campaign from a YAML or XLSX file (``thidua campaign import FILE``).

Everything in the file is checked before anything is written; the campaign is created, or the one
with the same ``code`` is updated (targets and milestones are matched by their codes). The format
is documented with a working example in ``docs/examples/campaign.yaml``.

YAML::

    code: CDS2027                  # required; the key for later updates and for /report
    title: Phong trào …            # required
    slogan: …
    kind: theo_dot                 # theo_dot (time-boxed) | thuong_xuyen (ongoing)
    period: 01/01/2027 - 31/12/2027
    fields: [UDCNTT, ATANM]        # field codes, or "all"
    lead_unit: CDS                 # a unit code
    targets:
      - {code: T1, name: …, unit: "%", target: 100, weight: 2, kind: percent}
    milestones:
      - {code: DK, kind: dang_ky, due: "17:00 15/01/2027", title: …}
    nudges: [-3, -1, 0, 1]         # optional: reminder days (working days from each deadline)

XLSX: a sheet ``campaign`` with two columns (key, value) for the scalar keys above (``fields``
comma-separated), a sheet ``targets`` and a sheet ``milestones`` whose first row names the
columns (code, name, unit, target, weight, kind / code, kind, due, title).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Campaign, CampaignKind, Member, MilestoneKind, TargetKind, Unit
from services import campaign_series, campaigns, nudges
from services.campaign_series import SeriesName
from services.campaigns import CampaignSpec, MilestoneSpec, SaveResult, TargetSpec
from services.errors import DomainError
from services.imports import DEFAULT_LIMITS, ImportLimits, ImportRefused, capped, check_file


class CampaignFileError(DomainError):
    """The file cannot be imported; ``errors`` lists every problem found, each with its code
    (``campaign_file.*`` for the file's own form, the domain's refusals otherwise) and a text in
    both languages; ``problems`` is the same list as ``code: params`` lines, for logs."""

    def __init__(self, errors: Sequence[DomainError]) -> None:
        self.errors = list(errors)
        problems = [f"{e.code}: {e.params}" if e.params else e.code for e in self.errors]
        super().__init__("campaign.file_invalid", count=len(problems), problems="\n".join(problems))
        self.problems = problems


def _problem(code: str, /, **params: Any) -> DomainError:
    """One problem of the file's form, worded by the texts ``error.campaign_file.<code>``."""
    return DomainError(f"campaign_file.{code}", **params)


TARGET_KINDS = {"number": TargetKind.NUMBER, "so": TargetKind.NUMBER, "số": TargetKind.NUMBER,
                "percent": TargetKind.PERCENT, "%": TargetKind.PERCENT,
                "phan tram": TargetKind.PERCENT, "phần trăm": TargetKind.PERCENT,
                "yes_no": TargetKind.YES_NO, "yesno": TargetKind.YES_NO,
                "co/khong": TargetKind.YES_NO, "có/không": TargetKind.YES_NO}
# "theo chuyên đề" is the law's word (Luật Thi đua, khen thưởng 2022, Art. 16); "theo_dot" stays
# the code and "theo đợt" is still read, so older files load.
CAMPAIGN_KINDS = {"theo_dot": CampaignKind.TIME_BOXED, "theo đợt": CampaignKind.TIME_BOXED,
                  "theo chuyên đề": CampaignKind.TIME_BOXED, "chuyen_de": CampaignKind.TIME_BOXED,
                  "thematic": CampaignKind.TIME_BOXED,
                  "time_boxed": CampaignKind.TIME_BOXED, "thuong_xuyen": CampaignKind.ONGOING,
                  "thường xuyên": CampaignKind.ONGOING, "ongoing": CampaignKind.ONGOING}


def read_file(path: str | Path, limits: ImportLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The raw content of a campaign file as a dict (YAML mapping or the three XLSX sheets)."""
    path = Path(path)
    if not path.exists():
        raise CampaignFileError([_problem("not_found", path=str(path))])
    suffix = path.suffix.lower()
    try:
        check_file(path, limits)
    except ImportRefused as exc:
        raise CampaignFileError([exc]) from None
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CampaignFileError([_problem("bad_yaml", reason=str(exc)[:300])]) from None
        if not isinstance(data, dict):
            raise CampaignFileError([_problem("not_mapping")])
        return data
    if suffix == ".xlsx":
        try:
            return _read_xlsx(path, limits)
        except ImportRefused as exc:
            raise CampaignFileError([exc]) from None
    raise CampaignFileError([_problem("bad_type", suffix=suffix)])


def _read_xlsx(path: Path, limits: ImportLimits) -> dict[str, Any]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise CampaignFileError([_problem("bad_xlsx", reason=str(exc)[:300])]) from None
    sheets = {name.strip().lower(): book[name] for name in book.sheetnames}
    if "campaign" not in sheets:
        raise CampaignFileError([_problem("no_campaign_sheet")])
    data: dict[str, Any] = {}
    for row in capped(sheets["campaign"].iter_rows(values_only=True), limits):
        if row and row[0] is not None and str(row[0]).strip():
            data[str(row[0]).strip().lower()] = row[1] if len(row) > 1 else None
    if isinstance(data.get("fields"), str) and data["fields"].strip().lower() != "all":
        data["fields"] = [c.strip() for c in data["fields"].split(",") if c.strip()]
    for sheet in ("targets", "milestones"):
        rows: list[dict[str, Any]] = []
        if sheet in sheets:
            it = capped(sheets[sheet].iter_rows(values_only=True), limits)
            header = [str(h).strip().lower() if h is not None else "" for h in next(it, ())]
            for row in it:
                if row is None or all(v is None or str(v).strip() == "" for v in row):
                    continue
                rows.append({h: v for h, v in zip(header, row, strict=False) if h})
        data[sheet] = rows
    book.close()
    return data


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, what: str, problems: list[DomainError], default: float) -> float:
    if value is None or _text(value) == "":
        return default
    if isinstance(value, bool):
        problems.append(_problem("not_a_number", where=what, value=_text(value)[:40]))
        return default
    try:
        number = float(value) if isinstance(value, int | float) else float(
            _text(value).replace(",", "."))
    except ValueError:
        problems.append(_problem("not_a_number", where=what, value=_text(value)[:40]))
        return default
    if number != number or number in (float("inf"), float("-inf")):
        problems.append(_problem("not_finite", where=what))
        return default
    return number


def _due(value: Any, what: str, problems: list[DomainError], now: datetime) -> datetime | None:
    try:
        if isinstance(value, datetime):
            value = value.strftime("%H:%M %d/%m/%Y")
        elif isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        return campaigns.parse_due(_text(value), now=now)
    except DomainError:
        problems.append(_problem("bad_due", where=what, value=_text(value)[:40]))
        return None


def _date(value: Any, what: str, problems: list[DomainError], today: date) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return campaigns.parse_date(_text(value), today=today)
    except DomainError:
        problems.append(_problem("bad_date", where=what, value=_text(value)[:40]))
        return None


def spec_from_data(data: dict[str, Any], *, known_fields: set[str], now: datetime,
                   series_name: SeriesName) -> CampaignSpec:
    """Turn the file's content into a spec, collecting every problem before raising.

    A recurring milestone (``hang_thang``, ``hang_quy``) becomes its series up to the period's end,
    as in the chat; ``series_name`` names its milestones in the importer's language."""
    problems: list[DomainError] = []
    today = now.date()
    code = _text(data.get("code"))
    if not code:
        problems.append(_problem("code_missing"))
    elif len(code) > 32 or " " in code:
        problems.append(_problem("code_bad", code=code[:40]))
    title = _text(data.get("title"))
    if not title:
        problems.append(_problem("title_missing"))
    kind_text = _text(data.get("kind") or "theo_dot").lower()
    kind = CAMPAIGN_KINDS.get(kind_text)
    if kind is None:
        problems.append(_problem("kind_bad", kind=kind_text[:40]))
    starts_on = ends_on = None
    period = data.get("period")
    if isinstance(period, dict):
        starts_on = _date(period.get("start"), "period.start", problems, today)
        ends_on = _date(period.get("end"), "period.end", problems, today)
    elif period is not None and _text(period):
        try:
            starts_on, ends_on = campaigns.parse_period(_text(period), today=today)
        except DomainError:
            problems.append(_problem("period_bad", value=_text(period)[:60]))
    else:
        starts_on = _date(data.get("start"), "start", problems, today)
        ends_on = _date(data.get("end"), "end", problems, today)
    raw_fields = data.get("fields")
    if isinstance(raw_fields, str) and raw_fields.strip().lower() in ("all", "tất cả", "tat ca"):
        field_codes = sorted(known_fields)
    elif isinstance(raw_fields, str):
        field_codes = [c.strip() for c in raw_fields.split(",") if c.strip()]
    elif isinstance(raw_fields, list):
        field_codes = [_text(c) for c in raw_fields if _text(c)]
    else:
        field_codes = []
    if not field_codes:
        problems.append(_problem("fields_missing"))
    for c in field_codes:
        if c not in known_fields:
            problems.append(_problem("field_unknown", code=c[:40], known=", ".join(sorted(known_fields))))
    targets: list[TargetSpec] = []
    raw_targets = data.get("targets") or []
    if not isinstance(raw_targets, list) or not raw_targets:
        problems.append(_problem("targets_missing"))
        raw_targets = []
    for i, t in enumerate(raw_targets, 1):
        where = f"targets[{i}]"
        if not isinstance(t, dict):
            problems.append(_problem("target_not_mapping", where=where))
            continue
        name = _text(t.get("name"))
        if not name:
            problems.append(_problem("target_name_missing", where=where))
        tkind_text = _text(t.get("kind") or "").lower()
        uom = _text(t.get("unit"))
        tkind = TARGET_KINDS.get(tkind_text) if tkind_text else (
            TargetKind.PERCENT if uom == "%" else TargetKind.NUMBER)
        if tkind is None:
            problems.append(_problem("target_kind_bad", where=where, kind=tkind_text[:40]))
            tkind = TargetKind.NUMBER
        value = _number(t.get("target"), f"{where}.target", problems,
                        1.0 if tkind == TargetKind.YES_NO else 0.0)
        if tkind != TargetKind.YES_NO and not (0 < value <= campaigns.MAX_VALUE):
            problems.append(_problem("target_value_bad", where=where))
        weight = _number(t.get("weight"), f"{where}.weight", problems, 1.0)
        if not (0 <= weight <= 1000):
            problems.append(_problem("weight_bad", where=where))
        targets.append(TargetSpec(name=name, unit_of_measure=uom, target_value=value or 1.0,
                                  weight=weight, kind=tkind, code=_text(t.get("code"))))
    milestones: list[MilestoneSpec] = []
    raw_ms = data.get("milestones") or []
    if not isinstance(raw_ms, list):
        problems.append(_problem("milestones_not_list"))
        raw_ms = []
    for i, m in enumerate(raw_ms, 1):
        where = f"milestones[{i}]"
        if not isinstance(m, dict):
            problems.append(_problem("milestone_not_mapping", where=where))
            continue
        mkind = campaigns.milestone_kind(_text(m.get("kind")))
        if mkind is None:
            problems.append(_problem("milestone_kind_bad", where=where,
                                     kind=_text(m.get("kind"))[:40],
                                     known=", ".join(k.value for k in MilestoneKind)))
        due = _due(m.get("due"), f"{where}.due", problems, now)
        if mkind is not None and due is not None:
            milestones.extend(campaign_series.expand(
                MilestoneSpec(kind=mkind, due_at=due, title=_text(m.get("title")),
                              code=_text(m.get("code"))),
                ends=ends_on, tz=campaigns.VN, name=series_name))
    spec = CampaignSpec(title=title, slogan=_text(data.get("slogan")),
                        kind=kind or CampaignKind.TIME_BOXED, starts_on=starts_on, ends_on=ends_on,
                        field_codes=field_codes, lead_unit_code=_text(data.get("lead_unit")) or None,
                        targets=targets, milestones=milestones, code=code)
    refusals = [problem for problem in campaigns.validate_spec(spec, known_fields)
                if problem.code not in ("campaign.title_missing", "campaign.fields_missing",
                                        "campaign.unknown_field", "campaign.targets_missing",
                                        "campaign.target_value_bad", "campaign.target_weight_bad",
                                        "campaign.target_name_missing")]
    if problems or refusals:
        raise CampaignFileError([*problems, *refusals])
    return spec


async def import_campaign_result(session: AsyncSession, path: str | Path, *,
                                 actor: Member | None = None, now: datetime,
                                 series_name: SeriesName,
                                 limits: ImportLimits = DEFAULT_LIMITS) -> SaveResult:
    data = read_file(path, limits)
    known = {f.code for f in await campaigns.fields(session)}
    spec = spec_from_data(data, known_fields=known, now=now, series_name=series_name)
    lead = spec.lead_unit_code
    if lead:
        found = (await session.exec(select(Unit.id).where(func.upper(Unit.code) == lead.upper()))).first()
        if found is None:
            raise CampaignFileError([_problem("lead_unit_unknown", code=lead[:40])])
    offsets = None
    if data.get("nudges") not in (None, "", []):
        try:
            offsets = nudges.parse_offsets(data["nudges"] if isinstance(data["nudges"], list)
                                           else str(data["nudges"]))
        except DomainError as error:
            raise CampaignFileError([error]) from None
    try:
        # A savepoint: a problem found while saving (a target still in use) leaves nothing behind.
        async with session.begin_nested():
            result = await campaigns.save(session, spec, actor=actor, now=now)
            if offsets is not None:
                await nudges.set_offsets(session, actor=actor, campaign_id=result.campaign.id or 0,
                                         offsets=offsets, now=now)
            return result
    except DomainError as error:
        if isinstance(error, CampaignFileError) or error.code == "access_denied":
            raise
        raise CampaignFileError([error]) from None


async def import_campaign(session: AsyncSession, path: str | Path, *, actor: Member | None = None,
                          now: datetime, series_name: SeriesName) -> Campaign:
    """Create or update a campaign from a YAML or XLSX file; raises CampaignFileError listing
    every problem, having written nothing. The caller commits."""
    return (await import_campaign_result(session, path, actor=actor, now=now,
                                         series_name=series_name)).campaign
