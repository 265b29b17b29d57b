"""The JSON API under /api/v1, described by /api/v1/openapi.json."""

from flask import Flask

from ..extensions import csrf
from . import views, write


def init_app(app: Flask) -> None:
    csrf.exempt(views.bp)  # bearer tokens, not cookies: CSRF cannot ride on them
    csrf.exempt(write.bp)  # and write.token_user ignores the session cookie entirely
    app.register_blueprint(views.bp)
    app.register_blueprint(write.bp)
