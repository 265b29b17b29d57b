"""Rendered pages: a spread per key, so that lists a publication outdates expire over half a
minute rather than all in the same second.

Revision ID: b4c1e7d2f9a6
Revises: a73bf440d7be
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = 'b4c1e7d2f9a6'
down_revision = 'a73bf440d7be'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rendered_pages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spread', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('rendered_pages', schema=None) as batch_op:
        batch_op.drop_column('spread')
