"""Evaluation (评标): committee, criteria, scores and the ranking the system computes."""

import pytest

from tender_board.bids.evaluation import ranking, record_evaluation, shown_total
from tender_board.bids.models import CommitteeMember, Evaluation, Score
from tender_board.errors import DomainError
from tender_board.extensions import db

from .factories import committee, count, evaluation_body, tender_bids

URL = "/api/v1/tenders/{}/evaluation"


def refused(make, tender, body) -> DomainError:
    before = (count(Evaluation), count(Score), count(CommitteeMember))
    with pytest.raises(DomainError) as caught:
        record_evaluation(tender, body, make.default("evaluator"))
    assert (count(Evaluation), count(Score), count(CommitteeMember)) == before
    return caught.value


@pytest.mark.parametrize("size, experts, rule", [
    (4, 4, "committee_min"), (6, 5, "committee_min"), (3, 3, "committee_min"),
    (5, 3, "committee_experts"), (7, 4, "committee_experts"),
])
def test_a_committee_against_the_law_is_refused(make, size, experts, rule):
    tender = make.evaluating_tender(3)
    error = refused(make, tender, evaluation_body(tender, committee=committee(size, experts)))
    assert error.rule["code"] == rule and error.field == "committee"
    assert f"{size}" in error.text("en") and f"{size}" in error.text("zh")


@pytest.mark.parametrize("size, experts", [(5, 4), (5, 5), (7, 5)])
def test_a_lawful_committee_is_accepted(make, size, experts):
    tender = make.evaluating_tender(3)
    recorded = record_evaluation(tender, evaluation_body(tender, committee=committee(size, experts)),
                                 make.default("evaluator"))
    assert len(recorded.members) == size


def test_a_member_listed_twice_is_refused(make):
    tender = make.evaluating_tender(3)
    members = committee()
    members[4]["name"] = members[0]["name"]
    assert refused(make, tender, evaluation_body(tender, committee=members)).code == "duplicate_member"


def numbers(make, tender) -> list[str]:
    return [b["bidder"]["registration_number"] for b in make.bids(tender, 3)]


@pytest.mark.parametrize("value", ["-1", "60.01", "abc", 12.5, None])
def test_a_score_outside_the_criterion_range_is_refused(make, value):
    tender = make.evaluating_tender(3)
    body = evaluation_body(tender)
    body["scores"][0]["value"] = value
    error = refused(make, tender, body)
    assert (error.field, error.code) == ("scores[0].value", "score_out_of_range")
    assert "between 0 and 60" in error.text("en") and "0 至 60" in error.text("zh")


def test_the_full_marks_of_a_criterion_are_accepted(make):
    tender = make.evaluating_tender(3)
    first = numbers(make, tender)[0]
    body = evaluation_body(tender)
    body["scores"][0] = {"bid": first, "criterion": 0, "value": "60"}
    record_evaluation(tender, body, make.default("evaluator"))


def test_a_bid_scored_twice_is_refused(make):
    tender = make.evaluating_tender(3)
    body = evaluation_body(tender)
    body["scores"].append(dict(body["scores"][0]))
    assert refused(make, tender, body).code == "duplicate_score"


def test_a_missing_score_is_refused(make):
    tender = make.evaluating_tender(3)
    body = evaluation_body(tender)
    body["scores"].pop()
    assert refused(make, tender, body).code == "incomplete_scores"


def test_a_disqualified_bid_is_not_scored(make, clock):
    tender = make.open_tender()
    clock.at = tender.bid_deadline
    bids = make.bids(tender, 4)
    bids[3] |= {"status": "disqualified", "reason": "保证金未到账 / no bid security"}
    make.publish(tender, {"kind": "opening", "bids": bids})
    body = evaluation_body(tender)
    body["scores"].append({"bid": bids[3]["bidder"]["registration_number"], "criterion": 0,
                           "value": "10"})
    assert refused(make, tender, body).code == "bid_not_scored"


def test_a_bid_rejected_by_the_committee_is_not_scored(make):
    tender = make.evaluating_tender(4)
    rejected = [b["bidder"]["registration_number"] for b in make.bids(tender, 4)][3]
    body = evaluation_body(tender, rejected=[{"bid": rejected, "reason": "业绩不符 / no similar works"}])
    assert refused(make, tender, body).code == "bid_not_scored"
    body["scores"] = [s for s in body["scores"] if s["bid"] != rejected]
    recorded = record_evaluation(tender, body, make.default("evaluator"))
    assert rejected not in [r.bid.registration_number for r in ranking(recorded, tender_bids(tender))]


@pytest.mark.parametrize("change, field", [
    (lambda b: b["criteria"][1].update(weight="30"), "criteria"),
    (lambda b: b.update(method="lowestPrice"), "method"),
    (lambda b: b.update(committee="five people"), "committee"),
    (lambda b: b["committee"].__setitem__(0, "Dr Li"), "committee[0].name"),
    (lambda b: b["scores"][0].update(bid="NOBODY"), "scores[0].bid"),
    (lambda b: b["scores"][0].update(bid=["list"]), "scores[0].bid"),
    (lambda b: b["scores"][0].update(criterion=True), "scores[0].criterion"),
    (lambda b: b["scores"][0].update(criterion=2), "scores[0].criterion"),
    (lambda b: b.update(report_document=999), "report_document"),
    (lambda b: b.update(rejected=[{"bid": "NOBODY", "reason": "x"}]), "rejected[0].bid"),
])
def test_bad_evaluations_are_refused_with_the_field_named(make, change, field):
    tender = make.evaluating_tender(3)
    body = evaluation_body(tender)
    change(body)
    assert refused(make, tender, body).field == field


def test_the_ranking_is_computed_from_the_scores_with_the_tie_rule(make):
    tender = make.evaluating_tender(3)
    a, b, c = numbers(make, tender)  # prices 900000, 910000, 920000
    body = evaluation_body(tender, scores={a: ("50", "30"), b: ("55", "25.5"), c: ("50.5", "30")})
    recorded = record_evaluation(tender, body, make.default("evaluator"))
    ranked = ranking(recorded, tender_bids(tender))
    # c 80.5; a 80 and b 80.5 → b ties c on 80.5 and wins on its lower price.
    assert [(r.bid.registration_number, shown_total(recorded, r), r.rank) for r in ranked] == [
        (b, "80.50", 1), (c, "80.50", 2), (a, "80.00", 3)]


def test_price_only_ranks_the_lowest_price_first(make):
    tender = make.evaluating_tender(3)
    recorded = record_evaluation(tender, {"method": "priceOnly", "committee": committee()},
                                 make.default("evaluator"))
    assert [r.bid.price_amount for r in ranking(recorded, tender_bids(tender))] == sorted(
        r.bid.price_amount for r in ranking(recorded, tender_bids(tender)))


def test_price_only_takes_no_scores(make):
    tender = make.evaluating_tender(3)
    body = evaluation_body(tender, method="priceOnly", criteria=None)
    assert refused(make, tender, body).field == "scores"


def test_only_an_evaluator_records_and_only_during_evaluation(make, clock):
    tender = make.evaluating_tender(3)
    with pytest.raises(DomainError) as caught:
        record_evaluation(tender, evaluation_body(tender), tender.manager)
    assert caught.value.status == 403
    open_tender = make.open_tender()
    with pytest.raises(DomainError) as caught:
        record_evaluation(open_tender, {}, make.default("evaluator"))
    assert caught.value.code == "not_evaluating"


# --- the API --------------------------------------------------------------------------------------

def test_the_api_records_the_evaluation_and_answers_the_ranking(client, make):
    tender = make.evaluating_tender(3)
    headers = make.token(make.default("evaluator"))
    body = evaluation_body(tender)
    db.session.commit()
    answer = client.post(URL.format(tender.reference), json=body, headers=headers)
    assert answer.status_code == 201
    assert [r["rank"] for r in answer.get_json()["ranking"]] == [1, 2, 3]
    assert answer.get_json()["ranking"][0]["total"] == "90.00"
    assert count(Evaluation) == 1


@pytest.mark.parametrize("lang, words", [("en", "members"), ("zh", "评标委员会")])
def test_the_api_refuses_a_bad_committee_in_the_readers_language(client, make, lang, words):
    tender = make.evaluating_tender(3)
    headers = make.token(make.default("evaluator"))
    body = evaluation_body(tender, committee=committee(4, 4))
    db.session.commit()
    answer = client.post(URL.format(tender.reference) + f"?lang={lang}", json=body, headers=headers)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["field"] == "committee" and error["rule"]["code"] == "committee_min"
    assert words in error["message"]
    assert count(Evaluation) == 0


def test_the_api_wants_a_bearer_token_not_a_cookie(client, make):
    tender = make.evaluating_tender(3)
    evaluator = make.default("evaluator")
    body = evaluation_body(tender)
    db.session.commit()
    assert client.post(URL.format(tender.reference), json=body).status_code == 401
    with client.session_transaction() as session:
        session["_user_id"] = evaluator.get_id()
        session["_fresh"] = True
    answer = client.post(URL.format(tender.reference), json=body)
    assert answer.status_code == 401 and "Bearer" in answer.headers["WWW-Authenticate"]
    bad = client.post(URL.format(tender.reference), json=body, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert count(Evaluation) == 0


def test_the_api_refuses_a_manager_and_bad_bodies(client, make):
    tender = make.evaluating_tender(3)
    manager = make.token(tender.manager)
    evaluator = make.token(make.default("evaluator"))
    body = evaluation_body(tender)
    db.session.commit()
    assert client.post(URL.format(tender.reference), json=body, headers=manager).status_code == 403
    assert client.post(URL.format("NOPE-1"), json=body, headers=evaluator).status_code == 404
    assert client.post(URL.format(tender.reference), data="{", headers={
        **evaluator, "Content-Type": "application/json"}).status_code == 400
    assert client.post(URL.format(tender.reference), json=[1], headers=evaluator).status_code == 422
    assert count(Evaluation) == 0
