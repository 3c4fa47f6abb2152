"""getUpdates and the webhook methods."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import bad_request, conflict

if TYPE_CHECKING:
    from ..emulator import Emulator

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


async def get_updates(emu: Emulator, p: dict[str, Any]) -> list[dict[str, Any]]:
    if emu.webhook.active:
        raise conflict(
            "can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first"
        )
    q = emu.updates
    q.terminate_poller()
    if "allowed_updates" in p:
        q.set_allowed(p["allowed_updates"])
    if "offset" in p:
        q.confirm(p["offset"])
    limit = min(max(p.get("limit", 100), 1), 100)
    timeout = min(max(p.get("timeout", 0), 0), emu.max_long_poll)
    if not q.pending and timeout > 0 and emu.running:
        await q.wait(timeout)
    return q.take(limit)


def set_webhook(emu: Emulator, p: dict[str, Any]) -> bool:
    url = p["url"].strip()
    if not url:
        return delete_webhook(emu, p)
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise bad_request("bad webhook: invalid webhook URL specified")
    if emu.webhook_require_https and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_conn = p.get("max_connections", 40)
    if not 1 <= max_conn <= 100:
        max_conn = min(max(max_conn, 1), 100)
    if p.get("drop_pending_updates"):
        emu.updates.clear()
    if "allowed_updates" in p:
        emu.updates.set_allowed(p["allowed_updates"])
    emu.webhook.set(url, secret_token=secret, max_connections=max_conn, ip_address=p.get("ip_address"))
    emu.updates.wake_poller()
    return True


def delete_webhook(emu: Emulator, p: dict[str, Any]) -> bool:
    if p.get("drop_pending_updates"):
        emu.updates.clear()
    emu.webhook.delete()
    return True


def get_webhook_info(emu: Emulator, p: dict[str, Any]) -> dict[str, Any]:
    return emu.webhook.info(emu.updates.allowed_given)


METHODS = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
