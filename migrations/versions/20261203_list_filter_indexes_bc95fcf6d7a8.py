"""List filter indexes: the public list filtered by status or by country, newest first, read from
an index of its own (a rare status or country found at once, not by walking every tender); then
fresh planner statistics, so that the planner knows which index narrows a query most.

Revision ID: bc95fcf6d7a8
Revises: 9786c0b501f9
Create Date: 2026-12-03
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'bc95fcf6d7a8'
down_revision = '9786c0b501f9'
branch_labels = None
depends_on = None

INDEXES = {"ix_tenders_public_status": "status", "ix_tenders_public_country": "country"}


def upgrade():
    # Plain CREATE INDEX, not a batch operation: the tenders table keeps its triggers.
    for name, column in INDEXES.items():
        op.create_index(name, 'tenders', ['sandbox', column, 'published_at', 'id'], unique=False)
    op.execute("ANALYZE")


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name='tenders')
