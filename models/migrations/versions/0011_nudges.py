"""deadline nudges: working calendar exceptions, nudge plan slots, sent nudges, snoozes, digests

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 21:07:54.423599
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('off', 'work', name='daykind', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('digest_run',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('done_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('campaign_nudges',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('offsets', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.BigInteger(), nullable=True),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id')
    )
    op.create_table('nudge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('offset', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('milestone_id', 'offset', 'member_id', 'unit_id')
    )
    with op.batch_alter_table('nudge', schema=None) as batch_op:
        batch_op.create_index('ix_nudge_member', ['member_id', 'milestone_id'], unique=False)

    op.create_table('nudge_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('offset', sa.Integer(), nullable=False),
    sa.Column('due_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('planned_for', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('planned', 'done', 'skipped', 'dropped', name='slotstatus', native_enum=False, length=32), nullable=False),
    sa.Column('done_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('milestone_id', 'offset')
    )
    with op.batch_alter_table('nudge_slot', schema=None) as batch_op:
        batch_op.create_index('ix_nudge_slot_due', ['status', 'due_at'], unique=False)

    op.create_table('nudge_snooze',
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('remind_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('times', sa.Integer(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('milestone_id', 'member_id')
    )
    with op.batch_alter_table('nudge_snooze', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nudge_snooze_remind_at'), ['remind_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('nudge_snooze', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nudge_snooze_remind_at'))

    op.drop_table('nudge_snooze')
    with op.batch_alter_table('nudge_slot', schema=None) as batch_op:
        batch_op.drop_index('ix_nudge_slot_due')

    op.drop_table('nudge_slot')
    with op.batch_alter_table('nudge', schema=None) as batch_op:
        batch_op.drop_index('ix_nudge_member')

    op.drop_table('nudge')
    op.drop_table('campaign_nudges')
    op.drop_table('digest_run')
    op.drop_table('calendar_day')
