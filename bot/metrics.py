"""Prometheus metrics and the operator's HTTP endpoints (``/healthz``, ``/metrics``).

Counters come from the runtime's own tallies (the inbox worker's, the sender's), read when
Prometheus scrapes; queue depths come from the database at that moment, so any process —
whichever roles it plays — reports the same queues. The handler latency histogram is observed
per update by :class:`MeteredInboxWorker`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.inbox import InboxWorker
from models import SessionFactory
from models.base import utcnow
from services.health import Health, HealthLimits, snapshot

if TYPE_CHECKING:
    from bot.sender import OutboxSender

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """One process's metrics: its own registry (no global state), fed by the runtime."""

    def __init__(self, session_factory: SessionFactory, limits: HealthLimits,
                 *, expect_roles: bool = True) -> None:
        self.session_factory = session_factory
        self.limits = limits
        self.expect_roles = expect_roles
        self.registry = CollectorRegistry(auto_describe=True)
        self.handler_seconds = Histogram(
            "thidua_handler_seconds", "Time to handle one update (handler and its writes).",
            buckets=LATENCY_BUCKETS, registry=self.registry)
        self.worker: InboxWorker | None = None
        self.sender: OutboxSender | None = None
        self.last: Health | None = None
        self.registry.register(_Collector(self))

    async def health(self) -> Health:
        async with self.session_factory() as session:
            self.last = await snapshot(session, now=utcnow(), limits=self.limits,
                                       expect_roles=self.expect_roles)
        return self.last

    # -- HTTP ---------------------------------------------------------------------------------
    async def healthz(self, request: web.Request) -> web.Response:
        try:
            h = await self.health()
        except Exception as exc:  # the database itself is down: that is the answer
            return web.json_response({"status": "failing",
                                      "problems": [f"database unreachable: {type(exc).__name__}"]},
                                     status=503)
        return web.json_response(h.as_json(), status=200 if h.ok else 503)

    async def metrics(self, request: web.Request) -> web.Response:
        try:
            await self.health()
        except Exception:
            self.last = None  # counters are still worth scraping
        body = generate_latest(self.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics)


class _Collector(Collector):
    def __init__(self, metrics: Metrics) -> None:
        self.m = metrics

    def collect(self) -> Iterator[Any]:
        w, s = self.m.worker, self.m.sender
        yield CounterMetricFamily("thidua_updates_handled", "Updates handled (done or failed).",
                                  value=w.handled if w else 0)
        yield CounterMetricFamily("thidua_updates_failed", "Updates whose handling failed.",
                                  value=w.failed if w else 0)
        stats = s.stats if s else None
        for name, attr, text in (
                ("thidua_outbox_sent", "sent", "Messages Telegram accepted."),
                ("thidua_outbox_failed", "failed", "Messages that ended failed."),
                ("thidua_outbox_rate_limited", "retry_after", "429 Too Many Requests answers."),
                ("thidua_outbox_retries", "retried", "Sends tried again (timeouts, 5xx)."),
                ("thidua_outbox_timeouts", "timeouts", "Sends that timed out."),
                ("thidua_outbox_uncertain", "uncertain",
                 "Sends that timed out twice (may have been delivered).")):
            yield CounterMetricFamily(name, text, value=getattr(stats, attr) if stats else 0)
        h = self.m.last
        if h is None:
            return
        yield GaugeMetricFamily("thidua_inbox_pending", "Updates waiting to be handled.",
                                value=h.inbox_pending)
        yield GaugeMetricFamily("thidua_inbox_failed", "Updates whose handler failed.",
                                value=h.inbox_failed)
        yield GaugeMetricFamily("thidua_inbox_set_aside",
                                "Updates the bot could not read, kept with their raw JSON.",
                                value=h.inbox_set_aside)
        yield GaugeMetricFamily("thidua_inbox_oldest_pending_seconds",
                                "Age of the oldest waiting update.",
                                value=h.oldest_pending_seconds or 0.0)
        pending = GaugeMetricFamily("thidua_outbox_pending", "Messages waiting, by priority.",
                                    labels=["priority"])
        for priority in ("reply", "notice", "bulk"):
            pending.add_metric([priority], h.outbox_pending.get(priority, 0))
        yield pending
        if h.last_sent_seconds is not None:
            yield GaugeMetricFamily("thidua_last_send_age_seconds",
                                    "Seconds since Telegram last accepted a message.",
                                    value=h.last_sent_seconds)
        yield GaugeMetricFamily("thidua_healthy", "1 when /healthz answers 200.",
                                value=1.0 if h.ok else 0.0)


class MeteredInboxWorker(InboxWorker):
    """The inbox worker, timing each update's handler for the latency histogram."""

    metrics: Metrics | None = None

    async def _run_handler(self, *args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        try:
            await super()._run_handler(*args, **kwargs)
        finally:
            if self.metrics is not None:
                self.metrics.handler_seconds.observe(time.perf_counter() - started)


async def serve(metrics: Metrics, host: str, port: int) -> web.AppRunner:
    """A small server with only /healthz and /metrics (polling mode, THIDUA_METRICS_PORT)."""
    app = web.Application()
    metrics.add_routes(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


__all__ = ["MeteredInboxWorker", "Metrics", "serve"]
