"""The read API: the same filters as /tenders, stable cursor pagination, the fields of PRODUCT §4."""

from datetime import datetime

import pytest

from tender_board.extensions import db


@pytest.fixture
def refs(app, make, clock):
    return make.catalogue()


def test_a_tender_item_carries_the_fields_of_the_public_interface(client, refs):
    items = client.get("/api/v1/tenders?q=hanoi%20chancery").get_json()["items"]
    assert len(items) == 1
    item = items[0]
    assert item["reference"] == refs["hanoi"] and item["ocid"].endswith(refs["hanoi"])
    assert item["category"] == "overseas" and item["status"] == "open" and item["country"] == "VN"
    assert item["title"]["zh"] == "驻越南大使馆办公楼维修工程"
    assert item["value"] == {"amount": "1000000.00", "currency": "CNY"}
    assert datetime.fromisoformat(item["bid_deadline"]).utcoffset() is not None
    assert item["url"] == f"http://tenders.test/tenders/{refs['hanoi']}"


def test_one_tender_with_its_notices_in_order(client, refs):
    body = client.get(f"/api/v1/tenders/{refs['hanoi']}").get_json()
    assert [n["kind"] for n in body["notices"]] == ["announcement", "amendment"]
    assert body["notices"][1]["url"].endswith(f"/tenders/{refs['hanoi']}/notices/2")
    assert body["description"]["en"] == "Facade and roof repair, with an accessible ramp."


@pytest.mark.parametrize("sort", ["published", "deadline", "value"])
def test_cursor_pages_walk_every_tender_once_in_order(client, make, clock, refs, sort):
    make.more_tenders(5)
    everything = [i["reference"] for i in client.get(f"/api/v1/tenders?sort={sort}&limit=200").get_json()["items"]]
    assert len(everything) == 9
    seen, url = [], f"/api/v1/tenders?sort={sort}&limit=2"
    while url:
        body = client.get(url).get_json()
        assert len(body["items"]) <= 2
        seen += [item["reference"] for item in body["items"]]
        url = body["next"]
    assert seen == everything


def test_cursor_pages_stay_stable_when_tenders_are_published_meanwhile(client, make, clock, refs):
    first = client.get("/api/v1/tenders?limit=2").get_json()
    make.more_tenders(2)  # newer: they come before the cursor, not after it
    rest = []
    url = first["next"]
    while url:
        body = client.get(url).get_json()
        rest += [item["reference"] for item in body["items"]]
        url = body["next"]
    assert [i["reference"] for i in first["items"]] + rest == [refs[n] for n in ("nairobi", "beijing", "hanoi", "closed")]


def test_filters_combine_in_the_api_as_on_the_page(client, refs):
    body = client.get("/api/v1/tenders", query_string={
        "q": "使馆", "category": "overseas", "status": "open", "deadline_from": "2027-04-01"}).get_json()
    assert [i["reference"] for i in body["items"]] == [refs["hanoi"]] and body["next"] is None


@pytest.mark.parametrize("query", ["cursor=garbage", "cursor=W10", "limit=0", "limit=201", "limit=ten",
                                   "sort=deadline&cursor=WyJwdWJsaXNoZWQiLCAiMjAyNy0wMy0wMSIsIDFd",
                                   "cursor=WyJwdWJsaXNoZWQiLCAiMjAyNy0wMy0wMSIsIDFd"])
def test_bad_paging_parameters_are_refused_clearly(client, refs, query):
    for lang in ("zh", "en"):
        response = client.get(f"/api/v1/tenders?{query}&lang={lang}")
        assert response.status_code == 422, query
        error = response.get_json()["error"]
        assert error["field"] in ("cursor", "limit") and error["message"]


def test_the_openapi_document_lists_every_read_filter(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/tenders"]["get"]["parameters"]}
    assert {"q", "category", "country", "status", "kind", "published_from", "published_to",
            "deadline_from", "deadline_to", "value_min", "value_max", "sort", "cursor", "limit"} <= names
    assert "/tenders/{reference}" in spec["paths"]


def test_sandbox_tenders_only_when_asked(client, refs):
    assert refs["sandbox"] not in {i["reference"] for i in client.get("/api/v1/tenders").get_json()["items"]}
    sandbox = client.get("/api/v1/tenders?sandbox=1").get_json()["items"]
    assert [i["reference"] for i in sandbox] == [refs["sandbox"]] and sandbox[0]["sandbox"] is True


def test_nothing_is_written_by_reading(client, refs):
    from tender_board.counters import Counter

    before = db.session.scalars(db.select(Counter.value).order_by(Counter.key)).all()
    client.get("/api/v1/tenders?q=使馆")
    client.get("/tenders?q=使馆")
    db.session.expire_all()
    assert db.session.scalars(db.select(Counter.value).order_by(Counter.key)).all() == before
