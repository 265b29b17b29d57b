"""Published documents are frozen by triggers, like the notices they are published with.

A document attached to a published notice keeps its row (its SHA-256, size, name and type) and its
bytes: whatever client writes to the database, they cannot be updated or deleted. The bytes were
already refused any update; now their deletion is refused too, and a published notice's list of
documents cannot be rewritten by an UPDATE either.

Revision ID: 8481bf85b9d1
Revises: 4c7d2a9e8b13
Create Date: 2026-12-03
"""
from alembic import op


revision = '8481bf85b9d1'
down_revision = '4c7d2a9e8b13'
branch_labels = None
depends_on = None

PUBLISHED = """EXISTS (SELECT 1 FROM notice_documents JOIN notices ON notices.id = notice_documents.notice_id
                        WHERE notice_documents.document_id = OLD.{column} AND notices.status = 'published')"""

TRIGGERS = {
    "sqlite": [
        f"""CREATE TRIGGER documents_published_no_update BEFORE UPDATE ON documents
            WHEN {PUBLISHED.format(column="id")}
            BEGIN SELECT RAISE(ABORT, 'published documents are immutable'); END""",
        f"""CREATE TRIGGER documents_published_no_delete BEFORE DELETE ON documents
            WHEN {PUBLISHED.format(column="id")}
            BEGIN SELECT RAISE(ABORT, 'published documents are immutable'); END""",
        f"""CREATE TRIGGER document_contents_published_no_delete BEFORE DELETE ON document_contents
            WHEN {PUBLISHED.format(column="document_id")}
            BEGIN SELECT RAISE(ABORT, 'published documents are immutable'); END""",
        """CREATE TRIGGER notice_documents_published_no_update BEFORE UPDATE ON notice_documents
           WHEN (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published'
           BEGIN SELECT RAISE(ABORT, 'published notices are immutable'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION refuse_published_document_change() RETURNS trigger AS $$
            BEGIN
              IF {PUBLISHED.format(column="id")} THEN
                RAISE EXCEPTION 'published documents are immutable';
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER documents_published_no_change BEFORE UPDATE OR DELETE ON documents
           FOR EACH ROW EXECUTE FUNCTION refuse_published_document_change()""",
        f"""CREATE FUNCTION refuse_published_content_delete() RETURNS trigger AS $$
            BEGIN
              IF {PUBLISHED.format(column="document_id")} THEN
                RAISE EXCEPTION 'published documents are immutable';
              END IF;
              RETURN OLD;
            END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER document_contents_published_no_delete BEFORE DELETE ON document_contents
           FOR EACH ROW EXECUTE FUNCTION refuse_published_content_delete()""",
        """CREATE FUNCTION refuse_published_attachment_update() RETURNS trigger AS $$
           BEGIN
             IF (SELECT status FROM notices WHERE id = OLD.notice_id) = 'published' THEN
               RAISE EXCEPTION 'published notices are immutable';
             END IF;
             RETURN NEW;
           END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER notice_documents_published_no_update BEFORE UPDATE ON notice_documents
           FOR EACH ROW EXECUTE FUNCTION refuse_published_attachment_update()""",
    ],
}


def upgrade():
    for statement in TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS notice_documents_published_no_update ON notice_documents")
        op.execute("DROP TRIGGER IF EXISTS document_contents_published_no_delete ON document_contents")
        op.execute("DROP TRIGGER IF EXISTS documents_published_no_change ON documents")
        op.execute("DROP FUNCTION IF EXISTS refuse_published_attachment_update()")
        op.execute("DROP FUNCTION IF EXISTS refuse_published_content_delete()")
        op.execute("DROP FUNCTION IF EXISTS refuse_published_document_change()")
    else:
        for name in ("notice_documents_published_no_update", "document_contents_published_no_delete",
                     "documents_published_no_delete", "documents_published_no_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
