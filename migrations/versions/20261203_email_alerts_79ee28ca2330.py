"""E-mail alerts: addresses, their saved searches, what each is owed, messages stored before sending,
and the request log that limits the subscription form.

Revision ID: 79ee28ca2330
Revises: e1a18fc92ea1
Create Date: 2026-12-03 10:28:31.291135

"""
from alembic import op
import sqlalchemy as sa

import tender_board.columns


# revision identifiers, used by Alembic.
revision = '79ee28ca2330'
down_revision = 'e1a18fc92ea1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alert_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('created_at', tender_board.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('confirmation_sent_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('suppressed_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('suppressed_reason', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_addresses')),
    sa.UniqueConstraint('email', name=op.f('uq_alert_addresses_email'))
    )
    op.create_table('alert_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('at', tender_board.columns.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_requests'))
    )
    with op.batch_alter_table('alert_requests', schema=None) as batch_op:
        batch_op.create_index('ix_alert_requests_key_at', ['key', 'at'], unique=False)

    op.create_table('alert_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('confirmation', 'immediate', 'daily', 'weekly', name='alert_purpose', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('period', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('unsubscribe_url', sa.String(length=1000), nullable=False),
    sa.Column('created_at', tender_board.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempted_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['address_id'], ['alert_addresses.id'], name=op.f('fk_alert_messages_address_id_alert_addresses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_messages')),
    sa.UniqueConstraint('address_id', 'purpose', 'period', name='uq_alert_messages_period')
    )
    with op.batch_alter_table('alert_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_messages_address_id'), ['address_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_messages_created_at'), ['created_at'], unique=False)

    op.create_table('alert_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=2000), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('frequency', sa.Enum('immediate', 'daily', 'weekly', name='alert_frequency', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('state', sa.Enum('pending', 'active', 'ended', name='alert_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_at', tender_board.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', tender_board.columns.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['address_id'], ['alert_addresses.id'], name=op.f('fk_alert_subscriptions_address_id_alert_addresses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_subscriptions'))
    )
    with op.batch_alter_table('alert_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_subscriptions_address_id'), ['address_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_subscriptions_state'), ['state'], unique=False)

    op.create_table('alert_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.Enum('immediate', 'daily', 'weekly', name='alert_delivery_frequency', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('subscription_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', tender_board.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['address_id'], ['alert_addresses.id'], name=op.f('fk_alert_deliveries_address_id_alert_addresses')),
    sa.ForeignKeyConstraint(['message_id'], ['alert_messages.id'], name=op.f('fk_alert_deliveries_message_id_alert_messages')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_alert_deliveries_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_deliveries')),
    sa.UniqueConstraint('address_id', 'notice_id', name='uq_alert_deliveries_once')
    )
    with op.batch_alter_table('alert_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_alert_deliveries_waiting', ['address_id', 'message_id'], unique=False)



def downgrade():
    with op.batch_alter_table('alert_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_alert_deliveries_waiting')

    op.drop_table('alert_deliveries')
    with op.batch_alter_table('alert_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_subscriptions_state'))
        batch_op.drop_index(batch_op.f('ix_alert_subscriptions_address_id'))

    op.drop_table('alert_subscriptions')
    with op.batch_alter_table('alert_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_messages_created_at'))
        batch_op.drop_index(batch_op.f('ix_alert_messages_address_id'))

    op.drop_table('alert_messages')
    with op.batch_alter_table('alert_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_alert_requests_key_at')

    op.drop_table('alert_requests')
    op.drop_table('alert_addresses')
