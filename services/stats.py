"""The numbers behind /stats and the weekly picture, one function per view.

Every view returns a :class:`ChartData` (what to draw, in order, and the headline figure); the
drawing is services/charts.py. Who sees what is decided here: an admin sees every field, a field
lead their own field, an officer their own unit against the field's average — never another
unit's figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import (
    AwardRecord,
    CampaignField,
    Directive,
    DirectiveRecipient,
    DirectiveStatus,
    EmulationField,
    EntryStatus,
    Language,
    Member,
    Milestone,
    Nomination,
    NominationEntry,
    Role,
    UnitField,
)
from services import stats_facts
from services.errors import AccessDenied, DomainError
from services.stats_facts import Facts, year_bounds

MAX_BARS = 20  # a phone shows about this many bars legibly; the rest are summarised in one


class View(StrEnum):
    COMPLETION = "completion"  # completion by field (or own unit vs field) over the milestones
    TIMELINESS = "timeliness"  # on time / late / missing per milestone
    RANKING = "ranking"  # units by weighted completion
    AWARDS = "awards"  # nominations and awards by field
    DIRECTIVES = "directives"  # acknowledgement rate per directive
    UNITS = "units"  # each unit of one field across the milestones (not for officers)


@dataclass(slots=True)
class Series:
    label: str
    values: list[float]
    key: str | None = None  # a label the handler translates (on time, field average…)


@dataclass(slots=True)
class ChartData:
    view: View
    kind: str  # "lines", "stacked", "hbar", "bars" or "grid"
    categories: list[str]
    series: list[Series]
    percent: bool
    headline: str  # the text key of the one-line caption
    params: dict[str, object] = field(default_factory=dict)
    highlight: int | None = None  # the category drawn in the accent colour (own unit)
    summarised: int = 0  # categories (or, for a grid, rows) folded into the last one
    # A grid's cell states, one row per series: "on_time", "late" or "missing".
    cells: list[list[str]] = field(default_factory=list)
    scored: list[bool] = field(default_factory=list)  # a grid column has a completion figure
    labels: dict[str, str] = field(default_factory=dict)  # the grid's legend, filled by the handler

    @property
    def empty(self) -> bool:
        if self.kind == "grid":  # a grid of zeros still says who is missing
            return not self.categories or not self.series
        return not self.categories or not any(any(v for v in s.values) for s in self.series)


@dataclass(frozen=True, slots=True)
class Scope:
    """What a person may see: fields, and for an officer only their unit."""

    role: Role
    fields: list[str]  # the fields in view (one, or all the person may see)
    allowed_fields: list[str]
    unit_id: int | None = None  # set for an officer: figures of this unit, the rest as averages
    member_id: int | None = None
    telegram_id: int | None = None

    @property
    def own_unit_only(self) -> bool:
        return self.unit_id is not None


@dataclass(frozen=True, slots=True)
class Period:
    campaign_id: int | None = None
    year: int | None = None


async def scope_of(session: AsyncSession, actor: Member | None, field_code: str | None = None
                   ) -> Scope:
    """The scope of ``actor``, narrowed to ``field_code`` if they may see it."""
    if actor is None or not actor.is_active:
        raise AccessDenied("stats.view")
    all_fields = [f.code for f in (await session.exec(
        select(EmulationField).order_by(col(EmulationField.position), col(EmulationField.code)))).all()]
    unit_id = None
    if actor.role == Role.ADMIN:
        allowed = all_fields
    elif actor.role == Role.FIELD_LEAD and actor.field_code:
        allowed = [actor.field_code]
    elif actor.role in (Role.OFFICER, Role.FIELD_LEAD, Role.COUNCIL) and actor.unit_id is not None:
        mine = set((await session.exec(select(UnitField.field_code)
                                       .where(UnitField.unit_id == actor.unit_id))).all())
        allowed = [c for c in all_fields if c in mine]
        unit_id = actor.unit_id
    else:
        raise AccessDenied("stats.view")
    if not allowed:
        raise DomainError("stats.no_fields")
    if field_code is not None:
        if field_code not in allowed:
            raise AccessDenied("stats.view", target=f"field:{field_code}")
        chosen = [field_code]
    else:
        chosen = allowed if unit_id is None else allowed[:1]
    return Scope(actor.role, chosen, allowed, unit_id, actor.id, actor.telegram_id)


async def field_names(session: AsyncSession, lang: Language) -> dict[str, str]:
    rows = (await session.exec(select(EmulationField))).all()
    return {f.code: f.name_en if lang == Language.EN else f.name_vi for f in rows}


def pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _ms_label(f: stats_facts.MilestoneFacts, many_campaigns: bool) -> str:
    code = f.milestone.code
    return f"{f.campaign.code}·{code}" if many_campaigns else code


async def _facts(session: AsyncSession, scope: Scope, period: Period) -> Facts:
    camps = await stats_facts.campaigns_in(session, campaign_id=period.campaign_id,
                                           year=period.year, field_codes=scope.fields)
    return await stats_facts.load(session, camps, scope.fields,
                                  year=period.year if period.campaign_id is None else None)


def _last(items: list[stats_facts.MilestoneFacts]) -> tuple[list[stats_facts.MilestoneFacts], int]:
    """At most MAX_BARS milestones, the latest ones; and how many earlier were left out."""
    cut = max(0, len(items) - MAX_BARS)
    return items[cut:], cut


# -- completion over the milestones ---------------------------------------------------------------
async def completion(session: AsyncSession, scope: Scope, period: Period, *, now: datetime,
                     lang: Language = Language.VI) -> ChartData:
    facts = await _facts(session, scope, period)
    names = await field_names(session, lang)
    due = [f for f in facts.milestones if not f.registration and f.milestone.due_at <= now]
    shown, cut = _last(due)
    many = len(facts.campaigns) > 1
    cats = [_ms_label(f, many) for f in shown]

    def field_avg(f: stats_facts.MilestoneFacts, code: str) -> float:
        units = [u for u in f.expected if code in facts.unit_fields.get(u, set())]
        return round(100 * _mean([f.scores.get(u, 0.0) for u in units]), 1) if units else 0.0

    series: list[Series] = []
    if scope.unit_id is not None:
        own = [round(100 * f.scores.get(scope.unit_id, 0.0), 1) for f in shown]
        series.append(Series("", own, key="own_unit"))
        series.append(Series(names.get(scope.fields[0], scope.fields[0]),
                             [field_avg(f, scope.fields[0]) for f in shown], key="field_average"))
        head = own[-1] if own else 0.0
        return ChartData(View.COMPLETION, "lines", cats, series, True, "stats.head.completion_own",
                         {"value": head, "average": series[1].values[-1] if shown else 0.0},
                         summarised=cut)
    for code in scope.fields:
        if any(code in facts.unit_fields.get(u, set()) for f in shown for u in f.expected):
            series.append(Series(names.get(code, code), [field_avg(f, code) for f in shown]))
    last = shown[-1] if shown else None
    overall = (round(100 * _mean([last.scores.get(u, 0.0) for u in last.expected]), 1)
               if last is not None and last.expected else 0.0)
    return ChartData(View.COMPLETION, "lines", cats, series, True, "stats.head.completion",
                     {"value": overall, "milestone": cats[-1] if cats else "—"}, summarised=cut)


# -- on time, late, missing -----------------------------------------------------------------------
async def timeliness(session: AsyncSession, scope: Scope, period: Period, *, now: datetime,
                     lang: Language = Language.VI) -> ChartData:
    facts = await _facts(session, scope, period)
    due = [f for f in facts.milestones if f.milestone.due_at <= now]
    shown, cut = _last(due)
    many = len(facts.campaigns) > 1
    cats = [_ms_label(f, many) for f in shown]
    on_time, late, missing = [], [], []
    for f in shown:
        n = len(f.expected)
        on_time.append(pct(len(f.on_time), n))
        late.append(pct(len(f.late), n))
        missing.append(pct(len(f.missing(now)), n))
    series = [Series("", on_time, key="on_time"), Series("", late, key="late"),
              Series("", missing, key="missing")]
    params: dict[str, object] = {"value": on_time[-1] if shown else 0.0,
                                 "milestone": cats[-1] if cats else "—",
                                 "missing": len(shown[-1].missing(now)) if shown else 0}
    key = "stats.head.timeliness"
    if scope.unit_id is not None and shown:
        last = shown[-1]
        mine = ("on_time" if scope.unit_id in last.on_time else "late" if scope.unit_id in last.late
                else "missing")
        params = {"value": on_time[-1], "milestone": cats[-1], "own": mine}
        key = "stats.head.timeliness_own"
    return ChartData(View.TIMELINESS, "stacked", cats, series, True, key, params, summarised=cut)


# -- ranking of units -----------------------------------------------------------------------------
def unit_averages(facts: Facts, now: datetime) -> dict[int, float]:
    """Each expected unit's mean weighted completion over the due report milestones (0 if none)."""
    sums: dict[int, list[float]] = defaultdict(list)
    for f in facts.milestones:
        if f.registration or f.milestone.due_at > now:
            continue
        for u in f.expected:
            sums[u].append(f.scores.get(u, 0.0))
    return {u: round(100 * _mean(v), 1) for u, v in sums.items()}


async def ranking(session: AsyncSession, scope: Scope, period: Period, *, now: datetime,
                  lang: Language = Language.VI) -> ChartData:
    facts = await _facts(session, scope, period)
    averages = unit_averages(facts, now)
    order = sorted(averages, key=lambda u: (-averages[u], facts.unit_names[u][0]))
    if scope.unit_id is not None:
        own = averages.get(scope.unit_id, 0.0)
        field_avg = round(_mean(list(averages.values())), 1)
        rank = order.index(scope.unit_id) + 1 if scope.unit_id in averages else 0
        code = facts.unit_names.get(scope.unit_id, ("", ""))[0]
        return ChartData(View.RANKING, "hbar", [code, ""], [Series("", [own, field_avg])], True,
                         "stats.head.ranking_own",
                         {"value": own, "average": field_avg, "rank": rank, "of": len(order)},
                         highlight=0)
    top = order[: MAX_BARS - 1] if len(order) > MAX_BARS else order
    rest = order[len(top):]
    cats = [facts.unit_names[u][0] for u in top]
    values = [averages[u] for u in top]
    if rest:
        cats.append("")  # the handler names it: "N other units (average)"
        values.append(round(_mean([averages[u] for u in rest]), 1))
    best = facts.unit_names[order[0]][0] if order else "—"
    return ChartData(View.RANKING, "hbar", cats, [Series("", values)], True, "stats.head.ranking",
                     {"best": best, "value": averages[order[0]] if order else 0.0,
                      "average": round(_mean(list(averages.values())), 1), "units": len(order)},
                     summarised=len(rest))


# -- nominations and awards -----------------------------------------------------------------------
SUBMITTED = (EntryStatus.SUBMITTED, EntryStatus.RETURNED, EntryStatus.APPROVED, EntryStatus.REJECTED)


async def period_year(session: AsyncSession, period: Period, now: datetime) -> int:
    """The year of the period: given, or the year the campaign ends (or ends its last milestone)."""
    if period.year is not None:
        return period.year
    if period.campaign_id is not None:
        last = (await session.exec(select(Milestone.due_at).where(
            Milestone.campaign_id == period.campaign_id).order_by(col(Milestone.due_at).desc()))).first()
        if last is not None:
            return last.astimezone(stats_facts.LOCAL).year
    return now.astimezone(stats_facts.LOCAL).year


async def awards(session: AsyncSession, scope: Scope, period: Period, *, now: datetime,
                 lang: Language = Language.VI) -> ChartData:
    """Nomination entries sent to the department and awards in the register, per field, for the
    year (a campaign's nominations when a campaign is chosen)."""
    names = await field_names(session, lang)
    year = await period_year(session, period, now)
    unit_fields: dict[int, set[str]] = defaultdict(set)
    for unit_id, code in (await session.exec(select(UnitField.unit_id, UnitField.field_code).where(
            col(UnitField.field_code).in_(scope.fields)))).all():
        unit_fields[unit_id].add(code)
    statuses = [s for s in EntryStatus if s not in (EntryStatus.DRAFT,)]
    nq = (select(NominationEntry.unit_id)
          .join(Nomination, col(Nomination.id) == col(NominationEntry.nomination_id))
          .where(col(NominationEntry.status).in_(statuses)))
    nq = (nq.where(Nomination.campaign_id == period.campaign_id) if period.campaign_id is not None
          else nq.where(NominationEntry.year == year))
    nominated = Counter((await session.exec(nq)).all())
    aq = select(AwardRecord.unit_id).where(AwardRecord.year == year)
    if period.campaign_id is not None:
        aq = (select(AwardRecord.unit_id)
              .join(NominationEntry, col(NominationEntry.id) == col(AwardRecord.nomination_entry_id))
              .join(Nomination, col(Nomination.id) == col(NominationEntry.nomination_id))
              .where(Nomination.campaign_id == period.campaign_id))
    awarded = Counter((await session.exec(aq)).all())
    per_field_n: Counter[str] = Counter()
    per_field_a: Counter[str] = Counter()
    for unit_id, codes in unit_fields.items():
        for code in codes:
            per_field_n[code] += nominated.get(unit_id, 0)
            per_field_a[code] += awarded.get(unit_id, 0)
    if scope.unit_id is not None:
        code = scope.fields[0]
        units = [u for u, cs in unit_fields.items() if code in cs]
        avg_n = round(per_field_n[code] / len(units), 1) if units else 0.0
        avg_a = round(per_field_a[code] / len(units), 1) if units else 0.0
        own_n, own_a = float(nominated.get(scope.unit_id, 0)), float(awarded.get(scope.unit_id, 0))
        return ChartData(View.AWARDS, "bars", ["", ""],
                         [Series("", [own_n, avg_n], key="nominated"),
                          Series("", [own_a, avg_a], key="awarded")], False,
                         "stats.head.awards_own",
                         {"nominated": int(own_n), "awarded": int(own_a), "year": year},
                         highlight=0)
    cats = [names.get(c, c) for c in scope.fields]
    series = [Series("", [float(per_field_n[c]) for c in scope.fields], key="nominated"),
              Series("", [float(per_field_a[c]) for c in scope.fields], key="awarded")]
    total_n = sum(nominated.get(u, 0) for u in unit_fields)
    total_a = sum(awarded.get(u, 0) for u in unit_fields)
    return ChartData(View.AWARDS, "bars", cats, series, False, "stats.head.awards",
                     {"nominated": total_n, "awarded": total_a, "year": year})


# -- directives' acknowledgement -----------------------------------------------------------------
async def directives(session: AsyncSession, scope: Scope, period: Period, *, now: datetime,
                     lang: Language = Language.VI) -> ChartData:
    """The share of recipients who acknowledged, for the latest directives of the year: all for an
    admin, a field lead's own directives, an officer's unit against everyone."""
    year = await period_year(session, period, now)
    start, end = year_bounds(year)
    query = (select(Directive)
             .where(col(Directive.released_at).is_not(None), col(Directive.send_at) >= start,
                    col(Directive.send_at) < end,
                    col(Directive.status) != DirectiveStatus.CANCELLED)
             .order_by(col(Directive.send_at).desc()).limit(MAX_BARS))
    if scope.role != Role.ADMIN and scope.unit_id is None:
        query = query.where(Directive.created_by == scope.telegram_id)
    if scope.unit_id is not None:
        query = query.where(col(Directive.id).in_(select(DirectiveRecipient.directive_id).where(
            DirectiveRecipient.unit_id == scope.unit_id)))
    shown = list(reversed((await session.exec(query)).all()))
    ids = [d.id or 0 for d in shown]
    total: Counter[int] = Counter()
    acked: Counter[int] = Counter()
    own_total: Counter[int] = Counter()
    own_acked: Counter[int] = Counter()
    if ids:
        rows = await session.exec(select(DirectiveRecipient.directive_id, DirectiveRecipient.unit_id,
                                         DirectiveRecipient.acknowledged_at)
                                  .where(col(DirectiveRecipient.directive_id).in_(ids)))
        for did, unit_id, at in rows.all():
            total[did] += 1
            acked[did] += at is not None
            if scope.unit_id is not None and unit_id == scope.unit_id:
                own_total[did] += 1
                own_acked[did] += at is not None
    cats = [(d.number or d.title or f"#{d.id}")[:24] for d in shown]
    rates = [pct(acked[i], total[i]) for i in ids]
    all_rate = pct(sum(acked.values()), sum(total.values()))
    if scope.unit_id is not None:
        own = [pct(own_acked[i], own_total[i]) for i in ids]
        return ChartData(View.DIRECTIVES, "bars", cats,
                         [Series("", own, key="own_unit"), Series("", rates, key="everyone")], True,
                         "stats.head.directives_own",
                         {"value": pct(sum(own_acked.values()), sum(own_total.values())),
                          "average": all_rate, "count": len(ids)})
    return ChartData(View.DIRECTIVES, "hbar", cats, [Series("", rates)], True,
                     "stats.head.directives", {"value": all_rate, "count": len(ids)})


# -- each unit across the milestones --------------------------------------------------------------
MAX_GRID_COLUMNS = 10  # the latest milestones; wider cells would not fit a phone's width


async def units(session: AsyncSession, scope: Scope, period: Period, *, now: datetime,
                lang: Language = Language.VI) -> ChartData:
    """A grid of one field's units × the period's due milestones: each cell on time, late or
    missing with the unit's completion; the units furthest behind first, at most MAX_BARS rows,
    the rest summarised in the caption. Other units' rows are exactly what an officer may never
    see, so an officer is refused here, whatever button they send."""
    if scope.unit_id is not None:
        raise AccessDenied("stats.units")
    code = scope.fields[0]
    if len(scope.fields) > 1:  # one field at a time: none chosen, the first the period covers
        camps = await stats_facts.campaigns_in(session, campaign_id=period.campaign_id,
                                               year=period.year, field_codes=scope.fields)
        code = await first_covered_field(session, [c.id or 0 for c in camps], scope.fields)
    facts = await _facts(session, replace(scope, fields=[code]), period)
    due = [f for f in facts.milestones if f.milestone.due_at <= now]
    shown = due[-MAX_GRID_COLUMNS:]
    many = len(facts.campaigns) > 1
    averages = unit_averages(facts, now)
    members = facts.units_of(code)
    rows = [u for u in members if any(u in f.expected for f in due)]
    missed = {u: sum(u in f.missing(now) for f in due) for u in rows}
    # Worst first: lowest completion, then most milestones missed; the code breaks ties.
    rows.sort(key=lambda u: (averages.get(u, 0.0), -missed[u], facts.unit_names[u][0]))
    top, rest = rows[:MAX_BARS], rows[MAX_BARS:]

    def state(f: stats_facts.MilestoneFacts, u: int) -> str:
        if u not in f.expected:
            return ""  # the unit was not asked for this milestone
        return "on_time" if u in f.on_time else "late" if u in f.late else "missing"

    series = [Series(facts.unit_names[u][0],
                     [round(100 * f.scores.get(u, 0.0), 1) for f in shown]) for u in top]
    cells = [[state(f, u) for f in shown] for u in top]
    names = await field_names(session, lang)
    worst = top[0] if top else None
    params: dict[str, object] = {
        "field": names.get(code, code), "units": len(rows),
        "worst": facts.unit_names[worst][0] if worst is not None else "—",
        "value": averages.get(worst, 0.0) if worst is not None else 0.0,
        "missing": sum(missed.values()), "shown": len(top), "rest": len(rest),
        "rest_average": round(_mean([averages.get(u, 0.0) for u in rest]), 1)}
    return ChartData(View.UNITS, "grid", [_ms_label(f, many) for f in shown], series, True,
                     "stats.head.units_more" if rest else "stats.head.units", params,
                     summarised=len(rest), cells=cells,
                     scored=[not f.registration for f in shown])


async def first_covered_field(session: AsyncSession, campaign_ids: list[int], allowed: list[str]
                              ) -> str:
    """The first of ``allowed`` (in the department's order) that the campaigns cover: where the
    per-unit grid starts for someone who may see several fields."""
    covered = set((await session.exec(select(CampaignField.field_code).where(
        col(CampaignField.campaign_id).in_(campaign_ids)))).all()) if campaign_ids else set()
    return next((code for code in allowed if code in covered), allowed[0])


VIEWS = {View.COMPLETION: completion, View.TIMELINESS: timeliness, View.RANKING: ranking,
         View.AWARDS: awards, View.DIRECTIVES: directives, View.UNITS: units}


async def view(session: AsyncSession, actor: Member | None, which: View, period: Period, *,
               field_code: str | None = None, now: datetime) -> ChartData:
    """One view for ``actor`` (authorised here: AccessDenied for anyone without a scope)."""
    scope = await scope_of(session, actor, field_code)
    lang = actor.language if actor is not None else Language.VI
    return await VIEWS[which](session, scope, period, now=now, lang=lang)
