"""Exports of the campaigns' data: reports (every value of every revision), registrations and the
late list of each milestone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    Campaign,
    CampaignField,
    Milestone,
    MilestoneKind,
    Registration,
    Report,
    ReportRevision,
    ReportValue,
    Target,
    Unit,
)
from services import stats_facts
from services.exports.book import Book, Column
from services.exports.scope import ExportScope

STREAM_ROWS = 2000
MILESTONE_NAMES = {MilestoneKind.REGISTRATION: "Đăng ký", MilestoneKind.MIDTERM: "Sơ kết",
                   MilestoneKind.FINAL: "Tổng kết", MilestoneKind.NOMINATION: "Nộp hồ sơ",
                   MilestoneKind.MONTHLY: "Báo cáo tháng", MilestoneKind.QUARTERLY: "Báo cáo quý"}


def _campaign_filter(campaign_id: int | None) -> list[ColumnElement[bool]]:
    return [] if campaign_id is None else [col(Campaign.id) == campaign_id]


async def reports(session: AsyncSession, scope: ExportScope, *, campaign_id: int | None = None) -> bytes:
    """One row per value of every revision of every report, oldest revision first."""
    book = Book()
    sheet = book.sheet("Báo cáo tiến độ", [
        Column("Phong trào", 14), Column("Mốc", 10), Column("Hạn nộp", 17), Column("Mã đơn vị", 12),
        Column("Tên đơn vị", 40), Column("Lần nộp", 9), Column("Thời điểm nộp", 17),
        Column("Nộp muộn", 10), Column("Người nộp (Telegram ID)", 14), Column("Mã chỉ tiêu", 11),
        Column("Chỉ tiêu", 40), Column("Đơn vị tính", 12), Column("Giá trị", 12),
        Column("Mục tiêu", 12), Column("Như đã nhập", 14), Column("Bỏ qua", 9), Column("Ghi chú", 30),
        Column("Thuyết minh", 50)])
    stmt = (sa_select(col(Campaign.code), col(Milestone.code), col(Milestone.due_at), col(Unit.code),
                      col(Unit.name), col(ReportRevision.number), col(ReportRevision.submitted_at),
                      col(ReportRevision.late), col(ReportRevision.submitted_by), col(Target.code),
                      col(Target.name), col(Target.unit_of_measure), col(ReportValue.value),
                      col(Target.target_value), col(ReportValue.raw), col(ReportValue.skipped),
                      col(ReportValue.note), col(ReportRevision.narrative))
            .select_from(Report)
            .join(Milestone, col(Milestone.id) == col(Report.milestone_id))
            .join(Campaign, col(Campaign.id) == col(Report.campaign_id))
            .join(Unit, col(Unit.id) == col(Report.unit_id))
            .join(ReportRevision, col(ReportRevision.report_id) == col(Report.id))
            .join(ReportValue, col(ReportValue.revision_id) == col(ReportRevision.id))
            .join(Target, col(Target.id) == col(ReportValue.target_id))
            .where(scope.units(Report.unit_id), *_campaign_filter(campaign_id))
            .order_by(col(Campaign.code), col(Milestone.due_at), col(Unit.code),
                      col(ReportRevision.number), col(Target.position), col(Target.id))
            .execution_options(yield_per=STREAM_ROWS))
    # Core rows straight from the driver (no ORM loading step), a batch per hop to its thread.
    conn = await session.connection()
    result = await conn.stream(stmt)
    async for rows in result.partitions(STREAM_ROWS):
        for row in rows:
            sheet.append(row)
    return book.save()


async def registrations(session: AsyncSession, scope: ExportScope, *,
                        campaign_id: int | None = None) -> bytes:
    book = Book()
    targets = {t.id: t for t in (await session.exec(select(Target))).all()}
    sheet = book.sheet("Đăng ký thi đua", [
        Column("Phong trào", 14), Column("Mã đơn vị", 12), Column("Tên đơn vị", 40),
        Column("Trạng thái", 14), Column("Thời điểm đăng ký", 17), Column("Đăng ký muộn", 12),
        Column("Số lần nộp", 10), Column("Chỉ tiêu cam kết", 60), Column("Danh hiệu đăng ký", 40),
        Column("Lý do trả lại", 30)])
    status_vi = {"pending": "Chờ duyệt", "approved": "Đã duyệt", "returned": "Trả lại"}
    rows = await session.exec(
        select(Campaign.code, Unit.code, Unit.name, Registration)
        .select_from(Registration)
        .join(Campaign, col(Campaign.id) == col(Registration.campaign_id))
        .join(Unit, col(Unit.id) == col(Registration.unit_id))
        .where(scope.units(Registration.unit_id), *_campaign_filter(campaign_id))
        .order_by(col(Campaign.code), col(Unit.code)))
    for code, unit_code, unit_name, reg in rows.all():
        pledged = "; ".join(
            f"{targets[int(k)].code}: {v:g}" if int(k) in targets and isinstance(v, int | float)
            else f"{k}: {v}" for k, v in reg.commitments.items())
        sheet.append([code, unit_code, unit_name, status_vi.get(reg.status.value, reg.status.value),
                      reg.submitted_at, reg.late, reg.times_submitted, pledged,
                      "; ".join(reg.titles), reg.return_reason or ""])
    return book.save()


async def late_list(session: AsyncSession, scope: ExportScope, *, now: datetime,
                    campaign_id: int | None = None) -> bytes:
    """For every due milestone, each unit that submitted late or not at all."""
    book = Book()
    sheet = book.sheet("Nộp muộn, chưa nộp", [
        Column("Phong trào", 14), Column("Mốc", 10), Column("Loại mốc", 14), Column("Hạn nộp", 17),
        Column("Mã đơn vị", 12), Column("Tên đơn vị", 40), Column("Tình trạng", 12),
        Column("Thời điểm nộp", 17), Column("Muộn (ngày)", 11)])
    camps = list((await session.exec(select(Campaign).where(*_campaign_filter(campaign_id))
                                      .order_by(col(Campaign.code)))).all())
    fields = [c for c in (await session.exec(select(CampaignField.field_code))).all()]
    facts = await stats_facts.load(session, camps, sorted(set(fields)))
    submitted: dict[tuple[int, int], datetime | None] = {}
    for ms_id, unit_id, at in (await session.exec(select(Report.milestone_id, Report.unit_id,
                                                         Report.first_submitted_at))).all():
        submitted[(ms_id, unit_id)] = at
    for cid, unit_id, at in (await session.exec(select(Registration.campaign_id, Registration.unit_id,
                                                       Registration.submitted_at))).all():
        submitted[(-cid, unit_id)] = at
    for f in facts.milestones:
        if f.milestone.due_at > now:
            continue
        m = f.milestone
        for unit_id in sorted(f.late | f.missing(now), key=lambda u: facts.unit_names[u][0]):
            if not scope.has(unit_id):
                continue
            key = (-(f.campaign.id or 0), unit_id) if f.registration else (m.id or 0, unit_id)
            at = submitted.get(key) if unit_id in f.late else None
            days = round((at - m.due_at).total_seconds() / 86400, 1) if at else None
            code, name = facts.unit_names[unit_id]
            sheet.append([f.campaign.code, m.code, MILESTONE_NAMES.get(m.kind, m.kind.value), m.due_at,
                          code, name, "Nộp muộn" if unit_id in f.late else "Chưa nộp", at, days])
    return book.save()
