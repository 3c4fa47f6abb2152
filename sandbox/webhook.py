"""Delivering updates to a webhook the bot set, like the Bot API does.

Each update is POSTed as JSON to the URL, with ``X-Telegram-Bot-Api-Secret-Token`` when a secret
was given. Updates of one chat go one at a time and in order; different chats go in parallel up
to ``max_connections`` (``max_connections=1`` gives one global order). A non-2xx answer or a
connection error is recorded in ``last_error_date``/``last_error_message`` and the update is
retried after a backoff (``retry_delay`` doubling up to ``retry_max``). A 2xx answer whose body is
a Bot API call (``{"method": "sendMessage", ...}``) is executed, as Telegram does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiohttp

from .updates import Pending, UpdateQueue

__all__ = ["Webhook"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SCAN = 256  # how far down the queue to look for an update of a chat that is not busy


class Webhook:
    def __init__(
        self,
        queue: UpdateQueue,
        *,
        retry_delay: float = 0.1,
        retry_max: float = 2.0,
        timeout: float = 10.0,
        execute: Callable[[dict[str, Any]], Awaitable[Any]] | None = None,
    ) -> None:
        self.queue = queue
        self.retry_delay = retry_delay
        self.retry_max = retry_max
        self.timeout = timeout
        self.execute = execute
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.ip_address: str | None = None
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.delivered = 0
        self.failed_attempts = 0
        self._generation = 0
        self._busy: set[int | None] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    # --- configuration ---------------------------------------------------------------------
    def set(
        self,
        url: str,
        *,
        secret_token: str | None = None,
        max_connections: int = 40,
        ip_address: str | None = None,
    ) -> None:
        self._generation += 1
        self.url = url
        self.secret_token = secret_token
        self.max_connections = max_connections
        self.ip_address = ip_address
        self.last_error_date = None
        self.last_error_message = None
        self.queue.listener = self._wake
        self._wake.set()
        if self._runner is None or self._runner.done():
            self._runner = asyncio.get_running_loop().create_task(self._run())

    def delete(self) -> None:
        self._generation += 1
        self.url = ""
        self.secret_token = None
        self.queue.listener = None
        self.last_error_date = None
        self.last_error_message = None
        self._wake.set()

    @property
    def active(self) -> bool:
        return bool(self.url)

    def info(self, allowed_updates: Iterable[str] | None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue),
        }
        if self.url:
            d["max_connections"] = self.max_connections
            if self.ip_address:
                d["ip_address"] = self.ip_address
            if allowed_updates:
                d["allowed_updates"] = list(allowed_updates)
        if self.last_error_date is not None:
            d["last_error_date"] = self.last_error_date
            d["last_error_message"] = self.last_error_message
        return d

    async def close(self) -> None:
        self.delete()
        tasks = list(self._tasks)
        if self._runner is not None:
            tasks.append(self._runner)
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    # --- delivery ----------------------------------------------------------------------------
    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self.url and self.queue.inflight < self.max_connections:
                item = self._pick()
                if item is None:
                    break
                task = asyncio.get_running_loop().create_task(self._deliver(item))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    def _pick(self) -> Pending | None:
        pending = self.queue.pending
        busy = self._busy
        for idx, item in enumerate(pending):
            if idx >= _SCAN:
                return None
            chat = item[1]
            if chat is None or chat not in busy:
                del pending[idx]
                if chat is not None:
                    busy.add(chat)
                self.queue.inflight += 1
                return item
        return None

    def _requeue(self, item: Pending) -> None:
        pending = self.queue.pending
        idx = 0
        for idx, other in enumerate(pending):  # noqa: B007
            if other[0] > item[0]:
                break
        else:
            idx = len(pending)
        pending.insert(idx, item)

    async def _deliver(self, item: Pending) -> None:
        generation = self._generation
        delay = self.retry_delay
        body = json.dumps(item[2], ensure_ascii=False, separators=(",", ":")).encode()
        requeue = False
        try:
            while True:
                if not self.url or generation != self._generation:
                    requeue = True
                    return
                err = await self._post(body)
                if err is None:
                    self.delivered += 1
                    return
                self.failed_attempts += 1
                self.last_error_date = int(time.time())
                self.last_error_message = err
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.retry_max)
        finally:
            self.queue.inflight -= 1
            if requeue:
                self._requeue(item)
            self._busy.discard(item[1])
            self.queue._check_drained()
            self._wake.set()

    async def _post(self, body: bytes) -> str | None:
        """POST one update; None when accepted, else Telegram's wording of the error."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )
        headers = {"Content-Type": "application/json"}
        if self.secret_token:
            headers[SECRET_HEADER] = self.secret_token
        try:
            async with self._session.post(self.url, data=body, headers=headers) as resp:
                raw = await resp.read()
                if not 200 <= resp.status < 300:
                    return f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except TimeoutError:
            return "Connection timed out"
        except aiohttp.ClientConnectorError:
            return "Connection refused"
        except aiohttp.ClientError as e:
            return f"Connection error: {type(e).__name__}"
        if raw and self.execute is not None and raw.lstrip()[:1] == b"{":
            try:
                reply = json.loads(raw)
            except ValueError:
                return None
            if isinstance(reply, dict) and isinstance(reply.get("method"), str):
                await self.execute(reply)
        return None
