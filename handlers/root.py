"""The root router: every handler module of the bot, included in one place."""

from __future__ import annotations

from handlers import (
    awards,
    ballot,
    campaign_new,
    campaigns,
    common,
    council,
    council_decision,
    directives,
    exemplar_stories,
    exemplars,
    exports,
    groups,
    home,
    home_awards,  # noqa: F401  (adds the later areas' menu entries)
    invites,
    members,
    nomination_review,
    nominations,
    nudges,
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
    root.include(home.router)
    root.include(nudges.router)
    root.include(awards.router, exemplars.router, nominations.router, nomination_review.router)
    root.include(council.router, ballot.router, council_decision.router, exemplar_stories.router)
    root.include(stats.router, exports.router, weekly.router)
    root.include(common.router)
    return root
