from flask import Blueprint, current_app, jsonify, request, url_for

from ..clock import now as clock_now
from ..errors import not_found
from ..tenders import queries
from . import serialize
from .openapi import READ_PATHS, build_spec

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def api_page_size() -> int:
    raw = request.args.get("limit", "")
    default = current_app.config["API_PAGE_SIZE"]
    return min(int(raw), 200) if raw.isdigit() and int(raw) > 0 else default


@bp.get("/tenders")
def tenders():
    now = clock_now()
    filters = queries.TenderFilters.from_args(request.args)
    if filters.problems:
        raise filters.problems[0][1]
    size = api_page_size()
    rows = queries.after_cursor(queries.public_tenders(filters, now), request.args.get("cursor"), size)
    following = None
    if len(rows) > size:
        rows = rows[:size]
        args = {**request.args.to_dict(), "cursor": queries.encode_cursor(rows[-1])}
        following = url_for("api.tenders", _external=True, **args)
    return jsonify({"items": [serialize.tender_item(t, now) for t in rows], "next": following})


@bp.get("/tenders/<reference>")
def tender(reference: str):
    found = queries.public_tender(reference)
    if found is None:
        raise not_found("未找到该招标项目。", "No such tender.")
    return jsonify(serialize.tender_full(found, clock_now()))


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec(READ_PATHS, *current_app.extensions.get("openapi_paths", [])))
