"""The award catalogue: a versioned data file loaded into the award_catalogue table.

The default ships with the package (catalogue_default.yaml). An admin exports it, edits it and
imports it back; every import that changes something is a new version, and entries and decisions
keep the version they were made under, so an old decision still reads under its own rules.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import AwardKind, Beneficiary, CatalogueAward, CatalogueVersion
from services import audit
from services.awards.catalogue_schema import CatalogueError, CatalogueSpec, validate
from services.text import fold

MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Catalogue:
    """One version of the catalogue, in file order."""

    version: int
    label: str
    awards: dict[str, CatalogueAward]
    _by_name: dict[str, str] = field(default_factory=dict, repr=False)

    def get(self, code: str) -> CatalogueAward | None:
        return self.awards.get(code)

    def find(self, text: str) -> CatalogueAward | None:
        """The award a person means by ``text``: its code, its name or an alias, written with or
        without diacritics and in any case ("chiến sĩ thi đua cơ sở", "CSTDCS", "cstđcs")."""
        key = fold(text)
        code = self._by_name.get(key) or self._by_name.get(key.replace(" ", ""))
        return self.awards.get(code) if code else None

    def of_kind(self, kind: AwardKind) -> list[CatalogueAward]:
        return [a for a in self.awards.values() if a.kind is kind]

    def for_whom(self, beneficiary: Beneficiary) -> list[CatalogueAward]:
        return [a for a in self.awards.values() if a.beneficiary is beneficiary]


def _build(version: int, label: str, awards: list[CatalogueAward]) -> Catalogue:
    ordered = sorted(awards, key=lambda a: a.position)
    by_name: dict[str, str] = {}
    for award in ordered:
        for text in (award.code, award.name, award.name_en, *award.aliases):
            if text:
                key = fold(text)
                by_name.setdefault(key, award.code)
                by_name.setdefault(key.replace(" ", ""), award.code)
    return Catalogue(version, label, {a.code: a for a in ordered}, by_name)


# Versions never change once stored, so a parsed one is kept by (version, content hash).
_CACHE: dict[tuple[int, str], Catalogue] = {}


def default_document() -> dict[str, Any]:
    text = resources.files("services.awards").joinpath("catalogue_default.yaml").read_text("utf-8")
    document = yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


def read_file(path: Path) -> dict[str, Any]:
    """A catalogue file (YAML or JSON) parsed, or CatalogueError with what is wrong."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc.strerror}", code="catalogue_file.unreadable",
                             file=str(path), reason=exc.strerror or "") from None
    if size > MAX_FILE_BYTES:
        raise CatalogueError(f"{path} is {size} bytes; a catalogue file may be at most {MAX_FILE_BYTES}",
                             code="catalogue_file.too_big", file=str(path), size=size,
                             limit=MAX_FILE_BYTES)
    try:
        document = yaml.safe_load(path.read_text("utf-8"))
    except UnicodeDecodeError:
        raise CatalogueError(f"{path} is not UTF-8 text", code="catalogue_file.not_utf8",
                             file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # the parser's own words, and where
        reason = str(getattr(exc, "problem", None) or exc)
        raise CatalogueError(f"{path} is not valid YAML: {exc}", code="catalogue_file.not_yaml",
                             file=str(path), reason=reason,
                             line=mark.line + 1 if mark is not None else "?") from None
    if not isinstance(document, dict):
        raise CatalogueError("the file must hold a mapping with 'version', 'label' and 'awards'",
                             code="catalogue_file.not_mapping")
    return document


def _canonical(spec: CatalogueSpec) -> dict[str, Any]:
    return spec.model_dump(mode="json", by_alias=True, exclude_none=True)


def _sha(document: dict[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k != "version"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _rows(version: int, spec: CatalogueSpec) -> list[CatalogueAward]:
    rows = []
    for position, a in enumerate(spec.awards):
        council = a.council
        rows.append(
            CatalogueAward(
                version=version,
                code=a.code,
                name=a.name,
                name_en=a.name_en,
                kind=a.kind,
                beneficiary=a.beneficiary,
                level=a.level,
                decided_by=a.decided_by,
                rule=a.rule.model_dump(mode="json", exclude_none=True),
                caps=[c.model_dump(mode="json", exclude_none=True) for c in a.caps],
                aliases=list(a.aliases),
                council_share=council.share if council else None,
                council_base=council.base if council else CatalogueAward.model_fields["council_base"].default,
                council_strictly_greater=council.strictly_greater if council else False,
                secret_ballot=council.secret_ballot if council else False,
                cash_multiple=a.cash_multiple,
                counts_toward_chains=a.counts_toward_chains,
                position=position,
            )
        )
    return rows


async def _store(
    session: AsyncSession, spec: CatalogueSpec, *, actor: int | None
) -> tuple[CatalogueVersion, bool]:
    document = _canonical(spec)
    sha = _sha(document)
    current = await _current_row(session)
    if current is not None and current.sha256 == sha:
        return current, False
    latest = (await session.exec(select(func.max(CatalogueVersion.version)))).one()
    number = int(latest or 0) + 1
    document["version"] = number
    await session.execute(update(CatalogueVersion).values(is_current=False))
    row = CatalogueVersion(
        version=number, label=spec.label, sha256=sha, document=document, is_current=True, imported_by=actor
    )
    session.add(row)
    session.add_all(_rows(number, spec))
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="awards.catalogue.import",
        target=f"catalogue:{number}",
        label=spec.label,
        awards=len(spec.awards),
        sha256=sha,
    )
    return row, True


async def import_catalogue(
    session: AsyncSession, document: dict[str, Any], *, actor: int | None
) -> tuple[CatalogueVersion, bool]:
    """Validate ``document`` and make it the current catalogue. Returns the version and whether
    it is new (importing the current content again changes nothing). Raises CatalogueError."""
    await current_catalogue(session)  # the default becomes version 1 before anything replaces it
    return await _store(session, validate(document), actor=actor)


async def _current_row(session: AsyncSession) -> CatalogueVersion | None:
    query = select(CatalogueVersion).where(col(CatalogueVersion.is_current).is_(True))
    return (await session.exec(query.order_by(col(CatalogueVersion.version).desc()).limit(1))).first()


async def _install_default(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await _store(session, validate(default_document()), actor=None)
    except IntegrityError:
        pass  # another process installed it first


async def current_catalogue(session: AsyncSession) -> Catalogue:
    """The catalogue in force, installing the shipped default on first use."""
    row = await _current_row(session)
    if row is None:
        await _install_default(session)
        row = await _current_row(session)
        if row is None:  # pragma: no cover - the insert above either worked or lost to another
            raise CatalogueError("no award catalogue could be installed")
    return await _load(session, row)


async def catalogue_version(session: AsyncSession, version: int) -> Catalogue:
    """A past version, for reading an entry or a decision under the rules it was made under."""
    row = (await session.exec(select(CatalogueVersion).where(CatalogueVersion.version == version))).first()
    if row is None:
        raise CatalogueError(f"catalogue version {version} does not exist")
    return await _load(session, row)


async def _load(session: AsyncSession, row: CatalogueVersion) -> Catalogue:
    key = (row.version, row.sha256)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    awards = (await session.exec(select(CatalogueAward).where(CatalogueAward.version == row.version))).all()
    catalogue = _build(row.version, row.label, list(awards))
    _CACHE[key] = catalogue
    return catalogue


async def export_document(session: AsyncSession) -> dict[str, Any]:
    """The current catalogue as a document that import_catalogue takes back unchanged."""
    await current_catalogue(session)
    row = await _current_row(session)
    assert row is not None
    return dict(row.document)


def dump_yaml(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
