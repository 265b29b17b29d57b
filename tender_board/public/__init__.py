"""The public pages: the home page, the search, one tender and one notice, read from what was
published, and the per-server cache that serves them again."""

from flask import Flask

from . import notices, tenders


def init_app(app: Flask) -> None:
    app.register_blueprint(tenders.bp)
    app.register_blueprint(notices.bp)
