"""The saved step of a multi-step conversation (a table row, so a draft survives restarts)."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models import ConversationState
from models.base import utcnow


class Flow:
    """The conversation state of one person in one chat, loaded once per update."""

    def __init__(self, session: AsyncSession, chat_id: int, user_id: int,
                 state: ConversationState | None) -> None:
        self._session = session
        self._chat_id = chat_id
        self._user_id = user_id
        self._state = state

    @classmethod
    async def load(cls, session: AsyncSession, chat_id: int, user_id: int) -> Flow:
        state = await session.get(ConversationState, (chat_id, user_id))
        return cls(session, chat_id, user_id, state)

    @property
    def state(self) -> ConversationState | None:
        """The saved row as it is now (None when no flow is active)."""
        return self._state

    @property
    def name(self) -> str | None:
        return self._state.flow if self._state else None

    @property
    def step(self) -> str | None:
        return self._state.step if self._state else None

    @property
    def data(self) -> dict[str, Any]:
        """A copy: change the draft with :meth:`update` so the change is saved."""
        return dict(self._state.data) if self._state else {}

    def active(self, name: str | None = None) -> bool:
        return self._state is not None and (name is None or self._state.flow == name)

    async def start(self, name: str, step: str, data: dict[str, Any] | None = None) -> None:
        if self._state is None:
            self._state = ConversationState(chat_id=self._chat_id, user_id=self._user_id,
                                            flow=name, step=step, data=data or {})
        else:
            self._state.flow, self._state.step, self._state.data = name, step, data or {}
        await self._save()

    async def goto(self, step: str, **changes: Any) -> None:
        if self._state is None:
            raise RuntimeError("no flow to move in; call start() first")
        self._state.step = step
        if changes:
            self._state.data = {**self._state.data, **changes}
        await self._save()

    async def update(self, **changes: Any) -> None:
        if self._state is None:
            raise RuntimeError("no flow to update; call start() first")
        self._state.data = {**self._state.data, **changes}
        await self._save()

    async def clear(self) -> str | None:
        """End the flow; returns the name of the flow that was ended, if any."""
        if self._state is None:
            return None
        name = self._state.flow
        await self._session.delete(self._state)
        self._state = None
        await self._session.flush()
        return name

    async def _save(self) -> None:
        assert self._state is not None
        self._state.updated_at = utcnow()
        self._session.add(self._state)
        await self._session.flush()
