"""RSS and Atom feeds: what a watcher's reader receives for every search and every tender."""

from datetime import timedelta

import pytest

from tender_board.extensions import db
from tender_board.feeds import selection
from tender_board.notices.operations import draft_notice, submit_notice
from tender_board.synthetic import load_synthetic

from .clients import FORMATS, all_published, guids, listed_references, parse, permalink, published_notices

SEARCHES = ["", "category=overseas", "category=domestic", "country=KE", "country=vn", "kind=result",
            "kind=amendment", "status=cancelled", "status=contracted", "q=Nairobi", "q=维修",
            "category=overseas&kind=announcement", "value_min=500000&value_max=2000000"]


@pytest.fixture
def tenders(app, make, clock):
    return make.every_kind()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("query", SEARCHES)
def test_every_search_feed_is_well_formed(client, tenders, query, fmt, lang):
    response = client.get(f"/feeds/notices.{fmt}?{query}&lang={lang}")
    parsed = parse(response)
    media = "application/rss+xml" if fmt == "rss" else "application/atom+xml"
    assert response.headers["Content-Type"] == f"{media}; charset=utf-8"
    assert parsed.feed.language if fmt == "rss" else True
    for entry in parsed.entries:
        assert entry.link == entry.id and "/notices/" in entry.id
        assert entry.published_parsed is not None
        assert ("+00:00" in entry.published) if fmt == "atom" else ("+0000" in entry.published)


@pytest.mark.parametrize("query", SEARCHES)
def test_a_search_feed_carries_exactly_the_notices_of_the_tenders_its_page_lists(client, tenders, query):
    listed = listed_references(client.get(f"/tenders?{query}").get_data(as_text=True))
    kind = dict(pair.split("=") for pair in query.split("&") if pair).get("kind")
    expected = [permalink(n) for n in published_notices(*tenders.values())
                if n.tender.reference in listed and (kind is None or n.kind.value == kind)]
    assert expected, "every search here lists something, so the comparison means something"
    rss = parse(client.get(f"/feeds/notices.rss?{query}"))
    atom = parse(client.get(f"/feeds/notices.atom?{query}"))
    assert guids(rss) == guids(atom) == expected


def test_the_all_notices_feed_has_every_kind_newest_first(client, tenders):
    parsed = parse(client.get("/feeds/notices.atom?lang=en"))
    assert guids(parsed) == [permalink(n) for n in published_notices(*tenders.values())]
    kinds = {tag.term for entry in parsed.entries for tag in entry.tags if tag.scheme.endswith("#kind")}
    assert kinds == {"announcement", "amendment", "opening", "candidates", "result", "contract",
                     "termination", "failure"}
    times = [entry.published_parsed for entry in parsed.entries]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_tender_feed_has_its_notices_from_contract_back_to_announcement(client, tenders, fmt):
    awarded = tenders["awarded"]
    parsed = parse(client.get(f"/tenders/{awarded.reference}/feed.{fmt}?lang=en"))
    assert guids(parsed) == [permalink(n) for n in published_notices(awarded)]
    assert [e.title.split(":")[0] for e in parsed.entries] == [
        "Contract signed", "Award result", "Candidates for award", "Bid opening record", "Tender announcement"]
    assert parsed.feed.title.startswith("Tender Board — " + awarded.reference)


def test_items_say_what_a_watcher_needs_in_the_feeds_language(client, tenders):
    amended = tenders["amended"]
    zh = parse(client.get(f"/tenders/{amended.reference}/feed.rss"))  # Chinese by default
    en = parse(client.get(f"/tenders/{amended.reference}/feed.rss?lang=en"))
    assert zh.entries[0].title == "变更公告：驻肯尼亚使馆围墙工程"
    assert en.entries[0].title == "Amendment: Embassy in Nairobi: perimeter wall"
    summary = en.entries[0].summary
    assert "Bid deadline (Beijing time)" in summary and "Bid deadline (local time)" in summary
    assert "UTC+08:00" in summary and "UTC+03:00" in summary and "Africa/Nairobi" in summary
    assert "→" in summary and "Extended at bidders" in summary  # old → new, and why
    assert "1,000,000.00" in summary  # the estimated value
    assert "投标截止（北京时间）" in zh.entries[0].summary
    # RSS names each category for people, with its scheme as domain; Atom adds the code as term.
    assert {(t.scheme.rsplit("#")[1], t.term) for t in en.entries[0].tags} == {
        ("category", "Overseas works"), ("country", "Kenya"), ("kind", "Amendment")}
    atom = parse(client.get(f"/tenders/{amended.reference}/feed.atom?lang=en"))
    assert {(t.scheme.rsplit("#")[1], t.term, t.label) for t in atom.entries[0].tags} == {
        ("category", "overseas", "Overseas works"), ("country", "KE", "Kenya"), ("kind", "amendment", "Amendment")}


def test_a_result_names_the_winner_and_atom_items_have_an_author(client, tenders):
    parsed = parse(client.get("/feeds/notices.atom?kind=result&lang=en"))
    (entry,) = parsed.entries
    assert "Winner" in entry.summary and "建设公司1" in entry.summary
    assert entry.author == "MFA Department of Administration"
    assert parsed.feed.author == "Ministry of Foreign Affairs"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_names_itself_and_the_page_it_follows(client, tenders, fmt):
    parsed = parse(client.get(f"/feeds/notices.{fmt}?sort=value&country=KE&page=3&lang=en"))
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == f"http://tenders.test/feeds/notices.{fmt}?country=KE&lang=en"
    assert links["alternate"] == "http://tenders.test/tenders?country=KE&lang=en"
    assert "Kenya" in parsed.feed.title


def test_guids_never_change_when_later_notices_are_published(client, make, clock, tenders):
    before = {e.id: e.link for e in parse(client.get("/feeds/notices.rss?limit=200")).entries}
    clock.advance(hours=2)
    newer = make.open_tender()
    make.publish(newer, {"kind": "amendment", "changes": {"contact": {"en": "Ms Li, +254 20"}},
                         "rationale": {"en": "New contact."}})
    db.session.commit()
    after = parse(client.get("/feeds/notices.rss?limit=200")).entries
    assert {e.id: e.link for e in after if e.id in before} == before
    assert [e.id for e in after[:2]] == [permalink(n) for n in published_notices(newer)]
    assert after[0].id.endswith(f"/tenders/{newer.reference}/notices/2")
    assert len(after) == len(before) + 2


def test_drafts_notices_in_approval_and_sandbox_tenders_never_appear(client, make, clock):
    shown = make.open_tender()
    make.tender(title={"zh": "草稿项目"})  # a draft tender
    pending = draft_notice(shown, {"kind": "termination", "reason": {"zh": "审批中的终止。"}}, shown.manager)
    submit_notice(pending, shown.manager)
    sandbox = make.open_tender(sandbox=True)
    db.session.commit()
    for url in ("/feeds/notices.rss", "/feeds/notices.atom?sandbox=1", "/feeds/notices.rss?status=open"):
        assert guids(parse(client.get(url))) == [permalink(shown.notices[0])]
    response = client.get(f"/tenders/{sandbox.reference}/feed.atom")
    assert response.status_code == 404 and response.content_type == "text/plain; charset=utf-8"


def test_markup_is_escaped_and_control_characters_stripped(client, make):
    tender = make.tender()
    tender.title = {"zh": "<script>alert(1)</script> 工程 &amp; \x01\x1b维修", "en": "<b>Bold</b> & Co\x0c"}
    tender.procuring_entity = {"en": "Entity </name> \x00"}
    db.session.flush()
    make.publish(tender, {**make.announcement(), "body": {"en": "<img src=x onerror=alert(1)> Notice"}})
    db.session.commit()
    for fmt in FORMATS:
        zh = parse(client.get(f"/feeds/notices.{fmt}"))
        assert zh.entries[0].title == "招标公告：<script>alert(1)</script> 工程 &amp; 维修"
        en = parse(client.get(f"/feeds/notices.{fmt}?lang=en"))
        assert en.entries[0].title == "Tender announcement: <b>Bold</b> & Co"
        assert "&lt;img src=x onerror=alert(1)&gt; Notice" in en.entries[0].summary
        assert "<img" not in en.entries[0].summary


def test_fifty_items_by_default_and_limit_chooses_another_number(client, app):
    load_synthetic(55, echo=lambda _message: None)
    assert len(parse(client.get("/feeds/notices.rss")).entries) == 50
    assert len(parse(client.get("/feeds/notices.atom?limit=3")).entries) == 3
    assert len(parse(client.get("/feeds/notices.atom?limit=200")).entries) == 55


def test_an_empty_search_is_still_a_valid_feed(client, tenders):
    parsed = parse(client.get("/feeds/notices.atom?country=FR"))
    assert parsed.entries == [] and parsed.feed.title


@pytest.mark.parametrize("query, parameter", [
    ("country=XX", "country"), ("status=nonsense", "status"), ("kind=bogus", "kind"),
    ("category=space", "category"), ("lang=fr", "lang"), ("limit=0", "limit"), ("limit=abc", "limit"),
    ("limit=201", "limit"), ("published_from=yesterday", "published_from"), ("value_min=-5", "value_min"),
])
def test_a_bad_filter_is_refused_with_a_short_message(client, tenders, query, parameter):
    for url in (f"/feeds/notices.rss?{query}", f"/tenders/{tenders['failed'].reference}/feed.atom?{query}"):
        response = client.get(url)
        if parameter not in ("lang", "limit", "kind") and "/tenders/" in url:
            assert response.status_code == 200  # a tender's feed has no search filters to get wrong
            continue
        assert response.status_code == 400, url
        assert response.content_type == "text/plain; charset=utf-8"
        body = response.get_data(as_text=True)
        assert body.startswith(f"{parameter}: ") and len(body) < 400 and "Traceback" not in body


def test_the_refusal_speaks_the_feeds_language(client):
    english = client.get("/feeds/notices.rss?country=XX&lang=en").get_data(as_text=True)
    chinese = client.get("/feeds/notices.rss?country=XX&lang=zh").get_data(as_text=True)
    neither = client.get("/feeds/notices.rss?lang=xx").get_data(as_text=True)
    assert "Unknown country code" in english and "未知" not in english
    assert "未知的国家或地区代码" in chinese and "Unknown" not in chinese
    assert "语言" in neither and "language" in neither


def test_unknown_tender_and_page_only_parameters(client, tenders):
    response = client.get("/tenders/MFA-1999-OS-9999/feed.rss?lang=en")
    assert response.status_code == 404 and response.get_data(as_text=True) == "No such tender.\n"
    for query in ("page=9", "sort=bogus", "utm_source=newsletter", "fmt=x&reference=y"):
        assert parse(client.get(f"/feeds/notices.rss?{query}")).entries


def test_the_clock_alone_moves_a_tender_between_status_feeds(client, make, clock):
    tender = make.open_tender(days=25)
    db.session.commit()
    assert guids(parse(client.get("/feeds/notices.rss?status=open"))) == [permalink(tender.notices[0])]
    clock.at = tender.bid_deadline + timedelta(minutes=1)
    assert parse(client.get("/feeds/notices.rss?status=open")).entries == []
    assert guids(parse(client.get("/feeds/notices.rss?status=closed"))) == [permalink(tender.notices[0])]
    assert len(all_published()) == 1


@pytest.mark.parametrize("query", SEARCHES)
def test_looking_among_the_newest_notices_first_finds_the_same_items(client, tenders, monkeypatch, query):
    """Broad searches walk the newest notices; sparse ones go through their tenders."""
    through_tenders = guids(parse(client.get(f"/feeds/notices.atom?{query}&limit=3")))
    monkeypatch.setattr(selection, "WINDOW", 4)
    through_window = guids(parse(client.get(f"/feeds/notices.atom?{query}&limit=3&lang=zh")))
    assert through_window == through_tenders


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_browser_gets_the_feed_as_xml_with_its_stylesheet_and_a_reader_as_a_feed(client, make, fmt):
    make.open_tender()
    db.session.commit()
    reader = client.get(f"/feeds/notices.{fmt}", headers={"Accept": f"application/{fmt}+xml"})
    browser = client.get(f"/feeds/notices.{fmt}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert reader.mimetype == f"application/{fmt}+xml" and browser.mimetype == "application/xml"
    assert reader.data == browser.data and "Accept" in reader.headers["Vary"]
    assert reader.data.splitlines()[1] == b'<?xml-stylesheet type="text/xsl" href="/static/feed.xsl"?>'
    stylesheet = client.get("/static/feed.xsl")
    assert stylesheet.status_code == 200 and b"xsl:stylesheet" in stylesheet.data
    assert b"<script" not in stylesheet.data and b"style=" not in stylesheet.data


def test_a_search_feed_read_through_the_window_shows_a_notice_published_after_it(client, make, clock, monkeypatch):
    """The window's start is kept per change of the notices: a new publication moves it, and a
    search that the window cannot fill is still read through its tenders."""
    monkeypatch.setattr(selection, "WINDOW", 2)
    make.more_tenders(3)
    before = guids(parse(client.get("/feeds/notices.atom?limit=1&q=repair")))
    make.more_tenders(1)
    after = guids(parse(client.get("/feeds/notices.atom?limit=1&q=repair")))
    newest = guids(parse(client.get("/feeds/notices.atom?limit=1")))
    assert after == newest and after != before
    assert len(guids(parse(client.get("/feeds/notices.atom?limit=4&q=repair")))) == 4  # beyond the window
