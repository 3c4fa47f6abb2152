"""Progress reports: reading the values people type, and saving each submission as a revision."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    CampaignStatus,
    Member,
    Milestone,
    Report,
    ReportFile,
    ReportRevision,
    ReportValue,
    Role,
    Target,
    TargetKind,
    Unit,
)
from services import audit, campaigns, nudges, numbers
from services.campaigns import MAX_VALUE, REPORTING_KINDS
from services.errors import AccessDenied, DomainError, NotFound
from services.text import clean_line, clean_text, fold, nfc

MAX_NARRATIVE = 4000
MAX_NOTE = 500
MAX_FILES = 10
FAR_FACTOR = 10
MAX_PERCENT = 100.0  # a percentage target is a share: at most 100 %
REPORT_ROLES = (Role.OFFICER, Role.FIELD_LEAD, Role.ADMIN)

YES_WORDS = frozenset({"co", "yes", "y", "x", "dat", "da", "roi", "true", "1", "✓", "✔", "ok"})
NO_WORDS = frozenset({"khong", "no", "n", "chua", "false", "0", "k", "ko", "-"})
SKIP_WORDS = frozenset({"bo qua", "skip", "/skip"})


class ValueRefused(DomainError):
    """A typed value cannot be used; ``code`` says why (``report.value_<reason>``)."""


def parse_value(text: str | None, kind: TargetKind) -> float:
    """A value for a target as people type it, or ValueRefused with the reason.

    Numbers follow services.numbers' one rule (``1.500`` is 1500, ``12,5`` and ``12.5`` are 12.5,
    ``1,500`` is asked about). Percentages may end in ``%`` and cannot exceed 100.
    Yes/no accepts có/không, yes/no, x. Negative, NaN, infinite and absurd values are refused.
    """
    raw = nfc(text or "").strip()
    if not raw:
        raise ValueRefused("report.value_empty")
    if kind == TargetKind.YES_NO:
        word = fold(raw).strip(" .!")
        if word in YES_WORDS:
            return 1.0
        if word in NO_WORDS:
            return 0.0
        raise ValueRefused("report.value_not_yes_no", text=raw[:40])
    body = raw.replace("\u00a0", " ").replace(" ", "").lower()
    percent = body.endswith("%")
    if percent:
        body = body[:-1]
        if kind != TargetKind.PERCENT:
            raise ValueRefused("report.value_percent_for_number", text=raw[:40])
    if body in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity", "+infinity"}:
        raise ValueRefused("report.value_not_finite", text=raw[:40])
    negative = body.startswith("-")
    try:
        value = numbers.parse_number(body.lstrip("+-"))
    except numbers.AmbiguousNumber as question:
        raise ValueRefused("report.value_ambiguous", **question.params) from None
    except DomainError:
        raise ValueRefused("report.value_not_number", text=raw[:40]) from None
    if negative:
        value = -value
    if math.isnan(value) or math.isinf(value):
        raise ValueRefused("report.value_too_large", text=raw[:40])
    if value < 0:
        raise ValueRefused("report.value_negative", text=raw[:40])
    if kind == TargetKind.PERCENT and value > MAX_PERCENT:
        raise ValueRefused("report.value_percent_over", text=raw[:40])
    if value > MAX_VALUE:
        raise ValueRefused("report.value_too_large", text=raw[:40])
    return value


def far_outside(value: float, target: Target) -> bool:
    """A result ten times the target or more: probably a typo ("1.000.000" for 20), so asked."""
    return (target.kind == TargetKind.NUMBER and target.target_value > 0
            and value >= FAR_FACTOR * target.target_value)


def format_value(value: float | None, kind: TargetKind, *, decimal: str = ".") -> str:
    """``1,234.5`` (English) or, with ``decimal=","``, ``1.234,5`` (Vietnamese)."""
    if value is None:
        return "—"
    if kind == TargetKind.YES_NO:
        return "✓" if value >= 1 else "✗"
    return numbers.format_number(value, decimal=decimal) + ("%" if kind == TargetKind.PERCENT else "")


# -- drafts -------------------------------------------------------------------------------------
@dataclass(slots=True)
class ValueEntry:
    target_id: int
    value: float | None = None
    raw: str = ""
    skipped: bool = False
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"t": self.target_id, "v": self.value, "r": self.raw, "s": self.skipped,
                "n": self.note}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ValueEntry:
        return cls(int(d["t"]), d.get("v"), d.get("r", ""), bool(d.get("s")), d.get("n", ""))


@dataclass(slots=True)
class FileEntry:
    file_id: str
    file_unique_id: str = ""
    file_name: str = ""
    mime_type: str = ""
    kind: str = "document"
    size: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.file_id, "u": self.file_unique_id, "name": self.file_name,
                "mime": self.mime_type, "kind": self.kind, "size": self.size}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FileEntry:
        return cls(d["id"], d.get("u", ""), d.get("name", ""), d.get("mime", ""),
                   d.get("kind", "document"), d.get("size"))


@dataclass(slots=True)
class RevisionView:
    report: Report
    revision: ReportRevision
    unit: Unit
    milestone: Milestone
    values: list[tuple[Target, ReportValue | None]] = field(default_factory=list)
    files: list[ReportFile] = field(default_factory=list)


# -- who may ------------------------------------------------------------------------------------
def reporting_unit(actor: Member | None, *, action: str) -> int:
    """The unit the person reports for: their own, and only theirs."""
    if actor is None or not actor.is_active or actor.role not in REPORT_ROLES:
        raise AccessDenied(action)
    if actor.unit_id is None:
        raise DomainError("report.no_unit")
    return actor.unit_id


async def reportable_milestones(session: AsyncSession, campaign_id: int) -> list[Milestone]:
    return [m for m in await campaigns.milestones_of(session, campaign_id) if m.kind in REPORTING_KINDS]


async def check_milestone(session: AsyncSession, actor: Member, milestone_id: int,
                          ) -> tuple[Milestone, int]:
    """The milestone a report is for, checked: it exists, is reported on, its campaign is open."""
    unit_id = reporting_unit(actor, action="report.submit")
    milestone, campaign = await campaigns.get_milestone(session, milestone_id)
    if campaign.status != CampaignStatus.ACTIVE:
        raise DomainError("report.campaign_not_active", title=campaign.title)
    if not await campaigns.takes_part(session, campaign.id or 0, unit_id):
        # A unit reports only on campaigns of its fields, or ones it registered for.
        raise DomainError("report.unit_not_in_campaign", title=campaign.title)
    if milestone.kind not in REPORTING_KINDS:
        raise DomainError("report.not_reporting_milestone")
    return milestone, unit_id


# -- saving -------------------------------------------------------------------------------------
async def submit(
    session: AsyncSession,
    *,
    actor: Member,
    milestone_id: int,
    values: Sequence[ValueEntry],
    narrative: str = "",
    files: Sequence[FileEntry] = (),
    now: datetime,
) -> tuple[Report, ReportRevision]:
    """Save a new revision of the actor's unit's report at a milestone.

    Two submissions at the same moment both land: the report row is created with an upsert and
    the revision number is taken by an atomic increment of that row (a row lock on PostgreSQL,
    the database write lock on SQLite), backed by the unique (report, number) constraint.
    """
    milestone, unit_id = await check_milestone(session, actor, milestone_id)
    targets = await campaigns.targets_of(session, milestone.campaign_id)
    by_id = {t.id: t for t in targets}
    given = {v.target_id: v for v in values}
    unknown = [tid for tid in given if tid not in by_id]
    if unknown:
        raise DomainError("report.unknown_target", target=str(unknown[0]))
    missing = [t for t in targets if t.id not in given]
    if missing:
        raise DomainError("report.value_missing", target=missing[0].name)
    for entry in given.values():
        if not entry.skipped and entry.value is None:
            raise DomainError("report.value_missing", target=by_id[entry.target_id].name)
        if entry.value is not None and not (0 <= entry.value <= MAX_VALUE):
            raise DomainError("report.value_too_large", text=entry.raw or str(entry.value))
    narrative = clean_text(narrative).strip()
    if len(narrative) > MAX_NARRATIVE:
        raise DomainError("report.narrative_too_long", length=len(narrative), limit=MAX_NARRATIVE)
    if len(files) > MAX_FILES:
        raise DomainError("report.too_many_files", limit=MAX_FILES)

    late = now > milestone.due_at
    report = await _report_row(session, milestone, unit_id, now, late)
    assert report.id is not None
    number = (await session.execute(
        update(Report).where(col(Report.id) == report.id)
        .values(revisions=col(Report.revisions) + 1, last_submitted_at=now)
        .returning(col(Report.revisions))
    )).scalar_one()
    await session.refresh(report)
    revision = ReportRevision(report_id=report.id, number=number, narrative=narrative, late=late,
                              submitted_by=actor.telegram_id, submitted_at=now)
    session.add(revision)
    await session.flush()
    assert revision.id is not None
    for t in targets:
        entry = given[t.id or 0]
        session.add(ReportValue(
            revision_id=revision.id, target_id=t.id or 0,
            value=None if entry.skipped else entry.value, raw=clean_line(entry.raw, limit=64),
            skipped=entry.skipped, note=clean_line(entry.note, limit=MAX_NOTE) if entry.skipped else ""))
    for f in files:
        session.add(ReportFile(revision_id=revision.id, file_id=f.file_id[:255],
                               file_unique_id=f.file_unique_id[:64],
                               file_name=clean_line(f.file_name, limit=255),
                               mime_type=f.mime_type[:100], kind=f.kind[:16], size=f.size))
    await session.flush()
    await audit.record(session, actor=actor.telegram_id, action="report.submit",
                       target=f"report:{report.id}", revision=number, unit_id=unit_id,
                       milestone_id=milestone_id, late=late, files=len(files))
    # Nudges to this unit's officers still waiting in the outbox are withdrawn.
    await nudges.withdraw(session, unit_id=unit_id, milestone_ids=[milestone_id])
    return report, revision


async def _report_row(session: AsyncSession, milestone: Milestone, unit_id: int, now: datetime,
                      late: bool) -> Report:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(Report).values(campaign_id=milestone.campaign_id, milestone_id=milestone.id,
                              unit_id=unit_id, revisions=0, late=late,
                              first_submitted_at=now, last_submitted_at=now)
        .on_conflict_do_nothing(index_elements=["milestone_id", "unit_id"])
    )
    report = (await session.exec(select(Report).where(
        Report.milestone_id == milestone.id, Report.unit_id == unit_id))).one()
    return report


# -- reading ------------------------------------------------------------------------------------
async def get_report(session: AsyncSession, actor: Member, report_id: int) -> Report:
    report = await session.get(Report, report_id)
    if report is None:
        raise NotFound("report")
    await campaigns.require_unit_scope(session, actor, report.unit_id, report.campaign_id,
                                       action="report.view", target=f"report:{report_id}")
    return report


async def revision_view(session: AsyncSession, actor: Member, report_id: int,
                        number: int | None = None) -> RevisionView:
    """One revision of a report (the latest by default), scoped to who may read it."""
    report = await get_report(session, actor, report_id)
    number = number or report.revisions
    revision = (await session.exec(select(ReportRevision).where(
        ReportRevision.report_id == report_id, ReportRevision.number == number))).first()
    if revision is None:
        raise NotFound("revision")
    unit = await session.get(Unit, report.unit_id)
    milestone = await session.get(Milestone, report.milestone_id)
    assert unit is not None and milestone is not None
    targets = await campaigns.targets_of(session, report.campaign_id)
    rows = await session.exec(select(ReportValue).where(ReportValue.revision_id == revision.id))
    by_target = {v.target_id: v for v in rows.all()}
    files = await session.exec(select(ReportFile).where(ReportFile.revision_id == revision.id)
                               .order_by(col(ReportFile.id)))
    return RevisionView(report, revision, unit, milestone,
                        [(t, by_target.get(t.id or 0)) for t in targets], list(files.all()))


async def existing_report(session: AsyncSession, unit_id: int, milestone_id: int) -> Report | None:
    return (await session.exec(select(Report).where(
        Report.unit_id == unit_id, Report.milestone_id == milestone_id))).first()


# -- one line: /report CAMPAIGN MILESTONE TARGET=VALUE … ----------------------------------------
@dataclass(slots=True)
class QuickReport:
    milestone: Milestone
    values: list[ValueEntry]
    narrative: str = ""


def pairs(text: str) -> list[tuple[str, str]]:
    """``T1=12,5 T2 = có GHICHU="hai từ"`` → [(key, value)], in one pass over the text.

    A word with no ``=`` after it is skipped; a value is a ``"quoted phrase"`` or one word. (A
    regular expression for this backtracks: half a second on 4,000 characters without ``=``.)
    """
    out: list[tuple[str, str]] = []
    n, i = len(text), 0
    no_quote_after = n + 1  # once a search for a closing quote failed, later ones fail too
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        start = i
        while i < n and not text[i].isspace() and text[i] != "=":
            i += 1
        if i == start:  # a "=" with no key before it
            i += 1
            continue
        key, j = text[start:i], i
        while j < n and text[j].isspace():
            j += 1
        if j >= n or text[j] != "=":
            continue  # a word on its own: go on after it
        j += 1
        while j < n and text[j].isspace():
            j += 1
        if j >= n:
            break
        close = -1
        if text[j] == '"' and j + 1 < no_quote_after:
            close = text.find('"', j + 1)
            if close < 0:
                no_quote_after = j + 1
        if close >= 0:
            end = close + 1
        else:
            end = j
            while end < n and not text[end].isspace():
                end += 1
        out.append((key, text[j:end]))
        i = end
    return out


async def parse_quick(session: AsyncSession, actor: Member, text: str) -> QuickReport:
    """``CDS2027 SK T1=12,5 T2=có T3=bỏ qua`` → values for every target, or the first problem."""
    reporting_unit(actor, action="report.submit")
    head, _, rest = nfc(text).strip().partition(" ")
    milestone_code, _, pairs_text = rest.strip().partition(" ")
    if not head or not milestone_code:
        raise DomainError("report.quick_usage")
    campaign = await campaigns.by_code(session, head)
    if campaign is None:
        raise DomainError("report.quick_unknown_campaign", ref=head[:32])
    milestone = next((m for m in await campaigns.milestones_of(session, campaign.id or 0)
                      if m.code.upper() == milestone_code.upper()), None)
    if milestone is None:
        raise DomainError("report.quick_unknown_milestone", ref=milestone_code[:32])
    await check_milestone(session, actor, milestone.id or 0)
    targets = {t.code.upper(): t for t in await campaigns.targets_of(session, campaign.id or 0)}
    entries: dict[int, ValueEntry] = {}
    narrative = ""
    for typed_key, typed_value in pairs(pairs_text):
        key, value = typed_key.upper(), typed_value.strip('"')
        if key in {"GHICHU", "NOTE", "THUYETMINH"}:
            narrative = value
            continue
        target = targets.get(key)
        if target is None:
            raise DomainError("report.quick_unknown_target", ref=typed_key[:32])
        if (target.id or 0) in entries:  # T1=20 T1=21: which one was meant?
            raise DomainError("report.quick_duplicate", target=target.code)
        if fold(value).replace("_", " ") in SKIP_WORDS or value == "-":
            entries[target.id or 0] = ValueEntry(target.id or 0, None, value, True, "")
            continue
        try:
            number = parse_value(value, target.kind)
        except ValueRefused as refused:
            raise DomainError(refused.code, **{**refused.params, "target": target.code}) from None
        if far_outside(number, target):
            raise DomainError("report.quick_far", target=target.code,
                              value=numbers.format_number(number),
                              goal=numbers.format_number(target.target_value))
        entries[target.id or 0] = ValueEntry(target.id or 0, number, value)
    missing = [t for t in targets.values() if (t.id or 0) not in entries]
    if missing:
        raise DomainError("report.quick_missing", codes=", ".join(t.code for t in missing))
    return QuickReport(milestone, list(entries.values()), narrative)
