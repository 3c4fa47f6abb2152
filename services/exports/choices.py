"""What /export offers to narrow a file to: campaigns (recent first), years, directives — only
those the person's scope covers, so a forged button names nothing they could not pick."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from models import Campaign, CampaignField, CampaignStatus, Directive
from services.errors import AccessDenied, NotFound
from services.exports.scope import ExportScope
from services.stats_facts import LOCAL

PAGE_SIZE = 6  # buttons per page: a phone shows them without scrolling
YEARS_BACK = 4  # this year and the four before: a department's reporting horizon
FIRST_YEAR, LAST_YEAR = 2000, 2100  # any other year in a button is forged
T = TypeVar("T")


def _campaigns(scope: ExportScope) -> SelectOfScalar[Campaign]:
    query = select(Campaign).where(col(Campaign.status) != CampaignStatus.DRAFT)
    if scope.field_code is not None:  # a field lead: the campaigns of their field
        query = query.where(col(Campaign.id).in_(select(CampaignField.campaign_id).where(
            CampaignField.field_code == scope.field_code)))
    return query


async def _page(session: AsyncSession, query: SelectOfScalar[T], page: int) -> tuple[list[T], bool]:
    """One page of an ordered query; and whether more follow (one row more is read to know)."""
    rows = (await session.exec(query.offset(page * PAGE_SIZE).limit(PAGE_SIZE + 1))).all()
    return list(rows[:PAGE_SIZE]), len(rows) > PAGE_SIZE


async def campaign_page(session: AsyncSession, scope: ExportScope, page: int
                        ) -> tuple[list[Campaign], bool]:
    """One page of launched campaigns, most recently created first."""
    return await _page(session, _campaigns(scope).order_by(col(Campaign.created_at).desc(),
                                                           col(Campaign.id).desc()), page)


async def campaign_for(session: AsyncSession, scope: ExportScope, campaign_id: int) -> Campaign:
    """The campaign a pressed button names, if the person may export it."""
    campaign = (await session.exec(_campaigns(scope).where(Campaign.id == campaign_id))).first()
    if campaign is not None:
        return campaign
    if scope.field_code is not None and await session.get(Campaign, campaign_id) is not None:
        raise AccessDenied("export.campaign", target=f"campaign:{campaign_id}")
    raise NotFound("campaign")


def years(now: datetime) -> list[int]:
    """The years offered, this one first."""
    this = now.astimezone(LOCAL).year
    return [this - i for i in range(YEARS_BACK + 1)]


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _directives(scope: ExportScope) -> SelectOfScalar[Directive]:
    query = select(Directive).where(col(Directive.released_at).is_not(None))
    if scope.unit_ids is not None:  # a field lead: the directives they sent (records' rule)
        query = query.where(Directive.created_by == scope.actor)
    return query


async def directive_page(session: AsyncSession, scope: ExportScope, page: int
                         ) -> tuple[list[Directive], bool]:
    """One page of sent directives, the latest first."""
    return await _page(session, _directives(scope).order_by(col(Directive.send_at).desc(),
                                                            col(Directive.id).desc()), page)
