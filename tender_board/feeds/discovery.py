"""Feed discovery (订阅发现): the `<link rel="alternate">` a page carries for its own feed.

A search page offers the feed of exactly its filters, a tender page the tender's feed, the home
page and `/feeds` the feed of every notice. Readers and browsers find them from the page alone.
"""

from urllib.parse import urlencode

from flask import current_app, request, url_for
from flask_babel import gettext as _

from ..i18n import locale
from .selection import PAGE_ONLY

TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
ALL_NOTICES = frozenset({"tenders.index", "feeds.index"})


def page_args() -> list[tuple[str, str]]:
    """The page's query string without page and sort; its language, if not the default."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in PAGE_ONLY]
    if "lang" not in request.args and locale() != current_app.config["BABEL_DEFAULT_LOCALE"]:
        args.append(("lang", locale()))
    return args


def _links(base: dict, args: list[tuple[str, str]], title: str) -> list[dict]:
    query = f"?{urlencode(args)}" if args else ""
    return [{"type": media, "title": f"{title} ({fmt.upper() if fmt == 'rss' else 'Atom'})",
             "href": url_for(**base, fmt=fmt) + query} for fmt, media in TYPES.items()]


def feed_links() -> list[dict]:
    """Alternate links for the current page: type, title and href of each."""
    endpoint = request.endpoint
    if endpoint == "tenders.tender_list":
        return _links({"endpoint": "feeds.notices_feed"}, page_args(), _("Notices of this search"))
    if endpoint == "tenders.tender_detail" and request.view_args:
        base = {"endpoint": "feeds.tender_feed", "reference": request.view_args["reference"]}
        return _links(base, [a for a in page_args() if a[0] == "lang"], _("Notices of this tender"))
    if endpoint in ALL_NOTICES:
        return _links({"endpoint": "feeds.notices_feed"}, [a for a in page_args() if a[0] == "lang"],
                      _("All notices"))
    return []
