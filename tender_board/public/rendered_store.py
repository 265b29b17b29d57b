"""The rendered-page store's front (已渲染页面): anonymous GETs of public pages answered from the
database before Flask starts, by whichever app server rendered them first.

For an anonymous GET or HEAD of a page kept in the store (`page_cache.cached_page` views), one
primary-key read on a bare driver cursor finds the stored bytes: if they are still valid they are
sent as they are (gzip when the client accepts it), with the headers the application gave them
and the validators, `Cache-Control` and `Vary` the page cache would give (a conditional request
gets its 304). On a miss the application renders the page as usual; if its view offered the page
(`offer`), the answer is stored for every server, unless something public changed meanwhile.

The key is the code's build (a digest of the package, its templates and catalogs: pages an older
release rendered are never served by a newer one), the path, the query string and the language,
and not the host: the pages' absolute
links come from `PUBLIC_URL` (without it, in development, the scheme and host are in the key).
Only addresses whose query arguments are ones the pages read, and short, are stored, so odd
queries cannot fill the table. Signed-in readers (a session, a remember cookie, a token) and
hosts the application would refuse never reach the store.
"""

import gzip
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Flask, request
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import (
    http_date,
    is_resource_modified,
    parse_accept_header,
    parse_cookie,
    quote_etag,
    remove_entity_headers,
)
from werkzeug.routing import RequestRedirect
from werkzeug.sansio.utils import host_is_trusted

from ..clock import system_now
from ..counters import PUBLIC_VERSION, Counter
from ..database import BUSY_TIMEOUT_MS
from ..extensions import db
from ..i18n import LANG_COOKIE
from ..lru import LruCache
from ..rendered import KEY_LENGTH, PUBLIC_MAX_AGE, RenderedPage, spread
from ..tenders.models import Tender

log = logging.getLogger(__name__)

WANTED_KEY = "tender_board.rendered.wanted"  # set here: the store would keep this request's page
OFFER_KEY = "tender_board.rendered.offer"  # set by the view: (tender id or None, valid until, etag,
#                                            rendered at, own caching headers)
FEED = "feed"  # a view's `stored` mark when its answer depends on the Accept header too (the feeds)
FOREVER = int(datetime.max.replace(tzinfo=UTC).timestamp())
UNPACKED, PATHS = 64, 4096  # bodies and paths remembered per worker
UNPACKED_BYTES = 2 * 1024 * 1024  # and at most this many bytes of unpacked bodies
# How long storing waits for the write lock: on SQLite the whole database's (another write is
# under way: the next reader stores the page instead), on PostgreSQL a publication's lock on
# the public version, held until it commits.
STORE_WAIT_MS = {"sqlite": 20, "postgresql": 250}
# Headers the store recomputes for each answer, or never keeps (a cookie is one reader's).
RECOMPUTED = {"set-cookie", "cache-control", "vary", "etag", "last-modified", "content-length", "date",
              "content-encoding"}
READ_SQL = "SELECT body, headers, etag, rendered_at, valid_until FROM rendered_pages WHERE key = {}"
VERSION_SQL = f"SELECT value FROM counters WHERE key = '{PUBLIC_VERSION}'"  # noqa: S608 (constants)


MAX_AGE = re.compile(r"max-age=(\d+)")
BUILT_FROM = ("*.py", "*.html", "*.mo", "*.css", "*.js", "*.svg")


def code_build(*folders: str) -> str:
    """A digest of the files that shape a page, read once per server at start."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for pattern in BUILT_FROM for p in Path(folder).rglob(pattern)):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def offer(reference: str | None, text_until: datetime, valid_until: datetime, etag: str,
          rendered_at: datetime, now: datetime, own_caching: bool = False) -> None:
    """Said by a public view's cache (page_cache) of the page it answers with: keep it for every
    server. A tender's own page is valid until its own deadline (and its "time left" turns), not
    the board's next one; a sandbox tender's pages are never kept."""
    offer_of(None if reference is None else Tender.reference == reference, text_until, valid_until, etag,
             rendered_at, now, own_caching)


def offer_of(tender, text_until: datetime, valid_until: datetime, etag: str, rendered_at: datetime,
             now: datetime, own_caching: bool = False) -> None:
    """`offer`, the tender named by a condition on its row (None: a list), e.g. its OCDS id."""
    if not request.environ.get(WANTED_KEY):
        return  # not a request the store may answer (or the store is off): nothing to look up
    tender_id = None
    if tender is not None:
        found = db.session.execute(select(Tender.id, Tender.sandbox, Tender.bid_deadline).where(tender)).first()
        if found is None or found.sandbox:
            return
        tender_id = found.id
        deadline = found.bid_deadline if found.bid_deadline and found.bid_deadline > now else None
        valid_until = min(text_until, deadline) if deadline else text_until
    keep(tender_id, valid_until, etag, rendered_at, own_caching)


def keep(tender_id: int | None, valid_until: datetime, etag: str, rendered_at: datetime,
         own_caching: bool = False) -> None:
    """Keep this request's answer for every server, as a page of that tender (None: a list;
    rendered.PERMANENT: an answer no publication changes), until `valid_until` at the latest."""
    if request.environ.get(WANTED_KEY):
        request.environ[OFFER_KEY] = (tender_id, epoch(valid_until), etag, epoch(rendered_at), own_caching)


@contextmanager
def briefly_waiting(engine):
    """A transaction that waits for the database's write lock a short while, not the usual ten
    seconds: the reader is waiting for the page, and the next reader can store it as well."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        sqlite_db = engine.dialect.name == "sqlite"
        if sqlite_db:  # on the driver: a statement through SQLAlchemy would begin first
            driver.execute(f"PRAGMA busy_timeout = {STORE_WAIT_MS['sqlite']}")
        try:
            with connection.begin():
                if not sqlite_db:
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {STORE_WAIT_MS['postgresql']}")
                yield connection
        finally:
            if sqlite_db:
                driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class RenderedPages:
    """WSGI middleware in front of the application; see the module's docstring."""

    def __init__(self, app: Flask, wsgi_app: Callable, known_args: set[str]):
        self.app, self.wsgi_app, self.known_args = app, wsgi_app, known_args
        self.config = app.config
        self._engine, self._read_sql, self._endpoints, self._adapter = None, None, None, None
        # Per worker, what costs more than the database read itself: the bodies unpacked for
        # clients that take no gzip (by validator), which view answers a path.
        self.unpacked, self.paths = LruCache(UNPACKED, UNPACKED_BYTES, len), LruCache(PATHS)
        self.build = code_build(app.root_path, str(Path(app.root_path, app.template_folder or "templates")))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        found = self.key(environ)
        if found is None:
            return self.wsgi_app(environ, start_response)
        key, args = found
        now = epoch(self.config.get("CLOCK", system_now)())
        row = self.read(key)
        if row is not None and row[4] > now:
            return self.serve(row, args, environ, start_response, now)
        environ[WANTED_KEY] = True
        return self.record(key, self.version(), environ, start_response)

    # --- which requests --------------------------------------------------------------------------

    def key(self, environ: dict) -> tuple[str, dict] | None:
        """(the store's key, the query arguments) for a request the store may answer, else None."""
        enabled = self.config.get("RENDERED_PAGES", True) and self.config.get("PUBLIC_PAGE_CACHE_SIZE", 1)
        if not enabled or environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
            return None
        query = environ.get("QUERY_STRING", "")
        path = environ.get("PATH_INFO", "")
        stored = self.stored_path(path) if len(path) + len(query) <= KEY_LENGTH - 100 else None
        if not stored:
            return None
        cookies = parse_cookie(environ)
        if self.config["SESSION_COOKIE_NAME"] in cookies or "remember_token" in cookies:
            return None
        if not host_is_trusted(environ.get("HTTP_HOST"), self.config.get("TRUSTED_HOSTS")):
            return None  # the application answers it (400)
        try:
            pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query), errors="strict")
        except (ValueError, UnicodeDecodeError):
            return None
        if any(name not in self.known_args for name, _value in pairs):
            return None
        args = {}
        for name, value in pairs:
            args.setdefault(name, value)  # the first of repeated arguments, as request.args.get reads it
        origin = "" if self.config.get("PUBLIC_URL") else "|".join(  # development: links name the host
            (environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""),
             environ.get("HTTP_X_FORWARDED_PROTO", ""), environ.get("HTTP_X_FORWARDED_HOST", ""))) + "|"
        typed = "|html" if stored == FEED and "text/html" in environ.get("HTTP_ACCEPT", "") else ""
        return f"{self.build}|{origin}{path}?{query}|{self.language(args, cookies, environ)}{typed}", args

    def stored_path(self, path: str) -> bool | str:
        """The `stored` mark of the view that answers `path` (True, or FEED), or False."""
        known = self.paths.get(path)
        if known is None:
            known = self._stored_path(path)
            self.paths.put(path, known)
        return known

    def _stored_path(self, path: str) -> bool | str:
        if self._endpoints is None:  # at the first request: every blueprint is registered by then
            self._adapter = self.app.url_map.bind(self.config.get("SERVER_NAME") or "localhost")
            self._endpoints = {endpoint: view.stored for endpoint, view in self.app.view_functions.items()
                               if getattr(view, "stored", False)}
        try:
            endpoint, _values = self._adapter.match(path, method="GET")
        except (HTTPException, RequestRedirect):
            return False
        return self._endpoints.get(endpoint, False)

    def language(self, args: dict, cookies, environ: dict) -> str:
        """As i18n.select_locale chooses it: the address, the cookie, then Accept-Language."""
        languages = self.config["LANGUAGES"]
        chosen = args.get("lang") or cookies.get(LANG_COOKIE)
        if chosen in languages:
            return chosen
        accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
        return accepted.best_match(languages) or self.config["BABEL_DEFAULT_LOCALE"]

    # --- the hit ---------------------------------------------------------------------------------

    def serve(self, row, args: dict, environ: dict, start_response: Callable, now: int) -> list[bytes]:
        body, stored_headers, etag, rendered_at, valid_until = row
        headers = [tuple(pair) for pair in json.loads(stored_headers)]
        names = {name.lower(): value for name, value in headers}
        if "cache-control" in names:  # the view's own (a feed's), no longer than the stored copy is valid
            headers = [(name, self.capped(value, valid_until - now) if name.lower() == "cache-control" else value)
                       for name, value in headers if name.lower() != "vary"]
            caching = [("Vary", ", ".join(filter(None, (names.get("vary"), "Accept-Encoding"))))]
        else:
            caching = self.page_caching(args, environ, headers, valid_until, now)
        compressed = parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING")).quality("gzip") > 0
        etag = f"{etag}-gz" if compressed else etag  # each representation its own validator
        modified = datetime.fromtimestamp(rendered_at, UTC)
        headers += [("ETag", quote_etag(etag)), ("Last-Modified", http_date(modified)), *caching]
        if not is_resource_modified(environ, etag=etag, last_modified=modified):
            remove_entity_headers(headers)
            start_response("304 NOT MODIFIED", headers)
            return []
        if compressed:
            headers.append(("Content-Encoding", "gzip"))
        else:
            body = self.unpack(etag, body)
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [bytes(body)]

    @staticmethod
    def capped(cache_control: str, seconds: int) -> str:
        return MAX_AGE.sub(lambda found: f"max-age={max(0, min(int(found[1]), seconds))}", cache_control)

    def unpack(self, etag: str, body: bytes) -> bytes:
        unpacked = self.unpacked.get(etag)
        if unpacked is None:
            unpacked = gzip.decompress(body)
            self.unpacked.put(etag, unpacked)
        return unpacked

    def page_caching(self, args: dict, environ: dict, headers: list, valid_until: int, now: int) -> list[tuple]:
        """Cache-Control and Vary as page_cache gives them."""
        seconds = valid_until - now if valid_until < FOREVER else PUBLIC_MAX_AGE
        max_age = max(0, min(self.config.get("PUBLIC_MAX_AGE", PUBLIC_MAX_AGE), seconds))
        vary = ["Accept-Encoding"] if "lang" in args else ["Accept-Language", "Cookie", "Accept-Encoding"]
        return [("Cache-Control", f"public, max-age={max_age}"), ("Vary", ", ".join(vary))]

    # --- the database, on bare driver connections ------------------------------------------------

    def engine(self):
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
            self._read_sql = READ_SQL.format("?" if self._engine.dialect.paramstyle == "qmark" else "%s")
        return self._engine

    def _fetch(self, sql: str, params: tuple = ()):
        connection = self.engine().raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, params)
            row = cursor.fetchone()
            cursor.close()
            return row
        finally:
            connection.close()  # back to the pool, which rolls back

    def read(self, key: str):
        try:
            self.engine()
            return self._fetch(self._read_sql, (key,))
        except Exception:  # the application will meet the same problem and answer it properly
            log.warning("rendered page store unavailable", exc_info=True)
            return None

    def version(self) -> int | None:
        try:
            row = self._fetch(VERSION_SQL)
        except Exception:
            log.warning("public version unavailable", exc_info=True)
            return None
        return row[0] if row else 0

    # --- the miss --------------------------------------------------------------------------------

    def record(self, key: str, version: int | None, environ: dict, start_response: Callable):
        """Call the application; keep its answer if the view offered it."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        offered = environ.get(OFFER_KEY)
        if offered is None or version is None or environ["REQUEST_METHOD"] != "GET" \
                or not seen.get("status", "").startswith("200"):
            return result
        headers = seen["headers"]
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return result  # something of this reader's own: never kept
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        own = {"cache-control", "vary"} if offered[4] else set()
        kept = [[name, value] for name, value in headers if name.lower() not in RECOMPUTED - own]
        self.store(key, version, offered, body, kept)
        return [body]

    def store(self, key: str, version: int, offered: tuple, body: bytes, headers: list) -> None:
        tender_id, valid_until, etag, rendered_at, _own_caching = offered
        row = {"key": key, "tender_id": tender_id, "body": gzip.compress(body, 6), "headers": json.dumps(headers),
               "etag": etag, "rendered_at": rendered_at, "valid_until": valid_until,
               "spread": spread(key, self.config.get("PUBLIC_MAX_AGE", PUBLIC_MAX_AGE))}
        engine = self.engine()
        upsert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        statement = upsert(RenderedPage).values(**row)
        statement = statement.on_conflict_do_update(index_elements=["key"], set_={
            name: statement.excluded[name] for name in row if name != "key"})
        try:
            with briefly_waiting(engine) as connection:
                # A shared lock on the version: a publication committing meanwhile moved it (the page
                # may show the old state: not kept); one still to commit waits, then removes this row.
                current = connection.execute(select(Counter.value).where(Counter.key == PUBLIC_VERSION)
                                             .with_for_update(read=True)).scalar()
                if (current or 0) == version:
                    connection.execute(statement)
        except OperationalError as error:  # busy: the reader has the page; the next one stores it
            log.info("rendered page not stored: %s", error)
        except Exception:
            log.warning("rendered page not stored", exc_info=True)
