"""A tender by its reference: the one way pages, the API and commands find one.

A tender the caller may not see answers exactly as one that does not exist (404): nothing
reveals what it does not let you touch.
"""

from collections.abc import Callable

from sqlalchemy import select

from ..errors import not_found
from ..extensions import db
from .models import Tender


def find_tender(reference: str, visible: Callable[[Tender], bool] = lambda _tender: True,
                options: tuple = ()) -> Tender:
    """The tender with this reference if `visible(tender)`, else a 404 refusal."""
    tender = db.session.scalar(select(Tender).where(Tender.reference == reference).options(*options))
    if tender is None or not visible(tender):
        raise not_found("未找到该招标项目。", "No such tender.")
    return tender
