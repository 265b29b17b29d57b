"""Tenders: the model, the lifecycle, the rule profiles, and their pages."""

from flask import Flask

from . import views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
