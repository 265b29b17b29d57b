"""Each rule of PRODUCT.md §3 on both sides of its boundary, with the refusal naming it."""

from datetime import timedelta
from decimal import Decimal

import pytest

from tender_board.bids.models import Objection
from tender_board.errors import DomainError, RuleViolation
from tender_board.extensions import db
from tender_board.models import Bid, Notice, Role
from tender_board.notices.operations import approve_notice, draft_notice, submit_notice
from tender_board.tenders.lifecycle import Status
from tender_board.tenders.rules import PROFILES

from .factories import tender_bids


def refused_by(rule_code: str, call, *args):
    with pytest.raises(RuleViolation) as refused:
        call(*args)
    assert refused.value.rule["code"] == rule_code
    assert refused.value.message["zh"] and refused.value.message["en"]
    return refused.value


def test_profiles_carry_the_statutory_numbers():
    rules = PROFILES["cn-works"].rules
    numbers = {code: str(rule.number) for code, rule in rules.items()}
    assert numbers == {"bid_period": "20", "documents_period": "5", "amendment_notice": "15",
                       "min_bids": "3", "committee_min": "5", "committee_experts": "2/3",
                       "max_candidates": "3", "candidates_within": "3", "objection_window": "3",
                       "objection_answer": "3", "bid_security_max": "0.02", "contract_within": "30"}
    assert PROFILES["overseas"].rules.keys() == rules.keys()


def test_bid_deadline_19_days_23_hours_after_issue_is_refused(app, make):
    tender = make.tender()
    error = refused_by("bid_period", draft_notice, tender,
                       make.announcement(days=19 + 23 / 24), tender.manager)
    assert error.field == "bid_deadline"
    assert "Law art. 24" in error.rule["source"]
    assert set(error.rule["dates"]) == {"documents_issued", "bid_deadline", "earliest"}
    assert db.session.query(Notice).count() == 0


def test_bid_deadline_20_days_after_issue_is_accepted(app, make):
    tender = make.tender()
    make.publish(tender, make.announcement(days=20))
    assert tender.status == Status.OPEN


def test_approval_rechecks_the_bid_period_on_the_clock(app, make, clock):
    tender = make.tender()
    notice = draft_notice(tender, make.announcement(days=20, documents_days=6), tender.manager)
    submit_notice(notice, tender.manager)
    clock.advance(hours=1)  # the approver is an hour late: 19 days 23 hours remain
    refused_by("bid_period", approve_notice, notice, make.default(Role.APPROVER))
    assert tender.status == Status.IN_APPROVAL and notice.number is None


@pytest.mark.parametrize("days, lawful", [(4 + 23 / 24, False), (5, True)])
def test_documents_available_for_five_days(app, make, days, lawful):
    tender = make.tender()
    data = make.announcement(days=25, documents_days=days)
    if lawful:
        assert draft_notice(tender, data, tender.manager).payload["documents_until"]
    else:
        refused_by("documents_period", draft_notice, tender, data, tender.manager)


def amendment(**changes) -> dict:
    return {"kind": "amendment", "changes": changes, "rationale": {"zh": "澄清", "en": "Clarification"}}


def test_amendment_14_days_before_the_deadline_must_move_it(app, make, clock):
    tender = make.open_tender(days=25)
    clock.at = tender.bid_deadline - timedelta(days=14)
    error = refused_by("amendment_notice", draft_notice, tender,
                       amendment(contact={"zh": "李工"}), tender.manager)
    assert error.field == "changes.bid_deadline"
    too_early = clock() + timedelta(days=15) - timedelta(minutes=1)
    refused_by("amendment_notice", draft_notice, tender,
               amendment(bid_deadline=too_early.isoformat()), tender.manager)
    moved = clock() + timedelta(days=15)
    make.publish(tender, amendment(bid_deadline=moved.isoformat(), contact={"zh": "李工"}))
    assert tender.bid_deadline == moved and tender.contact == {"zh": "李工"}


def test_amendment_15_days_before_the_deadline_need_not_move_it(app, make, clock):
    tender = make.open_tender(days=25)
    clock.at = tender.bid_deadline - timedelta(days=15)
    notice = make.publish(tender, amendment(contact={"zh": "李工"}))
    assert notice.payload["previous"]["contact"] == {"en": "Mr Zhang, +86 10 6500 0000"}


def opening(make, tender, bids):
    return {"kind": "opening", "bids": bids}


def test_two_bids_cannot_be_opened_three_can(app, make, clock):
    two = make.open_tender()
    clock.at = two.bid_deadline + timedelta(hours=1)
    refused_by("min_bids", draft_notice, two, opening(make, two, make.bids(two, 2)), two.manager)
    three = make.evaluating_tender(bids=3)
    assert three.status == Status.EVALUATING
    assert db.session.query(Bid).filter_by(tender_id=three.id).count() == 3


def test_a_withdrawn_bid_does_not_count_towards_three(app, make, clock):
    tender = make.open_tender()
    clock.at = tender.bid_deadline + timedelta(hours=1)
    bids = make.bids(tender, 3)
    bids[2].update(status="withdrawn", reason="撤回 / withdrawn by the bidder")
    refused_by("min_bids", draft_notice, tender, opening(make, tender, bids), tender.manager)


@pytest.mark.parametrize("security, lawful", [("20000.00", True), ("20000.01", False)])
def test_bid_security_at_most_two_percent(app, make, clock, security, lawful):
    tender = make.open_tender()  # estimated value 1,000,000.00 CNY
    clock.at = tender.bid_deadline + timedelta(hours=1)
    bids = make.bids(tender, 3)
    bids[1]["security"] = {"amount": security, "currency": "CNY"}
    if lawful:
        make.publish(tender, opening(make, tender, bids))
        assert tender_bids(tender)[1].security_amount == Decimal(security)
    else:
        error = refused_by("bid_security_max", draft_notice, tender, opening(make, tender, bids),
                           tender.manager)
        assert error.field == "bids[1].security"


@pytest.mark.parametrize("size, experts, rule", [(4, 4, "committee_min"), (6, 6, "committee_min"),
                                                 (5, 3, "committee_experts"), (7, 4, "committee_experts")])
def test_committee_odd_at_least_five_two_thirds_experts(app, make, size, experts, rule):
    tender = make.evaluating_tender()
    refused_by(rule, make.evaluation, tender, size, experts)


@pytest.mark.parametrize("size, experts", [(5, 4), (7, 5), (9, 6)])
def test_lawful_committees(app, make, size, experts):
    tender = make.evaluating_tender()
    assert len(make.evaluation(tender, size, experts).members) == size


def test_at_most_three_candidates(app, make):
    tender = make.evaluating_tender(bids=4)
    make.evaluation(tender)
    ranked = [b.registration_number for b in tender_bids(tender)]
    refused_by("max_candidates", draft_notice, tender,
               {"kind": "candidates", "candidates": ranked[:4]}, make.default(Role.EVALUATOR))
    notice = make.publish(tender, {"kind": "candidates", "candidates": ranked[:3]},
                          author=make.default(Role.EVALUATOR))
    assert len(notice.payload["ranking"]) == 4 and len(notice.payload["candidates"]) == 3


@pytest.mark.parametrize("delay, lawful", [(timedelta(days=3), True),
                                           (timedelta(days=3, seconds=1), False)])
def test_candidates_published_within_three_days_of_the_report(app, make, clock, delay, lawful):
    tender = make.evaluating_tender()
    evaluation = make.evaluation(tender)
    evaluator = make.default(Role.EVALUATOR)
    notice = draft_notice(tender, {"kind": "candidates",
                                   "candidates": [b.registration_number for b in tender_bids(tender)]},
                          evaluator)
    submit_notice(notice, evaluator)
    clock.at = evaluation.report_at + delay
    if lawful:
        approve_notice(notice, make.default(Role.APPROVER))
        assert tender.status == Status.PUBLICITY
    else:
        refused_by("candidates_within", approve_notice, notice, make.default(Role.APPROVER))


@pytest.mark.parametrize("wait, lawful", [(timedelta(days=2, hours=23), False), (timedelta(days=3), True)])
def test_result_only_after_the_three_day_objection_window(app, make, clock, wait, lawful):
    tender, _ = make.publicity_tender()
    candidates = tender.published_notices[-1]
    clock.at = candidates.published_at + wait
    result = {"kind": "result", "winner": candidates.payload["candidates"][0]}
    if lawful:
        make.publish(tender, result)
        assert tender.status == Status.AWARDED
    else:
        refused_by("objection_window", draft_notice, tender, result, tender.manager)


def test_an_unanswered_objection_holds_the_result(app, make, clock):
    tender, _ = make.publicity_tender()
    candidates = tender.published_notices[-1]
    objection = Objection(tender_id=tender.id, notice_id=candidates.id, objector="落选投标人",
                          submitted_at=clock(), text="评分有误", recorded_by_id=tender.manager_id)
    db.session.add(objection)
    clock.at = candidates.published_at + timedelta(days=3)
    result = {"kind": "result", "winner": candidates.payload["candidates"][0]}
    refused_by("objection_answer", draft_notice, tender, result, tender.manager)
    objection.answer, objection.answered_at = "经复核，评分无误。", clock()
    make.publish(tender, result)
    assert tender.status == Status.AWARDED


@pytest.mark.parametrize("days, overdue", [(30, False), (30 + 1 / 24, True)])
def test_contract_later_than_30_days_is_flagged(app, make, clock, days, overdue):
    tender, _ = make.publicity_tender()
    candidates = tender.published_notices[-1]
    clock.at = candidates.published_at + timedelta(days=3)
    result = make.publish(tender, {"kind": "result", "winner": candidates.payload["candidates"][0]})
    clock.at = result.published_at + timedelta(days=days)
    contract = make.publish(tender, {"kind": "contract", "signed_at": clock().isoformat(),
                                     "value": {"amount": "900000.00", "currency": "CNY"}})
    assert tender.status == Status.CONTRACTED
    assert contract.payload["overdue"] is overdue


def test_a_winner_who_is_not_a_candidate_is_refused(app, make, clock):
    tender, _ = make.publicity_tender()
    clock.advance(days=4)
    with pytest.raises(DomainError) as refused:
        draft_notice(tender, {"kind": "result", "winner": "NOT-A-BIDDER"}, tender.manager)
    assert refused.value.field == "winner"
