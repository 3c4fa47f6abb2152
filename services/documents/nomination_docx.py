"""A unit's tờ trình and danh sách đề nghị khen thưởng as DOCX, in the shape of the decree's
templates: cơ quan and quốc hiệu side by side, số and ngày, the title and trích yếu, kính gửi, the
body, the list as a table (danh hiệu thi đua and hình thức khen thưởng kept apart), nơi nhận and the
signature block. The unit prints, signs, stamps and uploads it back.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from models import AwardKind, CatalogueAward
from services.organisation import Organisation

FONT = "Times New Roman"


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the list."""

    name: str
    birth_date: date | None
    collective: bool
    award: CatalogueAward
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dossier:
    organisation: Organisation
    unit_name: str
    unit_code: str
    number: str  # số of the tờ trình, e.g. "12/TTr-CDS"
    place: str
    when: date
    year: int
    occasion: str  # what the list is for: a campaign's title, "tổng kết năm 2026", "đột xuất"
    lines: Sequence[Line]


def _document(landscape: bool = False) -> DocumentObject:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    return doc


def _para(doc: DocumentObject, text: str, *, bold: bool = False, italic: bool = False,
          center: bool = False, size: int | None = None) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _header(doc: DocumentObject, d: Dossier) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = ""
    for i, (text, bold) in enumerate(((d.organisation.ministry.upper(), False),
                                      (d.unit_name.upper(), True), (f"Số: {d.number}", False))):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(12)
    for i, (text, bold, italic) in enumerate((("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                                              ("Độc lập - Tự do - Hạnh phúc", True, False),
                                              (f"{d.place}, ngày {d.when.day:02d} tháng {d.when.month:02d} "
                                               f"năm {d.when.year}", False, True))):
        p = right.paragraphs[0] if i == 0 else right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(12)


def _counts(lines: Sequence[Line]) -> tuple[int, int]:
    people = sum(1 for line in lines if not line.collective)
    return people, len(lines) - people


def request_docx(d: Dossier) -> bytes:
    """The tờ trình (request) of the unit to the council."""
    doc = _document()
    _header(doc, d)
    _para(doc, "")
    _para(doc, "TỜ TRÌNH", bold=True, center=True, size=14)
    _para(doc, f"Về việc đề nghị khen thưởng {d.occasion}", bold=True, center=True)
    _para(doc, f"Kính gửi: {d.organisation.council} {d.organisation.ministry}", center=True)
    _para(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và các văn bản quy định chi tiết "
               "thi hành;")
    _para(doc, f"Căn cứ kết quả bình xét thi đua, khen thưởng của {d.unit_name} (biên bản kèm theo),")
    people, collectives = _counts(d.lines)
    _para(doc, f"{d.unit_name} kính trình {d.organisation.council} {d.organisation.ministry} xem xét, "
               f"trình {d.organisation.minister} khen thưởng cho {collectives} tập thể và {people} cá nhân "
               f"có thành tích năm {d.year}, cụ thể:")
    summary: dict[str, int] = {}
    for line in d.lines:
        summary[line.award.name] = summary.get(line.award.name, 0) + 1
    for name, n in summary.items():
        _para(doc, f"- {name}: {n}")
    _para(doc, "(Có danh sách, báo cáo thành tích và biên bản bình xét kèm theo.)", italic=True)
    _para(doc, f"{d.unit_name} kính trình {d.organisation.council} xem xét, quyết định./.")
    _signature(doc, d)
    return _bytes(doc)


def list_docx(d: Dossier) -> bytes:
    """The danh sách đề nghị khen thưởng, attached to the tờ trình."""
    doc = _document(landscape=True)
    _header(doc, d)
    _para(doc, "")
    _para(doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", bold=True, center=True, size=14)
    _para(doc, f"(Kèm theo Tờ trình số {d.number} ngày {d.when.strftime('%d/%m/%Y')} của {d.unit_name})",
          italic=True, center=True)
    for heading, kind in (("I. DANH HIỆU THI ĐUA", AwardKind.TITLE),
                          ("II. HÌNH THỨC KHEN THƯỞNG", AwardKind.FORM)):
        lines = [line for line in d.lines if line.award.kind is kind]
        if not lines:
            continue
        _para(doc, heading, bold=True)
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("STT", "Họ và tên / Tên tập thể", "Ngày sinh", "Đơn vị",
                                                    "Danh hiệu / hình thức đề nghị", "Ghi chú"), strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
        for n, line in enumerate(lines, start=1):
            cells = table.add_row().cells
            values = (str(n), line.name, line.birth_date.strftime("%d/%m/%Y") if line.birth_date else "",
                      d.unit_name, line.award.name, line.note)
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
    people, collectives = _counts(d.lines)
    _para(doc, f"Tổng cộng: {collectives} tập thể, {people} cá nhân.", italic=True)
    _signature(doc, d)
    return _bytes(doc)


def _signature(doc: DocumentObject, d: Dossier) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = ""
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic = True, True
    for text in ("- Như trên;", f"- {d.organisation.department} (để tổng hợp);", "- Lưu: VT."):
        left.add_paragraph(text)
    right.text = ""
    for i, (text, bold, italic) in enumerate((("THỦ TRƯỞNG ĐƠN VỊ", True, False),
                                              ("(Ký, ghi rõ họ tên và đóng dấu)", False, True))):
        p = right.paragraphs[0] if i == 0 else right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.italic = bold, italic


def _bytes(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
