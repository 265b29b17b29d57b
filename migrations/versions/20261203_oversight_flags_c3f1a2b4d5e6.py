"""Oversight flags: the red-flag indicators raised for each tender, and the board indicators'
notes when there are too few tenders to judge.

Revision ID: c3f1a2b4d5e6
Revises: bc95fcf6d7a8
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = 'c3f1a2b4d5e6'
down_revision = 'bc95fcf6d7a8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('oversight_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_oversight_flags_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oversight_flags')),
    sa.UniqueConstraint('tender_id', 'code', name='uq_oversight_flags_tender_code')
    )
    with op.batch_alter_table('oversight_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oversight_flags_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_oversight_flags_raised_at'), ['raised_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_oversight_flags_tender_id'), ['tender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('oversight_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oversight_flags_tender_id'))
        batch_op.drop_index(batch_op.f('ix_oversight_flags_raised_at'))
        batch_op.drop_index(batch_op.f('ix_oversight_flags_code'))
    op.drop_table('oversight_flags')
