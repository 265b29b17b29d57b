"""A per-server cache of the public pages, checked against the database on every request.

Rendering a page of tenders costs far more than reading it, and the public read the same few
pages (the home page, the first page of the list, popular searches) again and again. Each app
server keeps the pages it rendered, keyed by the address, the reader's language, the minute
(statuses and "time left" follow the clock) and the *public version*: a counter in the database
that the commands raise where a public fact changes (`counters.public_changed`: a publication, an
objection, an answer). One primary-key read per request tells every server, however many there
are, whether its copy is still the current one.

Only anonymous readers without a session get cached pages: nothing personal is ever stored.
"""

from datetime import UTC, datetime
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

DEFAULT_SIZE = 256  # pages kept per server; PUBLIC_PAGE_CACHE_SIZE = 0 turns the cache off

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
    return current_app.extensions.setdefault("public_pages", LruCache(size))


def _anonymous() -> bool:
    cookies = request.cookies
    return (current_app.config["SESSION_COOKIE_NAME"] not in cookies and "remember_token" not in cookies
            and "Authorization" not in request.headers)


def not_cacheable() -> None:
    """Called by a view whose page must not be kept: sandbox tenders run their clock up to a day a
    second, so their pages go stale within the minute a cached page is trusted for."""
    g.page_not_cacheable = True


def cached_page(view):
    """Serve the view's page from the cache while nothing public has changed."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        g.pop("page_not_cacheable", None)
        cache = _cache()
        if cache is None or not _anonymous():
            return view(*args, **kwargs)
        now = clock_now()
        key = (request.host, request.full_path, locale(), int(now.timestamp() // 60), public_version())
        page = cache.get(key)
        if page is None or page[2] <= now:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or g.get("page_not_cacheable"):
                return response
            page = (response.get_data(), response.mimetype, next_deadline(now))
            cache.put(key, page)
        return Response(page[0], mimetype=page[1])
    return wrapper


def next_deadline(now):
    """When the next open tender closes by the clock: every page kept until then expires with it,
    so a tender reads `closed` the moment its deadline passes, not up to a minute later."""
    upcoming = db.session.scalar(select(func.min(Tender.bid_deadline)).where(
        Tender.status == Status.OPEN, Tender.sandbox.is_(False), Tender.bid_deadline > now))
    return upcoming or datetime.max.replace(tzinfo=UTC)

