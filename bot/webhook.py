"""The webhook server: checks Telegram's secret header, stores the update, answers 200."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable

from aiohttp import web

from bot.inbox import pending_count
from bot.intake import inbox_row, store_rows
from models import SessionFactory

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def derived_secret(token: str) -> str:
    """A stable secret when none is configured: unguessable without the token itself."""
    return hashlib.sha256(f"thidua-webhook:{token}".encode()).hexdigest()


def make_webhook_app(session_factory: SessionFactory, *, path: str, secret: str,
                     on_stored: Callable[[], None],
                     add_routes: Callable[[web.Application], None] | None = None,
                     ) -> web.Application:
    """The webhook route; ``add_routes`` adds the operator's (/healthz, /metrics), else a bare
    /healthz with the inbox backlog."""
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook request with a wrong or missing secret from %s", request.remote)
            return web.json_response({"ok": False, "description": "Unauthorized"}, status=401)
        try:
            body = await request.text()
        except UnicodeDecodeError:
            return web.json_response({"ok": False, "description": "Bad Request"}, status=400)
        # Whatever came with the right secret is kept: an update the bot cannot read (not JSON,
        # nested too deep, an update_id that is no 64-bit integer) is stored set aside and
        # answered 200, so Telegram does not retry it forever. Only a body that is not even
        # text is refused.
        problem: str | None = None
        update: object = None
        try:
            update = json.loads(body)
        except RecursionError:
            problem = "nested too deeply to decode"
        except ValueError as exc:
            problem = f"not JSON: {exc}"[:200]
        row = inbox_row(update, text=body, problem=problem)
        # Stored before we answer 200: if this fails, Telegram gets an error and retries.
        await store_rows(session_factory, [row])
        on_stored()
        return web.json_response({"ok": True})

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "inbox_pending": await pending_count(session_factory)})

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post(path, receive)
    if add_routes is not None:
        add_routes(app)
    else:
        app.router.add_get("/healthz", health)
    return app
