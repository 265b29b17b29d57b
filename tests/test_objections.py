"""Objections (异议) during the publicity window, answered within 3 days, both public."""

from datetime import timedelta

import pytest

from tender_board.bids.evaluation import opening_bids
from tender_board.bids.models import Objection
from tender_board.bids.objections import answer_objection, record_objection
from tender_board.errors import DomainError
from tender_board.extensions import db

from .clients import sections
from .factories import count

OBJECTION = {"objector": "建设公司2", "text": "第一名的业绩证明不符合资格要求。"}


def publicity(make, **overrides):
    """A tender whose candidates have just been published."""
    tender = make.evaluating_tender(3, **overrides)
    make.evaluation(tender)
    order = [b.registration_number for b in opening_bids(tender)]
    notice = make.publish(tender, {"kind": "candidates", "candidates": order},
                          author=make.default("evaluator"))
    return tender, notice


def test_an_objection_is_recorded_with_who_when_and_what(make, clock):
    tender, notice = publicity(make)
    clock.advance(hours=5)
    objection = record_objection(tender, OBJECTION, tender.manager)
    assert (objection.objector, objection.submitted_at, objection.notice_id) == (
        "建设公司2", clock(), notice.id)
    assert objection.answer_due == clock() + timedelta(days=3)


@pytest.mark.parametrize("after, accepted", [(timedelta(days=3), True),
                                             (timedelta(days=3, seconds=1), False)])
def test_objections_are_made_within_the_window(make, clock, after, accepted):
    tender, notice = publicity(make)
    clock.at = notice.published_at + after
    data = {**OBJECTION, "submitted_at": clock().isoformat()}
    if accepted:
        record_objection(tender, data, tender.manager)
        assert count(Objection) == 1
    else:
        with pytest.raises(DomainError) as caught:
            record_objection(tender, data, tender.manager)
        assert caught.value.rule["code"] == "objection_window" and count(Objection) == 0


def test_an_objection_dated_in_the_future_is_refused(make, clock):
    tender, _notice = publicity(make)
    with pytest.raises(DomainError) as caught:
        record_objection(tender, {**OBJECTION, "submitted_at": (clock() + timedelta(hours=1))
                                  .isoformat()}, tender.manager)
    assert caught.value.field == "submitted_at"


def test_only_the_tenders_manager_records_objections(make):
    tender, _notice = publicity(make)
    for user in (make.user("manager"), make.default("evaluator"), make.default("approver")):
        with pytest.raises(DomainError) as caught:
            record_objection(tender, OBJECTION, user)
        assert caught.value.status == 403
    assert count(Objection) == 0


def test_no_objection_before_the_candidates_are_published(make):
    tender = make.evaluating_tender(3)
    with pytest.raises(DomainError) as caught:
        record_objection(tender, OBJECTION, tender.manager)
    assert caught.value.code == "not_publicity"


def test_an_answer_is_given_once_and_a_late_one_is_shown_late(app, make, clock):
    tender, _notice = publicity(make)
    objection = record_objection(tender, OBJECTION, tender.manager)
    clock.advance(days=3, minutes=1)
    answer_objection(objection, {"answer": "经复核，业绩证明符合要求。"}, tender.manager)
    assert objection.answered_late
    with pytest.raises(DomainError) as caught:
        answer_objection(objection, {"answer": "again"}, tender.manager)
    assert caught.value.code == "already_answered"
    html = sections(app, tender, clock())
    assert "answered later than 3 days" in html and "经复核" in html


def test_a_sandbox_tender_runs_its_windows_fast(make, clock):
    tender, notice = publicity(make, sandbox=True)
    objections_until = notice.payload["objections_until"]
    assert objections_until == (notice.published_at + timedelta(seconds=3)).isoformat()
    objection = record_objection(tender, OBJECTION, tender.manager)
    assert objection.answer_due == clock() + timedelta(seconds=3)


# --- the API ------------------------------------------------------------------------------------

def test_objection_and_answer_through_the_api_are_public(client, make, clock):
    tender, _notice = publicity(make)
    headers = make.token(tender.manager)
    db.session.commit()
    made = client.post(f"/api/v1/tenders/{tender.reference}/objections", json=OBJECTION,
                       headers=headers)
    assert made.status_code == 201
    objection_id = made.get_json()["id"]
    page = client.get(f"/tenders/{tender.reference}?lang=en").get_data(as_text=True)
    assert "第一名的业绩证明" in page and "Not yet answered" in page
    answered = client.post(f"/api/v1/objections/{objection_id}/answer",
                           json={"answer": "业绩证明符合要求。"}, headers=headers)
    assert answered.status_code == 200 and answered.get_json()["answer_due"].endswith("+08:00")
    public = client.get(f"/api/v1/tenders/{tender.reference}").get_json()["objections"]
    assert [(o["objector"], o["answer"], o["answered_late"]) for o in public] == [
        ("建设公司2", "业绩证明符合要求。", False)]


@pytest.mark.parametrize("lang, words", [("en", "required"), ("zh", "必填")])
def test_the_objection_api_refuses_bad_input_and_stores_nothing(client, make, lang, words):
    tender, _notice = publicity(make)
    headers = make.token(tender.manager)
    db.session.commit()
    url = f"/api/v1/tenders/{tender.reference}/objections?lang={lang}"
    answer = client.post(url, json={"objector": "建设公司2"}, headers=headers)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["field"] == "text" and words in answer.get_json()["error"]["message"]
    assert client.post(url, json=OBJECTION).status_code == 401
    other = make.token(make.user("manager"))
    db.session.commit()
    assert client.post(url, json=OBJECTION, headers=other).status_code == 403
    assert client.post("/api/v1/objections/999/answer", json={"answer": "x"},
                       headers=headers).status_code == 404
    assert count(Objection) == 0


def test_an_empty_answer_is_refused(client, make):
    tender, _notice = publicity(make)
    objection = record_objection(tender, OBJECTION, tender.manager)
    headers = make.token(tender.manager)
    db.session.commit()
    answer = client.post(f"/api/v1/objections/{objection.id}/answer", json={"answer": " "},
                         headers=headers)
    assert answer.status_code == 422 and answer.get_json()["error"]["field"] == "answer"
    assert client.get(f"/api/v1/tenders/{tender.reference}").get_json()["objections"][0][
        "answer"] is None

