"""OCDS releases kept as JSON (UTF-8): one row per public notice, by its sequence, written when it
is published, so that the release pages read them instead of compiling them. Existing notices are compiled by
`flask ocds releases` (until then the pages compile the ones missing, as before).

Revision ID: a73bf440d7be
Revises: 5b7e9d1c3a20
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = 'a73bf440d7be'
down_revision = '5b7e9d1c3a20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ocds_releases',
    sa.Column('sequence', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['sequence'], ['notices.sequence'], name=op.f('fk_ocds_releases_sequence_notices')),
    sa.PrimaryKeyConstraint('sequence', name=op.f('pk_ocds_releases'))
    )


def downgrade():
    op.drop_table('ocds_releases')
