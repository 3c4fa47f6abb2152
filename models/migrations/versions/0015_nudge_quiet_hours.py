"""outbox rows that expire (nudges and digests are not sent once quiet hours begin); the nudge
log without foreign keys to unit and member (checked for each of 30,000 rows a morning)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 01:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite's foreign keys have no names: batch mode names them by this convention to drop them.
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
NUDGE_KEYS = (("unit_id", "unit"), ("member_id", "member"))


def _fk_name(column: str, table: str) -> str:
    if op.get_bind().dialect.name == "sqlite":
        return f"fk_nudge_{column}_{table}"
    return f"nudge_{column}_fkey"  # PostgreSQL's default name


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_after", models.base.UTCDateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table("nudge", schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        for column, table in NUDGE_KEYS:
            batch_op.drop_constraint(_fk_name(column, table), type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("nudge", schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        for column, table in NUDGE_KEYS:
            batch_op.create_foreign_key(_fk_name(column, table), table, [column], ["id"],
                                        ondelete="CASCADE")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("not_after")
