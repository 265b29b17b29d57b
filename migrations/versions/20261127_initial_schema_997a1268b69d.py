"""Initial schema: users, tenders, notices, documents, bids, evaluations, objections.

Published notices are frozen by triggers as well as by the application: whatever client
writes to the database, a published notice cannot be updated or deleted.

Revision ID: 997a1268b69d
Revises:
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '997a1268b69d'
down_revision = None
branch_labels = None
depends_on = None


TRIGGERS = {
    "sqlite": [
        """CREATE TRIGGER notices_published_no_update BEFORE UPDATE ON notices
           WHEN OLD.status = 'published'
           BEGIN SELECT RAISE(ABORT, 'published notices are immutable'); END""",
        """CREATE TRIGGER notices_published_no_delete BEFORE DELETE ON notices
           WHEN OLD.status = 'published'
           BEGIN SELECT RAISE(ABORT, 'published notices are immutable'); END""",
        """CREATE TRIGGER notice_documents_published_no_change BEFORE DELETE ON notice_documents
           WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published'
           BEGIN SELECT RAISE(ABORT, 'published notices are immutable'); END""",
    ],
    "postgresql": [
        """CREATE FUNCTION refuse_published_notice_change() RETURNS trigger AS $$
           BEGIN
             RAISE EXCEPTION 'published notices are immutable';
           END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER notices_published_no_change BEFORE UPDATE OR DELETE ON notices
           FOR EACH ROW WHEN (OLD.status = 'published')
           EXECUTE FUNCTION refuse_published_notice_change()""",
        """CREATE FUNCTION refuse_published_attachment_change() RETURNS trigger AS $$
           BEGIN
             IF (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published' THEN
               RAISE EXCEPTION 'published notices are immutable';
             END IF;
             RETURN OLD;
           END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER notice_documents_published_no_change BEFORE DELETE ON notice_documents
           FOR EACH ROW EXECUTE FUNCTION refuse_published_attachment_change()""",
    ],
}


def upgrade():
    op.create_table('counters',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_counters'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('manager', 'approver', 'evaluator', 'admin', name='user_role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_epoch', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('tenders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('ocid', sa.String(length=80), nullable=False),
    sa.Column('category', sa.Enum('overseas', 'domestic', name='tender_category', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('mission', sa.JSON(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('procuring_entity', sa.JSON(), nullable=False),
    sa.Column('agency', sa.JSON(), nullable=False),
    sa.Column('value_amount', sa.Numeric(precision=15, scale=3), nullable=False),
    sa.Column('value_currency', sa.String(length=3), nullable=False),
    sa.Column('procurement_method', sa.Enum('open', 'selective', name='procurement_method', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('qualification', sa.JSON(), nullable=True),
    sa.Column('rule_profile', sa.String(length=32), nullable=False),
    sa.Column('sandbox', sa.Boolean(), nullable=False),
    sa.Column('clock_rate', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'in_approval', 'open', 'closed', 'evaluating', 'publicity', 'awarded', 'contracted', 'cancelled', 'failed', name='tender_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('bid_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('documents_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('documents_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opening_place', sa.JSON(), nullable=True),
    sa.Column('contact', sa.JSON(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retender_of_id', sa.Integer(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'in_approval') OR bid_deadline IS NOT NULL", name=op.f('ck_tenders_published_has_deadline')),
    sa.CheckConstraint('(sandbox AND clock_rate >= 1) OR (NOT sandbox AND clock_rate = 1)', name=op.f('ck_tenders_clock_rate_sandbox_only')),
    sa.CheckConstraint('clock_rate >= 1', name=op.f('ck_tenders_clock_rate_positive')),
    sa.CheckConstraint('value_amount > 0', name=op.f('ck_tenders_value_positive')),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_tenders_manager_id_users')),
    sa.ForeignKeyConstraint(['retender_of_id'], ['tenders.id'], name=op.f('fk_tenders_retender_of_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenders')),
    sa.UniqueConstraint('ocid', name=op.f('uq_tenders_ocid')),
    sa.UniqueConstraint('reference', name=op.f('uq_tenders_reference')),
    sa.UniqueConstraint('retender_of_id', name=op.f('uq_tenders_retender_of_id'))
    )
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenders_bid_deadline'), ['bid_deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_tenders_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_tenders_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tenders_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tenders_sandbox'), ['sandbox'], unique=False)
        batch_op.create_index(batch_op.f('ix_tenders_status'), ['status'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_name', sa.String(length=80), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_documents_tender_id_tenders')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_documents_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('storage_name', name=op.f('uq_documents_storage_name'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_tender_id'), ['tender_id'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('announcement', 'amendment', 'opening', 'candidates', 'result', 'contract', 'termination', 'failure', name='notice_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status', sa.Enum('draft', 'in_approval', 'published', name='notice_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.JSON(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'published') = (number IS NOT NULL AND published_at IS NOT NULL AND approver_id IS NOT NULL)", name=op.f('ck_notices_published_fields')),
    sa.CheckConstraint('approver_id IS NULL OR approver_id <> author_id', name=op.f('ck_notices_four_eyes')),
    sa.ForeignKeyConstraint(['approver_id'], ['users.id'], name=op.f('fk_notices_approver_id_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notices_author_id_users')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_notices_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices')),
    sa.UniqueConstraint('sequence', name=op.f('uq_notices_sequence')),
    sa.UniqueConstraint('tender_id', 'number', name='uq_notices_tender_number')
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_tender_id'), ['tender_id'], unique=False)

    op.create_table('bids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('bidder_name', sa.String(length=300), nullable=False),
    sa.Column('registration_number', sa.String(length=80), nullable=False),
    sa.Column('bidder_country', sa.String(length=2), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('price_amount', sa.Numeric(precision=15, scale=3), nullable=False),
    sa.Column('price_currency', sa.String(length=3), nullable=False),
    sa.Column('security_amount', sa.Numeric(precision=15, scale=3), nullable=True),
    sa.Column('status', sa.Enum('valid', 'disqualified', 'withdrawn', name='bid_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.CheckConstraint("status = 'valid' OR reason IS NOT NULL", name=op.f('ck_bids_reason_when_not_valid')),
    sa.CheckConstraint('price_amount > 0', name=op.f('ck_bids_price_positive')),
    sa.CheckConstraint('security_amount IS NULL OR security_amount >= 0', name=op.f('ck_bids_security_positive')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_bids_notice_id_notices')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_bids_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bids')),
    sa.UniqueConstraint('notice_id', 'registration_number', name='uq_bids_notice_bidder')
    )
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bids_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bids_tender_id'), ['tender_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.Enum('ratedCriteria', 'priceOnly', name='evaluation_method', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('report_document_id', sa.Integer(), nullable=True),
    sa.Column('report_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_evaluations_notice_id_notices')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_evaluations_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['report_document_id'], ['documents.id'], name=op.f('fk_evaluations_report_document_id_documents')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_evaluations_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('notice_id', name=op.f('uq_evaluations_notice_id'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_tender_id'), ['tender_id'], unique=False)

    op.create_table('notice_documents',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_notice_documents_document_id_documents')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_documents_notice_id_notices')),
    sa.PrimaryKeyConstraint('notice_id', 'document_id', name=op.f('pk_notice_documents'))
    )
    op.create_table('objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('objector', sa.String(length=300), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(answer IS NULL) = (answered_at IS NULL)', name=op.f('ck_objections_answer_has_time')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_objections_notice_id_notices')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_objections_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_objections_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_tender_id'), ['tender_id'], unique=False)

    op.create_table('tender_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('submit', 'reject', 'publish_announcement', 'publish_amendment', 'publish_opening', 'publish_failure', 'publish_candidates', 'publish_result', 'publish_contract', 'publish_termination', 'retender', name='tender_action', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'in_approval', 'open', 'closed', 'evaluating', 'publicity', 'awarded', 'contracted', 'cancelled', 'failed', name='event_from_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('to_status', sa.Enum('draft', 'in_approval', 'open', 'closed', 'evaluating', 'publicity', 'awarded', 'contracted', 'cancelled', 'failed', name='event_to_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_tender_events_actor_id_users')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_tender_events_notice_id_notices')),
    sa.ForeignKeyConstraint(['tender_id'], ['tenders.id'], name=op.f('fk_tender_events_tender_id_tenders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_events'))
    )
    with op.batch_alter_table('tender_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_events_tender_id'), ['tender_id'], unique=False)

    op.create_table('committee_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('expertise', sa.Enum('technical', 'economic', 'representative', name='member_expertise', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_committee_members_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_members'))
    )
    with op.batch_alter_table('committee_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_members_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('weight', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.CheckConstraint('weight > 0 AND weight <= 100', name=op.f('ck_criteria_weight_range')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_criteria_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria'))
    )
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criteria_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_scores_value_positive')),
    sa.ForeignKeyConstraint(['bid_id'], ['bids.id'], name=op.f('fk_scores_bid_id_bids')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_scores_criterion_id_criteria')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_scores_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('bid_id', 'criterion_id', name='uq_scores_bid_criterion')
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scores_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scores_evaluation_id'), ['evaluation_id'], unique=False)


    for statement in TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)

def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS notice_documents_published_no_change ON notice_documents")
        op.execute("DROP TRIGGER IF EXISTS notices_published_no_change ON notices")
        op.execute("DROP FUNCTION IF EXISTS refuse_published_attachment_change()")
        op.execute("DROP FUNCTION IF EXISTS refuse_published_notice_change()")
    else:
        op.execute("DROP TRIGGER IF EXISTS notice_documents_published_no_change")
        op.execute("DROP TRIGGER IF EXISTS notices_published_no_delete")
        op.execute("DROP TRIGGER IF EXISTS notices_published_no_update")
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scores_evaluation_id'))
        batch_op.drop_index(batch_op.f('ix_scores_bid_id'))

    op.drop_table('scores')
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criteria_evaluation_id'))

    op.drop_table('criteria')
    with op.batch_alter_table('committee_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_members_evaluation_id'))

    op.drop_table('committee_members')
    with op.batch_alter_table('tender_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_events_tender_id'))

    op.drop_table('tender_events')
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_tender_id'))
        batch_op.drop_index(batch_op.f('ix_objections_notice_id'))

    op.drop_table('objections')
    op.drop_table('notice_documents')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_tender_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bids_tender_id'))
        batch_op.drop_index(batch_op.f('ix_bids_notice_id'))

    op.drop_table('bids')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_tender_id'))
        batch_op.drop_index(batch_op.f('ix_notices_published_at'))
        batch_op.drop_index(batch_op.f('ix_notices_kind'))
        batch_op.drop_index(batch_op.f('ix_notices_author_id'))

    op.drop_table('notices')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_tender_id'))

    op.drop_table('documents')
    with op.batch_alter_table('tenders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenders_status'))
        batch_op.drop_index(batch_op.f('ix_tenders_sandbox'))
        batch_op.drop_index(batch_op.f('ix_tenders_published_at'))
        batch_op.drop_index(batch_op.f('ix_tenders_manager_id'))
        batch_op.drop_index(batch_op.f('ix_tenders_country'))
        batch_op.drop_index(batch_op.f('ix_tenders_bid_deadline'))

    op.drop_table('tenders')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('counters')
