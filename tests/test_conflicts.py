"""Finding 10: an action the current state does not allow is 409 (PRODUCT.md §6); bad input stays 422."""

import pytest

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice

from .clients import approve, client_for
from .factories import count, tender_data


@pytest.fixture
def client(app):
    return client_for(app)


def error_of(answer) -> dict:
    return answer.get_json()["error"]


def submitted_notice(client, make):
    manager, approver = make.user(Role.MANAGER), make.user(Role.APPROVER)
    as_manager, as_approver = make.token(manager), make.token(approver)
    db.session.commit()
    created = client.post("/api/v1/tenders", json=tender_data(), headers=as_manager)
    reference = created.get_json()["reference"]
    notice_id = client.post(f"/api/v1/tenders/{reference}/notices", json=make.announcement(),
                            headers=as_manager).get_json()["id"]
    assert client.post(f"/api/v1/notices/{notice_id}/submit", headers=as_manager).status_code == 200
    return reference, notice_id, as_manager, as_approver


def test_submitting_twice_is_409(client, make):
    _, notice_id, as_manager, _ = submitted_notice(client, make)
    again = client.post(f"/api/v1/notices/{notice_id}/submit", headers=as_manager)
    assert again.status_code == 409 and error_of(again)["code"] == "not_draft"


def test_approving_an_already_published_notice_is_409_and_changes_nothing(client, make):
    _, notice_id, _, as_approver = submitted_notice(client, make)
    assert client.post(f"/api/v1/notices/{notice_id}/approve", headers=as_approver).status_code == 200
    again = client.post(f"/api/v1/notices/{notice_id}/approve", headers=as_approver)
    assert again.status_code == 409 and error_of(again)["code"] == "not_in_approval"
    rejected = client.post(f"/api/v1/notices/{notice_id}/reject", json={"reason": "late"}, headers=as_approver)
    assert rejected.status_code == 409
    assert db.session.get(Notice, notice_id).status.value == "published"


def test_patching_a_published_tender_is_409(client, make):
    reference, notice_id, as_manager, as_approver = submitted_notice(client, make)
    client.post(f"/api/v1/notices/{notice_id}/approve", headers=as_approver)
    patched = client.patch(f"/api/v1/tenders/{reference}", json={"city": "Elsewhere"},
                           headers={**as_manager, "If-Match": '"1"'})
    assert patched.status_code == 409 and error_of(patched)["code"] == "not_draft"


def test_a_second_pending_notice_of_one_kind_is_409(client, make):
    reference, _, as_manager, _ = submitted_notice(client, make)
    second = client.post(f"/api/v1/tenders/{reference}/notices", json=make.announcement(), headers=as_manager)
    assert second.status_code == 409 and error_of(second)["code"] == "pending_notice"
    assert count(Notice) == 1


def test_invalid_input_stays_422(client, make):
    _, notice_id, _, as_approver = submitted_notice(client, make)
    empty = client.post(f"/api/v1/notices/{notice_id}/reject", json={}, headers=as_approver)
    assert empty.status_code == 422


def test_the_staff_pages_answer_409_for_a_conflict(app, client, make):
    _, notice_id, _, _ = submitted_notice(client, make)
    approve(app, make, notice_id)
    approver = make.user(Role.APPROVER)
    db.session.commit()
    again = client_for(app, approver).post(f"/manage/notices/{notice_id}/approve?lang=en")
    assert again.status_code == 409 and "not awaiting approval" in again.get_data(as_text=True)
    assert db.session.get(Notice, notice_id).status.value == "published"
