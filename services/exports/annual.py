"""The tables of the year-end report (báo cáo tổng kết năm): campaigns launched, units registered
per field, completion per field, nominations and awards by title and field, exemplars spread."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    Campaign,
    CampaignField,
    CampaignStatus,
    EmulationField,
    EntryStatus,
    Exemplar,
    NominationEntry,
    Registration,
    Unit,
    UnitField,
)
from services import stats, stats_facts
from services.exports.book import Book, Column
from services.exports.records import award_names
from services.stats_facts import year_bounds

KIND_VI = {"thuong_xuyen": "Thường xuyên", "theo_dot": "Theo đợt"}


async def annual_report(session: AsyncSession, year: int, *, now: datetime) -> bytes:
    start, end = year_bounds(year)
    fields = list((await session.exec(select(EmulationField).order_by(
        col(EmulationField.position), col(EmulationField.code)))).all())
    codes = [f.code for f in fields]
    unit_fields: dict[int, set[str]] = defaultdict(set)
    for unit_id, code in (await session.exec(select(UnitField.unit_id, UnitField.field_code))).all():
        unit_fields[unit_id].add(code)
    book = Book()

    # 1. campaigns launched in the year
    sheet = book.sheet("1. Phong trào phát động", [
        Column("STT", 6), Column("Mã", 14), Column("Tên phong trào", 50), Column("Hình thức", 14),
        Column("Lĩnh vực", 40), Column("Ngày phát động", 17), Column("Từ ngày", 12), Column("Đến ngày", 12),
        Column("Số đơn vị đăng ký", 12)])
    launched = list((await session.exec(select(Campaign).where(
        col(Campaign.launched_at) >= start, col(Campaign.launched_at) < end,
        col(Campaign.status) != CampaignStatus.DRAFT).order_by(col(Campaign.launched_at)))).all())
    camp_fields: dict[int, list[str]] = defaultdict(list)
    for cid, code in (await session.exec(select(CampaignField.campaign_id, CampaignField.field_code))).all():
        camp_fields[cid].append(code)
    regs = Counter((await session.exec(select(Registration.campaign_id))).all())
    names = {f.code: f.name_vi for f in fields}
    for i, c in enumerate(launched, start=1):
        sheet.append([i, c.code, c.title, KIND_VI.get(c.kind.value, c.kind.value),
                      "; ".join(names.get(x, x) for x in sorted(camp_fields[c.id or 0])), c.launched_at,
                      c.starts_on, c.ends_on, regs.get(c.id or 0, 0)])

    # 2. units registered per field (campaigns with a milestone in the year)
    in_year = await stats_facts.campaigns_in(session, campaign_id=None, year=year, field_codes=codes)
    ids = [c.id or 0 for c in in_year]
    registered: dict[str, set[int]] = defaultdict(set)
    if ids:
        for unit_id in (await session.exec(select(Registration.unit_id).where(
                col(Registration.campaign_id).in_(ids)))).all():
            for code in unit_fields.get(unit_id, set()):
                registered[code].add(unit_id)
    active = set((await session.exec(select(Unit.id).where(col(Unit.is_active).is_(True)))).all())
    sheet = book.sheet("2. Đăng ký thi đua", [
        Column("Lĩnh vực", 40), Column("Số đơn vị", 12), Column("Số đơn vị đăng ký", 14),
        Column("Tỷ lệ đăng ký (%)", 14)])
    for f in fields:
        total = sum(1 for u, cs in unit_fields.items() if f.code in cs and u in active)
        done = len(registered[f.code] & active)
        sheet.append([f.name_vi, total, done, stats.pct(done, total)])

    # 3. completion per field
    facts = await stats_facts.load(session, in_year, codes, year=year)
    averages = stats.unit_averages(facts, min(now, end))
    sheet = book.sheet("3. Mức độ hoàn thành", [
        Column("Lĩnh vực", 40), Column("Số đơn vị tham gia", 14), Column("Hoàn thành bình quân (%)", 16),
        Column("Số đơn vị đạt 100%", 14)])
    for f in fields:
        values = [v for u, v in averages.items() if f.code in facts.unit_fields.get(u, set())]
        sheet.append([f.name_vi, len(values), round(sum(values) / len(values), 1) if values else 0.0,
                      sum(1 for v in values if v >= 100.0)])

    # 4. nominations and awards by title and field
    titles = await award_names(session)
    nominated: Counter[tuple[str, str]] = Counter()
    for unit_id, award in (await session.exec(select(NominationEntry.unit_id, NominationEntry.award_code)
                                              .where(NominationEntry.year == year,
                                                     NominationEntry.status != EntryStatus.DRAFT))).all():
        for code in unit_fields.get(unit_id, {""}):
            nominated[(award, code)] += 1
    awarded: Counter[tuple[str, str]] = Counter()
    for unit_id, award in (await session.exec(select(AwardRecord.unit_id, AwardRecord.award_code)
                                              .where(AwardRecord.year == year))).all():
        for code in unit_fields.get(unit_id, {""}):
            awarded[(award, code)] += 1
    sheet = book.sheet("4. Khen thưởng", [
        Column("Danh hiệu / hình thức", 40), Column("Lĩnh vực", 40), Column("Số đề nghị", 12),
        Column("Số được khen thưởng", 14)])
    for award, code in sorted(set(nominated) | set(awarded),
                              key=lambda k: (titles.get(k[0], k[0]), codes.index(k[1]) if k[1] in codes
                                             else len(codes))):
        sheet.append([titles.get(award, award), names.get(code, "Khác"), nominated[(award, code)],
                      awarded[(award, code)]])

    # 5. exemplars spread in the year
    sheet = book.sheet("5. Điển hình tiên tiến", [
        Column("STT", 6), Column("Điển hình", 36), Column("Đơn vị", 40), Column("Lĩnh vực", 30),
        Column("Ngày nhân rộng", 17)])
    rows = await session.exec(select(Exemplar, Unit.name).join(Unit, col(Unit.id) == col(Exemplar.unit_id))
                              .where(col(Exemplar.spread).is_(True), col(Exemplar.spread_at) >= start,
                                     col(Exemplar.spread_at) < end).order_by(col(Exemplar.spread_at)))
    for i, (ex, unit_name) in enumerate(rows.all(), start=1):
        sheet.append([i, ex.name, unit_name, names.get(ex.field_code or "", ""), ex.spread_at])
    return book.save()
