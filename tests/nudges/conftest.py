"""The nudges area reuses the campaigns area's chat harness (a sector, a campaign, a chat driver)."""

from tests.campaigns.conftest import chat, world  # noqa: F401
