"""Configuration order, and SQLite set up so that concurrent writers wait instead of failing."""

import threading

import pytest
from sqlalchemy import func, select, text

from tender_board import create_app
from tender_board.database import normalise_database_url
from tender_board.extensions import db
from tender_board.models import Tender, User

from .conftest import PG_URL
from .factories import Factory


def test_configuration_order(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-instance'\nPAGE_SIZE = 7\nOCID_PREFIX = 'ocds-a'\n")
    monkeypatch.setenv("TENDER_BOARD_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TENDER_BOARD_PAGE_SIZE", "9")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"OCID_PREFIX": "ocds-b"})
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["PAGE_SIZE"] == 9  # the environment overrides instance/config.py
    assert app.config["OCID_PREFIX"] == "ocds-b"  # test overrides come last
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'tender_board.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/tb")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/tb"


def test_no_secret_no_start(tmp_path, monkeypatch):
    monkeypatch.setenv("TENDER_BOARD_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TENDER_BOARD_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_database_url_spellings():
    assert normalise_database_url("postgresql://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.mark.skipif(bool(PG_URL), reason="SQLite pragmas")
def test_sqlite_runs_in_wal_with_foreign_keys(app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_concurrent_writers_all_succeed(make_app, clock):
    """Several workers creating tenders at once: none sees "database is locked", none is lost."""
    app = make_app()
    with app.app_context():
        make = Factory(clock)
        managers = [make.user("manager").id for _ in range(4)]
        db.session.commit()
    errors = []

    def worker(manager_id: int) -> None:
        with app.app_context():
            make = Factory(clock)
            for _ in range(10):
                try:
                    make.tender(manager=db.session.get(User, manager_id))
                    db.session.commit()
                except Exception as error:  # collected and asserted below
                    errors.append(repr(error))
                    db.session.rollback()
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(m,)) for m in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == 40
        assert db.session.scalar(select(func.count(func.distinct(Tender.reference)))) == 40


def test_check_constraints_guard_the_states(app, make):
    tender = make.tender()
    db.session.commit()
    with pytest.raises(Exception, match="(?i)check"):
        db.session.execute(text("UPDATE tenders SET status = 'bogus' WHERE id = :id"), {"id": tender.id})
    db.session.rollback()
    with pytest.raises(Exception, match="(?i)check"):
        db.session.execute(text("UPDATE tenders SET status = 'open' WHERE id = :id"), {"id": tender.id})
    db.session.rollback()
