"""Which notices a feed carries (订阅源的内容): the published notices of the tenders a search lists.

A search feed takes exactly the parameters of `/tenders` and hands them to the same two functions
the page uses (`TenderFilters.from_args`, `public_tenders`), so every filter the page learns
reaches the feeds too. Only `kind` is read here as well: it keeps the items of that notice kind.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import selectinload

from .. import validation as v
from ..errors import DomainError, invalid
from ..extensions import db
from ..notices.content import PublicTerms, public_terms_of
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..public import queries
from ..tenders.models import Tender

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Parameters that change how a page is shown, never which notices a feed carries.
PAGE_ONLY = frozenset({"page", "sort"})


class BadFeedRequest(Exception):
    """A parameter the feed cannot honour: answered 400 with a short plain-text message."""

    def __init__(self, parameter: str, error: DomainError):
        super().__init__(parameter)
        self.parameter, self.error = parameter, error

    def text(self, lang: str | None) -> str:
        langs = [lang] if lang else ["zh", "en"]
        return "\n".join(f"{self.parameter}: {self.error.text(each)}" for each in langs) + "\n"


@dataclass(frozen=True)
class FeedRequest:
    """One feed: its endpoint and canonical arguments, language, length, and the tenders it covers."""

    endpoint: str
    args: tuple[tuple[str, str], ...]  # sorted, without page/sort; `lang` and `limit` resolved
    lang: str
    limit: int
    kind: NoticeKind | None
    tender_ids: Callable[[], Subquery] = field(compare=False, hash=False)  # its tenders, built when needed
    reference: str | None = None  # set for one tender's feed

    @property
    def key(self) -> str:
        """Names the feed whatever order its parameters came in."""
        return f"{self.endpoint}|{self.reference or ''}|{urlencode(self.args)}"


def feed_language(args) -> str:
    raw = args.get("lang")
    if raw is None:
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if raw not in current_app.config["LANGUAGES"]:
        raise BadFeedRequest("lang", invalid("lang", "语言应为 zh 或 en。", "The language must be zh or en."))
    return raw


def feed_limit(args) -> int:
    raw = args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 0 < int(raw) <= MAX_LIMIT:
        raise BadFeedRequest("limit", invalid("limit", f"条目数应为 1 至 {MAX_LIMIT} 的整数。",
                                              f"The number of items must be a whole number from 1 to {MAX_LIMIT}."))
    return int(raw)


def notice_kind(args) -> NoticeKind | None:
    raw = args.get("kind", "").strip()
    if not raw:
        return None
    try:
        return v.choice(raw, NoticeKind, "kind")
    except DomainError as error:
        raise BadFeedRequest("kind", error) from None


def canonical_args(args, lang: str, limit: int) -> tuple[tuple[str, str], ...]:
    kept = [(k, val) for k, val in args.items(multi=True)
            if k not in PAGE_ONLY | {"lang", "limit"} and not k.startswith("_")]
    resolved = [("lang", lang)] + ([("limit", str(limit))] if limit != DEFAULT_LIMIT else [])
    return tuple(sorted(kept + resolved))


def search_request(args, now: datetime) -> FeedRequest:
    """The feed of a search: the tenders `/tenders` lists for the same query string."""
    lang, limit, kind = feed_language(args), feed_limit(args), notice_kind(args)
    filters = queries.TenderFilters.from_args(args)
    problems = [(name, error) for name, error in filters.problems if name not in PAGE_ONLY]
    if problems:
        raise BadFeedRequest(*problems[0])
    filters.sandbox = False  # training tenders never reach watchers

    def tender_ids() -> Subquery:
        return queries.public_tenders(filters, now).order_by(None).subquery()

    return FeedRequest("feeds.notices_feed", canonical_args(args, lang, limit), lang, limit, kind,
                       tender_ids)


def tender_request(reference: str, args) -> FeedRequest:
    """The feed of one published, non-sandbox tender."""
    lang, limit, kind = feed_language(args), feed_limit(args), notice_kind(args)

    def tender_ids() -> Subquery:
        return select(Tender.id).where(Tender.reference == reference, Tender.published_at.is_not(None),
                                       Tender.sandbox.is_(False)).subquery()

    return FeedRequest("feeds.tender_feed", canonical_args(args, lang, limit), lang, limit, kind,
                       tender_ids, reference)


ORDER = (Notice.published_at.desc(), Notice.id.desc())
# A search's newest notices are first looked for among this many of the newest notices, walking
# the publication index; only a sparse search has to be read through its tenders instead.
WINDOW = 2000


def _items(feed: FeedRequest, *conditions) -> list:
    """(id, published_at, bid deadline) of the feed's notices, newest first."""
    query = select(Notice.id, Notice.published_at, Tender.bid_deadline) \
        .join(Tender, Tender.id == Notice.tender_id) \
        .where(Notice.status == NoticeStatus.PUBLISHED, *conditions)
    if feed.kind:
        query = query.where(Notice.kind == feed.kind)
    return db.session.execute(query.order_by(*ORDER).limit(feed.limit)).all()


def window_start() -> datetime | None:
    return db.session.scalar(select(Notice.published_at).where(Notice.status == NoticeStatus.PUBLISHED)
                             .order_by(*ORDER).offset(WINDOW - 1).limit(1))


def newest_items(feed: FeedRequest, start: datetime | None) -> list:
    """The feed's items without loading them. A broad search finds them among the notices
    published from `start` (window_start) on; one that finds too few there is read through its
    tenders. Same answer either way, whatever the start."""
    tenders = feed.tender_ids()
    if start is not None and feed.reference is None:
        rows = _items(feed, Notice.published_at >= start,
                      select(tenders.c.id).where(tenders.c.id == Notice.tender_id).exists())
        if len(rows) == feed.limit:
            return rows
    return _items(feed, Notice.tender_id.in_(select(tenders.c.id)))


@dataclass(frozen=True)
class Snapshot:
    """What tells whether the feed changed: its items, found with one light query."""

    ids: tuple[int, ...]  # the feed's notices, newest first
    covered: bool  # the feed's tenders exist: false only for an unknown tender's feed
    latest: datetime | None  # the newest publication among them
    changed_at: datetime | None  # latest publication, or a listed tender's deadline passing


def snapshot(feed: FeedRequest, now: datetime, start: datetime | None) -> Snapshot:
    rows = newest_items(feed, start)
    moments = [row.published_at for row in rows[:1]] + [
        row.bid_deadline for row in rows if row.bid_deadline and row.bid_deadline <= now]
    covered = bool(rows) or feed.reference is None or db.session.scalar(
        select(select(feed.tender_ids()).exists())) is True
    return Snapshot(tuple(row.id for row in rows), covered, rows[0].published_at if rows else None,
                    max(moments) if moments else None)


def load_items(ids: tuple[int, ...]) -> list[tuple[Notice, PublicTerms]]:
    """The notices of a snapshot, in its order, each with its tender's terms as published."""
    found = {notice.id: notice for notice in db.session.scalars(select(Notice).where(Notice.id.in_(ids))
                                                        .options(selectinload(Notice.ledger_entry)))}
    tender_ids = {notice.tender_id for notice in found.values()}
    published = db.session.scalars(select(Notice).where(
        Notice.tender_id.in_(tender_ids), Notice.status == NoticeStatus.PUBLISHED)).all()
    terms = public_terms_of(published)
    return [(found[i], terms[found[i].tender_id]) for i in ids]


# Moves whenever a notice is stored or published: two index look-ups, no parameters, so the
# fast path can run it on a bare database connection. Deadlines passing are handled apart
# (`next_deadline`), because a search by status lists other tenders once one passes.
CHANGE_MARKER = select(select(func.max(Notice.id)).scalar_subquery(),
                       select(func.max(Notice.sequence)).scalar_subquery())


def change_marker() -> tuple:
    return tuple(db.session.connection().execute(CHANGE_MARKER).one())


def next_deadline(now: datetime) -> datetime | None:
    """Until this moment no tender changes status by the clock alone."""
    return db.session.scalar(select(func.min(Tender.bid_deadline)).where(Tender.bid_deadline > now))
