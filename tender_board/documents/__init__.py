"""Documents: uploads with their SHA-256, and downloads."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers this feature's blueprints."""
