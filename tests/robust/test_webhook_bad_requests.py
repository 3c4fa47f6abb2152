"""The webhook never answers 500 to what Telegram (or whoever has the secret) posts (item 8).

Telegram retries a non-2xx answer forever; a body the bot cannot read is stored set aside and
answered 200 — an update_id that is no 64-bit integer, JSON nested thousands deep, not JSON at
all, an update whose parts have the wrong types — and the updates after it are handled.
"""

from __future__ import annotations

import json

import aiohttp
from sqlmodel import select

from bot.webhook import SECRET_HEADER
from models import InboxStatus, InboxUpdate
from tests.platform.test_durability import free_port, webhook_stack  # noqa: F401  (fixture)
from tests.robust.poison import oddities, variants

SECRET = {SECRET_HEADER: "s3cret-for-tests", "Content-Type": "application/json"}


def bodies(chat_id: int) -> list[tuple[str, bytes]]:
    valid = {"update_id": 5000, "message": {
        "message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "X"}, "text": "/help"}}
    out = [(what, json.dumps(thing).encode()) for what, thing in oddities(4000)]
    out += [(f"update_id = {bad!r}", json.dumps({**valid, "update_id": bad}).encode())
            for bad in (2**63, -(2**63) - 1, 2**64 + 1, 10**30, "42", 4.5, None, [], {})]
    out += [("nested 100000 levels", b'{"update_id": 4100, "message": ' + b"[" * 100_000
             + b"]" * 100_000 + b"}"),
            ("nested 100000 unclosed", b"[" * 100_000),
            ("not JSON", b"<html>oops</html>"), ("empty", b""),
            ("NUL in text", json.dumps({**valid, "update_id": 4200,
                                        "message": {**valid["message"], "text": "/help\x00"}}
                                       ).encode())]
    for n, (what, broken) in enumerate(variants(valid)):
        out.append((what, json.dumps({**broken, "update_id": 6000 + n}).encode()))
    return out


async def test_unreadable_bodies_are_set_aside_with_200_and_never_block(webhook_stack):  # noqa: F811
    stack, port = webhook_stack
    an = await stack.user("Webhook An")
    await an.send("/start")
    await an.next_message()
    url = f"http://127.0.0.1:{port}/telegram"
    sent = bodies(an.id)
    assert len(sent) > 60
    async with aiohttp.ClientSession() as http:
        for what, body in sent:
            async with http.post(url, data=body, headers=SECRET) as resp:
                assert resp.status == 200, (what, resp.status, await resp.text())
    await an.send("/help")
    await an.wait_for(lambda m: "/start" in (m.text or "") and "/help" in (m.text or ""))
    await stack.settle()
    async with stack.session_factory() as session:
        rows = (await session.exec(select(InboxUpdate))).all()
    statuses = {r.status for r in rows}
    assert statuses <= {InboxStatus.DONE, InboxStatus.SET_ASIDE}
    set_aside = [r for r in rows if r.status == InboxStatus.SET_ASIDE]
    assert len(set_aside) >= 40 and all(r.error for r in set_aside)
    deep = [r for r in set_aside if "deep" in (r.error or "")]
    assert len(deep) >= 2
