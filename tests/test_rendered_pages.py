"""The store of rendered pages shared by every app server (rendered_pages): a page is rendered once
per change of what it shows; a publication refreshes its tender's pages and the lists, no others;
the clock expires what it changes; nothing personal, sandboxed or odd is ever kept."""

import gzip
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tender_board.bids.objections import record_objection
from tender_board.extensions import db
from tender_board.notices.operations import draft_notice
from tender_board.public.page_cache import public_version
from tender_board.public.rendered_store import RenderedPages
from tender_board.rendered import RenderedPage
from tender_board.tenders.models import Tender
from tender_board.transaction import transaction

from .clients import client_for, sign_in


@pytest.fixture(autouse=True)
def store(app):
    app.config["RENDERED_PAGES"] = True


@pytest.fixture
def two(app, make, clock):
    """Two open tenders, published and committed; the clock off the turn of an hour. Plain values:
    a test's own session must not hold SQLite's write lock while it reads (as no request does)."""
    with transaction():
        hanoi = make.open_tender(days=25, title={"en": "Embassy in Hanoi: chancery repair"})
        nairobi = make.open_tender(days=28, title={"en": "Embassy in Nairobi: wastewater plant"})
    clock.advance(minutes=30)
    found = [SimpleNamespace(id=t.id, reference=t.reference, bid_deadline=t.bid_deadline,
                             manager=SimpleNamespace(email=t.manager.email, display_name=t.manager.display_name))
             for t in (hanoi, nairobi)]
    db.session.commit()
    return found


def reader(client, lang: str = "en"):
    """A reader who chose a language before: the cookie is there already."""
    client.set_cookie("lang", lang, domain="tenders.test")
    return client


def stored() -> dict[str, RenderedPage]:
    """The store as another server sees it: committed rows only."""
    db.session.commit()
    with db.engine.connect() as connection:
        return {row.key.split("|", 1)[1]: row for row in connection.execute(select(RenderedPage))}  # less the build


def get(client, path: str, **headers):
    db.session.commit()  # the test's own session ends its transaction, as every request's does
    answer = client.get(path, headers=headers)
    db.session.commit()
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer


def test_a_page_rendered_by_one_server_is_served_by_another_on_the_same_database(make_app, app, two, clock):
    hanoi, _ = two
    other = make_app(RENDERED_PAGES=True)  # a second app server: its own memory, the same database
    first = get(reader(app.test_client()), f"/tenders/{hanoi.reference}?lang=en")
    clock.advance(seconds=20)
    served = get(reader(other.test_client()), f"/tenders/{hanoi.reference}?lang=en")
    assert served.data == first.data and served.headers["ETag"] == first.headers["ETag"]
    assert served.headers["Last-Modified"] == first.headers["Last-Modified"]  # not rendered again
    assert served.cache_control.public and served.cache_control.max_age == 60
    assert served.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert served.headers["Content-Language"] == "en" and served.mimetype == "text/html"
    again = reader(other.test_client()).get(f"/tenders/{hanoi.reference}?lang=en",
                                    headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_stored_page_is_sent_compressed_to_clients_that_accept_it(app, client, two):
    hanoi, _ = two
    plain = get(client, f"/tenders/{hanoi.reference}/notices/1?lang=en")
    packed = get(client, f"/tenders/{hanoi.reference}/notices/1?lang=en", **{"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]  # each representation its own validator
    assert "Accept-Encoding" in packed.headers["Vary"]
    again = client.get(f"/tenders/{hanoi.reference}/notices/1?lang=en",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_a_publication_refreshes_its_tenders_pages_at_once_the_lists_within_their_max_age_and_no_other(
        app, make, client, two, clock):
    hanoi, nairobi = two
    paths = [f"/tenders/{hanoi.reference}?lang=en", f"/tenders/{nairobi.reference}?lang=en",
             f"/api/v1/tenders/{nairobi.reference}", "/tenders?lang=en", "/?lang=en", "/api/v1/tenders"]
    lists = paths[3:]
    before = {path: get(client, path) for path in paths}
    assert len(stored()) == len(paths)
    clock.advance(seconds=30)
    with transaction():
        make.publish(db.session.get(Tender, hanoi.id), {"kind": "amendment", "changes": {"opening_place": {"en": "Room 2"}},
                             "rationale": {"en": "A bigger room."}})
    assert f"/tenders/{hanoi.reference}?lang=en|en" not in stored()  # its own pages: at once
    meanwhile = {path: get(client, path) for path in paths}
    assert b"Room 2" in meanwhile[paths[0]].data
    assert meanwhile[paths[1]].headers["Last-Modified"] == before[paths[1]].headers["Last-Modified"]
    assert meanwhile[paths[2]].get_json() == before[paths[2]].get_json()
    for path in lists:  # as a proxy may keep them: the same page, a minute at most from the publication
        assert meanwhile[path].data == before[path].data
        assert 0 < meanwhile[path].cache_control.max_age <= 60
    published = int(clock.at.timestamp())
    expiries = {row.valid_until - published for key, row in stored().items() if row.tender_id is None}
    assert all(30 <= seconds <= 60 for seconds in expiries) and len(expiries) > 1  # spread, not one wave
    clock.advance(seconds=61)
    after = {path: get(client, path) for path in paths}
    assert all(after[path].headers["Last-Modified"] != before[path].headers["Last-Modified"]
               for path in (paths[0], *lists))
    assert after[paths[1]].headers["Last-Modified"] == before[paths[1]].headers["Last-Modified"]
    assert len(stored()) == len(paths)


def test_a_page_stored_by_another_release_is_never_served(app, client, two):
    hanoi, _ = two
    path = f"/tenders/{hanoi.reference}?lang=en"
    first = get(client, path)
    with db.engine.begin() as connection:  # the row an older release left, under its own build
        key = connection.execute(select(RenderedPage.key)).scalar_one()
        connection.execute(RenderedPage.__table__.update().values(
            key="0ldre1ease00|" + key.split("|", 1)[1], body=gzip.compress(b"an older release's page")))
    again = get(client, path)
    assert again.data == first.data
    with db.engine.connect() as connection:
        assert len(connection.execute(select(RenderedPage.key)).all()) == 2  # this release's own, beside


def test_a_sign_in_or_a_draft_removes_no_stored_page(app, make, client, two):
    hanoi, _ = two
    get(client, f"/tenders/{hanoi.reference}?lang=en")
    get(client, "/tenders?lang=en")
    kept = stored()
    db.session.commit()
    assert client_for(app).post("/login", data={"email": hanoi.manager.email, "password": "wrong"}).status_code == 200
    assert sign_in(client_for(app), hanoi.manager).status_code == 302
    with transaction():
        draft_notice(db.session.get(Tender, hanoi.id), {"kind": "amendment", "changes": {"contact": {"en": "Ms Li"}},
                             "rationale": {"en": "New contact."}}, db.session.get(Tender, hanoi.id).manager)
    assert stored().keys() == kept.keys()


def test_a_deadline_passing_expires_the_stored_page(app, client, two, clock):
    hanoi, _ = two
    clock.at = hanoi.bid_deadline - timedelta(seconds=30)
    assert b"Open for bids" in get(client, f"/tenders/{hanoi.reference}?lang=en").data
    assert hanoi.reference.encode() in get(client, "/tenders?status=open&lang=en").data
    assert stored()[f"/tenders/{hanoi.reference}?lang=en|en"].valid_until == int(hanoi.bid_deadline.timestamp())
    clock.at = hanoi.bid_deadline + timedelta(seconds=1)
    page = get(client, f"/tenders/{hanoi.reference}?lang=en").data
    assert b"Open for bids" not in page and b"Closed" in page
    assert hanoi.reference.encode() not in get(client, "/tenders?status=open&lang=en").data


def test_a_signed_in_reader_never_gets_a_stored_page_and_nothing_personal_is_stored(app, make, two):
    hanoi, _ = two
    manager = hanoi.manager
    anonymous = get(client_for(app), f"/tenders/{hanoi.reference}?lang=en")
    db.session.commit()
    staff = client_for(app, manager)
    seen = get(staff, f"/tenders/{hanoi.reference}?lang=en")
    assert not seen.cache_control.public and manager.display_name.encode() in seen.data
    assert seen.data != anonymous.data
    get(staff, "/tenders?lang=en")  # not stored yet: rendered for the manager, so never stored
    assert "/tenders?lang=en|en" not in stored()
    for row in stored().values():
        body = gzip.decompress(row.body)
        assert manager.display_name.encode() not in body and manager.email.encode() not in body
        assert "cookie" not in row.headers.lower()


def test_a_new_reader_of_a_page_naming_its_language_gets_the_stored_page_public_and_without_a_cookie(app, two):
    hanoi, _ = two
    get(client_for(app), f"/tenders/{hanoi.reference}?lang=en")  # stored
    served = get(client_for(app), f"/tenders/{hanoi.reference}?lang=en")
    assert "Set-Cookie" not in served.headers and served.cache_control.public
    assert "Cookie" not in served.headers["Vary"]


def test_sandbox_pages_are_never_stored(app, make, client):
    with transaction():
        sandbox = make.open_tender(sandbox=True)
    for path in (f"/tenders/{sandbox.reference}?lang=en", f"/tenders/{sandbox.reference}/notices/1",
                 "/tenders?sandbox=1", f"/api/v1/tenders/{sandbox.reference}", "/api/v1/tenders?sandbox=1"):
        get(client, path)
    assert stored() == {}


def test_a_foreign_host_is_refused_and_stores_nothing(app, client, two):
    hanoi, _ = two
    answer = client.get(f"/tenders/{hanoi.reference}", headers={"Host": "evil.example"})
    assert answer.status_code == 400 and stored() == {}
    get(client, f"/tenders/{hanoi.reference}")  # stored: its links name PUBLIC_URL, whatever the host
    assert client.get(f"/tenders/{hanoi.reference}", headers={"Host": "evil.example"}).status_code == 400


def test_without_a_public_address_each_host_has_its_own_stored_pages(make_app, two):
    hanoi, _ = two
    development = make_app(PUBLIC_URL=None, SERVER_NAME=None, RENDERED_PAGES=True).test_client()
    poisoned = development.get(f"/api/v1/tenders/{hanoi.reference}", headers={"Host": "evil.example"})
    assert "evil.example" in poisoned.get_json()["url"]
    honest = development.get(f"/api/v1/tenders/{hanoi.reference}", headers={"Host": "tenders.local"})
    assert honest.get_json()["url"].startswith("http://tenders.local/")


@pytest.mark.parametrize("query", ["utm_source=mail", "q=" + "repair " * 100, "page=1&page=1&" + "x=1&" * 50,
                                   "q=%ff", "page=1;x"])
def test_odd_query_strings_are_answered_but_never_stored(app, client, two, query):
    answer = client.get(f"/tenders?{query}")
    assert answer.status_code in (200, 400)
    assert stored() == {}


def test_known_query_arguments_are_stored(app, client, two):
    get(client, "/tenders?q=repair&country=VN&sort=deadline&page=1&lang=en")
    assert list(stored()) == ["/tenders?q=repair&country=VN&sort=deadline&page=1&lang=en|en"]


def test_feeds_are_stored_for_every_server_and_follow_their_tenders(make_app, app, make, client, two, clock):
    hanoi, nairobi = two
    other = make_app(RENDERED_PAGES=True).test_client()
    feeds = [f"/tenders/{hanoi.reference}/feed.atom", f"/tenders/{nairobi.reference}/feed.rss",
             "/feeds/notices.rss?country=VN"]
    first = {path: get(client, path) for path in feeds}
    served = get(other, feeds[1], **{"Accept-Encoding": "gzip"})  # only the store sends gzip
    assert gzip.decompress(served.data) == first[feeds[1]].data
    assert served.cache_control.public and "Cookie" not in served.headers["Vary"]
    assert "Accept" in served.headers["Vary"] and served.headers["Content-Language"] == first[feeds[1]].headers[
        "Content-Language"]
    browser = get(other, feeds[1], Accept="text/html")  # typed for display, stored apart
    assert browser.mimetype != first[feeds[1]].mimetype
    with transaction():
        make.publish(db.session.get(Tender, hanoi.id), {"kind": "amendment", "changes": {
            "opening_place": {"en": "Room 2"}}, "rationale": {"en": "A bigger room."}})
    kept = {key.split("?")[0]: row for key, row in stored().items()}
    assert kept.keys() == {feeds[1], "/feeds/notices.rss"}  # the search feed: for what is left of its max-age
    assert b"Room 2" in get(other, feeds[0]).data
    clock.advance(seconds=25)
    assert get(other, feeds[2]).cache_control.max_age <= 35  # no proxy keeps it past its 60 seconds


def test_a_page_rendered_while_a_publication_committed_is_not_stored(app, client, two, monkeypatch):
    hanoi, _ = two
    # The public version as read before the request, one publication ago: the page may show either.
    monkeypatch.setattr(RenderedPages, "version", lambda self: public_version() - 1)
    assert b"Hanoi" in get(client, f"/tenders/{hanoi.reference}?lang=en").data
    assert stored() == {}


def test_an_objection_refreshes_its_tenders_pages_only(app, make, client, clock):
    with transaction():
        other = make.open_tender(days=25)
        objected, _evaluation = make.publicity_tender()
    refs = (other.reference, objected.reference, objected.id)
    db.session.commit()
    for reference in refs[:2]:
        get(client, f"/tenders/{reference}?lang=en")
    with transaction():
        record_objection(db.session.get(Tender, refs[2]), {"objector": "建设公司2", "text": "资格不符。"},
                         db.session.get(Tender, refs[2]).manager)
    assert list(stored()) == [f"/tenders/{refs[0]}?lang=en|en"]
    assert "建设公司2" in get(client, f"/tenders/{refs[1]}?lang=zh").get_data(as_text=True)


def test_a_repeated_language_argument_is_read_as_the_page_reads_it(app, two):
    hanoi, _ = two
    path = f"/tenders/{hanoi.reference}?lang=xx&lang=en"  # the first is read: no language, so the browser's
    chinese = get(client_for(app), path, **{"Accept-Language": "zh-CN"})
    english = get(client_for(app), path, **{"Accept-Language": "en-GB"})
    assert chinese.headers["Content-Language"] == "zh-CN" and english.headers["Content-Language"] == "en"


def test_flask_pages_clear_empties_the_store_and_the_next_read_stores_again(app, client, two):
    hanoi, _ = two
    first = get(client, f"/tenders/{hanoi.reference}?lang=en")
    get(client, "/tenders?lang=en")
    cleared = app.test_cli_runner().invoke(args=["pages", "clear"])
    assert cleared.exit_code == 0 and "2 stored pages removed" in cleared.output
    assert stored() == {}
    again = get(client, f"/tenders/{hanoi.reference}?lang=en")
    assert again.data == first.data and list(stored()) == [f"/tenders/{hanoi.reference}?lang=en|en"]


def test_an_ocds_record_is_stored_until_its_tender_changes(make_app, app, make, client, two):
    hanoi, nairobi = two
    ocids = [db.session.get(Tender, t.id).ocid for t in (hanoi, nairobi)]
    paths = [f"/ocds/records/{ocid}.json" for ocid in ocids]
    first = [get(client, path) for path in paths]
    other = make_app(RENDERED_PAGES=True).test_client()
    served = get(other, paths[0], **{"Accept-Encoding": "gzip"})  # only the store sends gzip
    assert gzip.decompress(served.data) == first[0].data and served.cache_control.max_age == 60
    with transaction():
        make.publish(db.session.get(Tender, hanoi.id), {"kind": "amendment", "changes": {"opening_place": {"en": "Room 2"}},
                             "rationale": {"en": "A bigger room."}})
    assert set(stored()) == {f"{paths[1]}?|zh"}  # the other tender's record stays
    assert b"A bigger room." in get(other, paths[0]).data and b"A bigger room." not in first[0].data


def test_ledger_entries_and_proofs_of_a_fixed_size_are_kept_for_ever_and_say_so(app, make, client, two):
    fixed = ["/api/v1/ledger/entries?start=0&end=2", "/api/v1/ledger/proof/inclusion?index=0&size=2",
             "/api/v1/ledger/proof/consistency?from=1&to=2"]
    growing = ["/api/v1/ledger/entries?start=0", "/api/v1/ledger/entries?start=0&end=99"]
    first = {path: get(client, path) for path in fixed + growing}
    for path in fixed:
        assert first[path].cache_control.max_age == 365 * 86400 and first[path].cache_control.immutable
        again = client.get(path, headers={"If-None-Match": first[path].headers["ETag"]})
        assert again.status_code == 304
    assert all(first[path].cache_control.max_age is None for path in growing)
    with transaction():
        make.open_tender(days=25)  # a publication: the ledger grows
    assert set(stored()) == {f"{path}|zh" for path in fixed}
    assert all(get(client, path).data == first[path].data for path in fixed)
    bad = client.get("/api/v1/ledger/proof/inclusion?index=5&size=2")
    assert bad.status_code == 400 and set(stored()) == {f"{path}|zh" for path in fixed}


def test_release_pages_are_stored_as_lists_are(app, make, client, two, clock):
    first = get(client, "/ocds/releases.json?limit=1")
    assert list(stored()) == ["/ocds/releases.json?limit=1|zh"]
    with transaction():
        make.open_tender(days=25)
    assert get(client, "/ocds/releases.json?limit=1").data == first.data  # within its max-age
    clock.advance(seconds=61)
    assert get(client, "/ocds/releases.json?limit=1").data != first.data  # the newest release now
