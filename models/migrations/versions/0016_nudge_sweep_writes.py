"""what a morning's 30,000 nudges pay for: the nudge log without its foreign key to milestone
(checked for each row: a fifth of PostgreSQL's sweep; deleting a milestone deletes its nudges
itself), and the outbox's chat_id index for group chats only (it serves a group's migration to
a supergroup; private messages need not be in it)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 02:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite's foreign keys have no names: batch mode names them by this convention to drop them.
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _fk_name() -> str:
    if op.get_bind().dialect.name == "sqlite":
        return "fk_nudge_milestone_id_milestone"
    return "nudge_milestone_id_fkey"  # PostgreSQL's default name


GROUPS_ONLY = sa.text("chat_id < 0")


def upgrade() -> None:
    with op.batch_alter_table("nudge", schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint(_fk_name(), type_="foreignkey")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_chat_id")
        batch_op.create_index("ix_outbox_message_chat_id", ["chat_id"], unique=False,
                              postgresql_where=GROUPS_ONLY, sqlite_where=GROUPS_ONLY)


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_chat_id")
        batch_op.create_index("ix_outbox_message_chat_id", ["chat_id"], unique=False)
    # Nudges of milestones deleted meanwhile would break the key: they go first.
    op.execute("DELETE FROM nudge WHERE milestone_id NOT IN (SELECT id FROM milestone)")
    with op.batch_alter_table("nudge", schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.create_foreign_key(_fk_name(), "milestone", ["milestone_id"], ["id"],
                                    ondelete="CASCADE")
