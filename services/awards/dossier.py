"""The unit's dossier documents for a nomination list: tờ trình and danh sách (DOCX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import EntryStatus, Member, NominationKind, Person, Unit
from services import audit
from services.awards import files
from services.awards.nominations import catalogue_of, entries_of, get
from services.documents.nomination_docx import Dossier, Line, list_docx, request_docx
from services.organisation import Organisation

PLACE = "…………"  # the unit writes its own place name when it signs


@dataclass(frozen=True, slots=True)
class Documents:
    request_sha: str
    request_name: str
    list_sha: str
    list_name: str
    number: str
    people: int


async def generate(session: AsyncSession, actor: Member | None, nomination_id: int, *,
                   organisation: Organisation, today: date) -> Documents:
    """Write both documents for the list as it stands (rejected entries left out) and keep them."""
    nomination = await get(session, actor, nomination_id)
    unit = await session.get(Unit, nomination.unit_id)
    assert unit is not None
    catalogue = await catalogue_of(session, nomination)
    entries = [e for e in await entries_of(session, nomination_id) if e.status != EntryStatus.REJECTED]
    ids = [e.person_id for e in entries if e.person_id is not None]
    found = await session.exec(select(Person).where(col(Person.id).in_(ids or [0])))
    people = {p.id: p for p in found.all()}
    lines = []
    for e in entries:
        award = catalogue.get(e.award_code)
        if award is None:
            continue
        person = people.get(e.person_id) if e.person_id is not None else None
        lines.append(Line(e.name, person.birth_date if person else None, e.person_id is None, award))
    if not nomination.document_number:
        nomination.document_number = f"{nomination.id}/TTr-{unit.code}"[:64]
        session.add(nomination)
    occasion = {NominationKind.CAMPAIGN: f"trong {nomination.title}" if nomination.title else "",
                NominationKind.YEAR_END: f"tổng kết năm {nomination.year}",
                NominationKind.AD_HOC: "đột xuất"}[nomination.kind]
    dossier = Dossier(organisation, unit.name, unit.code, nomination.document_number, PLACE, today,
                      nomination.year, occasion.strip(), lines)
    request = await files.store_generated(session, request_docx(dossier))
    listing = await files.store_generated(session, list_docx(dossier))
    await audit.record(session, actor=actor.telegram_id if actor else None, action="nomination.documents",
                       target=f"nomination:{nomination_id}", request=request, list=listing, lines=len(lines))
    stem = f"{unit.code}-{nomination.year}-{nomination.id}"
    return Documents(request, f"to-trinh-{stem}.docx", listing, f"danh-sach-{stem}.docx",
                     nomination.document_number, len(lines))
