"""Document contents in the database, beside their description.

App servers share nothing but the database: a document uploaded through one server must download
from any other. The bytes are written once at upload and never changed; a trigger refuses any
update, whatever client writes.

Revision ID: e1a18fc92ea1
Revises: 5e1f0c7a9b21
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = 'e1a18fc92ea1'
down_revision = '5e1f0c7a9b21'
branch_labels = None
depends_on = None

TRIGGERS = {
    "sqlite": [
        """CREATE TRIGGER document_contents_no_update BEFORE UPDATE ON document_contents
           BEGIN SELECT RAISE(ABORT, 'document contents are immutable'); END""",
    ],
    "postgresql": [
        """CREATE FUNCTION refuse_document_content_change() RETURNS trigger AS $$
           BEGIN
             RAISE EXCEPTION 'document contents are immutable';
           END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER document_contents_no_update BEFORE UPDATE ON document_contents
           FOR EACH ROW EXECUTE FUNCTION refuse_document_content_change()""",
    ],
}


def upgrade():
    op.create_table('document_contents',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_contents_document_id_documents')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_contents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_documents_storage_name'), type_='unique')
        batch_op.drop_column('storage_name')
    for statement in TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS document_contents_no_update ON document_contents")
        op.execute("DROP FUNCTION IF EXISTS refuse_document_content_change()")
    with op.batch_alter_table('documents', schema=None) as batch_op:
        # Contents stored in the database have no file name on disk: downgrading loses them.
        batch_op.add_column(sa.Column('storage_name', sa.VARCHAR(length=80), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_documents_storage_name'), ['storage_name'])
    op.drop_table('document_contents')
