"""The root router: every handler module of the bot, included in one place."""

from __future__ import annotations

from handlers import (
    campaign_new,
    campaigns,
    common,
    directives,
    exports,
    groups,
    invites,
    members,
    progress,
    registrations,
    reports,
    stats,
    units,
    weekly,
)
from handlers.router import Router


def build_router() -> Router:
    root = Router(name="root")
    # Area routers first; common last, because it holds the fallbacks.
    root.include(units.router, invites.router, members.router, groups.router)
    root.include(directives.router)
    root.include(campaigns.router, campaign_new.router, registrations.router, reports.router,
                 progress.router)
    root.include(stats.router, exports.router, weekly.router)
    root.include(common.router)
    return root
