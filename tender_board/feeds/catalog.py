"""The feeds worth listing (订阅目录): everything, each category, each country in use, each kind.

`/feeds` shows them and `/feeds.opml` exports them for a feed reader to import.
"""

from dataclasses import dataclass
from urllib.parse import urlencode
from xml.etree import ElementTree

from sqlalchemy import select

from ..extensions import db
from ..i18n import country_name, locale, pair
from ..notices.models import KIND_NAMES, NoticeKind
from ..templating import CATEGORY_NAMES
from ..tenders.models import Category, Tender
from ..urls import public_url
from . import selection
from .builder import SITE
from .conditional import caches

SECTIONS = {
    "all": ("全部公告", "All notices"),
    "category": ("按工程类别", "By category"),
    "country": ("按国家或地区", "By country"),
    "kind": ("按公告类型", "By kind of notice"),
}


@dataclass(frozen=True)
class Listed:
    """One feed of the list: its name and the search parameters that make it."""

    name: str
    args: tuple[tuple[str, str], ...]


def countries_in_use() -> list[str]:
    """Read once per change marker: a distinct over every tender is not cheap."""
    marker = selection.change_marker()
    found = caches().countries.get(marker)
    if found is None:
        found = list(db.session.scalars(
            select(Tender.country).where(Tender.published_at.is_not(None), Tender.sandbox.is_(False))
            .distinct().order_by(Tender.country)))
        caches().countries.put(marker, found)
    return found


def sections(lang: str | None = None) -> list[tuple[str, list[Listed]]]:
    lang = lang or locale()
    return [
        (pair(SECTIONS["all"], lang), [Listed(pair(SECTIONS["all"], lang), ())]),
        (pair(SECTIONS["category"], lang),
         [Listed(pair(CATEGORY_NAMES[c], lang), (("category", c.value),)) for c in Category]),
        (pair(SECTIONS["country"], lang),
         sorted((Listed(country_name(code, lang), (("country", code),)) for code in countries_in_use()),
                key=lambda listed: listed.name)),
        (pair(SECTIONS["kind"], lang),
         [Listed(pair(KIND_NAMES[k], lang), (("kind", k.value),)) for k in NoticeKind]),
    ]


def feed_href(listed: Listed, fmt: str, lang: str) -> str:
    return public_url("feeds.notices_feed", fmt=fmt) + "?" + urlencode(
        sorted((*listed.args, ("lang", lang))))


def page_href(listed: Listed, lang: str) -> str:
    return public_url("tenders.tender_list") + "?" + urlencode((*listed.args, ("lang", lang)))


def opml(lang: str) -> bytes:
    """OPML 2.0: one outline per section, one RSS outline per feed, in the language asked for."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = f"{pair(SITE, lang)} — {pair(('订阅源', 'feeds'), lang)}"
    ElementTree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ElementTree.SubElement(root, "body")
    for title, feeds in sections(lang):
        group = ElementTree.SubElement(body, "outline", text=title, title=title)
        for listed in feeds:
            ElementTree.SubElement(group, "outline", type="rss", text=listed.name, title=listed.name,
                                   xmlUrl=feed_href(listed, "rss", lang), htmlUrl=page_href(listed, lang),
                                   language="zh-CN" if lang == "zh" else "en")
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
