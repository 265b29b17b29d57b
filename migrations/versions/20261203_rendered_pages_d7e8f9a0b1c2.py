"""Rendered pages: public pages kept once rendered, shared by every app server.

Revision ID: d7e8f9a0b1c2
Revises: d7b2e9a4c1f3
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = 'd7e8f9a0b1c2'
down_revision = 'd7b2e9a4c1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rendered_pages',
    sa.Column('key', sa.String(length=600), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('rendered_at', sa.BigInteger(), nullable=False),
    sa.Column('valid_until', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rendered_pages'))
    )
    with op.batch_alter_table('rendered_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rendered_pages_tender_id'), ['tender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('rendered_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rendered_pages_tender_id'))
    op.drop_table('rendered_pages')
