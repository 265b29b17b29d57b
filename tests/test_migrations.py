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
