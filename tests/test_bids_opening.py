"""The opening record (开标记录) and the failure notice (流标): every bid received, under the rules."""

from datetime import timedelta

import pytest

from tender_board.bids.evaluation import record_evaluation
from tender_board.bids.models import Bid
from tender_board.errors import DomainError
from tender_board.notices.models import Notice, NoticeKind
from tender_board.tenders.lifecycle import Status

from .clients import sections
from .factories import count, evaluation_body


def opening(make, tender, bids):
    return make.publish(tender, {"kind": "opening", "bids": bids})


def refused(make, tender, data) -> DomainError:
    before = (count(Notice), count(Bid))
    with pytest.raises(DomainError) as caught:
        make.publish(tender, data)
    assert (count(Notice), count(Bid)) == before
    return caught.value


def test_three_bids_open_the_tender_for_evaluation(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    opening(make, tender, make.bids(tender, 3))
    assert tender.status_at(clock()) == Status.EVALUATING
    assert count(Bid) == 3


def test_two_bids_cannot_be_opened(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    error = refused(make, tender, {"kind": "opening", "bids": make.bids(tender, 2)})
    assert error.rule["code"] == "min_bids"
    assert "Only 2 bids arrived" in error.text("en") and "仅收到 2 份投标" in error.text("zh")


def test_a_withdrawn_bid_does_not_count(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    bids = make.bids(tender, 3)
    bids[2] |= {"status": "withdrawn", "reason": "撤回 / withdrawn before the deadline"}
    assert refused(make, tender, {"kind": "opening", "bids": bids}).rule["code"] == "min_bids"


def test_opening_before_the_deadline_is_refused(make, clock):
    tender = make.open_tender()
    error = refused(make, tender, {"kind": "opening", "bids": make.bids(tender, 3)})
    assert error.status == 409 and "open for bids" in error.text("en")


@pytest.mark.parametrize("change, field, code", [
    (lambda b, t: b[1].update(received_at=(t.bid_deadline + timedelta(seconds=1)).isoformat()),
     "bids[1].received_at", "late_bid"),
    (lambda b, t: b[2]["bidder"].update(registration_number=b[0]["bidder"]["registration_number"]),
     "bids[2].bidder.registration_number", "duplicate_bidder"),
    (lambda b, t: b[0]["price"].update(currency="XYZ"), "bids[0].price.currency", "invalid"),
    (lambda b, t: b[1]["price"].update(currency="USD"), "bids[1].price.currency", "mixed_currencies"),
    (lambda b, t: b[0].update(status="disqualified"), "bids[0].reason", "required"),
    (lambda b, t: b[0].update(price={"amount": 900000.5, "currency": "CNY"}), "bids[0].price.amount",
     "invalid"),
    (lambda b, t: b[0].update(bidder="ACME"), "bids[0]", "invalid"),
])
def test_bad_bids_are_refused_with_the_field_named(make, clock, change, field, code):
    tender = make.open_tender()
    make.after_deadline(tender)
    bids = make.bids(tender, 3)
    change(bids, tender)
    error = refused(make, tender, {"kind": "opening", "bids": bids})
    assert (error.field, error.code) == (field, code)
    assert error.text("zh") != error.text("en")


def test_a_bid_received_exactly_at_the_deadline_is_on_time(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    bids = make.bids(tender, 3)
    bids[0]["received_at"] = tender.bid_deadline.isoformat()
    opening(make, tender, bids)
    assert tender.status_at(clock()) == Status.EVALUATING


@pytest.mark.parametrize("security, accepted", [("20000.00", True), ("20000.01", False)])
def test_bid_security_is_at_most_two_percent(make, clock, security, accepted):
    tender = make.open_tender()  # estimated value 1,000,000.00 CNY
    make.after_deadline(tender)
    bids = make.bids(tender, 3)
    bids[1]["security"] = {"amount": security, "currency": "CNY"}
    if accepted:
        opening(make, tender, bids)
        assert count(Bid) == 3
    else:
        error = refused(make, tender, {"kind": "opening", "bids": bids})
        assert error.rule["code"] == "bid_security_max" and error.field == "bids[1].security"
        assert "2%" in error.text("en") and "2%" in error.text("zh")


def test_bid_security_in_another_currency_is_refused(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    bids = make.bids(tender, 3)
    bids[0]["security"] = {"amount": "100", "currency": "USD"}
    assert refused(make, tender, {"kind": "opening", "bids": bids}).field == "bids[0].security.currency"


# --- failure (流标) ------------------------------------------------------------------------------

def failure(reason_code: str, **extra) -> dict:
    return {"kind": "failure", "reason_code": reason_code,
            "reason": {"zh": "投标人不足，流标。", "en": "Too few bids: the tender failed."}, **extra}


def test_two_bids_fail_the_tender_and_are_listed(app, make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    notice = make.publish(tender, failure("fewer_bids", bids=make.bids(tender, 2)))
    assert tender.status_at(clock()) == Status.FAILED
    assert len(notice.payload["bids"]) == 2
    html = sections(app, tender, clock(), "en")
    assert "Bids received" in html and "建设公司2" in html and "Failure notice published" in html


def test_three_bids_cannot_be_called_too_few(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    error = refused(make, tender, failure("fewer_bids", bids=make.bids(tender, 3)))
    assert error.rule["code"] == "min_bids" and "3 bids arrived" in error.text("en")


def test_too_few_bids_is_not_true_once_three_were_opened(make, clock):
    tender = make.evaluating_tender(3)
    assert refused(make, tender, failure("fewer_bids")).field == "reason_code"


def test_fewer_valid_and_all_rejected_need_an_opening_record(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    for code in ("fewer_valid", "all_rejected"):
        assert "no opening record" in refused(make, tender, failure(code)).text("en")


def test_fewer_valid_is_refused_while_three_bids_stand(make, clock):
    tender = make.evaluating_tender(3)
    error = refused(make, tender, failure("fewer_valid"))
    assert "3 valid bids" in error.text("en")


def test_fewer_valid_after_the_committee_rejects_a_bid(make, clock):
    tender = make.evaluating_tender(3)
    numbers = [b["bidder"]["registration_number"] for b in make.bids(tender, 3)]
    body = evaluation_body(tender, scores={n: (50, 30) for n in numbers[:2]},
                           rejected=[{"bid": numbers[2], "reason": "资质不符 / not qualified"}])
    record_evaluation(tender, body, make.default("evaluator"))
    assert refused(make, tender, failure("all_rejected")).field == "reason_code"
    make.publish(tender, failure("fewer_valid"))
    assert tender.status_at(clock()) == Status.FAILED


def test_a_failure_for_another_reason_does_not_list_bids(make, clock):
    tender = make.evaluating_tender(3)
    assert refused(make, tender, failure("fewer_valid", bids=[])).field == "bids"


def test_a_published_opening_keeps_the_bids_as_opened(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    bids = make.bids(tender, 4)
    bids[3] |= {"status": "disqualified", "reason": "未密封 / not sealed"}
    notice = opening(make, tender, bids)
    assert notice.kind == NoticeKind.OPENING
    assert [b["status"] for b in notice.payload["bids"]] == ["valid"] * 3 + ["disqualified"]
    assert notice.payload["bids"][0]["price"] == {"amount": "900000.00", "currency": "CNY"}
