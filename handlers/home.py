"""The main menu's entries for the areas that were there before the menu (campaigns,
registrations, reports, directives, units, people, groups): each names its command's handler and,
where a number helps, how many items wait."""

from __future__ import annotations

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import (
    campaign_new,
    campaigns,
    common,
    directives,
    groups,
    invites,
    main_menu,
    members,
    progress,
    registrations,
    reports,
    units,
)
from models import Member, Registration, RegistrationStatus, Role
from services import campaigns as campaign_service
from services import registrations as registration_service


async def pending_registrations(session: AsyncSession, member: Member) -> int:
    return len(await registration_service.pending(session, member))


async def active_campaigns(session: AsyncSession, member: Member) -> int:
    return len(await campaign_service.visible_campaigns(session, member))


async def campaigns_to_register(session: AsyncSession, member: Member) -> int:
    """Active campaigns of the person's unit that the unit has not registered for (or was returned)."""
    if member.unit_id is None:
        return 0
    open_ids = {c.id for c in await campaign_service.visible_campaigns(session, member)}
    if not open_ids:
        return 0
    done = await session.exec(select(func.count()).select_from(Registration).where(
        Registration.unit_id == member.unit_id, col(Registration.campaign_id).in_(open_ids),
        col(Registration.status).in_([RegistrationStatus.PENDING, RegistrationStatus.APPROVED])))
    return len(open_ids) - int(done.one())


REPORTERS = frozenset({Role.OFFICER, Role.FIELD_LEAD})

main_menu.add("report", "mm.report", REPORTERS, handler=reports.report_command, order=10)
main_menu.add("register", "mm.register", REPORTERS, handler=registrations.register_command,
              count=campaigns_to_register, order=11)
main_menu.add("status", "mm.status", main_menu.MEMBERS, handler=progress.status_command, order=12)
main_menu.add("campaigns", "mm.campaigns", main_menu.MEMBERS, handler=campaigns.list_campaigns,
              count=active_campaigns, order=20)
main_menu.add("review", "mm.review", main_menu.LEADS, handler=registrations.review_command,
              count=pending_registrations, order=21)
main_menu.add("missing", "mm.missing", main_menu.LEADS, handler=progress.missing_command, order=22)
main_menu.add("campaign_new", "mm.campaign_new", main_menu.LEADS,
              handler=campaign_new.new_campaign, order=23)
main_menu.add("broadcast", "mm.broadcast", main_menu.LEADS, handler=directives.broadcast, order=30)
main_menu.add("directives", "mm.directives", main_menu.LEADS, handler=directives.list_command,
              order=31)
main_menu.add("units", "mm.units", main_menu.LEADS, handler=units.list_units, order=40)
main_menu.add("invite", "mm.invite", main_menu.LEADS, handler=invites.start_invite, order=41)
main_menu.add("members", "mm.members", main_menu.ADMINS, handler=members.list_members, order=42)
main_menu.add("groups", "mm.groups", main_menu.ADMINS, handler=groups.list_groups, order=43)
main_menu.add("audit", "mm.audit", main_menu.ADMINS, handler=common.show_audit, order=80)
main_menu.add("me", "mm.me", main_menu.MEMBERS, handler=members.show_me, order=90)
main_menu.add("help", "mm.help", main_menu.MEMBERS, handler=common.show_help, order=91)

router = main_menu.router
