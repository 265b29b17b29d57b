"""The manager's pages during publicity and after: objections and answers, the result, the contract."""

from datetime import timedelta

import pytest

from tender_board.auth.models import Role
from tender_board.bids.models import Objection
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.lifecycle import Status

from .clients import approve, latest_notice, local, signed_in, snapshot
from .factories import count, tender_bids


@pytest.fixture
def publicity(make):
    tender, _ = make.publicity_tender()
    db.session.commit()
    return tender


def objections_url(tender) -> str:
    return f"/manage/tenders/{tender.reference}/objections"


def draft_url(tender, kind: str) -> str:
    return f"/manage/tenders/{tender.reference}/notices/new/{kind}"


def test_the_manager_records_an_objection_and_its_answer(app, make, publicity):
    client = signed_in(app, publicity.manager)
    workspace = client.get(f"/manage/tenders/{publicity.reference}").get_data(as_text=True)
    assert objections_url(publicity) in workspace and draft_url(publicity, "result") in workspace
    answer = client.post(objections_url(publicity), data={"objector": "建设公司2", "submitted_at": "",
                                                          "text": "Our score is wrong."})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    objection = db.session.scalar(db.select(Objection))
    page = client.get(objections_url(publicity)).get_data(as_text=True)
    assert "Our score is wrong." in page and f'name="objection-{objection.id}-answer"' in page
    answered = client.post(f"{objections_url(publicity)}/answer",
                           data={"objection": objection.id, f"objection-{objection.id}-answer": "Rechecked."})
    assert answered.status_code == 302, answered.get_data(as_text=True)
    db.session.refresh(objection)
    assert objection.answer == "Rechecked."
    public = signed_in(app, None).get(f"/tenders/{publicity.reference}").get_data(as_text=True)
    assert "Our score is wrong." in public and "Rechecked." in public


def test_a_bad_objection_or_answer_is_refused_beside_its_field(app, make, publicity, clock):
    client = signed_in(app, publicity.manager)
    before = snapshot(), count(Objection)
    empty = client.post(objections_url(publicity), data={"objector": "", "text": "x"})
    assert empty.status_code == 422 and 'id="objector-error"' in empty.get_data(as_text=True)
    late = client.post(objections_url(publicity), data={
        "objector": "A", "text": "x", "submitted_at": local(clock() - timedelta(days=30))})
    assert late.status_code == 422 and 'id="submitted_at-error"' in late.get_data(as_text=True)
    assert "publicity window" in late.get_data(as_text=True)
    assert (snapshot(), count(Objection)) == before
    client.post(objections_url(publicity), data={"objector": "A", "text": "x"})
    objection = db.session.scalar(db.select(Objection))
    blank = client.post(f"{objections_url(publicity)}/answer",
                        data={"objection": objection.id, f"objection-{objection.id}-answer": " "})
    assert blank.status_code == 422 and f'id="objection-{objection.id}-answer-error"' in blank.get_data(as_text=True)
    assert client.post(f"{objections_url(publicity)}/answer", data={"objection": 999}).status_code == 404
    db.session.refresh(objection)
    assert objection.answer is None


def test_objections_of_another_manager_or_role_are_refused(app, make, publicity):
    other = make.user(Role.MANAGER)
    db.session.commit()
    before = snapshot(), count(Objection)
    data = {"objector": "A", "text": "x"}
    assert signed_in(app, other).get(objections_url(publicity)).status_code == 404
    assert signed_in(app, other).post(objections_url(publicity), data=data).status_code == 404
    for role in (Role.EVALUATOR, Role.APPROVER):
        assert signed_in(app, make.default(role)).post(objections_url(publicity), data=data).status_code == 403
    assert (snapshot(), count(Objection)) == before


def result_form(tender, winner_place: int = 0, **extra) -> dict:
    winner = tender_bids(tender)[winner_place].registration_number
    return {"winner": winner, "reason_zh": "", "reason_en": "", "body_en": "", **extra}


def test_the_result_waits_for_the_window_then_is_drafted_and_approved(app, make, publicity, clock):
    client = signed_in(app, publicity.manager)
    early = client.post(draft_url(publicity, "result"), data=result_form(publicity))
    assert early.status_code == 422 and "objection window ends at" in early.get_data(as_text=True)
    assert count(Notice) == 3
    clock.advance(days=4)
    form = client.get(draft_url(publicity, "result")).get_data(as_text=True)
    assert tender_bids(publicity)[2].bidder_name in form  # every published candidate to choose from
    second = client.post(draft_url(publicity, "result"), data=result_form(publicity, 1))
    assert second.status_code == 422 and 'id="reason_zh-error"' in second.get_data(as_text=True)
    answer = client.post(draft_url(publicity, "result"), data=result_form(publicity))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = latest_notice()
    client.post(f"/manage/notices/{notice.id}/submit")
    review = signed_in(app, make.default(Role.APPROVER)).get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert tender_bids(publicity)[0].bidder_name in review and "committee members' names" in review
    assert approve(app, make, notice.id).status == NoticeStatus.PUBLISHED
    assert publicity.status == Status.AWARDED


def test_a_winner_not_among_the_candidates_is_refused(app, make, clock):
    tender, _ = make.publicity_tender(4)
    db.session.commit()
    clock.advance(days=4)
    answer = signed_in(app, tender.manager).post(draft_url(tender, "result"), data=result_form(tender, 3))
    assert answer.status_code == 422 and 'id="winner-error"' in answer.get_data(as_text=True)
    assert count(Notice) == 3


@pytest.fixture
def awarded(make, publicity, clock):
    clock.advance(days=4)
    make.publish(publicity, {"kind": "result", "winner": tender_bids(publicity)[0].registration_number})
    db.session.commit()
    return publicity


def contract_form(clock, **extra) -> dict:
    return {"signed_at": local(clock()), "value_amount": "900000.00", "value_currency": "CNY", **extra}


def test_the_contract_is_prefilled_drafted_and_approved(app, make, awarded, clock):
    client = signed_in(app, awarded.manager)
    assert draft_url(awarded, "contract") in client.get(f"/manage/tenders/{awarded.reference}").get_data(as_text=True)
    form = client.get(draft_url(awarded, "contract")).get_data(as_text=True)
    assert 'value="900000.00"' in form and "by " in form
    clock.advance(days=31)
    answer = client.post(draft_url(awarded, "contract"), data=contract_form(clock))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = latest_notice()
    client.post(f"/manage/notices/{notice.id}/submit")
    review = signed_in(app, make.default(Role.APPROVER)).get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert "Signed later than 30 days after the result" in review  # flagged before it is published
    assert approve(app, make, notice.id).status == NoticeStatus.PUBLISHED
    assert awarded.status == Status.CONTRACTED


@pytest.mark.parametrize("change, field", [
    ({"value_currency": "XYZ"}, "value_currency"), ({"value_amount": "-5"}, "value_amount"),
    ({"signed_at": "2030-01-01T10:00"}, "signed_at"), ({"signed_at": "yesterday"}, "signed_at"),
])
def test_a_bad_contract_is_refused_beside_its_field(app, awarded, clock, change, field):
    before = snapshot()
    answer = signed_in(app, awarded.manager).post(draft_url(awarded, "contract"), data=contract_form(clock, **change))
    assert answer.status_code == 422 and f'id="{field}-error"' in answer.get_data(as_text=True)
    assert snapshot() == before


def test_result_and_contract_refused_to_other_managers_and_roles(app, make, awarded, clock):
    other = make.user(Role.MANAGER)
    db.session.commit()
    before = snapshot()
    for kind in ("result", "contract"):
        assert signed_in(app, other).post(draft_url(awarded, kind), data=contract_form(clock)).status_code == 404
        for role in (Role.EVALUATOR, Role.APPROVER):
            client = signed_in(app, make.default(role))
            assert client.post(draft_url(awarded, kind), data=contract_form(clock)).status_code == 403
    assert snapshot() == before


def test_the_pages_in_chinese(app, awarded):
    client = signed_in(app, awarded.manager, lang="zh")
    assert "合同" in client.get(draft_url(awarded, "contract")).get_data(as_text=True)
    assert "异议" in client.get(objections_url(awarded)).get_data(as_text=True)
