"""/ocds: the release package (newest first, by cursor), one tender's record package, and the page
that lists the open data. Every JSON answer has an ETag and a Last-Modified and answers 304."""

import hashlib
from datetime import datetime

from flask import Blueprint, Response, current_app, render_template, request

from ..errors import DomainError, not_found
from ..extensions import db
from ..notices import release as parts
from ..notices.models import Notice
from ..urls import public_url
from . import bulk, packages, stored
from .models import BulkFile
from .releases import public_notices, public_tender_notices, record
from .stored import FORMAT_VERSION

bp = Blueprint("ocds", __name__)

DEFAULT_LIMIT, MAX_LIMIT = 100, 500
MAX_CURSOR = 2**31 - 1  # a ledger sequence: a 32-bit integer on PostgreSQL
NEWEST = public_notices().with_only_columns(Notice.sequence, Notice.published_at) \
    .order_by(Notice.sequence.desc()).limit(1)  # built once: every request of a page asks it


def _whole(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise DomainError({"zh": f"{name} 应为 {low} 至 {high} 的整数。",
                           "en": f"{name} must be a whole number from {low} to {high}."},
                          code="bad_parameter", field=name, status=400)
    return int(raw)


def _validators(*parts_of_state) -> str:
    state = "|".join(str(p) for p in (FORMAT_VERSION, current_app.config.get("PUBLIC_URL"), *parts_of_state))
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def _not_modified(etag: str, last_modified: datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def _answer(body: str | bytes | None, etag: str, last_modified: datetime | None,
            mimetype: str = "application/json") -> Response:
    """The body, or 304 Not Modified when it is None; with its validators."""
    response = Response(body if body is not None else "", status=200 if body is not None else 304, mimetype=mimetype)
    response.set_etag(etag)
    if last_modified:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


@bp.get("/ocds/releases.json")
def releases():
    """Every release of every real tender, newest first; `cursor` continues where `links.next` says."""
    limit = _whole("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    cursor = _whole("cursor", None, 1, MAX_CURSOR)
    newest = db.session.execute(NEWEST).first() or (None, None)
    etag = _validators("releases", newest[0], sorted(request.args.items(multi=True)))
    if _not_modified(etag, newest[1]):
        return _answer(None, etag, newest[1])
    rows = stored.page(cursor, limit + 1, newest[0] or 0)  # one more: is there a next page?
    if not rows:  # a release package holds at least one release
        raise not_found("此处没有发布（release）。", "There are no releases here.")
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = public_url("ocds.releases", cursor=rows[-1].sequence, limit=limit)
    uri = public_url("ocds.releases", **request.args.to_dict())
    body = packages.release_package(stored.releases(rows), uri, parts.stamp(newest[1]) or _epoch(), following)
    return _answer(body, etag, newest[1])


@bp.get("/ocds/records/<ocid>.json")
def record_package(ocid: str):
    """One tender's record: every release and the compiled release."""
    notices = public_tender_notices(ocid)
    found = record(notices) if notices else None
    if found is None or found["ocid"] != ocid:
        raise not_found("未找到该开放合同编号（ocid）。", "No such ocid.")
    latest = max(n.published_at for n in notices)
    etag = _validators("record", ocid, max(n.id for n in notices), len(notices))
    if _not_modified(etag, latest):
        return _answer(None, etag, latest)
    package = packages.record_package(found, public_url("ocds.record_package", ocid=ocid), parts.stamp(latest))
    return _answer(packages.dumps(package), etag, latest)


@bp.get("/downloads")
def downloads():
    """The open data: the OCDS endpoints, the bulk files, and how they are published. Stale files
    are rebuilt in the background; the page never waits for it."""
    bulk.refresh_soon()
    return render_template("ocds/downloads.html", files=bulk.stored(), ledger_size=bulk.ledger_size())


@bp.get("/downloads/<name>")
def download(name: str):
    """One bulk file, as last built."""
    found = db.session.get(BulkFile, name)
    if found is None:
        raise not_found("没有该文件。", "No such file.")
    bulk.refresh_soon()
    unchanged = _not_modified(found.sha256, found.generated_at)
    response = _answer(None if unchanged else found.data, found.sha256, found.generated_at, found.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{found.name}"'
    return response


def _epoch() -> str:
    return "1970-01-01T00:00:00Z"
