"""directives

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 00:42:58.578060
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0004'
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('directive',
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('kind', sa.Enum('directive', 'campaign_launch', name='directivekind', native_enum=False, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('body_html', sqlmodel.sql.sqltypes.AutoString(length=4096), nullable=True),
    sa.Column('source_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('source_message_id', sa.BigInteger(), nullable=True),
    sa.Column('extra_buttons', sa.JSON(), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('send_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('draft', 'scheduled', 'sending', 'sent', 'cancelled', name='directivestatus', native_enum=False, length=32), nullable=False),
    sa.Column('released_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('reminded_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('progress_outbox_id', sa.Integer(), nullable=True),
    sa.Column('progress_edited_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('progress_state', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directive', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directive_created_by'), ['created_by'], unique=False)
        batch_op.create_index('ix_directive_due', ['status', 'send_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_directive_ref'), ['ref'], unique=False)

    op.create_table('directive_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('chat_group_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['chat_group_id'], ['chat_group.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['directive_id'], ['directive.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('directive_id', 'chat_id')
    )
    with op.batch_alter_table('directive_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directive_recipient_directive_id'), ['directive_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('directive_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directive_recipient_directive_id'))

    op.drop_table('directive_recipient')
    with op.batch_alter_table('directive', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directive_ref'))
        batch_op.drop_index('ix_directive_due')
        batch_op.drop_index(batch_op.f('ix_directive_created_by'))

    op.drop_table('directive')
