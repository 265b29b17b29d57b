"""RSS and Atom feeds for watchers, OPML, conditional GET."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers this feature's blueprints."""
