"""The root router: every handler module of the bot, included in one place."""

from __future__ import annotations

from handlers import common
from handlers.router import Router


def build_router() -> Router:
    root = Router(name="root")
    # Area routers first; common last, because it holds the fallbacks.
    root.include(common.router)
    return root
