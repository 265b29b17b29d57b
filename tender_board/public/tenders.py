"""The public pages of tenders: the home page, the search, and one tender."""

from dataclasses import replace

from flask import Blueprint, current_app, render_template, request

from ..clock import now as clock_now
from ..errors import DomainError, invalid
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
    query = queries.public_tenders(filters, now).options(queries.listed())
    tenders, earlier, more, skipped = one_page(query, filters.sort, number, current_app.config["PAGE_SIZE"])
    # The last page read by OFFSET holds the count: the tenders skipped and its own.
    known = skipped is not None and not more and (tenders or not skipped)
    total = skipped + len(tenders) if known else queries.count(query)
    return render_template("tenders/list.html", tenders=tenders, shown=queries.terms_by_tender(tenders), total=total,
                           count_limit=queries.COUNT_LIMIT, page=number, earlier=earlier, more=more,
                           cursors=page_cursors(tenders, filters.sort), filters=filters, now=now)


def one_page(query, sort: str, number: int, size: int) -> tuple[list, bool, bool, int | None]:
    """The tenders of the page asked for, whether pages come before it and after it, and how
    many tenders precede it when that is known (read by OFFSET).

    The page's own links carry a cursor (`after`/`before`: the tender next to the page), read
    by key however deep the page; a bare `page=N` (older links) still works, by OFFSET."""
    after, before = request.args.get("after", "").strip(), request.args.get("before", "").strip()
    try:
        if before:
            tenders, earlier = queries.before_cursor(query, before, size, sort, "before")
            return tenders, earlier, True, None
        if after:
            rows = queries.after_cursor(query, after, size, sort, "after")
            return rows[:size], True, len(rows) > size, None
    except DomainError as error:  # only a forged or truncated link has a bad cursor
        raise replace(error, status=400) from None
    tenders, more = queries.page(query, number, size)
    return tenders, number > 1, more, (number - 1) * size


def page_cursors(tenders: list, sort: str) -> dict[str, str | None]:
    """The cursors of the links to the previous and the next page."""
    if not tenders:
        return {"before": None, "after": None}
    return {"before": queries.encode_cursor(tenders[0], sort), "after": queries.encode_cursor(tenders[-1], sort)}


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
