"""Candidates (中标候选人公示), result (中标结果公告) and contract (合同签订), and what the public sees."""

from datetime import timedelta

import pytest

from tender_board.bids.evaluation import ranking, record_evaluation, shown_total
from tender_board.bids.objections import answer_objection, record_objection
from tender_board.errors import DomainError
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeKind
from tender_board.notices.operations import approve_notice
from tender_board.tenders.lifecycle import Status

from .clients import sections
from .factories import committee, count, evaluation_body, tender_bids


def refused(make, tender, data, author=None) -> DomainError:
    before = count(Notice)
    with pytest.raises(DomainError) as caught:
        make.publish(tender, data, author=author)
    assert count(Notice) == before
    return caught.value


def evaluated(make, bids: int = 3, **body):
    tender = make.evaluating_tender(bids)
    evaluation = record_evaluation(tender, evaluation_body(tender, **body), make.default("evaluator"))
    order = [r.bid.registration_number for r in ranking(evaluation, tender_bids(tender))]
    return tender, evaluation, order


def candidates(make, tender, order, **extra):
    return make.publish(tender, {"kind": "candidates", "candidates": order, **extra},
                        author=make.default("evaluator"))


# --- candidates -----------------------------------------------------------------------------------

def test_three_candidates_are_published_with_the_computed_ranking(make, clock):
    tender, evaluation, order = evaluated(make, 4)
    notice = candidates(make, tender, order[:3])
    assert tender.status_at(clock()) == Status.PUBLICITY
    recomputed = [(r.bid.registration_number, shown_total(evaluation, r), r.rank)
                  for r in ranking(evaluation, tender_bids(tender))]
    published = [(r["registration_number"], r["total"], r["rank"]) for r in notice.payload["ranking"]]
    assert published == recomputed
    assert notice.payload["criteria"][0] == {"name": {"zh": "技术", "en": "Technical"}, "weight": "60.00"}
    assert "Equal totals" in notice.payload["tie_rule"]["en"]


def test_a_fourth_candidate_is_refused(make):
    tender, _evaluation, order = evaluated(make, 4)
    error = refused(make, tender, {"kind": "candidates", "candidates": order}, make.default("evaluator"))
    assert error.rule["code"] == "max_candidates" and "4 candidates" in error.text("en")


def test_candidates_out_of_the_computed_order_are_refused(make):
    tender, _evaluation, order = evaluated(make, 3)
    error = refused(make, tender, {"kind": "candidates", "candidates": [order[1], order[0]]},
                    make.default("evaluator"))
    assert error.code == "ranking_mismatch" and order[0] in error.text("en")


def test_fewer_than_three_valid_bids_cannot_have_candidates(make):
    tender = make.evaluating_tender(3)
    numbers = [b["bidder"]["registration_number"] for b in make.bids(tender, 3)]
    body = evaluation_body(tender, scores={n: (50, 30) for n in numbers[:2]},
                           rejected=[{"bid": numbers[2], "reason": "资质不符"}])
    record_evaluation(tender, body, make.default("evaluator"))
    error = refused(make, tender, {"kind": "candidates", "candidates": numbers[:1]},
                    make.default("evaluator"))
    assert error.rule["code"] == "min_bids" and "failure notice" in error.text("en")


def test_candidates_more_than_three_days_after_the_report_are_refused(make, clock):
    tender, evaluation, order = evaluated(make)
    clock.at = evaluation.report_at + timedelta(days=3, minutes=1)
    error = refused(make, tender, {"kind": "candidates", "candidates": order},
                    make.default("evaluator"))
    assert error.rule["code"] == "candidates_within"


def test_a_pending_draft_goes_stale_when_the_evaluation_is_recorded_again(make):
    tender, _evaluation, order = evaluated(make)
    evaluator = make.default("evaluator")
    notice = make.submitted(tender, {"kind": "candidates", "candidates": order}, evaluator)
    record_evaluation(tender, evaluation_body(tender), evaluator)
    with pytest.raises(DomainError) as caught:  # the approver's check runs the rules again
        approve_notice(notice, make.default("approver"))
    assert caught.value.code == "stale_evaluation"


def test_the_candidates_notice_may_not_name_a_member(make):
    tender, _evaluation, order = evaluated(make)
    name = committee()[2]["name"]
    error = refused(make, tender, {"kind": "candidates", "candidates": order,
                                   "body": {"zh": f"评标委员会由{name}等组成。"}},
                    make.default("evaluator"))
    assert error.code == "committee_named"


# --- result -------------------------------------------------------------------------------------

def in_publicity(make, clock):
    tender, evaluation, order = evaluated(make)
    notice = candidates(make, tender, order)
    return tender, notice, order


@pytest.mark.parametrize("after, accepted", [(timedelta(days=2, hours=23), False),
                                             (timedelta(days=3), True)])
def test_the_result_waits_for_the_objection_window(make, clock, after, accepted):
    tender, notice, order = in_publicity(make, clock)
    clock.at = notice.published_at + after
    if accepted:
        make.publish(tender, {"kind": "result", "winner": order[0]})
        assert tender.status_at(clock()) == Status.AWARDED
    else:
        error = refused(make, tender, {"kind": "result", "winner": order[0]})
        assert error.rule["code"] == "objection_window"
        assert "window_end" in error.rule["dates"]


def test_an_unanswered_objection_holds_the_result(make, clock):
    tender, notice, order = in_publicity(make, clock)
    objection = record_objection(tender, {"objector": "建设公司2", "text": "评分有误。"}, tender.manager)
    clock.at = notice.published_at + timedelta(days=3)
    assert refused(make, tender, {"kind": "result", "winner": order[0]}).rule["code"] == \
        "objection_answer"
    answer_objection(objection, {"answer": "经复核，评分无误。"}, tender.manager)
    make.publish(tender, {"kind": "result", "winner": order[0]})


def test_a_winner_who_is_not_a_candidate_is_refused(make, clock):
    tender, notice, _order = in_publicity(make, clock)
    clock.at = notice.published_at + timedelta(days=3)
    error = refused(make, tender, {"kind": "result", "winner": "91110000100000009X"})
    assert (error.field, error.code) == ("winner", "winner_not_candidate")
    assert "中标候选人" in error.text("zh")


def test_another_candidate_wins_only_with_a_reason(make, clock):
    tender, notice, order = in_publicity(make, clock)
    clock.at = notice.published_at + timedelta(days=3)
    assert refused(make, tender, {"kind": "result", "winner": order[1]}).field == "reason"
    result = make.publish(tender, {"kind": "result", "winner": order[1], "reason": {
        "en": "The first candidate withdrew (Reg. art. 55)."}})
    assert result.payload["rank"] == 2


# --- contract -------------------------------------------------------------------------------------

def awarded(make, clock):
    tender, notice, order = in_publicity(make, clock)
    clock.at = notice.published_at + timedelta(days=3)
    return tender, make.publish(tender, {"kind": "result", "winner": order[0]})


@pytest.mark.parametrize("days, overdue", [(29, False), (31, True)])
def test_a_contract_later_than_30_days_is_flagged(app, make, clock, days, overdue):
    tender, result = awarded(make, clock)
    clock.at = result.published_at + timedelta(days=days)
    contract = make.publish(tender, {"kind": "contract", "signed_at": clock().isoformat(),
                                     "value": {"amount": "900000.00", "currency": "CNY"}})
    assert tender.status_at(clock()) == Status.CONTRACTED
    assert contract.payload["overdue"] is overdue
    html = sections(app, tender, clock())
    assert ("not signed within 30 days" in html) is overdue


def test_no_contract_after_30_days_is_flagged_too(app, client, make, clock):
    tender, result = awarded(make, clock)
    db.session.commit()
    clock.at = result.published_at + timedelta(days=30, minutes=1)
    assert client.get(f"/api/v1/tenders/{tender.reference}").get_json()["contract_overdue"] is True


@pytest.mark.parametrize("signed, field", [(timedelta(days=-1), "signed_at"),
                                           (timedelta(days=1), "signed_at")])
def test_a_contract_dated_before_the_result_or_in_the_future_is_refused(make, clock, signed, field):
    tender, result = awarded(make, clock)
    data = {"kind": "contract", "signed_at": (clock() + signed).isoformat(),
            "value": {"amount": "900000.00", "currency": "CNY"}}
    assert refused(make, tender, data).field == field


# --- committee names: private until the result ----------------------------------------------------

def public_texts(client, tender) -> str:
    """Everything the public can read about the tender: its pages in both languages, the API, the
    feeds. (The OCDS data and the ledger join this list when they are built.)"""
    urls = [f"/tenders/{tender.reference}?lang=zh", f"/tenders/{tender.reference}?lang=en",
            f"/api/v1/tenders/{tender.reference}", "/feeds/notices.rss", "/feeds/notices.atom",
            f"/tenders/{tender.reference}/feed.rss", f"/tenders/{tender.reference}/feed.atom?lang=en"]
    urls += [f"/tenders/{tender.reference}/notices/{n.number}?lang={lang}"
             for n in tender.published_notices for lang in ("zh", "en")]
    texts = []
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        texts.append(answer.get_data(as_text=True))
    return "\n".join(texts)


def test_committee_names_are_public_only_after_the_result(client, make, clock):
    tender, notice, order = in_publicity(make, clock)
    names = [m["name"] for m in committee()]
    db.session.commit()
    before = public_texts(client, tender)
    assert not any(name in before for name in names)
    assert "5 members" in client.get(f"/tenders/{tender.reference}?lang=en").get_data(as_text=True)
    clock.at = notice.published_at + timedelta(days=3)
    make.publish(tender, {"kind": "result", "winner": order[0]})
    db.session.commit()
    after = public_texts(client, tender)
    assert all(name in after for name in names)
    api = client.get(f"/api/v1/tenders/{tender.reference}").get_json()
    assert [m["name"] for m in api["committee"]] == names


def test_the_tender_page_shows_the_record_in_both_languages(client, make, clock):
    tender, notice, order = in_publicity(make, clock)
    db.session.commit()
    en = client.get(f"/tenders/{tender.reference}?lang=en").get_data(as_text=True)
    assert "Bids received" in en and "Evaluation" in en and "Objections until" in en
    assert "Member names are published with the result." in en
    assert "Asia/Ho_Chi_Minh" in en  # every date also in the project's local time
    zh = client.get(f"/tenders/{tender.reference}?lang=zh").get_data(as_text=True)
    assert order[0] in zh and "建设公司1" in zh


def test_the_api_carries_the_published_record(client, make, clock):
    tender, notice, order = in_publicity(make, clock)
    db.session.commit()
    body = client.get(f"/api/v1/tenders/{tender.reference}").get_json()
    assert len(body["bids"]) == 3 and body["bids"][0]["price"]["amount"] == "900000.00"
    assert body["evaluation"]["candidates"] == order
    assert body["evaluation"]["objections_until"].endswith("+08:00")
    assert body["committee"] is None and body["award"] is None
    assert body["evaluation"]["committee_composition"] == {
        "technical": 2, "economic": 2, "representative": 1}


def test_before_the_opening_the_api_has_no_bids(client, make):
    tender = make.open_tender()
    db.session.commit()
    body = client.get(f"/api/v1/tenders/{tender.reference}").get_json()
    assert body["bids"] is None and body["evaluation"] is None and body["objections"] == []


def test_every_kind_is_published_once_approved(make, clock):
    tender, result = awarded(make, clock)
    kinds = [n.kind for n in tender.published_notices]
    assert kinds == [NoticeKind.ANNOUNCEMENT, NoticeKind.OPENING, NoticeKind.CANDIDATES,
                     NoticeKind.RESULT]
    assert all(n.approver_id != n.author_id for n in tender.published_notices)
