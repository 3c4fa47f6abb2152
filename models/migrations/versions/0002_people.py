"""people: the six fields, invites, flood guard counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:42:16.080660
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The six fields of Directive 05/CT-BTTTT (2021). Codes are stable identifiers used in files,
# callback data and other tables; names can be edited later.
FIELDS = [
    ("buu_chinh", "Bưu chính", "Postal services", 1),
    ("vien_thong", "Viễn thông", "Telecommunications", 2),
    ("ung_dung_cntt", "Ứng dụng công nghệ thông tin", "Information technology application", 3),
    ("attt", "An toàn, an ninh mạng", "Cybersecurity", 4),
    ("cong_nghiep_ict", "Công nghiệp ICT", "ICT industry", 5),
    ("bao_chi_truyen_thong", "Báo chí, truyền thông", "Press and media", 6),
]


def upgrade() -> None:
    op.create_table('flood_counter',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('window_start_ms', sa.BigInteger(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('stranger', 'officer', 'council', 'field_lead', 'admin', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('field_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('used_by', sa.BigInteger(), nullable=True),
    sa.Column('revoked_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['field_code'], ['field.code'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invite_code'), ['code'], unique=True)

    field = sa.table(
        'field',
        sa.column('code', sa.String),
        sa.column('name_vi', sa.String),
        sa.column('name_en', sa.String),
        sa.column('position', sa.Integer),
    )
    op.bulk_insert(field, [
        {'code': code, 'name_vi': vi, 'name_en': en, 'position': position}
        for code, vi, en, position in FIELDS
    ])


def downgrade() -> None:
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_code'))

    op.drop_table('invite')
    op.drop_table('flood_counter')
    codes = [code for code, *_ in FIELDS]
    for table in ('unit_field', 'group_field'):
        t = sa.table(table, sa.column('field_code', sa.String))
        op.execute(t.delete().where(t.c.field_code.in_(codes)))
    member = sa.table('member', sa.column('field_code', sa.String))
    op.execute(member.update().where(member.c.field_code.in_(codes)).values(field_code=None))
    field = sa.table('field', sa.column('code', sa.String))
    op.execute(field.delete().where(field.c.code.in_(codes)))
