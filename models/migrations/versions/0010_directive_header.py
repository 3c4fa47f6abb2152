"""directive header: sender, số hiệu and trích yếu shown above a copied document

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-29 22:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("directive") as batch:
        batch.add_column(sa.Column("header_html", sa.String(length=1024), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("directive") as batch:
        batch.drop_column("header_html")
