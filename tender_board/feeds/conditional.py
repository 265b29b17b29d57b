"""Conditional GET for feeds (条件请求): the validator is known before the feed is built.

Each worker remembers, per change marker and feed, the feed's validator (the ids of its items,
from one light query, nothing loaded) and, per validator, the built body. When another feed
changed, the marker moves and the validator is recomputed, but it is usually the same: the
poller still gets its 304 and the body is not rebuilt. A remembered validator also expires when
the next bid deadline passes, since a search by status then lists other tenders.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, request
from werkzeug.http import is_resource_modified

from ..lru import LruCache
from ..urls import public_url
from . import selection
from .fastpath import DEFAULT_BYTES, DEFAULT_SIZE
from .selection import FeedRequest, Snapshot

FORMAT_VERSION = "1"  # change when the feed layout changes, so every reader refetches


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime | None
    snapshot: Snapshot
    valid_until: datetime | None  # the next bid deadline: the clock may change the feed then

    def fresh(self, now: datetime) -> bool:
        return self.valid_until is None or now < self.valid_until


@dataclass
class FeedCaches:
    validators: LruCache
    bodies: LruCache
    countries: LruCache  # the countries in use, per change marker, for the list of feeds
    windows: LruCache  # where the newest WINDOW notices begin, per change marker (selection)


def caches() -> FeedCaches:
    return current_app.extensions["feeds"]


def make_validator(feed: FeedRequest, fmt: str, marker: tuple, now: datetime) -> Validator:
    """Same notices, same feed, same host → same ETag; anything else → another one."""
    state = selection.snapshot(feed, now, window_start(marker))
    basis = "|".join((FORMAT_VERSION, public_url("tenders.index"), feed.key, fmt, ",".join(map(str, state.ids))))
    return Validator(hashlib.sha256(basis.encode()).hexdigest()[:32], state.changed_at, state,
                     selection.next_deadline(now))


def validator(feed: FeedRequest, fmt: str, marker: tuple, now: datetime) -> Validator:
    key = (marker, request.scheme, request.host, feed.key, fmt)
    found = caches().validators.get(key)
    if found is None or not found.fresh(now):
        found = make_validator(feed, fmt, marker, now)
        caches().validators.put(key, found)
    return found


def window_start(marker: tuple) -> datetime | None:
    """Where the newest notices of a search's window begin: read once per change of the notices
    (10 ms at 20,000 notices), not once per feed. Any start would give the same items."""
    found = caches().windows.get(marker)
    if found is None:
        found = (selection.window_start(),)
        caches().windows.put(marker, found)
    return found[0]


def unchanged(found: Validator) -> bool:
    return not is_resource_modified(request.environ, etag=found.etag, last_modified=found.last_modified)


def body(found: Validator, build: Callable[[], bytes]) -> bytes:
    """The feed built once per validator and worker."""
    built = caches().bodies.get(found.etag)
    if built is None:
        built = build()
        caches().bodies.put(found.etag, built)
    return built


def init_app(app: Flask) -> None:
    size, budget = app.config.get("FEED_CACHE_SIZE", DEFAULT_SIZE), app.config.get("FEED_CACHE_BYTES", DEFAULT_BYTES)
    app.extensions["feeds"] = FeedCaches(LruCache(size), LruCache(size, budget, len), LruCache(4), LruCache(4))
