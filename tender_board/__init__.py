"""Tender Board: a public notice board for construction tenders."""

import os
import sys
from pathlib import Path

from flask import Flask

from . import (
    alerts,
    api,
    auth,
    bids,
    calendars,
    cli,
    documents,
    errors_web,
    feeds,
    i18n,
    inbound,
    ledger,
    manage,
    ocds,
    public,
    routing,
    security,
    security_log,
    templating,
    urls,
)
from . import config as default_config
from .database import configure_engine, engine_options, normalise_database_url
from .extensions import bind_migrations, csrf, db, login_manager
from .oversight import feature as oversight
from .public import stored_views

FEATURES = (routing, urls, security, security_log, errors_web, i18n, inbound, templating, auth, public, documents,
            manage, bids, feeds, alerts, calendars, api, ledger, ocds, oversight, stored_views, cli)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Defaults → instance/config.py → TENDER_BOARD_* variables → DATABASE_URL → test overrides."""
    app = Flask(__name__, instance_path=os.environ.get("TENDER_BOARD_INSTANCE_PATH",
                                                     str(PROJECT_ROOT / "instance")),
                instance_relative_config=True, template_folder=str(PROJECT_ROOT / "templates"))
    app.config.from_object(default_config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TENDER_BOARD")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)
    _finish_config(app)

    db.init_app(app)
    if "flask_migrate" in sys.modules:  # a test or tool that migrates imported it: bind it now
        bind_migrations(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    for feature in FEATURES:
        feature.init_app(app)
    return app


def _finish_config(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'tender_board.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config.get("SQLALCHEMY_ENGINE_OPTIONS"))
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "No SECRET_KEY: set TENDER_BOARD_SECRET_KEY or run `make run` once, which writes a "
            "random key into instance/config.py.")
