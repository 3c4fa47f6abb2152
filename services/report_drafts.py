"""A revision starts from the last submission: its values, narrative and files fill the new draft,
so a unit that corrects one figure re-sends nothing else and loses no attachment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Report, ReportFile, ReportRevision, ReportValue
from services.reports import FileEntry, ValueEntry


@dataclass(slots=True)
class LastSubmission:
    number: int  # the revision number of the last submission (1 = the first one)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # target id → draft entry
    narrative: str = ""
    files: list[dict[str, Any]] = field(default_factory=list)  # FileEntry JSON


async def last_submission(session: AsyncSession, unit_id: int,
                          milestone_id: int) -> LastSubmission | None:
    """The unit's latest revision at the milestone, in the shape of a report draft."""
    report = (await session.exec(select(Report).where(
        Report.unit_id == unit_id, Report.milestone_id == milestone_id))).first()
    if report is None or not report.revisions:
        return None
    revision = (await session.exec(select(ReportRevision).where(
        ReportRevision.report_id == report.id,
        ReportRevision.number == report.revisions))).first()
    if revision is None:
        return None
    values = (await session.exec(select(ReportValue).where(
        ReportValue.revision_id == revision.id))).all()
    files = (await session.exec(select(ReportFile).where(ReportFile.revision_id == revision.id)
                                .order_by(col(ReportFile.id)))).all()
    return LastSubmission(
        number=revision.number,
        values={str(v.target_id): ValueEntry(v.target_id, v.value, v.raw, v.skipped,
                                             v.note).to_json() for v in values},
        narrative=revision.narrative,
        files=[FileEntry(f.file_id, f.file_unique_id, f.file_name, f.mime_type, f.kind,
                         f.size).to_json() for f in files],
    )
