"""The red-flag indicators, each on both sides of its threshold, from compiled releases built by the
real publishing path (where the rules allow the situation at all; otherwise from a release as the
path builds it, changed where the rules would refuse), and recomputed from the bulk file alone."""

import copy
import gzip
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from tender_board.auth.models import Role
from tender_board.bids.evaluation import record_evaluation
from tender_board.bids.kinds.candidates import computed_ranking
from tender_board.bids.objections import answer_objection, record_objection
from tender_board.extensions import db
from tender_board.notices.release import stamp
from tender_board.ocds import bulk
from tender_board.oversight import compute
from tender_board.oversight.compute import TENDER_CODES
from tender_board.oversight.indicators import BY_CODE, r038, tb05
from tender_board.oversight.models import OversightFlag
from tender_board.tenders.models import Tender
from tender_board.times import parse
from tests.factories import committee

ESTIMATE = "1000000.00"


def stored(tender) -> dict[str, dict]:
    return {row.code: row.explanation for row in
            db.session.scalars(select(OversightFlag).where(OversightFlag.tender_id == tender.id))}


def bid_rows(make, tender, prices, statuses=None):
    rows = make.bids(tender, len(prices))
    for row, price, status in zip(rows, prices, statuses or ["valid"] * len(prices), strict=True):
        row["price"]["amount"] = str(price)
        row["status"] = status
        if status != "valid":
            row["reason"] = "资格不符"
    return rows


def awarded(make, prices, method="ratedCriteria", winner_rank=1, scores=None, value=ESTIMATE, bidders=None):
    """A tender announced, opened with bids at `prices`, evaluated, and awarded to the candidate
    ranked `winner_rank`."""
    tender = make.open_tender(value={"amount": value, "currency": "CNY"})
    make.after_deadline(tender)
    rows = bid_rows(make, tender, prices)
    for row, bidder in zip(rows, bidders or [], strict=False):
        row["bidder"] = {"name": bidder[0], "registration_number": bidder[1], "country": "CN"}
    make.publish(tender, {"kind": "opening", "bids": rows})
    numbers = [r["bidder"]["registration_number"] for r in rows]
    if method == "priceOnly":
        body = {"method": "priceOnly", "committee": committee()}
    else:
        scores = scores or [(50 - i, 40 - i) for i in range(len(rows))]
        body = {"method": "ratedCriteria", "committee": committee(),
                "criteria": [{"name": {"zh": "技术", "en": "Technical"}, "weight": "60"},
                             {"name": {"zh": "报价", "en": "Price"}, "weight": "40"}],
                "scores": [{"bid": n, "criterion": c, "value": str(v)}
                           for n, values in zip(numbers, scores, strict=True) for c, v in enumerate(values)]}
    record_evaluation(tender, body, make.default(Role.EVALUATOR))
    ranked = [r.bid.registration_number for r in computed_ranking(tender)["ranked"]][:3]
    make.publish(tender, {"kind": "candidates", "candidates": ranked}, author=make.default(Role.EVALUATOR))
    make.clock.advance(days=4)
    result = {"kind": "result", "winner": ranked[winner_rank - 1]}
    if winner_rank != 1:
        result["reason"] = {"zh": "第一名放弃。", "en": "The first declined."}
    make.publish(tender, result)
    return tender


def test_the_rule_profile_and_moved_deadlines_are_in_the_release(make):
    tender = make.open_tender()
    old = tender.bid_deadline
    make.publish(tender, {"kind": "amendment", "changes": {"bid_deadline": (old + timedelta(days=3)).isoformat()},
                          "rationale": {"zh": "延期。", "en": "Extended."}})
    release = compute.compiled_release(tender)
    assert release["tender"]["ruleProfile"] == "cn-works"
    assert release["tender"]["amendments"][0]["changes"] == [
        {"property": "tenderPeriod.endDate", "former_value": old.isoformat().replace("+00:00", "Z")}]


# --- R003 short submission period ------------------------------------------------------------

def test_r003_softer_flag_within_two_days_of_the_minimum(make):
    close, ample = make.open_tender(days=21), make.open_tender(days=22.5)
    assert stored(close)["R003"]["en"] == "21.0 days to bid, less than 2 days above the legal minimum of 20."
    assert "21.0" in stored(close)["R003"]["zh"]
    assert "R003" not in stored(ample)


def test_r003_below_the_minimum(make):
    """The rules refuse a deadline under 20 days, so the release is changed as a hand-made one would be."""
    release = copy.deepcopy(compute.compiled_release(make.open_tender(days=25)))
    release["tender"]["tenderPeriod"]["endDate"] = stamp(parse(release["tender"]["tenderPeriod"]["startDate"])
                                                         + timedelta(days=19))
    flag = BY_CODE["R003"].judge(release)
    assert flag.en == "19.0 days to bid; the rule requires 20."


# --- R018 single bid / too few ---------------------------------------------------------------

@pytest.mark.parametrize(("count", "raised"), [(1, "1 bid; the law requires 3."), (2, "2 bids; the law requires 3."),
                                               (3, None)])
def test_r018_fewer_than_three_bids(make, count, raised):
    tender = make.open_tender()
    make.after_deadline(tender)
    if count < 3:
        make.publish(tender, {"kind": "failure", "reason_code": "fewer_bids", "bids": make.bids(tender, count),
                              "reason": {"zh": "投标人不足三家。", "en": "Fewer than three bids."}})
    else:
        make.publish(tender, {"kind": "opening", "bids": make.bids(tender, count)})
    assert stored(tender).get("R018", {}).get("en") == raised


# --- prices: R024, R058, R028, R036, TB01, TB02 ------------------------------------------------

def test_r024_next_bid_within_one_percent(make):
    close = awarded(make, [900000, 905000, 950000])
    apart = awarded(make, [900000, 910000, 950000])
    assert stored(close)["R024"]["en"] == "The next valid bid is only 0.6% above the winning price (below 1.0%)."
    assert "R024" not in stored(apart)


def test_r058_heavily_discounted_winning_bid(make):
    cheap = awarded(make, [600000, 900000, 950000])
    normal = awarded(make, [700000, 900000, 950000])
    assert stored(cheap)["R058"]["en"] == "The winning price is 33.3% below the next valid bid (threshold 25.0%)."
    assert "R058" not in stored(normal)


def test_r028_identical_prices(make):
    same = awarded(make, [900000, 900000, 950000])
    different = awarded(make, [900000, 900001, 950000])
    assert stored(same)["R028"]["en"] == "2 different bidders offered the same price, 900,000.00 CNY."
    assert "R028" not in stored(different)


def test_r036_price_only_lowest_not_chosen(make):
    second = awarded(make, [900000, 920000, 950000], method="priceOnly", winner_rank=2)
    first = awarded(make, [900000, 920000, 950000], method="priceOnly")
    assert stored(second)["R036"]["en"] == ("Price-only evaluation, yet the winning price 920,000.00 CNY is above "
                                            "the lowest valid bid 900,000.00 CNY.")
    assert "R036" not in stored(first)


def test_r036_rated_criteria_winner_far_above_the_lowest(make):
    far = awarded(make, [1200000, 950000, 990000], scores=[(58, 30), (40, 40), (39, 39)], value="1300000.00")
    near = awarded(make, [1100000, 950000, 990000], scores=[(58, 30), (40, 40), (39, 39)], value="1300000.00")
    assert stored(far)["R036"]["en"] == "The winning price is 26.3% above the lowest valid bid (threshold 20.0%)."
    assert "R036" not in stored(near)


def test_tb01_award_within_one_percent_of_the_estimate(make):
    close = awarded(make, [995000, 1100000, 1150000])
    below = awarded(make, [985000, 1100000, 1150000])
    assert stored(close)["TB01"]["en"] == "The winning price is 99.5% of the estimate, within 1.0%."
    assert "TB01" not in stored(below) and "TB02" not in stored(below)


def test_tb02_award_above_the_estimate(make):
    above = awarded(make, [1050000, 1100000, 1150000])
    assert stored(above)["TB02"]["en"] == "The winning price is 5.0% above the estimate."
    assert "TB01" not in stored(above)


# --- R030, R035: the rules refuse them, so the release is changed ---------------------------------

def test_r030_winning_bid_received_late(make):
    release = copy.deepcopy(compute.compiled_release(awarded(make, [900000, 950000, 990000])))
    assert BY_CODE["R030"].judge(release) is None
    won = next(a for a in release["awards"] if a["status"] == "active")["relatedBid"]
    winner = next(b for b in release["bids"]["details"] if b["id"] == won)
    winner["date"] = stamp(parse(release["tender"]["tenderPeriod"]["endDate"]) + timedelta(minutes=30))
    flag = BY_CODE["R030"].judge(release)
    assert flag.en == "The winning bid was received 30 minutes after the bid deadline."


def test_r035_all_other_bids_disqualified(make):
    release = copy.deepcopy(compute.compiled_release(awarded(make, [900000, 950000, 990000])))
    assert BY_CODE["R035"].judge(release) is None
    won = next(a for a in release["awards"] if a["status"] == "active")["relatedBid"]
    for bid in release["bids"]["details"]:
        if bid["id"] != won:
            bid["status"] = "disqualified"
    assert BY_CODE["R035"].judge(release).en == "All 2 bids other than the winner's were disqualified."


# --- TB03 late amendments --------------------------------------------------------------------

def test_tb03_amendment_with_fewer_than_15_days_left(make):
    late, early = make.open_tender(days=25), make.open_tender(days=25)
    make.publish(early, {"kind": "amendment", "changes": {"description": {"zh": "补充。", "en": "More."}},
                         "rationale": {"zh": "补充。", "en": "More."}})
    make.clock.advance(days=15)
    make.publish(late, {"kind": "amendment",
                        "changes": {"bid_deadline": (late.bid_deadline + timedelta(days=10)).isoformat()},
                        "rationale": {"zh": "延期。", "en": "Extended."}})
    assert stored(late)["TB03"]["en"] == ("An amendment was published 10.0 days before the deadline then in force "
                                          "(fewer than 15).")
    assert "TB03" not in stored(early)


def test_tb03_deadline_moved_twice(make):
    tender = make.open_tender(days=25)
    for days in (3, 6):
        make.publish(tender, {"kind": "amendment",
                              "changes": {"bid_deadline": (tender.bid_deadline + timedelta(days=3)).isoformat()},
                              "rationale": {"zh": "延期。", "en": "Extended."}})
        assert ("TB03" in stored(tender)) == (days == 6)
    assert stored(tender)["TB03"]["en"] == "The bid deadline was moved 2 times."


# --- board indicators: R038, TB05 ------------------------------------------------------------------

def release_of(ocid, buyer, bids, winner=None):
    details = [{"id": f"bid-{name}", "status": status, "tenderers": [{"id": f"bidder-{name}", "name": name}],
                "value": {"amount": 100, "currency": "CNY"}} for name, status in bids]
    awards = [{"id": "a", "status": "active", "relatedBid": f"bid-{winner}"}] if winner else []
    return {"ocid": ocid, "buyer": {"id": "procuring-entity", "name": buyer}, "bids": {"details": details},
            "awards": awards, "tender": {}}


def test_r038_a_procuring_entity_disqualifying_far_more_than_the_others():
    fair = [release_of(f"ocds-{i}", f"Entity {i}", [("A", "valid"), ("B", "valid"), ("C", "valid"),
                                                      ("D", "disqualified" if i % 2 else "valid")]) for i in range(6)]
    harsh = release_of("ocds-harsh", "Harsh entity", [("A", "valid"), ("B", "disqualified"), ("C", "disqualified"),
                                                      ("D", "disqualified")])
    judged = r038.judge_entities([*fair, harsh])
    assert set(judged.flags) == {"ocds-harsh"}
    assert judged.flags["ocds-harsh"].en.startswith("3 of 4 bids (75.0%) to Harsh entity were disqualified")
    assert r038.judge_entities(fair).flags == {}


def test_r038_says_when_there_are_too_few_to_judge():
    few = [release_of(f"ocds-{i}", f"Entity {i}", [("A", "valid"), ("B", "valid"), ("C", "disqualified")])
           for i in range(3)]
    judged = r038.judge_entities(few)
    assert judged.flags == {}
    assert judged.note["en"] == "Only 3 procuring entities with at least 3 bids; 5 are needed to judge."


def test_tb05_one_bidder_winning_most_of_an_entitys_tenders():
    often = [release_of(f"ocds-{i}", "Entity", [("A", "valid"), ("B", "valid")], winner="A" if i < 3 else "B")
             for i in range(4)]
    judged = tb05.judge(often)
    assert set(judged.flags) == {"ocds-0", "ocds-1", "ocds-2"}
    assert judged.flags["ocds-0"].en == "A won 3 of Entity's 4 awarded tenders (75.0%)."
    even = [release_of(f"ocds-{i}", "Entity", [("A", "valid"), ("B", "valid")], winner="AB"[i % 2]) for i in range(4)]
    assert tb05.judge(even).flags == {}
    assert tb05.judge(often[:3]).note is not None


# --- the bulk file alone ---------------------------------------------------------------------------

def test_recomputed_from_the_bulk_file_alone(make, tmp_path):
    tender = awarded(make, [900000, 905000, 950000])
    make.open_tender(days=21)
    db.session.commit()
    bulk.build(tmp_path)
    lines = gzip.decompress((tmp_path / "full.jsonl.gz").read_bytes()).decode().splitlines()
    releases = [json.loads(line) for line in lines]
    from_file = {r["ocid"]: sorted(f.code for f in compute.judge_tender(r)) for r in releases}
    assert from_file[tender.ocid] == sorted(stored(tender))
    assert "R024" in from_file[tender.ocid]
    compute.refresh(make.clock())
    ids = {t.ocid: t for t in db.session.scalars(select(Tender))}
    for release in releases:
        assert from_file[release["ocid"]] == sorted(c for c in stored(ids[release["ocid"]]) if c in TENDER_CODES)


# --- TB04 objections ---------------------------------------------------------------------------

@pytest.mark.parametrize(("wait", "raised"), [
    (timedelta(days=3, hours=5), "1 objection(s) answered after the 3 days allowed (up to 5 hours late)."),
    (timedelta(days=2), None)])
def test_tb04_objection_answered_late(make, wait, raised):
    tender, _evaluation = make.publicity_tender()
    objection = record_objection(tender, {"objector": "建设公司2", "text": "业绩不符。"}, tender.manager)
    make.clock.advance(seconds=wait.total_seconds())
    answer_objection(objection, {"answer": "经复核符合要求。"}, tender.manager)
    make.clock.advance(days=2)
    candidates = next(n for n in tender.notices if n.kind.value == "candidates")
    make.publish(tender, {"kind": "result", "winner": candidates.payload["candidates"][0]})
    assert stored(tender).get("TB04", {}).get("en") == raised
    assert len(compute.compiled_release(tender)["tender"]["objections"]) == 1


def test_tb04_result_with_an_objection_unanswered():
    release = {"awards": [{"status": "active", "date": "2027-03-01T00:00:00Z"}], "tender": {"objections": [
        {"id": "objection-1", "dateSubmitted": "2027-02-27T00:00:00Z", "answerDue": "2027-03-02T00:00:00Z"}]}}
    assert BY_CODE["TB04"].judge(release).en == "The result was published with 1 objection(s) unanswered."
