"""A tender by its reference: the one way pages, the API and commands find one.

A tender the caller may not see answers exactly as one that does not exist (404): nothing
reveals what it does not let you touch.
"""

from collections.abc import Callable

from sqlalchemy import select

from ..errors import DomainError, not_found
from ..extensions import db
from .models import Tender


def find_tender(reference: str, visible: Callable[[Tender], bool] = lambda _tender: True,
                options: tuple = (), missing: DomainError | None = None) -> Tender:
    """The tender with this reference if `visible(tender)`; else the 404 refusal `missing`
    ("No such tender" unless the page names what it was looking for)."""
    tender = db.session.scalar(select(Tender).where(Tender.reference == reference).options(*options))
    if tender is None or not visible(tender):
        raise missing or not_found("未找到该招标项目。", "No such tender.")
    return tender
