"""The shape of a catalogue file, validated with errors a person can act on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models import AwardKind, Beneficiary, CouncilBase, InitiativeLevel, Rating

CHECKS_INDIVIDUAL = {"rating", "award", "award_before", "not_awarded", "initiative", "no_discipline"}
CHECKS_COLLECTIVE = {
    "unit_rating",
    "members_award_share",
    "members_rating_share",
    "members_award_count",
    "members_no_discipline",
    "award",
    "award_before",
    "not_awarded",
}
CHECKS = CHECKS_INDIVIDUAL | CHECKS_COLLECTIVE | {"manual"}

# Which fields each check needs.
_NEEDS: dict[str, tuple[str, ...]] = {
    "rating": ("at_least", "count", "within"),
    "award": ("codes", "count", "within"),
    "award_before": ("codes", "years_before"),
    "not_awarded": ("codes",),
    "initiative": ("level_at_least", "count", "within"),
    "no_discipline": (),
    "unit_rating": ("at_least",),
    "members_award_share": ("codes", "share"),
    "members_rating_share": ("at_least", "share"),
    "members_award_count": ("codes", "count"),
    "members_no_discipline": (),
    "manual": ("text_vi",),
}


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message lists every problem, one a line.

    A problem of the file as a whole (unreadable, too big, not YAML…) also carries a ``code``
    (``catalogue_file.<reason>``) and its ``params``, so the command line words it in the
    operator's language; field-by-field problems keep their paths, which name the file's keys."""

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str
    at_least: Rating | None = None
    count: int | None = Field(default=None, ge=1, le=50)
    within: int | None = Field(default=None, ge=1, le=50)
    codes: list[str] | None = None
    years_before: int | None = Field(default=None, ge=0, le=50)
    level_at_least: InitiativeLevel | None = None
    share: float | None = Field(default=None, gt=0, le=1)
    text_vi: str | None = Field(default=None, max_length=300)
    text_en: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _complete(self) -> Condition:
        if self.check not in CHECKS:
            raise ValueError(f"unknown check {self.check!r}; known: {', '.join(sorted(CHECKS))}")
        missing = [name for name in _NEEDS[self.check] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"check {self.check!r} needs {', '.join(missing)}")
        if self.count is not None and self.within is not None and self.count > self.within:
            raise ValueError(f"count {self.count} is more than within {self.within}")
        return self


class Alternative(BaseModel):
    model_config = ConfigDict(extra="forbid")
    all_of: list[Condition] = Field(min_length=1, max_length=20)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    any_of: list[Alternative] = Field(min_length=1, max_length=10)


class Cap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    share_of: str | None = None
    share: float | None = Field(default=None, gt=0, le=1)
    max_per_unit: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_kind(self) -> Cap:
        by_share = self.share_of is not None and self.share is not None
        if by_share == (self.max_per_unit is not None):
            raise ValueError("a cap is either share_of + share, or max_per_unit")
        return self


class Council(BaseModel):
    model_config = ConfigDict(extra="forbid")
    share: float = Field(gt=0, le=1)
    base: CouncilBase = CouncilBase.VOTING
    strictly_greater: bool = False
    secret_ballot: bool = False


class AwardSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,31}$")
    name: str = Field(min_length=2, max_length=200)
    name_en: str = Field(default="", max_length=200)
    kind: AwardKind
    beneficiary: Beneficiary = Field(alias="for")
    level: str = Field(default="", max_length=64)
    decided_by: str = Field(default="", max_length=200)
    cash_multiple: float | None = Field(default=None, ge=0)
    aliases: list[str] = Field(default_factory=list)
    counts_toward_chains: bool = True
    rule: Rule
    caps: list[Cap] = Field(default_factory=list)
    council: Council | None = None

    @field_validator("aliases")
    @classmethod
    def _short_aliases(cls, value: list[str]) -> list[str]:
        if any(not 1 <= len(a) <= 100 for a in value):
            raise ValueError("each alias must be 1-100 characters")
        return value

    @model_validator(mode="after")
    def _checks_fit(self) -> AwardSpec:
        allowed = CHECKS_INDIVIDUAL if self.beneficiary is Beneficiary.INDIVIDUAL else CHECKS_COLLECTIVE
        for alt in self.rule.any_of:
            for cond in alt.all_of:
                if cond.check != "manual" and cond.check not in allowed:
                    who = self.beneficiary.value
                    raise ValueError(f"check {cond.check!r} does not apply to a {who} award")
        return self


class CatalogueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | str = 1
    label: str = Field(default="", max_length=200)
    awards: list[AwardSpec] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> CatalogueSpec:
        codes = [a.code for a in self.awards]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"award codes used twice: {', '.join(dupes)}")
        known = set(codes)
        for award in self.awards:
            named: list[str] = []
            for alt in award.rule.any_of:
                for cond in alt.all_of:
                    named += cond.codes or []
            named += [cap.share_of for cap in award.caps if cap.share_of]
            unknown = sorted(set(named) - known)
            if unknown:
                raise ValueError(f"award {award.code}: refers to unknown codes {', '.join(unknown)}")
        return self


def validate(document: Any) -> CatalogueSpec:
    """The catalogue in ``document`` (as parsed from YAML or JSON), or CatalogueError saying
    where each problem is: ``awards[3] (CSTDCS) → rule → any_of[0] → …: message``."""
    if not isinstance(document, dict):
        raise CatalogueError("the file must hold a mapping with 'version', 'label' and 'awards'",
                             code="catalogue_file.not_mapping")
    try:
        return CatalogueSpec.model_validate(document)
    except ValidationError as exc:
        raise CatalogueError("\n".join(_describe(err, document) for err in exc.errors())) from None


def _describe(err: Any, document: dict[str, Any]) -> str:
    parts: list[str] = []
    loc = list(err.get("loc", ()))
    for i, item in enumerate(loc):
        if isinstance(item, int) and i > 0 and loc[i - 1] == "awards":
            code = ""
            awards = document.get("awards")
            if isinstance(awards, list) and item < len(awards) and isinstance(awards[item], dict):
                code = str(awards[item].get("code", ""))
            parts[-1] = f"awards[{item}]" + (f" ({code})" if code else "")
        elif isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]"
        else:
            parts.append(str(item))
    where = " → ".join(parts) or "file"
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}"

