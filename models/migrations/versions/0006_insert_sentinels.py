"""insert sentinels on outbox_message and audit_entry

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 03:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("outbox_message", "audit_entry")


def upgrade() -> None:
    # Lets SQLAlchemy insert a batch of rows in one statement on SQLite and still match the ids
    # handed back (models.base.insert_sentinel_field).
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("insert_sentinel", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("insert_sentinel")
