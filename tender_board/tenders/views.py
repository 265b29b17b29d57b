from flask import Blueprint, current_app, render_template, request

from ..clock import now as clock_now
from ..errors import not_found
from . import queries

bp = Blueprint("tenders", __name__)


def page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100000 else 1


@bp.get("/")
def index():
    return tender_list()


@bp.get("/tenders")
def tender_list():
    now = clock_now()
    filters = queries.TenderFilters.from_args(request.args)
    query = queries.public_tenders(filters, now)
    size = current_app.config["PAGE_SIZE"]
    number = page_number()
    total = queries.count(query)
    return render_template("tenders/list.html", tenders=queries.page(query, number, size),
                           total=total, page=number, pages=max(1, -(-total // size)),
                           filters=filters, now=now)


@bp.get("/tenders/<reference>")
def tender_detail(reference: str):
    tender = queries.public_tender(reference)
    if tender is None:
        raise not_found("未找到该招标项目。", "No such tender.")
    notices = tender.published_notices
    return render_template("tenders/detail.html", tender=tender, notices=notices, now=clock_now())
