"""Fixtures: a real database built by the real migrations, fresh for every test.

SQLite (default): the migrations run once into a template file, copied for each test.
PostgreSQL (TEST_DATABASE_URL set): the migrations run once, each test starts from empty tables.
"""

import os
import shutil
from datetime import UTC, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from tender_board_verify.note import Signer

from tender_board import create_app
from tender_board.clock import FixedClock
from tender_board.extensions import db

from .clients import FreshClient
from .factories import Factory

PG_URL = os.environ.get("TEST_DATABASE_URL")
START = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 Beijing time

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "WTF_CSRF_ENABLED": False,
    "SANDBOX_ACCELERATION": 86400,
    "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
    "SERVER_NAME": "tenders.test",  # the test client's host
    "PUBLIC_URL": "http://tenders.test",
    # The ledger's signing key, new for every run: never one in the repository, nor in instance/.
    "LEDGER_SIGNING_KEY": str(Signer.generate("tenders.test/ledger")),
    "OCDS_BULK_REFRESH": False,
    # No shared store of rendered pages unless a test asks (test_rendered_pages): it writes on a
    # connection of its own, which the one session a test keeps across its requests cannot see.
    "RENDERED_PAGES": False,  # no background rebuild of the bulk files unless a test asks for one
}


@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    if PG_URL:
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": PG_URL})
        with app.app_context():
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


def _fresh_database_url(template, tmp_path) -> str:
    if PG_URL:
        return PG_URL
    path = tmp_path / "test.sqlite"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def _empty_tables() -> None:
    tables = ", ".join(t.name for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def make_app(template_database, tmp_path, clock):
    """Build an app on a fresh database; extra config for the test, if any."""
    url = _fresh_database_url(template_database, tmp_path)
    apps = []

    def build(**config):
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock,
                          **config})
        app.test_client_class = FreshClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            if PG_URL:
                _empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        if PG_URL:
            _empty_tables()
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app, clock):
    """Factories for users, tenders and notices (tests/factories.py)."""
    return Factory(clock)
