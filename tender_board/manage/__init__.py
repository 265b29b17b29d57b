"""The staff workspace: managers draft, approvers approve (four eyes), in the browser."""

from flask import Flask

from . import (  # noqa: F401  (each adds its views to the blueprint)
    approvals,
    award,
    award_evaluation,
    award_objections,
    award_review,
    notices,
    tenders,
)
from .blueprint import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
