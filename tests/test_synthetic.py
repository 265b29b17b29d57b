"""The synthetic board for benchmarks: copies of tenders made through the real commands, so every
page, OCDS record, API item and ledger entry reads them as it reads real ones."""

from collections import Counter

import pytest
from sqlalchemy import select, text

from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.ocds.models import StoredRelease
from tender_board.synthetic import REALISTIC, load_synthetic
from tender_board.tenders.models import Tender

PUBLIC_URL = "https://tenders.example.gov"


@pytest.fixture
def board(make_app):
    app = make_app(PUBLIC_URL=PUBLIC_URL)
    result = app.test_cli_runner().invoke(args=["demo", "--synthetic", "300"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        yield app


def test_a_synthetic_board_is_mostly_finished_tenders_with_bids_and_awards(board):
    tenders = db.session.scalars(select(Tender)).all()
    statuses = Counter(t.status.value for t in tenders)
    assert len(tenders) == 300
    assert statuses["contracted"] + statuses["awarded"] >= 100
    assert statuses["open"] < 120 and statuses["failed"] and statuses["cancelled"]
    assert {"evaluating", "publicity"} <= statuses.keys()
    retendered = [t for t in tenders if t.retender_of_id is not None]
    assert retendered and all(t.retender_of.status.value == "failed" for t in retendered)
    bids = db.session.execute(text("SELECT count(*), count(DISTINCT bidder_name), "
                                   "sum(CASE WHEN status = 'disqualified' THEN 1 ELSE 0 END) FROM bids")).one()
    assert bids[0] > 600 and bids[1] > 10 and bids[2] > 0
    references = [t.reference for t in tenders]
    assert len(set(references)) == 300 and all(r.startswith("SYN-") for r in references)


def test_every_published_notice_is_in_the_ledger_in_publication_order_and_it_verifies(board):
    published = db.session.scalars(select(Notice).where(Notice.status == NoticeStatus.PUBLISHED)
                                   .order_by(Notice.sequence)).all()
    assert all(n.sequence is not None and n.ledger_entry is not None for n in published)
    assert [n.ledger_entry.index for n in published] == list(range(len(published)))
    times = [n.published_at for n in published]
    assert times == sorted(times)
    for tender in db.session.scalars(select(Tender)):
        assert [n.number for n in tender.notices] == list(range(1, len(tender.notices) + 1))
    result = board.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 0 and "OK" in result.output, result.output
    kept = db.session.scalars(select(StoredRelease.sequence).order_by(StoredRelease.sequence)).all()
    assert kept == [n.sequence for n in published]  # the release pages read them, as after a publication


class PublicClient:
    """Asks at the board's public address (PUBLIC_URL is set, so only it is answered)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path: str):
        return self.client.get(path, base_url=PUBLIC_URL)


def test_every_page_record_and_item_of_a_synthetic_board_answers(board):
    client = PublicClient(board)
    for tender in db.session.scalars(select(Tender)).all():
        page = client.get(f"/tenders/{tender.reference}?lang=en")
        assert page.status_code == 200, tender.reference
        item = client.get(f"/api/v1/tenders/{tender.reference}")
        assert item.status_code == 200, tender.reference
        record = client.get(f"/ocds/records/{tender.ocid}.json")
        assert record.status_code == 200, tender.ocid
        compiled = record.get_json()["records"][0]["compiledRelease"]
        if tender.status.value in ("awarded", "contracted"):
            winner = Notice.latest_published(tender, "result").payload["bidder"]
            assert winner.split(" ")[-1] in page.get_data(as_text=True)
            assert any(a["status"] == "active" for a in compiled["awards"])
        if tender.status.value == "contracted":
            assert compiled["contracts"]
        for notice in tender.notices:
            assert client.get(f"/tenders/{tender.reference}/notices/{notice.number}").status_code == 200
    size = client.get("/api/v1/ledger/entries?start=0&end=5").get_json()
    assert len(size["items"]) == 5
    assert client.get("/api/v1/ledger/proof/inclusion?index=3&size=100").status_code == 200
    assert client.get("/api/v1/ledger/proof/consistency?from=10&to=100").status_code == 200
    assert client.get("/ledger/checkpoint").status_code == 200
    for path in ("/oversight", "/oversight.json", "/oversight/indicators", "/ocds/releases.json"):
        assert client.get(path).status_code == 200, path
    flags = db.session.scalar(text("SELECT count(*) FROM oversight_flags"))
    assert flags > 0  # the indicators computed over the board


def _searched(client, term: str) -> set[str]:
    response = client.get("/api/v1/tenders", query_string={"q": term, "limit": 200})
    assert response.status_code == 200
    return {i["reference"] for i in response.get_json()["items"]}


def _lines(texts: dict[int, str]) -> dict[int, list[str]]:
    return {tender_id: sorted(text.split("\n")) for tender_id, text in texts.items()}


@pytest.mark.parametrize("mix", ["realistic", "announced"])
def test_synthetic_tenders_are_indexed_as_the_publish_path_indexes_them(make_app, mix):
    app = make_app()
    with app.app_context():
        load_synthetic(120, echo=lambda _line: None, **({"mix": REALISTIC} if mix == "realistic" else {}))
        bulk = dict(db.session.execute(text("SELECT tender_id, text FROM tender_search")).all())
        # What the triggers of the real path compute for the same rows, now.
        db.session.execute(text("UPDATE tenders SET city = city"))
        again = dict(db.session.execute(text("SELECT tender_id, text FROM tender_search")).all())
        # The same lines: PostgreSQL's string_agg joins a tender's texts in no fixed order.
        assert len(bulk) == 120 and _lines(bulk) == _lines(again)
        db.session.rollback()
        if db.session.get_bind().dialect.name == "sqlite":
            db.session.execute(text("INSERT INTO tender_search_fts (tender_search_fts, rank) "
                                    "VALUES ('integrity-check', 1)"))
        tenders = db.session.scalars(select(Tender)).all()
        client = app.test_client()
        for term in ("楼", "维修", "签证大厅", "repair", "Visa Hall", "syn-"):
            expected = {t.reference for t in tenders
                        if any(term.lower() in s.lower() for s in (*t.title.values(), t.reference))}
            assert expected and expected <= _searched(client, term), term


def test_a_second_load_extends_the_board_and_its_ledger(make_app):
    app = make_app()
    with app.app_context():
        load_synthetic(20, echo=lambda _line: None, mix=REALISTIC)
        load_synthetic(25, echo=lambda _line: None, mix=REALISTIC)
        references = db.session.scalars(select(Tender.reference)).all()
        assert len(references) == len(set(references)) == 45
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 0 and "OK" in result.output, result.output
