"""Bid rejections: bids the evaluation committee set aside (否决投标), each with its reason.

Revision ID: 33bc53f97506
Revises: 37a499db805d
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '33bc53f97506'
down_revision = '37a499db805d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'bid_rejections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('bid_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['bid_id'], ['bids.id'], name=op.f('fk_bid_rejections_bid_id_bids')),
        sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'],
                                name=op.f('fk_bid_rejections_evaluation_id_evaluations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_rejections')),
        sa.UniqueConstraint('evaluation_id', 'bid_id', name='uq_bid_rejections_bid'),
    )
    with op.batch_alter_table('bid_rejections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_rejections_evaluation_id'), ['evaluation_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('bid_rejections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bid_rejections_evaluation_id'))
    op.drop_table('bid_rejections')
