"""The thresholds beyond which the bot is not doing its job (kept light: settings import it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HealthLimits:
    """Beyond these the bot is not doing its job (``THIDUA_HEALTH__*``)."""

    max_inbox_pending: int = 1000
    max_oldest_pending_seconds: float = 120.0
    max_outbox_pending: int = 20_000
    max_oldest_outbox_seconds: float = 600.0  # a reply or notice waiting this long
    max_sweep_age_seconds: float = 300.0
    max_inbox_failed: int | None = None  # None: failed updates alone do not make it unhealthy


__all__ = ["HealthLimits"]
