"""A per-server cache of the public pages, checked against the database on every request.

Rendering a page of tenders costs far more than reading it, and the public read the same few
pages (the home page, the first page of the list, popular searches) again and again. Each app
server keeps the pages it rendered, keyed by the address, the reader's language and the *public
version*: a counter in the database that the commands raise where a public fact changes
(`counters.public_changed`: a publication, an objection, an answer). One primary-key read per
request tells every server, however many there are, whether its copy is still the current one.
In front of it, the database's store of rendered pages (`rendered_store`) answers what any server
has rendered already; this cache renders, keeps and offers what the store does not have.
A page is also kept no longer than the clock allows: until the next deadline passes (a status
changes) and until its own "time left" would read differently (`i18n.text_changes_at`).

Only anonymous readers without a session get cached pages: nothing personal is ever stored.
Their answers say so to the proxies and browsers in front: an `ETag` (a conditional GET is
answered 304), `Last-Modified`, and `Cache-Control: public` for as long as the copy is valid, at
most `PUBLIC_MAX_AGE` seconds. An address that names its language (`?lang=`) is the same for
every reader; one that does not varies on `Accept-Language` and on the language cookie.
"""

import hashlib
from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import Response, current_app, g, make_response, request
from sqlalchemy import func, select

from ..clock import now as clock_now
from ..counters import PUBLIC_VERSION
from ..extensions import db
from ..i18n import locale
from ..lru import LruCache
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from .rendered_store import PUBLIC_MAX_AGE, offer

DEFAULT_SIZE = 256  # pages kept per server; PUBLIC_PAGE_CACHE_SIZE = 0 turns the cache off
# And at most this many bytes of them (PUBLIC_PAGE_CACHE_BYTES): a worker's memory stays the same
# whatever pages readers ask for. Small: the shared store in front answers every page rendered
# once already; this keeps the few an app server renders again and again (2 MiB: 40 to 600 pages).
DEFAULT_BYTES = 2 * 1024 * 1024
FOREVER = datetime.max.replace(tzinfo=UTC)

VERSION_SQL = f"SELECT value FROM counters WHERE key = '{PUBLIC_VERSION}'"  # noqa: S608 (constants)


def public_version() -> int:
    """The counter, read on a pooled connection of its own: a cached page needs no ORM session,
    and the driver's cursor answers in a tenth of the time of a Core statement (measured)."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(VERSION_SQL)
        row = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()  # back to the pool, which rolls back
    return row[0] if row else 0


def _cache() -> LruCache | None:
    size = current_app.config.get("PUBLIC_PAGE_CACHE_SIZE", DEFAULT_SIZE)
    if not size:
        return None
    cache = current_app.extensions.get("public_pages")
    if cache is None:
        budget = current_app.config.get("PUBLIC_PAGE_CACHE_BYTES", DEFAULT_BYTES)
        cache = current_app.extensions["public_pages"] = LruCache(size, budget, page_weight)
    return cache


def page_weight(page: tuple) -> int:
    return len(page[0])  # the body; the rest is a few short values


def _anonymous() -> bool:
    cookies = request.cookies
    return (current_app.config["SESSION_COOKIE_NAME"] not in cookies and "remember_token" not in cookies
            and "Authorization" not in request.headers)


def not_cacheable() -> None:
    """Called by a view whose page must not be kept: sandbox tenders run their clock up to a day a
    second, so their pages go stale within the minute a cached page is trusted for."""
    g.page_not_cacheable = True


def cached_page(view):
    """Serve the view's page from the cache while nothing public has changed; answer
    conditional requests; tell proxies how long they may keep it."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        g.pop("page_not_cacheable", None)
        g.pop("text_valid_until", None)
        if not _anonymous():
            return view(*args, **kwargs)
        cache = _cache()
        now = clock_now()
        key = (request.host, request.full_path, locale(), public_version())
        page = cache.get(key) if cache is not None else None
        if page is None or page[2] <= now:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or g.get("page_not_cacheable"):
                return response
            body = response.get_data()
            text_until = g.pop("text_valid_until", FOREVER)
            page = (body, response.mimetype, min(next_deadline(now), text_until),
                    hashlib.sha256(body).hexdigest()[:32], now.replace(microsecond=0), text_until)
            if cache is not None:
                cache.put(key, page)
        offer(kwargs.get("reference"), page[5], page[2], page[3], page[4], now)
        return _public(page, now)
    wrapper.stored = True  # the rendered-page store answers it for anonymous readers
    return wrapper


def _public(page: tuple, now: datetime) -> Response:
    body, mimetype, valid_until, etag, rendered_at, _text_until = page
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.last_modified = rendered_at
    response.cache_control.public = True
    seconds = (valid_until - now) // timedelta(seconds=1) if valid_until < FOREVER else PUBLIC_MAX_AGE
    response.cache_control.max_age = max(0, min(current_app.config.get("PUBLIC_MAX_AGE", PUBLIC_MAX_AGE), seconds))
    if "lang" not in request.args:
        response.vary.update(("Accept-Language", "Cookie"))  # the language came from them
    return response.make_conditional(request)


def next_deadline(now):
    """When the next open tender closes by the clock: every page kept until then expires with it,
    so a tender reads `closed` the moment its deadline passes, not up to a minute later."""
    upcoming = db.session.scalar(select(func.min(Tender.bid_deadline)).where(
        Tender.status == Status.OPEN, Tender.sandbox.is_(False), Tender.bid_deadline > now))
    return upcoming or datetime.max.replace(tzinfo=UTC)

