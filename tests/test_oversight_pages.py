"""The oversight pages: the tender page's questions, the API, the flag filter on pages, feeds and
the API, the dashboard (its figures against a direct count over the demo data, its SVG charts),
its JSON, CSV and feed."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from statistics import median

import pytest
from sqlalchemy import select

from tender_board.bids.models import Bid
from tender_board.clock import system_now
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeKind, NoticeStatus
from tender_board.oversight.indicators import INDICATORS
from tender_board.tenders.lifecycle import Status
from tender_board.tenders.models import Tender

SVG = "{http://www.w3.org/2000/svg}"


def test_the_tender_page_lists_the_flags_raised_with_their_method(make, client):
    short = make.open_tender(days=21)
    ample = make.open_tender(days=30)
    db.session.commit()
    page = client.get(f"/tenders/{short.reference}?lang=en").get_data(as_text=True)
    assert "Questions a watcher may ask" in page
    assert 'href="/oversight/indicators#R003"' in page
    assert "21.0 days to bid, less than 2 days above the legal minimum of 20." in page
    calm = client.get(f"/tenders/{ample.reference}?lang=en").get_data(as_text=True)
    assert f"None of the {len(INDICATORS)} indicators is raised." in calm
    zh = client.get(f"/tenders/{short.reference}?lang=zh").get_data(as_text=True)
    assert "投标期 21.0 天" in zh
    methods = client.get("/oversight/indicators?lang=en").get_data(as_text=True)
    assert all(f'id="{i.code}"' in methods for i in INDICATORS)


def test_the_api_gives_every_indicator_of_a_tender(make, client):
    tender = make.open_tender(days=21)
    db.session.commit()
    answer = client.get(f"/api/v1/tenders/{tender.reference}/indicators").get_json()
    assert [i["code"] for i in answer["indicators"]] == [i.code for i in INDICATORS]
    raised = {i["code"]: i for i in answer["indicators"] if i["raised"]}
    assert set(raised) == {"R003"}
    assert raised["R003"]["method"] == "http://tenders.test/oversight/indicators#R003"
    assert client.get("/api/v1/tenders/NO-SUCH/indicators").status_code == 404


def single_bid_tender(make):
    tender = make.open_tender(days=25, country="KE", city="Nairobi", timezone="Africa/Nairobi")
    make.after_deadline(tender)
    make.publish(tender, {"kind": "failure", "reason_code": "fewer_bids", "bids": make.bids(tender, 1),
                          "reason": {"zh": "投标人不足三家。", "en": "Fewer than three bids."}})
    return tender


def test_flag_filter_on_the_list_the_api_and_the_feed(make, client):
    single = single_bid_tender(make)
    other = make.open_tender(days=30, country="KE", city="Nairobi", timezone="Africa/Nairobi")
    db.session.commit()
    listing = client.get("/tenders?flag=R018&country=KE&lang=en").get_data(as_text=True)
    assert single.reference in listing and other.reference not in listing
    items = client.get("/api/v1/tenders?flag=r018").get_json()["items"]
    assert [i["reference"] for i in items] == [single.reference]
    feed = client.get("/feeds/notices.atom?flag=R018&country=KE").get_data(as_text=True)
    assert single.reference in feed and other.reference not in feed
    refused = client.get("/api/v1/tenders?flag=R999", headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and "Unknown indicator code 'R999'" in refused.get_data(as_text=True)
    assert "R999" in client.get("/tenders?flag=R999&lang=en").get_data(as_text=True)
    assert client.get("/feeds/notices.atom?flag=nope").status_code in (400, 422)
    assert client.get("/oversight?flag=nope").status_code == 422


def test_the_feed_of_newly_raised_flags(make, client):
    single = single_bid_tender(make)
    db.session.commit()
    atom = client.get("/oversight/flags.atom?lang=en")
    assert atom.status_code == 200 and atom.mimetype == "application/atom+xml"
    root = ET.fromstring(atom.data)  # noqa: S314 (our own answer, in a test)
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.iter("{http://www.w3.org/2005/Atom}entry")]
    assert any(t.startswith("R018 ") and single.reference in t for t in titles)
    assert client.get("/oversight/flags.rss").status_code == 200


def test_the_dashboard_charts_are_valid_svg_with_title_and_description(make, client):
    single_bid_tender(make)
    make.open_tender(days=21)
    db.session.commit()
    page = client.get("/oversight?lang=en").get_data(as_text=True)
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) >= 4
    for chart in charts:
        root = ET.fromstring(chart)  # noqa: S314 (our own answer, in a test)
        assert root.findtext(f"{SVG}title").strip() and root.findtext(f"{SVG}desc").strip()
        assert root.get("role") == "img"
    assert "<script" not in page
    assert "<table" in page  # the numbers beside the charts
    assert "Single-bid share" in page


# --- the figures against a direct count over the demo data ----------------------------------------

@pytest.fixture
def demo_app(make_app):
    app = make_app(CLOCK=system_now)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        yield app


def test_dashboard_figures_match_a_direct_count_over_the_demo_data(demo_app):
    client = demo_app.test_client()
    figures = client.get("/oversight.json").get_json()["figures"]
    tenders = [t for t in db.session.scalars(select(Tender)) if t.published_at and not t.sandbox]
    total = figures["total"][0]
    assert total["tenders"] == len(tenders)
    assert total["failed"] == sum(t.status == Status.FAILED for t in tenders)
    assert total["cancelled"] == sum(t.status == Status.CANCELLED for t in tenders)
    bids = {}
    for bid in db.session.scalars(select(Bid)):
        bids[bid.tender_id] = bids.get(bid.tender_id, 0) + 1
    published = list(db.session.scalars(select(Notice).where(Notice.status == NoticeStatus.PUBLISHED)))
    for notice in published:
        if notice.kind == NoticeKind.FAILURE and "bids" in notice.payload:
            bids[notice.tender_id] = len(notice.payload["bids"])
    counted = [bids[t.id] for t in tenders if t.id in bids]
    assert total["average_bids"] == round(sum(counted) / len(counted), 2)
    assert total["single_bid_share"] == round(sum(c == 1 for c in counted) / len(counted), 4)
    deadlines = {t.id: t.bid_deadline for t in tenders}
    to_result = [(n.published_at - deadlines[n.tender_id]) / timedelta(days=1) for n in published
                 if n.kind == NoticeKind.RESULT and n.tender_id in deadlines]
    assert total["median_days_to_result"] == round(median(to_result), 1)
    by_country = {r["key"]: r["tenders"] for r in figures["country"]}
    assert by_country == {c: sum(t.country == c for t in tenders) for c in {t.country for t in tenders}}
    assert sum(r["tenders"] for r in figures["year"]) == len(tenders)
    table = list(csv.DictReader(io.StringIO(client.get("/oversight.csv").get_data(as_text=True))))
    assert next(r for r in table if r["dimension"] == "total")["tenders"] == str(len(tenders))


def test_demo_tenders_raise_indicators_a_reader_can_check(demo_app):
    client = demo_app.test_client()
    cairo = db.session.scalar(select(Tender).where(Tender.city == "Cairo", Tender.value_amount == 1000000))
    page = client.get(f"/tenders/{cairo.reference}?lang=en").get_data(as_text=True)
    for code in ("TB01", "R024", "R028"):
        assert f"#{code}" in page
    assert "2 different bidders offered the same price, 1,040,000.00 USD." in page
    switch_room = db.session.scalar(select(Tender).where(Tender.value_amount == 2400000))
    page = client.get(f"/tenders/{switch_room.reference}?lang=en").get_data(as_text=True)
    assert "1 bid; the law requires 3." in page and "#TB03" in page


def test_flask_oversight_refresh_judges_the_board(app, make):
    make.open_tender(days=21)
    db.session.commit()
    runner = app.test_cli_runner()
    done = runner.invoke(args=["oversight", "refresh"])
    assert done.exit_code == 0 and "1 tenders judged, 1 flags raised" in done.output
    app.config["PUBLIC_URL"] = None
    refused = runner.invoke(args=["oversight", "refresh"])
    assert refused.exit_code != 0 and "PUBLIC_URL" in refused.output


def test_a_failing_indicator_never_stops_a_publication(make, monkeypatch):
    from tender_board.oversight import compute

    def broken(_release):
        raise KeyError("tender")
    monkeypatch.setattr(compute, "judge_tender", broken)
    tender = make.open_tender(days=21)
    assert tender.published_at is not None


def test_the_tender_json_carries_the_flags_raised(make, client):
    tender = make.open_tender(days=21)
    db.session.commit()
    found = client.get(f"/api/v1/tenders/{tender.reference}").get_json()["indicators"]
    assert [f["code"] for f in found["raised"]] == ["R003"]
    assert found["url"].endswith(f"/api/v1/tenders/{tender.reference}/indicators")


def test_the_flag_feed_is_cached_as_the_lists_are(make, client):
    single_bid_tender(make)
    db.session.commit()
    first = client.get("/oversight/flags.atom?lang=en")
    assert first.status_code == 200 and "R018" in first.get_data(as_text=True)
    assert first.cache_control.public and first.cache_control.max_age and first.headers["ETag"]
    again = client.get("/oversight/flags.atom?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
