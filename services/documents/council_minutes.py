"""Biên bản họp và kiểm phiếu: the minutes of a closed council session, as DOCX (python-docx).

An official document, so Vietnamese only, with the organisation's names from the settings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from services.organisation import Organisation

HEADERS = ("TT", "Họ và tên / Tập thể", "Đơn vị", "Đồng ý", "Không đồng ý",
           "Không biểu quyết", "Tỷ lệ đồng ý", "Kết quả")


@dataclass(frozen=True, slots=True)
class MinutesRow:
    position: int
    nominee: str
    unit_name: str
    award: str
    rule: str
    yes: int
    no: int
    abstain: int
    share_pct: float | None
    passed: bool | None
    by_chair: bool


@dataclass(frozen=True, slots=True)
class Minutes:
    session_id: int
    title: str
    opened_at: datetime
    closed_at: datetime
    members: list[tuple[str, bool, str]]  # (name, present, role: "Chủ tịch" / "Thư ký" / "")
    quorum_met: bool
    present: int
    needed: int
    rows: list[MinutesRow]
    chair: str
    secretary: str


RULE_BASE = {"members": "tổng số thành viên Hội đồng", "voting": "số thành viên biểu quyết"}


def rule_text(rule: str) -> str:
    """``"≥ 90%|members"`` → ``"≥ 90% tổng số thành viên Hội đồng"``."""
    share, _, base = rule.partition("|")
    return f"{share} {RULE_BASE.get(base, base)}".strip()


def _result(row: MinutesRow, quorum_met: bool) -> str:
    if not quorum_met or row.passed is None:
        return "Không xét (không đủ số thành viên)"
    text = "Đạt" if row.passed else "Không đạt"
    return f"{text} (theo ý kiến Chủ tịch Hội đồng)" if row.by_chair else text


def _pct(row: MinutesRow) -> str:
    return "—" if row.share_pct is None else f"{row.share_pct:.2f}%".replace(".", ",")


def render(minutes: Minutes, org: Organisation, tz: ZoneInfo) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    head = doc.add_paragraph()
    head.add_run(f"{org.ministry.upper()}\n{org.council.upper()}").bold = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BIÊN BẢN HỌP VÀ KIỂM PHIẾU").bold = True
    doc.add_paragraph(minutes.title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    opened, closed = minutes.opened_at.astimezone(tz), minutes.closed_at.astimezone(tz)
    doc.add_paragraph(
        f"Phiên họp số {minutes.session_id}, mở lúc {opened:%H:%M} ngày {opened:%d/%m/%Y}, "
        f"kết thúc bỏ phiếu lúc {closed:%H:%M} ngày {closed:%d/%m/%Y}. Hình thức: bỏ phiếu kín.")
    present = [m for m in minutes.members if m[1]]
    absent = [m for m in minutes.members if not m[1]]
    doc.add_paragraph(
        f"Thành viên Hội đồng: {len(minutes.members)}; có mặt: {len(present)}; "
        f"vắng mặt: {len(absent)}. Số thành viên có mặt cần thiết: {minutes.needed}.")
    doc.add_paragraph("Thành viên có mặt: " + "; ".join(
        f"{name}{f' ({role})' if role else ''}" for name, _, role in present) + ".")
    if absent:
        doc.add_paragraph("Thành viên vắng mặt: " + "; ".join(
            f"{name}{f' ({role})' if role else ''}" for name, _, role in absent) + ".")
    doc.add_paragraph(
        "Phiên họp đủ điều kiện tiến hành." if minutes.quorum_met else
        "Phiên họp không đủ số thành viên có mặt theo quy chế; Hội đồng không quyết định nội "
        "dung nào.")
    doc.add_paragraph().add_run("KẾT QUẢ KIỂM PHIẾU").bold = True
    groups: list[list[MinutesRow]] = []
    for row in minutes.rows:
        if not groups or groups[-1][0].award != row.award:
            groups.append([])
        groups[-1].append(row)
    for group in groups:
        first = group[0]
        p = doc.add_paragraph()
        p.add_run(first.award).bold = True
        p.add_run(f" (tỷ lệ cần đạt: {rule_text(first.rule)})")
        # The whole table at once, then its cells in one list: python-docx's add_row and
        # row.cells recompute the grid each time (seconds for a 200-entry session).
        table = doc.add_table(rows=len(group) + 1, cols=len(HEADERS))
        table.style = "Table Grid"
        cells = table._cells
        width = len(HEADERS)
        values = [HEADERS] + [
            (str(r.position), r.nominee, r.unit_name, str(r.yes), str(r.no), str(r.abstain),
             _pct(r), _result(r, minutes.quorum_met)) for r in group]
        for n, line in enumerate(values):
            for k, text in enumerate(line):
                cells[n * width + k].paragraphs[0].add_run(text)
    passed = sum(1 for r in minutes.rows if r.passed)
    doc.add_paragraph(
        f"Tổng số trường hợp: {len(minutes.rows)}; đạt: {passed}; "
        f"không đạt hoặc không xét: {len(minutes.rows) - passed}.")
    doc.add_paragraph("Kết quả bỏ phiếu được giữ kín cho đến khi có quyết định khen thưởng.")
    signatures = doc.add_table(rows=3, cols=2)
    signatures.cell(0, 0).text = "THƯ KÝ HỘI ĐỒNG"
    signatures.cell(0, 1).text = "CHỦ TỊCH HỘI ĐỒNG"
    signatures.cell(1, 0).text = "(Ký, ghi rõ họ tên)"
    signatures.cell(1, 1).text = "(Ký, ghi rõ họ tên)"
    signatures.cell(2, 0).text = minutes.secretary
    signatures.cell(2, 1).text = minutes.chair
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
