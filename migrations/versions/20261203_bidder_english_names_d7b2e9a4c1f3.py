"""Bidders' English names: a bid may name its bidder in English beside the registered name, so
English pages show the same facts.

Revision ID: d7b2e9a4c1f3
Revises: c3f1a2b4d5e6
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = 'd7b2e9a4c1f3'
down_revision = 'c3f1a2b4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (no batch copy of the table) works on SQLite and PostgreSQL alike.
    op.add_column('bids', sa.Column('bidder_name_en', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_column('bidder_name_en')
