"""Finding feeds: the /feeds page, the OPML export, and the alternate links every page carries."""

import re
from html import unescape
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from flask import render_template

from tender_board.extensions import db

from .clients import parse

KINDS = ["announcement", "amendment", "opening", "candidates", "result", "contract", "termination", "failure"]


@pytest.fixture
def tenders(app, make, clock):
    return make.every_kind()


def local(url: str) -> str:
    parts = urlsplit(unescape(url))
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def alternates(html: str) -> dict[str, str]:
    """type → href of the page's <link rel="alternate">."""
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', html)
    return {media: unescape(href) for media, href in links}


def test_the_feeds_page_offers_every_category_country_and_kind_in_both_formats_and_languages(client, tenders):
    html = client.get("/feeds?lang=en").get_data(as_text=True)
    for name in ("All notices", "Overseas works", "Domestic works", "Vietnam", "Kenya", "China",
                 "Award result", "Tender failed", "Termination"):
        assert f'<th scope="row">{name}</th>' in html
    hrefs = set(re.findall(r'href="(http://tenders\.test/feeds/notices\.[a-z]+\?[^"]*)"', html))
    wanted = [("category", "overseas"), ("category", "domestic"), ("country", "VN"), ("country", "KE"),
              ("country", "CN")] + [("kind", kind) for kind in KINDS]
    for fmt in ("rss", "atom"):
        for lang in ("zh", "en"):
            assert f"http://tenders.test/feeds/notices.{fmt}?lang={lang}" in hrefs
            for name, value in wanted:
                assert f"http://tenders.test/feeds/notices.{fmt}?{name}={value}&amp;lang={lang}" in hrefs
    assert len(hrefs) == 2 * 2 * (1 + len(wanted))
    for href in sorted(hrefs)[:6]:
        parse(client.get(local(href)))
    assert "/feeds.opml?lang=en" in html


def test_the_feeds_page_speaks_chinese_too(client, tenders):
    html = client.get("/feeds", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "按国家或地区" in html and "肯尼亚" in html and "中标结果公告" in html


def test_only_countries_in_use_and_never_a_sandbox_country(client, make):
    make.open_tender(sandbox=True, country="BR", city="Brasília", timezone="America/Sao_Paulo")
    make.open_tender(country="EG", city="Cairo", timezone="Africa/Cairo")
    db.session.commit()
    html = client.get("/feeds?lang=en").get_data(as_text=True)
    assert "country=EG" in html and "country=BR" not in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_opml_lists_the_same_feeds_for_a_reader_to_import(client, tenders, lang):
    response = client.get(f"/feeds.opml?lang={lang}")
    assert response.status_code == 200 and response.content_type == "text/x-opml; charset=utf-8"
    root = ElementTree.fromstring(response.data)  # noqa: S314 (our own answer, in a test)
    assert root.tag == "opml" and root.get("version") == "2.0"
    feeds = root.findall("./body/outline/outline")
    assert len(feeds) == 1 + 2 + 3 + len(KINDS)
    assert all(f.get("type") == "rss" and f.get("xmlUrl").endswith(f"lang={lang}") for f in feeds)
    names = {f.get("text") for f in feeds}
    assert ("Kenya" in names) if lang == "en" else ("肯尼亚" in names)
    for outline in feeds[:4]:
        parse(client.get(local(outline.get("xmlUrl"))))
        assert client.get(local(outline.get("htmlUrl"))).status_code == 200
    again = client.get(f"/feeds.opml?lang={lang}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_opml_refuses_an_unknown_language(client):
    response = client.get("/feeds.opml?lang=fr")
    assert response.status_code == 400 and response.get_data(as_text=True).startswith("lang: ")


def test_a_search_page_links_the_feed_of_exactly_its_filters(client, tenders):
    html = client.get("/tenders?country=VN&category=overseas&page=2&sort=deadline").get_data(as_text=True)
    links = alternates(html)
    assert links == {"application/rss+xml": "/feeds/notices.rss?country=VN&category=overseas",
                     "application/atom+xml": "/feeds/notices.atom?country=VN&category=overseas"}
    for href in links.values():
        assert parse(client.get(href)).entries


def test_an_english_page_links_the_english_feed(client, tenders):
    html = client.get("/tenders?kind=result", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert alternates(html)["application/rss+xml"] == "/feeds/notices.rss?kind=result&lang=en"


def test_a_tender_page_links_the_tenders_feed(client, tenders):
    reference = tenders["awarded"].reference
    links = alternates(client.get(f"/tenders/{reference}?lang=en").get_data(as_text=True))
    assert links["application/atom+xml"] == f"/tenders/{reference}/feed.atom?lang=en"
    assert len(parse(client.get(links["application/rss+xml"])).entries) == 5


@pytest.mark.parametrize("path", ["/", "/feeds"])
def test_the_home_page_and_feeds_page_link_every_notice(client, tenders, path):
    assert alternates(client.get(path).get_data(as_text=True)) == {
        "application/rss+xml": "/feeds/notices.rss", "application/atom+xml": "/feeds/notices.atom"}


def test_the_partial_alone_and_pages_without_a_feed(app):
    with app.test_request_context("/tenders?status=open&page=3"):
        assert 'href="/feeds/notices.atom?status=open"' in render_template("feeds/_alternate.html")
    with app.test_request_context("/auth/login"):
        assert render_template("feeds/_alternate.html").strip() == ""


@pytest.mark.parametrize(("lang", "label", "found", "not_found"), [
    ("en", "Follow this search:", "chancery repair", "wastewater"),
    ("zh", "订阅此搜索：", "驻越南大使馆办公楼维修工程", "污水处理")])
def test_the_search_page_shows_the_feed_of_its_own_search(client, make, lang, label, found, not_found):
    """/feeds tells readers to use the feed link on the search page: it must be there, visible."""
    make.catalogue()
    page = client.get(f"/tenders?q=chancery&lang={lang}").get_data(as_text=True)
    follow = re.search(r'<p class="follow">(.*?)</p>', page).group(1)
    assert follow.startswith(label)
    hrefs = [unescape(h) for h in re.findall(r'href="([^"]+)"', follow)]
    assert [urlsplit(h).path for h in hrefs] == ["/feeds/notices.rss", "/feeds/notices.atom", "/alerts/new",
                                                 "/tenders.ics"]
    assert {urlsplit(h).query for h in hrefs} == {f"q=chancery&lang={lang}"}  # all four follow the same search
    feed = client.get(hrefs[0]).get_data(as_text=True)
    assert found in feed and not_found not in feed
