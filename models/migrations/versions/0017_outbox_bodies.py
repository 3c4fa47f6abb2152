"""a round of nudges stores its text once (outbox_body; each outbox row keeps its own values
and the body's id), the nudge log's key (milestone, offset, person) is its primary key and only
index, and the outbox's dedupe key is unique where there is one (rows without one are not in
the index): together most of what a morning's 30,000 nudges cost to queue

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 04:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite's unique constraints have no names: batch mode names them by this convention.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
HAS_KEY = sa.text("dedupe_key IS NOT NULL")


def _dedupe_name() -> str:
    if op.get_bind().dialect.name == "sqlite":
        return "uq_outbox_message_dedupe_key"
    return "outbox_message_dedupe_key_key"  # PostgreSQL's default name


def upgrade() -> None:
    op.create_table(
        "outbox_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("outbox_message", schema=None,
                              naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint(_dedupe_name(), type_="unique")
        batch_op.create_index("ix_outbox_dedupe_key", ["dedupe_key"], unique=True,
                              postgresql_where=HAS_KEY, sqlite_where=HAS_KEY)
    _rebuild_nudge(keyed=True)


def downgrade() -> None:
    _rebuild_nudge(keyed=False)
    _rename_on_postgresql("nudge_numbered_milestone_id_offset_member_id_unit_id_key",
                          "nudge_milestone_id_offset_member_id_unit_id_key")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER SEQUENCE nudge_numbered_id_seq RENAME TO nudge_id_seq")
    with op.batch_alter_table("nudge", schema=None) as batch_op:
        batch_op.create_index("ix_nudge_member", ["member_id", "milestone_id"], unique=False)
    # Rows that share a body get their whole payload back before the body goes.
    bind = op.get_bind()
    bodies = dict(bind.execute(sa.text("SELECT id, payload FROM outbox_body")).all())
    rows = bind.execute(sa.text(
        "SELECT id, body_id, payload FROM outbox_message WHERE body_id IS NOT NULL")).all()
    if rows:
        table = sa.table("outbox_message", sa.column("id", sa.Integer()),
                         sa.column("payload", sa.JSON()))
        for row_id, body_id, payload in rows:
            whole = _filled(_loaded(bodies[body_id]), _loaded(payload))
            bind.execute(table.update().where(table.c.id == row_id).values(payload=whole))
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("body_id")
        batch_op.drop_index("ix_outbox_dedupe_key")
        batch_op.create_unique_constraint(_dedupe_name(), ["dedupe_key"])
    op.drop_table("outbox_body")


def _rebuild_nudge(*, keyed: bool) -> None:
    """The log in a new table, keyed (milestone, offset, person) or numbered as before: a new
    table rather than altering the old one's keys, so the steps are the same on both databases.
    Keyed, a person nudged twice for one offset (under two units) keeps one row."""
    name = "nudge_keyed" if keyed else "nudge_numbered"
    _nudge_table(name, keyed=keyed)
    rows = ('SELECT milestone_id, "offset", member_id, min(unit_id), min(created_at) FROM nudge '
            'GROUP BY milestone_id, "offset", member_id' if keyed else
            'SELECT milestone_id, "offset", member_id, unit_id, created_at FROM nudge')
    op.execute(f'INSERT INTO {name} (milestone_id, "offset", member_id, unit_id, created_at) '
               f'{rows}')
    op.drop_table("nudge")
    op.rename_table(name, "nudge")
    _rename_on_postgresql(f"{name}_pkey", "nudge_pkey")


def _nudge_table(name: str, *, keyed: bool) -> None:
    key: list[sa.SchemaItem]
    if keyed:
        key = [sa.PrimaryKeyConstraint("milestone_id", "offset", "member_id")]
    else:
        key = [sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"),
               sa.UniqueConstraint("milestone_id", "offset", "member_id", "unit_id")]
    op.create_table(
        name,
        sa.Column("milestone_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offset", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        *key,
    )


def _rename_on_postgresql(constraint: str, to: str) -> None:
    # A renamed table keeps its constraints' names; SQLite's have none.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE nudge RENAME CONSTRAINT {constraint} TO {to}")


def _loaded(value: object) -> dict[str, object]:
    import json

    return json.loads(value) if isinstance(value, str) else dict(value)  # type: ignore[arg-type]


def _filled(body: dict[str, object], values: dict[str, object]) -> dict[str, object]:
    # As services.outbox_bodies.filled was when this was written: a migration stays as it was.
    text = str(body.get("text", ""))
    for name, value in values.items():
        text = text.replace(f"\u27e6{name}\u27e7", str(value))
    return {**body, "text": text}
