"""The pollers' fast path (轮询快速通道): a repeated feed request answered before Flask starts.

Almost every feed request is a reader asking again for a feed that has not changed. Each worker
remembers its last answer for each feed address (headers, and the body of a 200), with the
change marker it was computed under and the next bid deadline. While the marker read now is the
same and that deadline has not passed, the answer still holds: a 304 for a matching validator,
or the same bytes again. The marker is two index look-ups on a bare database connection, read
for every feed request, so a publication shows at once, whichever server published it. Anything
else goes to the application as usual, which records its answer for next time.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from werkzeug.http import is_resource_modified, remove_entity_headers

from ..clock import system_now
from ..extensions import db
from ..lru import LruCache
from .selection import CHANGE_MARKER

log = logging.getLogger(__name__)

FEED_PATH = re.compile(r"/(?:feeds/notices|tenders/[^/]+/feed)\.(?:rss|atom)")
MARKER_KEY = "tender_board.feeds.marker"  # the marker read here, for the view to reuse
REPLAYABLE_KEY = "tender_board.feeds.replayable"  # set by the view: (etag, last modified, valid until)
# Answers kept per worker: at most FEED_CACHE_SIZE, and at most FEED_CACHE_BYTES of bodies (a feed
# of 200 long notices is 300 KB; a worker's memory must not depend on which feeds are polled).
DEFAULT_SIZE, DEFAULT_BYTES = 256, 1024 * 1024  # small: the shared store answers feeds rendered once


@dataclass(frozen=True)
class Answer:
    marker: tuple
    valid_until: datetime | None
    etag: str
    last_modified: datetime | None
    status: str
    headers: list[tuple[str, str]]
    body: bytes | None  # None when what was answered is a 304


def answer_weight(answer: Answer) -> int:
    return len(answer.body or b"")


class FeedFastPath:
    """WSGI middleware around the application; see the module's docstring."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.app, self.wsgi_app = app, wsgi_app
        self.answers = LruCache(app.config.get("FEED_CACHE_SIZE", DEFAULT_SIZE),
                                app.config.get("FEED_CACHE_BYTES", DEFAULT_BYTES), answer_weight)
        self._engine, self._sql = None, None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") \
                or not FEED_PATH.fullmatch(environ.get("PATH_INFO", "")):
            return self.wsgi_app(environ, start_response)
        marker = self.marker()
        key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ["PATH_INFO"],
               environ.get("QUERY_STRING", ""), "text/html" in environ.get("HTTP_ACCEPT", ""))
        known = self.answers.get(key)
        if known is not None and marker is not None and known.marker == marker and self.holds(known):
            answered = self.replay(known, environ, start_response)
            if answered is not None:
                return answered
        environ[MARKER_KEY] = marker
        return self.record(key, marker, environ, start_response)

    def marker(self) -> tuple | None:
        """The change marker, read without a session; None (go the slow way) if that fails."""
        try:
            if self._sql is None:
                with self.app.app_context():
                    self._engine = db.engine
                self._sql = str(CHANGE_MARKER.compile(dialect=self._engine.dialect))
            connection = self._engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute(self._sql)
                return tuple(cursor.fetchone())
            finally:
                connection.close()
        except Exception:  # the application will meet the same problem and answer it properly
            log.warning("feed change marker unavailable", exc_info=True)
            return None

    def holds(self, known: Answer) -> bool:
        return known.valid_until is None or self.app.config.get("CLOCK", system_now)() < known.valid_until

    def replay(self, known: Answer, environ: dict, start_response: Callable) -> list[bytes] | None:
        if not is_resource_modified(environ, etag=known.etag, last_modified=known.last_modified):
            headers = list(known.headers)
            remove_entity_headers(headers)
            start_response("304 NOT MODIFIED", headers)
            return []
        if known.body is None:
            return None
        start_response(known.status, known.headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [known.body]

    def record(self, key: tuple, marker: tuple | None, environ: dict, start_response: Callable):
        """Call the application and keep its answer if the view marked it as replayable."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        replayable = environ.get(REPLAYABLE_KEY)
        code = seen.get("status", "")[:3]
        if marker is None or replayable is None or code not in ("200", "304") \
                or (code == "200" and environ["REQUEST_METHOD"] != "GET"):
            return result
        body = None
        if code == "200":
            try:
                body = b"".join(result)
            finally:
                getattr(result, "close", lambda: None)()
            result = [body]
        headers = [(name, value) for name, value in seen["headers"] if name.lower() != "set-cookie"]
        self.answers.put(key, Answer(marker, replayable[2], replayable[0], replayable[1], seen["status"],
                                     headers, body))
        return result
