"""The schema comes from the migrations, and the migrations agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tender_board.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        # The search index's FTS5 tables and trigram index are hand-built (see migrations/env.py).
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": lambda name, *_: not (name or "").startswith("tender_search_")})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_empty_and_upgrade_again(app):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"tenders", "notices", "bids", "users"} <= set(inspect(db.engine).get_table_names())


def test_upgrading_keeps_documents_that_published_notices_point_at(app, make):
    """SQLite rebuilds a table to alter it; rows that point at it must survive the rebuild."""
    from sqlalchemy import text

    tender = make.tender()
    notice = make.publish(tender, make.announcement())
    db.session.commit()
    downgrade(revision="5e1f0c7a9b21")
    db.session.execute(text(
        "INSERT INTO documents (tender_id, uploaded_by_id, filename, content_type, size, sha256, storage_name, "
        "uploaded_at) VALUES (:t, :u, 'a.pdf', 'application/pdf', 1, :h, 'stored-1', :at)"),
        {"t": tender.id, "u": tender.manager_id, "h": "0" * 64, "at": notice.published_at})
    db.session.execute(text("INSERT INTO notice_documents (notice_id, document_id) SELECT :n, max(id) FROM documents"),
                       {"n": notice.id})
    db.session.commit()
    db.session.remove()
    upgrade()
    assert db.session.execute(text("SELECT count(*) FROM notice_documents")).scalar() == 1
    assert db.session.execute(text("SELECT filename FROM documents")).scalar() == "a.pdf"
