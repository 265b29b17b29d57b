"""Bids, opening records, evaluation, objections and award."""

from flask import Flask

from .public import public_record


def init_app(app: Flask) -> None:
    """The public record for the tender page."""
    app.jinja_env.globals.update(public_record=public_record)
