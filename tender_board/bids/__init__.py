"""Bids, opening records, evaluation, objections and award."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers this feature's blueprints."""
