"""Bulk files: the compiled OCDS releases as JSON lines, CSV and XLSX, kept in the database so that
every app server serves the same files.

Revision ID: 9786c0b501f9
Revises: 8481bf85b9d1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '9786c0b501f9'
down_revision = '8481bf85b9d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bulk_files',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('ledger_size', sa.Integer(), nullable=False),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_bulk_files'))
    )


def downgrade():
    op.drop_table('bulk_files')
