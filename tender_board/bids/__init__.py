"""Bids, opening records, evaluation, objections and award."""

from flask import Flask

from ..api.openapi import register_paths
from ..extensions import csrf
from . import api
from .openapi import PATHS
from .public import public_record


def init_app(app: Flask) -> None:
    """Registers the write API, its OpenAPI paths, and the public record for the tender page."""
    csrf.exempt(api.bp)  # bearer tokens only (see api.bearer_user): CSRF cannot ride on them
    app.register_blueprint(api.bp)
    register_paths(app, PATHS)
    app.jinja_env.globals.update(public_record=public_record)
