"""drop the unused key_value table

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 02:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Telegram keeps the unconfirmed update offset itself; nothing of ours needed this table.
    op.drop_table("key_value")


def downgrade() -> None:
    op.create_table(
        "key_value",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
