"""Exports of the records: nominations with their verdicts and review state, the award register,
one directive's delivery and acknowledgement register, and the audit log."""

from __future__ import annotations

from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AuditEntry,
    AwardRecord,
    CatalogueAward,
    ChatGroup,
    Directive,
    DirectiveRecipient,
    Member,
    Nomination,
    NominationEntry,
    OutboxMessage,
    Person,
    Unit,
)
from services.awards.catalogue import current_catalogue
from services.errors import AccessDenied, NotFound
from services.exports.book import Book, Column
from services.exports.scope import ExportScope
from services.stats_facts import year_bounds

STREAM_ROWS = 2000
ENTRY_STATUS = {"draft": "Nháp", "submitted": "Đã gửi", "returned": "Trả lại để bổ sung",
                "approved": "Đã duyệt", "rejected": "Không duyệt", "decided": "Đã có quyết định",
                "awarded": "Đã khen thưởng"}
VERDICT = {"eligible": "Đủ điều kiện", "not_eligible": "Không đủ điều kiện",
           "doubtful": "Cần làm rõ"}
NOMINATION_KIND = {"campaign": "Theo phong trào", "year_end": "Tổng kết năm", "ad_hoc": "Đột xuất"}
SOURCE = {"import": "Nhập từ sổ", "decision": "Theo quyết định"}


async def award_names(session: AsyncSession) -> dict[str, str]:
    """Award code → name, the newest catalogue's name winning (the shipped catalogue is
    installed first if none is yet)."""
    await current_catalogue(session)
    rows = (await session.exec(select(CatalogueAward.code, CatalogueAward.name)
                               .order_by(col(CatalogueAward.version)))).all()
    return dict(rows)


async def nominations(session: AsyncSession, scope: ExportScope, *, year: int | None = None) -> bytes:
    names = await award_names(session)
    book = Book()
    sheet = book.sheet("Đề nghị khen thưởng", [
        Column("Năm", 7), Column("Mã đơn vị", 12), Column("Tên đơn vị", 36), Column("Loại đề nghị", 16),
        Column("Số tờ trình", 14), Column("Ngày gửi", 17), Column("Gửi muộn", 10),
        Column("Cá nhân / tập thể", 32), Column("Mã hình thức", 12), Column("Danh hiệu / hình thức", 36),
        Column("Trạng thái", 18), Column("Kết quả kiểm tra điều kiện", 22), Column("Lý do", 40),
        Column("Giải trình của đơn vị", 40), Column("Ý kiến thẩm định", 40),
        Column("Người thẩm định (Telegram ID)", 14), Column("Thời điểm thẩm định", 17),
        Column("Phiên bản", 9)])
    query = (select(Nomination, NominationEntry, Unit.code, Unit.name)
             .select_from(NominationEntry)
             .join(Nomination, col(Nomination.id) == col(NominationEntry.nomination_id))
             .join(Unit, col(Unit.id) == col(NominationEntry.unit_id))
             .where(scope.units(NominationEntry.unit_id))
             .order_by(col(Nomination.year), col(Unit.code), col(NominationEntry.id)))
    if year is not None:
        query = query.where(NominationEntry.year == year)
    for nom, entry, unit_code, unit_name in (await session.exec(query)).all():
        sheet.append([entry.year, unit_code, unit_name, NOMINATION_KIND.get(nom.kind.value, nom.kind.value),
                      nom.document_number, nom.submitted_at, nom.late, entry.name, entry.award_code,
                      names.get(entry.award_code, entry.award_code),
                      ENTRY_STATUS.get(entry.status.value, entry.status.value),
                      VERDICT.get(entry.verdict.value, "") if entry.verdict else "", entry.reason,
                      entry.explanation, entry.review_reason, entry.reviewed_by, entry.reviewed_at,
                      entry.version])
    return book.save()


async def award_register(session: AsyncSession, scope: ExportScope, *, year: int | None = None) -> bytes:
    names = await award_names(session)
    book = Book()
    sheet = book.sheet("Sổ theo dõi khen thưởng", [
        Column("Năm", 7), Column("Mã đơn vị", 12), Column("Tên đơn vị", 36), Column("Cá nhân", 30),
        Column("Ngày sinh", 12), Column("Mã hình thức", 12), Column("Danh hiệu / hình thức", 36),
        Column("Số quyết định", 16), Column("Ngày quyết định", 14), Column("Người ký", 24),
        Column("Nguồn", 16)])
    query = (sa_select(AwardRecord, col(Unit.code), col(Unit.name), col(Person.full_name),
                       col(Person.birth_date))
             .select_from(AwardRecord)
             .join(Unit, col(Unit.id) == col(AwardRecord.unit_id))
             .outerjoin(Person, col(Person.id) == col(AwardRecord.person_id))
             .where(scope.units(AwardRecord.unit_id))
             .order_by(col(AwardRecord.year), col(Unit.code), col(AwardRecord.id)))
    if year is not None:
        query = query.where(col(AwardRecord.year) == year)
    for rec, unit_code, unit_name, person, born in (await session.execute(query)).all():
        sheet.append([rec.year, unit_code, unit_name, person or "", born, rec.award_code,
                      names.get(rec.award_code, rec.award_code), rec.decision_number,
                      rec.decision_date, rec.signer, SOURCE.get(rec.source.value, rec.source.value)])
    return book.save()


async def directive_register(session: AsyncSession, scope: ExportScope, directive_id: int) -> bytes:
    """Every recipient of one directive: delivered or not (and why), acknowledged or not."""
    directive = await session.get(Directive, directive_id)
    if directive is None:
        raise NotFound("directive")
    if scope.unit_ids is not None and directive.created_by != scope.actor:
        raise AccessDenied("export.directive", target=f"directive:{directive_id}")
    book = Book()
    sheet = book.sheet("Đăng ký gửi, xác nhận", [
        Column("Số hiệu", 16), Column("Trích yếu", 40), Column("Người nhận", 30), Column("Đơn vị", 36),
        Column("Nhóm", 30), Column("Chat ID", 16), Column("Tình trạng gửi", 16), Column("Thời điểm gửi", 17),
        Column("Lỗi", 30), Column("Đã xác nhận", 11), Column("Thời điểm xác nhận", 17),
        Column("Đã nhắc lúc", 17)])
    status_vi = {"sent": "Đã gửi", "pending": "Đang chờ gửi", "failed": "Không gửi được",
                 "cancelled": "Đã huỷ"}
    rows = await session.execute(
        sa_select(DirectiveRecipient, col(Member.full_name), col(Unit.name), col(ChatGroup.title),
                  col(OutboxMessage.status), col(OutboxMessage.sent_at), col(OutboxMessage.error))
        .select_from(DirectiveRecipient)
        .outerjoin(Member, col(Member.id) == col(DirectiveRecipient.member_id))
        .outerjoin(Unit, col(Unit.id) == col(DirectiveRecipient.unit_id))
        .outerjoin(ChatGroup, col(ChatGroup.id) == col(DirectiveRecipient.chat_group_id))
        .outerjoin(OutboxMessage, col(OutboxMessage.id) == col(DirectiveRecipient.outbox_id))
        .where(col(DirectiveRecipient.directive_id) == directive_id)
        .order_by(col(DirectiveRecipient.id)))
    for rec, person, unit, group, status, sent_at, error in rows.all():
        sheet.append([directive.number or "", directive.title, person or "", unit or "", group or "",
                      rec.chat_id, status_vi.get(status.value, status.value) if status else "",
                      sent_at, error or "", rec.acknowledged_at is not None, rec.acknowledged_at,
                      rec.reminded_at])
    return book.save()


async def audit_log(session: AsyncSession, scope: ExportScope, *, year: int | None = None) -> bytes:
    """The audit trail (of ``year`` in local time, when given), newest first (admins and the
    operator only: it names everyone)."""
    if scope.unit_ids is not None:
        raise AccessDenied("export.audit")
    book = Book()
    sheet = book.sheet("Nhật ký thao tác", [
        Column("Thời điểm", 17), Column("Người thực hiện (Telegram ID)", 16), Column("Thao tác", 28),
        Column("Đối tượng", 24), Column("Kết quả", 10), Column("Chi tiết", 80)])
    stmt = (sa_select(col(AuditEntry.at), col(AuditEntry.actor_telegram_id), col(AuditEntry.action),
                      col(AuditEntry.target), col(AuditEntry.outcome), col(AuditEntry.details))
            .order_by(col(AuditEntry.id).desc()).execution_options(yield_per=STREAM_ROWS))
    if year is not None:
        start, end = year_bounds(year)
        stmt = stmt.where(col(AuditEntry.at) >= start, col(AuditEntry.at) < end)
    result = await session.stream(stmt)
    async for rows in result.partitions(STREAM_ROWS):
        for at, actor, action, target, outcome, details in rows:
            text = "; ".join(f"{k}={v}" for k, v in (details or {}).items())
            sheet.append([at, actor, action, target or "", outcome, text])
    return book.save()
