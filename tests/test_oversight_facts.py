"""The per-tender facts table the dashboard counts: equal to a direct recomputation over the demo
data and over a random board built by the real publishing path; kept current by each publication;
rebuilt from scratch by `flask oversight rebuild` (after a bulk load), the same rows every time."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from tender_board.bids.models import Bid, BidStatus
from tender_board.clock import system_now
from tender_board.extensions import db
from tender_board.notices.models import NoticeKind, NoticeStatus
from tender_board.oversight.models import OversightCell, OversightFact
from tender_board.oversight.tender_facts import rebuild_facts
from tender_board.synthetic import load_synthetic
from tender_board.tenders.models import Tender
from tender_board.times import BEIJING

COUNTRIES = [("KE", "Nairobi", "Africa/Nairobi"), ("VN", "Hanoi", "Asia/Ho_Chi_Minh"), ("CN", "Beijing", "Asia/Shanghai")]
COUNTED = ("tenders", "failed", "cancelled", "with_bids", "single_bid", "bids")
ENTITIES = [{"zh": "外交部行政司", "en": "Department of Administration"}, {"zh": "外交部服务局"},
            {"zh": "外交学院", "en": "China Foreign Affairs University"}]


def direct_facts() -> dict[int, dict]:
    """Each published real tender's facts, recounted one tender at a time from its own records."""
    found = {}
    for tender in db.session.scalars(select(Tender).where(Tender.published_at.is_not(None))):
        if tender.sandbox:
            continue
        published = {n.kind: n for n in tender.notices if n.status == NoticeStatus.PUBLISHED}
        bids = list(db.session.scalars(select(Bid).where(Bid.tender_id == tender.id)))
        count = valid = None
        if bids:
            count, valid = len(bids), sum(b.status == BidStatus.VALID for b in bids)
        elif NoticeKind.FAILURE in published and "bids" in published[NoticeKind.FAILURE].payload:
            named = published[NoticeKind.FAILURE].payload["bids"]
            count, valid = len(named), sum(b["status"] == "valid" for b in named)
        result, contract = published.get(NoticeKind.RESULT), published.get(NoticeKind.CONTRACT)
        found[tender.id] = {
            "tender_id": tender.id, "year": tender.published_at.astimezone(BEIJING).year,
            "category": tender.category.value, "country": tender.country,
            "entity_zh": tender.procuring_entity.get("zh"), "entity_en": tender.procuring_entity.get("en"),
            "status": tender.status.value, "bids": count, "valid_bids": valid, "single_bid": count == 1,
            "days_to_result": (result.published_at - tender.bid_deadline) / timedelta(days=1) if result else None,
            "days_to_contract": (contract.published_at - tender.bid_deadline) / timedelta(days=1) if contract else None,
            "value_awarded": Decimal(result.payload["price"]["amount"]) if result else None,
            "value_estimated": tender.value_amount}
    return found


def stored_facts() -> dict[int, dict]:
    columns = [c.key for c in OversightFact.__table__.columns]
    return {row.tender_id: {c: getattr(row, c) for c in columns}
            for row in db.session.scalars(select(OversightFact))}


def assert_facts_are_direct() -> None:
    db.session.expire_all()
    stored, direct = stored_facts(), direct_facts()
    assert stored.keys() == direct.keys()
    for tender_id, expected in direct.items():
        assert stored[tender_id] == pytest.approx(expected), tender_id
    assert stored_cells() == direct_cells(direct.values())


def direct_cells(facts) -> dict[tuple, dict]:
    """The facts summed per (year, category, country, entity), as the dashboard reads them."""
    cells: dict[tuple, dict] = {}
    for f in facts:
        cell = cells.setdefault((f["year"], f["category"], f["country"], f["entity_zh"] or "", f["entity_en"] or ""),
                                dict.fromkeys(COUNTED, 0))
        cell["tenders"] += 1
        cell["failed"] += f["status"] == "failed"
        cell["cancelled"] += f["status"] == "cancelled"
        cell["with_bids"] += f["bids"] is not None
        cell["single_bid"] += f["bids"] == 1
        cell["bids"] += f["bids"] or 0
    return cells


def stored_cells() -> dict[tuple, dict]:
    return {(c.year, c.category, c.country, c.entity_zh, c.entity_en): {n: getattr(c, n) for n in COUNTED}
            for c in db.session.scalars(select(OversightCell)) if c.tenders}


# --- a random board, published the real way -----------------------------------------------------

def _place(rng):
    country, city, zone = rng.choice(COUNTRIES)
    return {"category": "domestic" if country == "CN" else "overseas", "country": country, "city": city,
            "timezone": zone, "procuring_entity": rng.choice(ENTITIES), **({"mission": None} if country == "CN" else {}),
            "value": {"amount": str(rng.randint(5, 90) * 100000), "currency": "CNY"}}


def _opened(make, rng, count: int, disqualified: int = 0):
    tender = make.open_tender(**_place(rng))
    make.after_deadline(tender)
    rows = make.bids(tender, count)
    for row in rows[:disqualified]:
        row.update(status="disqualified", reason="资格不符")
    make.publish(tender, {"kind": "opening", "bids": rows})
    return tender


def _failed(make, rng):
    tender = make.open_tender(**_place(rng))
    make.after_deadline(tender)
    make.publish(tender, {"kind": "failure", "reason_code": "fewer_bids", "bids": make.bids(tender, rng.choice([1, 2])),
                          "reason": {"zh": "投标人不足三家。", "en": "Fewer than three bids."}})


def _awarded(make, rng, contract: bool):
    tender, _evaluation = make.publicity_tender(bids=rng.choice([3, 4]))
    make.clock.advance(days=rng.randint(4, 9))
    winner = make.bids(tender, 1)[0]
    make.publish(tender, {"kind": "result", "winner": winner["bidder"]["registration_number"]})
    if contract:
        make.clock.advance(days=rng.randint(5, 30))
        make.publish(tender, {"kind": "contract", "signed_at": make.clock().isoformat(), "value": winner["price"]})


def _cancelled(make, rng):
    tender = make.open_tender(**_place(rng))
    make.clock.advance(days=2)
    make.publish(tender, {"kind": "termination", "reason": {"zh": "项目终止。", "en": "Terminated."}})


def random_board(make, seed: int, size: int = 14) -> None:
    rng = random.Random(seed)
    for _ in range(size):
        kind = rng.choice(["open", "opened", "failed", "awarded", "contracted", "cancelled", "sandbox", "draft"])
        if kind == "open":
            make.open_tender(days=rng.choice([21, 30]), **_place(rng))
        elif kind == "opened":
            _opened(make, rng, rng.choice([3, 4]), disqualified=rng.choice([0, 1]))
        elif kind == "failed":
            _failed(make, rng)
        elif kind in ("awarded", "contracted"):
            _awarded(make, rng, contract=kind == "contracted")
        elif kind == "cancelled":
            _cancelled(make, rng)
        elif kind == "sandbox":
            make.open_tender(sandbox=True, **_place(rng))
        else:
            make.tender(**_place(rng))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_of_a_random_board_equal_a_direct_recount(make, seed):
    random_board(make, seed)
    db.session.commit()
    assert_facts_are_direct()
    assert db.session.scalar(select(OversightFact).join(Tender).where(Tender.sandbox.is_(True))) is None


def test_each_publication_updates_the_tenders_facts(make):
    tender = make.open_tender(days=30)
    row = db.session.get(OversightFact, tender.id)
    assert (row.status, row.bids, row.days_to_result) == ("open", None, None)
    make.after_deadline(tender)
    rows = make.bids(tender, 4)
    rows[0].update(status="disqualified", reason="资格不符")
    make.publish(tender, {"kind": "opening", "bids": rows})
    db.session.expire_all()
    row = db.session.get(OversightFact, tender.id)
    assert (row.status, row.bids, row.valid_bids, row.single_bid) == ("evaluating", 4, 3, False)
    assert_facts_are_direct()


def test_a_single_bid_failure_counts_as_a_single_bid(make):
    tender = make.open_tender(days=30)
    make.after_deadline(tender)
    make.publish(tender, {"kind": "failure", "reason_code": "fewer_bids", "bids": make.bids(tender, 1),
                          "reason": {"zh": "投标人不足三家。", "en": "Fewer than three bids."}})
    db.session.expire_all()
    row = db.session.get(OversightFact, tender.id)
    assert (row.status, row.bids, row.single_bid) == ("failed", 1, True)


def test_rebuild_gives_the_same_rows_every_time(make):
    random_board(make, 4)
    db.session.commit()
    kept = stored_facts()
    assert rebuild_facts() == len(kept)
    assert stored_facts() == kept
    assert rebuild_facts() == len(kept)
    assert stored_facts() == kept
    assert_facts_are_direct()


def test_flask_oversight_rebuild_after_a_bulk_load(app, make, client):
    make.open_tender(days=30)
    db.session.commit()
    load_synthetic(40, echo=lambda _line: None)  # bulk, no publish step: the load rebuilds the facts
    assert client.get("/oversight.json").get_json()["figures"]["total"][0]["tenders"] == 41
    assert_facts_are_direct()
    done = app.test_cli_runner().invoke(args=["oversight", "rebuild"])
    assert done.exit_code == 0 and "facts of 41 tenders rebuilt" in done.output
    assert_facts_are_direct()
    db.session.execute(delete(OversightFact))  # also from nothing at all
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["oversight", "rebuild"]).exit_code == 0
    assert len(stored_facts()) == 41


def test_the_dashboard_counts_the_random_board_by_entity_and_year(make, client):
    random_board(make, 5, size=18)
    db.session.commit()
    figures = client.get("/oversight.json").get_json()["figures"]
    direct = direct_facts().values()
    by_entity = {r["key"]: r["tenders"] for r in figures["entity"]}
    assert by_entity == {e["zh"]: sum(f["entity_zh"] == e["zh"] for f in direct) for e in ENTITIES
                         if any(f["entity_zh"] == e["zh"] for f in direct)}
    assert {r["key"]: r["tenders"] for r in figures["year"]} == {
        str(y): sum(f["year"] == y for f in direct) for y in {f["year"] for f in direct}}
    total = figures["total"][0]
    assert total["failed"] == sum(f["status"] == "failed" for f in direct)
    with_bids = [f["bids"] for f in direct if f["bids"] is not None]
    assert total["single_bid_share"] == round(sum(b == 1 for b in with_bids) / len(with_bids), 4)


# --- the demo data -------------------------------------------------------------------------------

@pytest.fixture
def demo_app(make_app):
    app = make_app(CLOCK=system_now)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        yield app


def test_facts_of_the_demo_data_equal_a_direct_recount(demo_app):
    assert_facts_are_direct()
    assert rebuild_facts() == len(direct_facts())
    assert_facts_are_direct()


def test_demo_tenders_raise_the_board_indicators_for_a_reason_on_the_page(demo_app):
    client = demo_app.test_client()
    archives = db.session.scalar(select(Tender).where(Tender.value_amount == 4100000))
    page = client.get(f"/tenders/{archives.reference}?lang=en").get_data(as_text=True)
    assert "#R038" in page and "3 of 4 bids (75.0%) to Diplomatic Archives of the Ministry of Foreign Affairs were disqualified" in page
    assert "5 of 5 bids (100.0%) by Dingxin Construction Engineering Co., Ltd. were disqualified" in page
    assert page.count("The bid security was not received in time.") >= 2  # the opening record shows why
    garage = db.session.scalar(select(Tender).where(Tender.value_amount == 1800000))
    page = client.get(f"/tenders/{garage.reference}?lang=en").get_data(as_text=True)
    assert ("Hengyuan Construction Engineering Co., Ltd. won 3 of Ministry of Foreign Affairs Services Bureau&#39;s "
            "4 awarded tenders (75.0%).") in page
    rival_won = db.session.scalar(select(Tender).where(Tender.value_amount == 1500000))
    assert "#TB05" not in client.get(f"/tenders/{rival_won.reference}?lang=en").get_data(as_text=True)
