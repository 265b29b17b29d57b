"""Feed URLs: every search and every tender as RSS and Atom, the list of feeds, and OPML."""

from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from ..clock import now as clock_now
from ..i18n import pair
from ..notices.content import public_terms
from ..public import rendered_store
from ..public.page_cache import FOREVER
from ..tenders.lookup import find_tender
from ..urls import public_url
from . import builder, catalog, conditional, fastpath, selection
from .conditional import Validator
from .selection import BadFeedRequest, FeedRequest

bp = Blueprint("feeds", __name__)

FORMAT = "<any(rss, atom):fmt>"
MAX_AGE = 60  # seconds a proxy or reader may reuse a feed without asking again
NO_SUCH_TENDER = ("未找到该招标项目。", "No such tender.")
DESCRIPTIONS = {
    "all": ("全部已发布公告，最新在前。", "Every published notice, newest first."),
    "search": ("符合该检索条件的招标项目的已发布公告，最新在前。",
               "Published notices of the tenders matching this search, newest first."),
    "tender": ("该招标项目的全部已发布公告，最新在前。", "Every published notice of this tender, newest first."),
}


def plain(status: int, message: str) -> Response:
    return Response(message, status=status, content_type="text/plain; charset=utf-8")


def refused(error: BadFeedRequest) -> Response:
    lang = request.args.get("lang")
    return plain(400, error.text(lang if lang in ("zh", "en") else None))


def feed_url(feed: FeedRequest, fmt: str) -> str:
    """The canonical address of a feed: its parameters sorted, page and sort left out."""
    route = {"reference": feed.reference} if feed.reference else {}
    return f"{public_url(feed.endpoint, fmt=fmt, **route)}?{urlencode(feed.args)}"


def search_info(feed: FeedRequest, fmt: str, found: Validator) -> builder.FeedInfo:
    page_args = urlencode([(k, v) for k, v in feed.args if k != "limit"])
    narrowed = any(k not in ("lang", "limit") for k, _ in feed.args)
    description = pair(DESCRIPTIONS["search" if narrowed else "all"], feed.lang)
    return builder.FeedInfo(builder.search_title(feed.args, feed.lang), description,
                            feed_url(feed, fmt), public_url("tenders.tender_list") + "?" + page_args,
                            feed.lang, found.snapshot.latest)


def tender_info(feed: FeedRequest, fmt: str, found: Validator) -> builder.FeedInfo:
    terms = public_terms(find_tender(feed.reference))
    page = public_url("tenders.tender_detail", reference=feed.reference, lang=feed.lang)
    return builder.FeedInfo(builder.tender_title(feed.reference, terms.title if terms else {}, feed.lang),
                            pair(DESCRIPTIONS["tender"], feed.lang), feed_url(feed, fmt), page, feed.lang,
                            found.snapshot.latest)


def marker() -> tuple:
    """Read once per request: by the fast path in front of the app, else here."""
    return request.environ.get(fastpath.MARKER_KEY) or selection.change_marker()


def with_validators(response: Response, found: Validator, lang: str) -> Response:
    response.set_etag(found.etag)
    if found.last_modified:
        response.last_modified = found.last_modified
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    # The language comes from the address alone, so every reader of this URL gets the same bytes.
    response.headers["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    response.vary.add("Accept")  # a browser gets the same bytes typed as XML (builder.content_type)
    return response


def serve(feed: FeedRequest, fmt: str, info) -> Response:
    """304 from the validator alone; otherwise the body, built at most once per validator."""
    found = conditional.validator(feed, fmt, marker(), clock_now())
    if not found.snapshot.covered:
        return plain(404, pair(NO_SUCH_TENDER, feed.lang) + "\n")
    request.environ[fastpath.REPLAYABLE_KEY] = (found.etag, found.last_modified, found.valid_until)
    kind = builder.content_type(fmt, request.headers.get("Accept", ""))
    if conditional.unchanged(found):
        return with_validators(Response(status=304, content_type=kind), found, feed.lang)
    body = conditional.body(found, lambda: builder.build(
        info(feed, fmt, found), selection.load_items(found.snapshot.ids), fmt))
    now = clock_now()
    until = found.valid_until or FOREVER
    rendered_store.offer(feed.reference, until, until, found.etag, found.last_modified or now, now, own_caching=True)
    return with_validators(Response(body, content_type=kind), found, feed.lang)


@bp.get(f"/feeds/notices.{FORMAT}")
def notices_feed(fmt: str):
    """All published notices, or those of any search `/tenders` understands."""
    try:
        feed = selection.search_request(request.args, clock_now())
    except BadFeedRequest as error:
        return refused(error)
    return serve(feed, fmt, search_info)


notices_feed.stored = rendered_store.FEED  # kept in the store of rendered pages for every server


@bp.get(f"/tenders/<reference>/feed.{FORMAT}")
def tender_feed(reference: str, fmt: str):
    """One tender's notices, from its announcement to its contract."""
    try:
        feed = selection.tender_request(reference, request.args)
    except BadFeedRequest as error:
        return refused(error)
    return serve(feed, fmt, tender_info)


tender_feed.stored = rendered_store.FEED  # kept in the store of rendered pages for every server


@bp.get("/feeds")
def index():
    """Every useful feed, in both formats and both languages."""
    return render_template("feeds/index.html", sections=catalog.sections(), feed_href=catalog.feed_href)


@bp.get("/feeds.opml")
def opml():
    """The same list for a feed reader to import."""
    try:
        lang = selection.feed_language(request.args)
    except BadFeedRequest as error:
        return refused(error)
    response = Response(catalog.opml(lang), content_type="text/x-opml; charset=utf-8")
    response.headers["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)
