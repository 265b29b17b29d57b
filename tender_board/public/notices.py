"""The permanent page of one published notice."""

from flask import Blueprint, render_template

from ..clock import now as clock_now
from ..errors import not_found
from . import queries
from .page_cache import cached_page

bp = Blueprint("notices", __name__)


@bp.get("/tenders/<reference>/notices/<int:number>")
@cached_page
def notice_detail(reference: str, number: int):
    """The permanent page of one published notice."""
    missing = not_found("未找到该公告。", "No such notice.")
    tender = queries.public_tender(reference, missing)
    notice = next((n for n in tender.published_notices if n.number == number), None)
    if notice is None:
        raise missing
    return render_template("notices/detail.html", tender=tender, terms=queries.terms_of(tender), notice=notice,
                           now=clock_now())
