"""The staff workspace: managers draft tenders and notices, approvers approve (four eyes),
evaluators record evaluations, all in the browser."""

from flask import Flask

from . import approvals, evaluation, notices, objections, tenders  # noqa: F401  (each adds its views)
from .blueprint import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
