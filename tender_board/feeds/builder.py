"""Building RSS 2.0 and Atom 1.0 documents with feedgen: one item per published notice, with its
tender's terms as published (notices.content.PublicTerms, never the working copy).

The same inputs always give the same bytes (no "now" anywhere), so a body can be reused for as
long as its ETag holds.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from feedgen.feed import FeedGenerator

from ..i18n import country_name, pair, text
from ..notices.content import PublicTerms
from ..notices.models import KIND_NAMES, Notice
from ..oversight.indicators import BY_CODE as INDICATOR_CODES
from ..templating import CATEGORY_NAMES
from ..tenders.lifecycle import STATUS_NAMES
from ..tenders.models import Category
from ..urls import public_url
from .summary import clean, summary_html

SITE = ("招标公告板", "Tender Board")
PUBLISHER = ("外交部", "Ministry of Foreign Affairs")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # "updated" of a feed that has no items yet
CONTENT_TYPES = {"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8"}
# Chromium shows application/rss+xml and application/atom+xml as plain text, never applying the
# feed's stylesheet; a browser (which asks for text/html) gets the same bytes as XML instead.
BROWSER_TYPE = "application/xml; charset=utf-8"


def content_type(fmt: str, accept: str) -> str:
    """The feed's own type for a feed reader; XML for a browser, so that it shows the page."""
    return BROWSER_TYPE if "text/html" in (accept or "") else CONTENT_TYPES[fmt]


@dataclass(frozen=True)
class FeedInfo:
    """What the feed as a whole says about itself."""

    title: str
    description: str
    self_url: str
    page_url: str  # the HTML page listing the same notices
    lang: str
    updated: datetime | None


def scheme_url(name: str) -> str:
    return public_url("feeds.index") + f"#{name}"


def categories(notice: Notice, tender: PublicTerms, lang: str) -> list[dict]:
    """Category, country and kind, each with its code as term and its name as label."""
    return [
        {"term": tender.category.value, "scheme": scheme_url("category"),
         "label": pair(CATEGORY_NAMES[tender.category], lang)},
        {"term": tender.country, "scheme": scheme_url("country"), "label": country_name(tender.country, lang)},
        {"term": notice.kind.value, "scheme": scheme_url("kind"), "label": pair(KIND_NAMES[notice.kind], lang)},
    ]


def item_title(notice: Notice, tender: PublicTerms, lang: str) -> str:
    return clean(f"{pair(KIND_NAMES[notice.kind], lang)}：{text(tender.title, lang)}" if lang == "zh"
                 else f"{pair(KIND_NAMES[notice.kind], lang)}: {text(tender.title, lang)}")


def add_item(generator: FeedGenerator, notice: Notice, tender: PublicTerms, lang: str) -> None:
    permalink = public_url("notices.notice_detail", reference=tender.reference, number=notice.number)
    entry = generator.add_entry(order="append")
    entry.guid(permalink, permalink=True)  # the permalink is the item's identity, forever
    entry.link(href=permalink, rel="alternate")
    entry.title(item_title(notice, tender, lang))
    entry.published(notice.published_at)
    entry.updated(notice.published_at)
    entry.author(name=clean(text(tender.procuring_entity, lang)) or pair(PUBLISHER, lang))
    entry.category(categories(notice, tender, lang))
    entry.summary(summary_html(notice, tender, lang), type="html")


def generator_for(info: FeedInfo) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(info.self_url)
    generator.title(clean(info.title))
    generator.description(clean(info.description))
    generator.link(href=info.self_url, rel="self")
    generator.link(href=info.page_url, rel="alternate")
    generator.language("zh-CN" if info.lang == "zh" else "en")
    generator.author(name=pair(PUBLISHER, info.lang))
    generator.generator(pair(SITE, info.lang))
    generator.updated(info.updated or EPOCH)
    generator.lastBuildDate(info.updated or EPOCH)
    return generator


def build(info: FeedInfo, rows: list[tuple[Notice, PublicTerms]], fmt: str) -> bytes:
    """The feed document, items in the order given (newest first)."""
    generator = generator_for(info)
    for notice, tender in rows:
        add_item(generator, notice, tender, info.lang)
    return with_stylesheet(generator.rss_str() if fmt == "rss" else generator.atom_str())


def with_stylesheet(document: bytes) -> bytes:
    """The document with an `<?xml-stylesheet?>` instruction after its XML declaration: a browser
    opening the feed shows it as a readable page (static/feed.xsl, from the same origin); feed
    readers ignore it. feedgen cannot add one itself."""
    href = urlsplit(public_url("static", filename="feed.xsl")).path
    declaration, _, rest = document.partition(b"\n")
    return b"\n".join((declaration, f'<?xml-stylesheet type="text/xsl" href="{href}"?>'.encode(), rest))


# --- titles ---------------------------------------------------------------------------------

def _label(name: str, value: str, lang: str) -> str:
    """A search parameter as a reader would name it."""
    try:
        if name == "category":
            return pair(CATEGORY_NAMES[Category(value)], lang)
        if name == "country":
            return country_name(value.upper(), lang)
        if name == "kind":
            return pair(next(n for k, n in KIND_NAMES.items() if k.value == value), lang)
        if name == "flag":
            return f"{value.upper()} {text(INDICATOR_CODES[value.upper()].name, lang)}"
        if name == "status":
            return pair(next(n for s, n in STATUS_NAMES.items() if s.value == value), lang)
    except (ValueError, StopIteration, KeyError):
        pass
    return f"“{value}”" if name == "q" else f"{name}={value}"


def search_name(args: tuple[tuple[str, str], ...] | str, lang: str) -> str:
    """A search as a reader would name it, from its parameters or its query string."""
    if isinstance(args, str):
        args = tuple(parse_qsl(args))
    shown = [_label(name, value, lang) for name, value in args if name not in ("lang", "limit") and value]
    return " · ".join(shown) if shown else pair(("全部公告", "all notices"), lang)


def search_title(args: tuple[tuple[str, str], ...], lang: str) -> str:
    return f"{pair(SITE, lang)} — {search_name(args, lang)}"


def tender_title(tender_reference: str, title: dict, lang: str) -> str:
    return f"{pair(SITE, lang)} — {tender_reference} {text(title, lang)}"
