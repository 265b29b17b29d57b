"""The JSON API under /api/v1, described by /api/v1/openapi.json."""

from flask import Flask

from ..extensions import csrf
from . import views


def init_app(app: Flask) -> None:
    csrf.exempt(views.bp)  # bearer tokens, not cookies: CSRF cannot ride on them
    app.register_blueprint(views.bp)
