"""The read API: published tenders with the same filters as /tenders, and one tender."""

from flask import Blueprint, current_app, jsonify, request

from ..clock import now as clock_now
from ..errors import invalid
from ..oversight.queries import indicators_json
from ..public import queries
from ..public.page_cache import cached_page, not_cacheable
from ..urls import public_url
from . import serialize
from .openapi import build_spec

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 200


def api_page_size() -> int:
    raw = request.args.get("limit", "").strip()
    if not raw:
        return current_app.config["API_PAGE_SIZE"]
    if not raw.isdigit() or not 0 < int(raw) <= MAX_LIMIT:
        raise invalid("limit", f"每页条数应为 1 到 {MAX_LIMIT} 之间的整数。",
                      f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


@bp.get("/tenders")
@cached_page
def tenders():
    """A page of published tenders; `next` carries the cursor to the following page."""
    now = clock_now()
    filters = queries.TenderFilters.from_args(request.args)
    if filters.problems:
        raise filters.problems[0][1]
    if filters.sandbox:
        not_cacheable()
    size = api_page_size()
    rows = queries.after_cursor(queries.public_tenders(filters, now), request.args.get("cursor"),
                                size, filters.sort)
    following = None
    if len(rows) > size:
        rows = rows[:size]
        args = {**request.args.to_dict(), "cursor": queries.encode_cursor(rows[-1], filters.sort)}
        following = public_url("api.tenders", **args)
    shown = queries.terms_by_tender(rows)
    return jsonify({"items": [serialize.tender_item(t, now, shown.get(t.id)) for t in rows], "next": following})


@bp.get("/tenders/<reference>")
@cached_page
def tender(reference: str):
    found = queries.public_tender(reference)
    return jsonify(serialize.tender_full(found, clock_now()))


@bp.get("/tenders/<reference>/indicators")
@cached_page
def tender_indicators(reference: str):
    """Every oversight indicator for one tender: raised or not, why, and where its method is."""
    found = queries.public_tender(reference)
    return jsonify(indicators_json(found, lambda code: public_url("oversight.indicators", _anchor=code)))


@bp.get("/notices")
@cached_page
def notices():
    """The changes feed: published notices of real tenders in ledger order (Notice.sequence), from
    just after `since`; a mirror keeps the last item's sequence and asks again from there."""
    since = queries.ledger_cursor(request.args.get("since"))
    size = api_page_size()
    rows = queries.ledger_notices(since, size + 1)
    following = None
    if len(rows) > size:
        rows = rows[:size]
        following = public_url("api.notices", **{**request.args.to_dict(), "since": rows[-1].sequence})
    return jsonify({"items": [serialize.ledger_item(n) for n in rows], "next": following})


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec())
