"""The staff workspace: managers draft, approvers approve (four eyes), in the browser."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers this feature's blueprints."""
