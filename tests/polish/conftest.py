"""The polish tests reuse the campaigns area's small sector and chat driver."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from models import SessionFactory
from tests.campaigns.campaign_harness import Chat, World, seed


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await seed(session)


@pytest.fixture
def chat(session_factory: SessionFactory) -> Callable[[int], Chat]:
    def make(telegram_id: int) -> Chat:
        return Chat(session_factory, telegram_id)

    return make
