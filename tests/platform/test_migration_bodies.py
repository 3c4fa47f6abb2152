"""Migration 0017 both ways on a database with data: the nudge log keyed by (milestone, offset,
person) keeps one row per person, and going back puts every queued message's shared body back
into its own payload, so nothing queued is lost or sent garbled by a rollback."""

from __future__ import annotations

import json
from typing import Any

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from models import make_engine
from models.migrate import alembic_config, upgrade


async def downgrade(engine: Any, revision: str) -> None:
    def _down(conn: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_down)


def loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def test_migration_0017_up_and_down_keeps_the_log_and_the_queued_messages(db_url):
    engine = make_engine(db_url)
    try:
        await downgrade(engine, "0016")
        async with engine.begin() as c:
            # Person 3 was logged twice for one offset, under two units (before the key said no).
            await c.execute(text(
                'INSERT INTO nudge (milestone_id, unit_id, member_id, "offset", created_at) VALUES '
                "(1, 2, 3, -1, '2027-03-16 01:00:00'), (1, 5, 3, -1, '2027-03-16 01:00:00'), "
                "(1, 2, 4, -1, '2027-03-16 01:00:00')"))
        await upgrade(engine)
        async with engine.begin() as c:
            logged = (await c.execute(text(
                'SELECT milestone_id, "offset", member_id FROM nudge ORDER BY member_id'))).all()
            assert [tuple(r) for r in logged] == [(1, -1, 3), (1, -1, 4)]
            await c.execute(text(
                "INSERT INTO outbox_body (key, payload, created_at) VALUES ('nudge:1:-1:vi:x', "
                "'{\"text\": \"Đơn vị: \u27e6unit\u27e7\", \"keyboard\": []}', '2027-03-16 01:00:00')"))
            body_id = (await c.execute(text("SELECT id FROM outbox_body"))).scalar_one()
            await c.execute(text(
                "INSERT INTO outbox_message (chat_id, method, payload, body_id, priority, status, "
                "attempts, timeouts, created_at) VALUES (5003, 'send_message', "
                f"'{{\"unit\": \"Sở TT&amp;TT\"}}', {body_id}, 20, 'pending', 0, 0, "
                "'2027-03-16 01:00:00')"))
        await downgrade(engine, "0016")
        async with engine.begin() as c:
            payload = (await c.execute(text("SELECT payload FROM outbox_message"))).scalar_one()
            assert loaded(payload) == {"text": "Đơn vị: Sở TT&amp;TT", "keyboard": []}
            assert len((await c.execute(text("SELECT id FROM nudge"))).all()) == 2
        await upgrade(engine)
    finally:
        await engine.dispose()
