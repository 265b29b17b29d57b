"""Every public page reads the database a fixed number of times, however much data there is."""

import pytest

from tender_board.extensions import db
from tender_board.public import page_cache as public_cache
from tender_board.tenders.models import Tender

from .clients import QueryCounter

PAGES = ["/", "/tenders", "/tenders?q=使馆&status=open&kind=announcement&sort=deadline",
         "/tenders?q=维修&page=2", "/tenders/{hanoi}", "/tenders/{hanoi}/notices/2",
         "/api/v1/tenders", "/api/v1/tenders?q=embassy&limit=2", "/api/v1/tenders/{hanoi}"]
LIMIT = 9  # the API item reads its notices, their documents, ledger entries, bids and raised flags: one query each


def statements(client, path: str) -> int:
    with QueryCounter() as counter:
        assert client.get(path).status_code == 200
    return counter.count


def amend(make, reference: str, times: int) -> None:
    tender = db.session.scalar(db.select(Tender).where(Tender.reference == reference))
    for i in range(times):
        make.publish(tender, {"kind": "amendment", "changes": {"contact": {"en": f"Contact {i}"}},
                              "rationale": {"en": f"Change {i}."}})
    db.session.commit()


def test_query_counts_do_not_grow_with_the_data(app, client, make, clock):
    app.config["PUBLIC_PAGE_CACHE_SIZE"] = 0  # measure the pages themselves
    refs = make.catalogue()
    paths = [path.format(**refs) for path in PAGES]
    before = {path: statements(client, path) for path in paths}
    make.more_tenders(6)
    amend(make, refs["hanoi"], 3)
    after = {path: statements(client, path) for path in paths}
    assert after == before
    assert max(after.values()) <= LIMIT, after


@pytest.mark.parametrize("path", ["/", "/tenders?q=使馆", "/tenders/{hanoi}", "/api/v1/tenders"])
def test_a_cached_page_costs_one_read(client, make, clock, monkeypatch, path):
    path = path.format(**make.catalogue())
    statements(client, path)
    reads = []
    monkeypatch.setattr(public_cache, "public_version", lambda real=public_cache.public_version: reads.append(1) or real())
    assert statements(client, path) == 0  # nothing through the ORM or Core...
    assert reads == [1]  # ...only the public version, straight from the driver
