"""OCDS releases kept as JSON text: one row per public notice, written when it is published, so
that the release pages read them instead of compiling them. Existing notices are compiled by
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
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_ocds_releases_notice_id_notices')),
    sa.PrimaryKeyConstraint('notice_id', name=op.f('pk_ocds_releases'))
    )


def downgrade():
    op.drop_table('ocds_releases')
