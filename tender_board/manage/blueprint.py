"""The staff workspace's blueprint, and how its pages find the tender they act on.

Another manager's tender, or an unpublished one for an evaluator, answers 404, as if it did not
exist: the workspace never reveals what it does not let you touch.
"""

from flask import Blueprint
from flask_login import current_user

from ..tenders.lookup import find_tender
from ..tenders.models import Tender

bp = Blueprint("manage", __name__, url_prefix="/manage")


def own_tender(reference: str) -> Tender:
    """The signed-in manager's own tender, or 404."""
    return find_tender(reference, lambda tender: tender.is_managed_by(current_user))


def published_tender(reference: str) -> Tender:
    """Evaluators see any published tender; a draft stays invisible (404)."""
    return find_tender(reference, lambda tender: tender.is_published)
