"""Conditional GET on feeds: pollers get a 304 with no body until something they follow changes."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from tender_board.extensions import db
from tender_board.feeds import fastpath

from .clients import FORMATS, guids, parse, permalink

FEEDS = ["/feeds/notices.{fmt}", "/feeds/notices.{fmt}?country=VN&lang=en", "/feeds/notices.{fmt}?kind=announcement"]


@pytest.fixture
def tender(app, make):
    tender = make.open_tender()
    db.session.commit()
    return tender


def statements(app):
    """The SQL the application runs through SQLAlchemy, recorded while the block runs."""
    seen = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda *args: seen.append(args[2]) if args[2] != "BEGIN" else None)
    return seen


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("url", FEEDS)
def test_a_repeated_poll_gets_304_with_no_body(client, tender, url, fmt):
    first = client.get(url.format(fmt=fmt))
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    assert first.headers["ETag"].startswith('"') and first.headers["Last-Modified"]
    again = client.get(url.format(fmt=fmt), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=60"
    since = client.get(url.format(fmt=fmt), headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304 and since.data == b""


def test_an_older_validator_gets_the_feed(client, tender):
    response = client.get("/feeds/notices.rss", headers={"If-None-Match": '"something-else"',
                                                         "If-Modified-Since": "Mon, 01 Feb 2027 00:00:00 GMT"})
    assert response.status_code == 200 and guids(parse(response)) == [permalink(tender.notices[0])]


def test_each_format_language_and_search_has_its_own_etag(client, tender):
    urls = ["/feeds/notices.rss", "/feeds/notices.atom", "/feeds/notices.rss?lang=en", "/feeds/notices.rss?lang=zh&limit=5",
            f"/tenders/{tender.reference}/feed.rss", "/feeds/notices.rss?country=VN"]
    etags = [client.get(url).headers["ETag"] for url in urls]
    assert len(set(etags)) == len(urls)
    assert client.get("/feeds/notices.rss?lang=zh").headers["ETag"] == etags[0]  # zh is the default


def test_a_publication_changes_the_etag_of_the_feeds_it_reaches_only(client, make, clock, tender):
    everything = client.get("/feeds/notices.atom").headers["ETag"]
    this_tender = client.get(f"/tenders/{tender.reference}/feed.atom").headers["ETag"]
    kenya = client.get("/feeds/notices.atom?country=KE").headers["ETag"]
    clock.advance(hours=1)
    make.publish(tender, {"kind": "amendment", "changes": {"contact": {"en": "Ms Li"}}, "rationale": {"en": "x"}})
    db.session.commit()
    changed = client.get("/feeds/notices.atom", headers={"If-None-Match": everything})
    assert changed.status_code == 200 and changed.headers["ETag"] != everything
    assert len(parse(changed).entries) == 2
    assert client.get(f"/tenders/{tender.reference}/feed.atom",
                      headers={"If-None-Match": this_tender}).status_code == 200
    # Nothing was published in Kenya: its watchers keep their 304.
    assert client.get("/feeds/notices.atom?country=KE", headers={"If-None-Match": kenya}).status_code == 304


def test_a_passing_deadline_changes_a_status_search_without_any_publication(client, clock, tender):
    etag = client.get("/feeds/notices.rss?status=open").headers["ETag"]
    assert client.get("/feeds/notices.rss?status=open", headers={"If-None-Match": etag}).status_code == 304
    clock.at = tender.bid_deadline + timedelta(seconds=1)
    response = client.get("/feeds/notices.rss?status=open", headers={"If-None-Match": etag})
    assert response.status_code == 200 and parse(response).entries == []


def test_a_publication_on_another_server_shows_at_once(make_app, make, clock):
    """Two app servers share only the database: the reader sees at once what the other published."""
    reader, publisher = make_app(), make_app()
    client = reader.test_client()
    with publisher.app_context():
        first = make.open_tender()
        db.session.commit()
        etag = client.get("/feeds/notices.rss").headers["ETag"]
        assert client.get("/feeds/notices.rss", headers={"If-None-Match": etag}).status_code == 304
        clock.advance(minutes=5)
        second = make.open_tender(title={"zh": "第二个项目"})
        db.session.commit()
        response = client.get("/feeds/notices.rss", headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert guids(parse(response)) == [permalink(second.notices[0]), permalink(first.notices[0])]


def test_repeated_polls_are_answered_from_memory_without_the_application(app, client, tender):
    first = client.get("/feeds/notices.atom?lang=en")
    seen = statements(app)
    again = client.get("/feeds/notices.atom?lang=en")
    unchanged = client.get("/feeds/notices.atom?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    head = client.head("/feeds/notices.atom?lang=en")
    assert seen == []  # only the change marker, read on a bare connection
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == first.headers["ETag"]


def test_a_poll_the_worker_has_not_seen_costs_a_few_light_queries_and_loads_no_notice(make_app, app, tender):
    etag = app.test_client().get("/feeds/notices.rss").headers["ETag"]
    other_worker = make_app()
    with other_worker.app_context():
        seen = statements(other_worker)
        response = other_worker.test_client().get("/feeds/notices.rss", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert len(seen) <= 3 and all(sql.lstrip().upper().startswith("SELECT") for sql in seen)
    assert not any("notices.payload" in sql or "notices.body" in sql for sql in seen), seen


def test_the_fast_path_steps_aside_when_the_database_cannot_be_read(app, client, tender, monkeypatch):
    client.get("/feeds/notices.rss")
    monkeypatch.setattr(fastpath.FeedFastPath, "marker", lambda self: None)
    response = client.get("/feeds/notices.rss")
    assert response.status_code == 200 and parse(response).entries


def test_a_feed_sets_no_language_cookie_and_varies_on_nothing_personal(client):
    response = client.get("/feeds/notices.rss?lang=en", headers={"Accept-Language": "zh"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "Accept-Language" not in response.headers.get("Vary", "")
    assert response.headers["Cache-Control"] == "public, max-age=60"
