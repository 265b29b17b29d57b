"""The public pages of tenders: the home page, the search, and one tender."""

from flask import Blueprint, current_app, render_template, request

from ..clock import now as clock_now
from ..errors import invalid
from ..notices.models import NoticeKind
from . import queries
from .page_cache import cached_page, not_cacheable

bp = Blueprint("tenders", __name__)

MAX_PAGE = 10000


def page_number(filters: queries.TenderFilters) -> int:
    raw = request.args.get("page", "1").strip()
    if raw.isdigit() and 0 < int(raw) <= MAX_PAGE:
        return int(raw)
    filters.problems.append(("page", invalid(
        "page", f"页码无效：{raw!r}，已显示第 1 页。", f"Invalid page {raw!r}; showing page 1.")))
    return 1


@bp.get("/")
@cached_page
def index():
    """Latest notices, open tenders closing soonest, and the way to the feeds."""
    now = clock_now()
    notices, closing = queries.latest_notices(), queries.closing_soon(now)
    shown = queries.terms_by_tender([*closing, *(n.tender for n in notices)])
    return render_template("tenders/index.html", notices=notices, closing=closing, shown=shown, now=now)


@bp.get("/tenders")
@cached_page
def tender_list():
    now = clock_now()
    filters = queries.TenderFilters.from_args(request.args)
    if filters.sandbox:
        not_cacheable()
    number = page_number(filters)
    if filters.problems:
        not_cacheable()  # a page that reports bad input is not kept: no end of such addresses
    query = queries.public_tenders(filters, now)
    size = current_app.config["PAGE_SIZE"]
    tenders, more = queries.page(query, number, size)
    # A first page that holds every match is its own count.
    total = len(tenders) if number == 1 and not more else queries.count(query)
    return render_template("tenders/list.html", tenders=tenders, shown=queries.terms_by_tender(tenders), total=total,
                           count_limit=queries.COUNT_LIMIT, page=number, more=more,
                           filters=filters, now=now)


@bp.get("/tenders/<reference>")
@cached_page
def tender_detail(reference: str):
    tender = queries.public_tender(reference)
    notices = tender.published_notices
    return render_template("tenders/detail.html", tender=tender, terms=queries.terms_of(tender), notices=notices,
                           amended=amended_by(notices), documents=published_documents(notices),
                           now=clock_now())


def amended_by(notices: list) -> dict:
    """For each term an amendment changed, the latest amendment that changed it."""
    return {name: notice for notice in notices if notice.kind == NoticeKind.AMENDMENT
            for name in notice.payload.get("changes", {})}


def published_documents(notices: list) -> list[tuple]:
    """(document, notice) for every document attached to a published notice, once each."""
    seen, documents = set(), []
    for notice in notices:
        for document in notice.documents:
            if document.id not in seen:
                seen.add(document.id)
                documents.append((document, notice))
    return documents
