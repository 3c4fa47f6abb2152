"""/awards: a person's or a collective's history in the award register."""

from __future__ import annotations

from handlers import menu
from handlers.campaign_render import fit
from handlers.campaigns import cb, int_at
from handlers.chat import Button
from handlers.context import Context
from handlers.i18n import Translator
from handlers.router import Router
from handlers.texts import awards as _texts  # noqa: F401  (registers the texts)
from models import Member, Person, Role, Unit
from services.awards import access
from services.awards.catalogue import Catalogue, current_catalogue
from services.awards.register import History, person_history, unit_history
from services.awards.rules import LEVEL_EN, LEVEL_VI, RATING_EN, RATING_VI
from services.awards.search import find_people, find_unit

router = Router(name=__name__)
STAFF = frozenset({Role.OFFICER, Role.FIELD_LEAD, Role.ADMIN})
menu.add("awards", "menu.awards", STAFF, order=60)


@router.command("awards")
async def awards_command(ctx: Context, member: Member, args: str) -> None:
    access.active(member, "awards.view")
    query = args.strip()
    if not query:
        await ctx.reply(ctx.t("aw.usage"))
        return
    unit = await find_unit(ctx.session, query)
    if unit is not None:
        await access.require_see_unit(ctx.session, member, unit.id or 0, "awards.view")
        await show_unit(ctx, unit)
        return
    people = await find_people(ctx.session, member, query, limit=11)
    if not people:
        await ctx.reply(ctx.t("aw.nothing", query=query))
        return
    if len(people) == 1:
        await show_person(ctx, people[0][0], people[0][1])
        return
    kb = [[Button(f"{p.full_name} · {u.code}" + (f" · {p.birth_date:%d/%m/%Y}" if p.birth_date else ""),
                  callback_data=cb("aw", "p", p.id))] for p, u in people[:10]]
    await ctx.reply(ctx.t("aw.pick", count=len(people), query=query), kb)


@router.callback("aw")
async def awards_button(ctx: Context, member: Member, data: list[str]) -> None:
    person_id = int_at(data, 1)
    person = await ctx.session.get(Person, person_id) if person_id is not None else None
    if person is None:
        await ctx.answer(ctx.t("common.stale_button"), alert=True)
        return
    await access.require_see_unit(ctx.session, member, person.unit_id, "awards.view", f"person:{person.id}")
    await ctx.answer()
    unit = await ctx.session.get(Unit, person.unit_id)
    assert unit is not None
    await show_person(ctx, person, unit)


def history_lines(t: Translator, catalogue: Catalogue, history: History) -> list[str]:
    lines: list[str] = []
    for record in history.awards:
        award = catalogue.get(record.award_code)
        name = (award.name_en or award.name if t.is_en else award.name) if award else record.award_code
        decision = t("aw.decision", number=record.decision_number) if record.decision_number else ""
        lines.append(t("aw.award_line", year=record.year, name=name, decision=decision))
    if not lines:
        lines.append(t("aw.no_awards"))
    ratings = [(y.year, y.rating) for y in history.years if y.rating is not None]
    if ratings:
        words = RATING_EN if t.is_en else RATING_VI
        lines.append(t("aw.ratings", items="; ".join(f"{year}: {words[r]}" for year, r in ratings)))
    disciplined = [str(y.year) for y in history.years if getattr(y, "disciplined", False)]
    if disciplined:
        lines.append(t("aw.disciplined", years=", ".join(disciplined)))
    if history.initiatives:
        levels = LEVEL_EN if t.is_en else LEVEL_VI
        lines.append(t("aw.initiatives", items="; ".join(f"{i.year}: {levels[i.level]}"
                                                          for i in history.initiatives)))
    return lines


async def show_person(ctx: Context, person: Person, unit: Unit) -> None:
    catalogue = await current_catalogue(ctx.session)
    history = await person_history(ctx.session, person.id or 0)
    born = f"{person.birth_date:%d/%m/%Y}" if person.birth_date else "—"
    head = ctx.t("aw.person_head", name=person.full_name, born=born, unit=unit.name, code=unit.code)
    await ctx.reply(fit([head, *history_lines(ctx.t, catalogue, history)]))


async def show_unit(ctx: Context, unit: Unit) -> None:
    catalogue = await current_catalogue(ctx.session)
    history = await unit_history(ctx.session, unit.id or 0)
    head = ctx.t("aw.unit_head", unit=unit.name, code=unit.code)
    await ctx.reply(fit([head, *history_lines(ctx.t, catalogue, history)]))
