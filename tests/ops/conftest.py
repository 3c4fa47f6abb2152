"""The operations tests reuse the gateway tests' Bot API stub."""

from tests.gateways.conftest import stub

__all__ = ["stub"]
