"""Bids, opening records, evaluation, objections and award; and the kinds of notice that carry
them (bids.kinds), which register themselves with the notices."""

from flask import Flask

from . import kinds  # noqa: F401  (the second half's kinds register themselves)
from .public import public_record


def init_app(app: Flask) -> None:
    """The public record for the tender page."""
    app.jinja_env.globals.update(public_record=public_record)
