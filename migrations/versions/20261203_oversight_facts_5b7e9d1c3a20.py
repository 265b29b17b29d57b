"""Oversight facts: one row per published real tender with what the dashboard counts, their sums
per (year, category, country, procuring entity), and an index that lets the flag= filter read one
indicator's tenders from the index alone.

Revision ID: 5b7e9d1c3a20
Revises: d7e8f9a0b1c2
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '5b7e9d1c3a20'
down_revision = 'd7e8f9a0b1c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('oversight_facts',
    sa.Column('tender_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('entity_zh', sa.String(length=300), nullable=True),
    sa.Column('entity_en', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('bids', sa.Integer(), nullable=True),
    sa.Column('valid_bids', sa.Integer(), nullable=True),
    sa.Column('single_bid', sa.Boolean(), nullable=False),
    sa.Column('days_to_result', sa.Double(), nullable=True),
    sa.Column('days_to_contract', sa.Double(), nullable=True),
    sa.Column('value_awarded', sa.Numeric(precision=15, scale=3), nullable=True),
    sa.Column('value_estimated', sa.Numeric(precision=15, scale=3), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_oversight_facts_tender_id_tenders')),
    sa.PrimaryKeyConstraint('tender_id', name=op.f('pk_oversight_facts'))
    )
    with op.batch_alter_table('oversight_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oversight_facts_days_to_result'), ['days_to_result'], unique=False)
    op.create_table('oversight_cells',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('entity_zh', sa.String(length=300), nullable=False),
    sa.Column('entity_en', sa.String(length=300), nullable=False),
    sa.Column('tenders', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('cancelled', sa.Integer(), nullable=False),
    sa.Column('with_bids', sa.Integer(), nullable=False),
    sa.Column('single_bid', sa.Integer(), nullable=False),
    sa.Column('bids', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oversight_cells')),
    sa.UniqueConstraint('year', 'category', 'country', 'entity_zh', 'entity_en', name='uq_oversight_cells_key')
    )
    with op.batch_alter_table('oversight_flags', schema=None) as batch_op:
        batch_op.create_index('ix_oversight_flags_code_tender', ['code', 'tender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('oversight_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_oversight_flags_code_tender')
    op.drop_table('oversight_cells')
    with op.batch_alter_table('oversight_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oversight_facts_days_to_result'))
    op.drop_table('oversight_facts')
