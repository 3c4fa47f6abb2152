from __future__ import annotations

import pytest

from tests.people.harness import Harness


@pytest.fixture
def bot(session_factory) -> Harness:
    # Conversations here are fast and long; the flood guard has its own test.
    return Harness(session_factory, flood_max_updates=1000)
