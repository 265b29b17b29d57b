"""The manager's pages after the bid deadline: the opening record, failure and re-tender (Flask client)."""

import re

import pytest

from tender_board.auth.models import Role
from tender_board.bids.models import Bid
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.lifecycle import Status
from tender_board.tenders.models import Tender

from .clients import approve, bid_rows, client_for, latest_notice, signed_in, snapshot
from .factories import PASSWORD, Factory, count


@pytest.fixture
def closed(make, clock):
    tender = make.open_tender()
    make.after_deadline(tender)
    db.session.commit()
    return tender


def opening_url(tender) -> str:
    return f"/manage/tenders/{tender.reference}/notices/new/opening"


def failure_url(tender) -> str:
    return f"/manage/tenders/{tender.reference}/notices/new/failure"


def test_the_workspace_of_a_closed_tender_offers_the_opening_and_the_failure(app, closed):
    page = signed_in(app, closed.manager).get(f"/manage/tenders/{closed.reference}").get_data(as_text=True)
    assert opening_url(closed) in page and failure_url(closed) in page


def test_the_opening_form_has_eight_empty_rows_and_more_on_request(app, closed):
    client = signed_in(app, closed.manager)
    page = client.get(opening_url(closed)).get_data(as_text=True)
    assert 'name="bids-7-name"' in page and 'name="bids-8-name"' not in page
    assert "Draft a failure notice instead" in page
    assert 'name="bids-11-name"' in client.get(opening_url(closed) + "?rows=12").get_data(as_text=True)
    more = client.post(opening_url(closed), data={**bid_rows(closed, 2), "more_rows": "1"})
    assert more.status_code == 200 and 'name="bids-11-name"' in more.get_data(as_text=True)
    assert "建设公司1" in more.get_data(as_text=True)  # what was typed stays
    assert count(Notice) == 1


def test_the_manager_drafts_the_opening_record_and_the_approver_publishes_it(app, make, closed):
    client = signed_in(app, closed.manager)
    answer = client.post(opening_url(closed), data={**bid_rows(closed, 3), "body_en": "Opened in public."})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = latest_notice()
    assert notice.kind.value == "opening" and len(notice.payload["bids"]) == 3  # the five empty rows ignored
    assert client.post(f"/manage/notices/{notice.id}/submit").status_code == 302
    review = signed_in(app, make.default(Role.APPROVER)).get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert "建设公司3" in review and notice.payload["bids"][2]["bidder"]["registration_number"] in review
    assert approve(app, make, notice.id).status == NoticeStatus.PUBLISHED
    assert count(Bid) == 3 and closed.status == Status.EVALUATING


def test_fewer_than_three_bids_are_refused_beside_the_bids_with_the_failure_offered(app, closed):
    answer = signed_in(app, closed.manager).post(opening_url(closed), data=bid_rows(closed, 2))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Only 2 bids arrived" in page and "Law art. 28" in page
    assert page.count(failure_url(closed)) >= 2
    assert count(Notice) == 1


@pytest.mark.parametrize("overrides, message, field", [
    ({"bids-1-price_currency": "XYZ"}, "Unknown currency", "bids-1-price_currency"),
    ({"bids-2-received_at": "2027-12-31T10:00"}, "arrived after the deadline", "bids-2-received_at"),
    ({}, None, None),
    ({"bids-0-status": "disqualified"}, "This field is required", "bids-0-reason"),
    ({"bids-0-security": "50000"}, "exceeds the limit", "bids-0-security"),
])
def test_a_bad_bid_is_refused_beside_its_field_and_nothing_is_stored(app, closed, overrides, message, field):
    if message is None:  # the same bidder twice
        data = bid_rows(closed, 3)
        data["bids-2-registration_number"] = data["bids-0-registration_number"]
        message, field = "listed twice", "bids-2-registration_number"
    else:
        data = {**bid_rows(closed, 3), **overrides}
    before = snapshot()
    answer = signed_in(app, closed.manager).post(opening_url(closed), data=data)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and message in page
    assert f'id="{field}-error"' in page  # beside the field it names
    assert snapshot() == before


def test_the_opening_page_in_chinese(app, closed):
    page = signed_in(app, closed.manager).get(opening_url(closed) + "?lang=zh").get_data(as_text=True)
    assert "开标记录" in page and "投标人" in page


def test_another_manager_gets_404_and_other_roles_403(app, make, closed):
    other = make.user(Role.MANAGER)
    evaluator, approver = make.default(Role.EVALUATOR), make.default(Role.APPROVER)
    db.session.commit()
    before = snapshot()
    for url in (opening_url(closed), failure_url(closed)):
        assert signed_in(app, other).get(url).status_code == 404
        assert signed_in(app, other).post(url, data=bid_rows(closed, 3)).status_code == 404
        for user in (evaluator, approver):
            assert signed_in(app, user).post(url, data=bid_rows(closed, 3)).status_code == 403
    assert signed_in(app, other).post(f"/manage/tenders/{closed.reference}/retender").status_code == 404
    assert snapshot() == before


def test_before_the_deadline_the_opening_is_refused_at_the_top(app, make):
    tender = make.open_tender()
    db.session.commit()
    answer = signed_in(app, tender.manager).post(opening_url(tender), data=bid_rows(tender, 3))
    assert answer.status_code == 409
    assert "cannot publish the opening record" in answer.get_data(as_text=True)
    assert count(Notice) == 1


def failure_form(tender, **extra) -> dict:
    return {"reason_code": "fewer_bids", "reason_zh": "投标人不足三家。", "reason_en": "",
            **bid_rows(tender, 2), **extra}


def test_a_failure_with_two_bids_then_a_retender_opens_the_new_draft(app, make, closed):
    client = signed_in(app, closed.manager)
    answer = client.post(failure_url(closed), data=failure_form(closed))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = latest_notice()
    assert notice.payload["reason_code"] == "fewer_bids" and len(notice.payload["bids"]) == 2
    client.post(f"/manage/notices/{notice.id}/submit")
    review = signed_in(app, make.default(Role.APPROVER)).get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert "Fewer than 3 bids arrived" in review and "建设公司2" in review
    approve(app, make, notice.id)
    workspace = client.get(f"/manage/tenders/{closed.reference}").get_data(as_text=True)
    assert f"/manage/tenders/{closed.reference}/retender" in workspace
    assert client.get(f"/manage/tenders/{closed.reference}/retender").status_code == 405  # GET changes nothing
    answer = client.post(f"/manage/tenders/{closed.reference}/retender")
    new = db.session.scalar(db.select(Tender).where(Tender.retender_of_id == closed.id))
    assert answer.status_code == 302 and answer.location.endswith(f"/manage/tenders/{new.reference}")
    assert new.status == Status.DRAFT and new.title == closed.title
    again = client.post(f"/manage/tenders/{closed.reference}/retender", follow_redirects=True)
    assert "already been re-tendered" in again.get_data(as_text=True)
    assert count(Tender) == 2


def test_a_failure_needs_a_reason_and_a_true_one(app, closed):
    client = signed_in(app, closed.manager)
    before = snapshot()
    missing = client.post(failure_url(closed), data=failure_form(closed, reason_zh=""))
    assert missing.status_code == 422 and 'id="reason_zh-error"' in missing.get_data(as_text=True)
    three = client.post(failure_url(closed), data={**failure_form(closed), **bid_rows(closed, 3)})
    assert three.status_code == 422 and "3 bids arrived: open them" in three.get_data(as_text=True)
    assert snapshot() == before


def test_retender_refused_for_a_tender_that_has_not_failed(app, closed):
    answer = signed_in(app, closed.manager).post(f"/manage/tenders/{closed.reference}/retender",
                                                 follow_redirects=True)
    assert "cannot re-tender" in answer.get_data(as_text=True)
    assert count(Tender) == 1


def test_every_form_of_the_second_half_needs_its_csrf_token(make_app, clock):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        make = Factory(clock)  # on this app's own database session
        tender = make.open_tender()
        make.after_deadline(tender)
        db.session.commit()
        client = signed_in_with_token(csrf_app, tender.manager)
        before = snapshot()
        for path in (opening_url(tender), failure_url(tender), f"/manage/tenders/{tender.reference}/retender"):
            assert client.post(path, data=bid_rows(tender, 3)).status_code == 400, path
        assert snapshot() == before
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get(opening_url(tender)).get_data(as_text=True))[1]
        answer = client.post(opening_url(tender), data={**bid_rows(tender, 3), "csrf_token": token})
        assert answer.status_code == 302, answer.get_data(as_text=True)


def signed_in_with_token(app, user):
    client = client_for(app)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True))[1]
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
