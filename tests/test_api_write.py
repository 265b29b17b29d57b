"""The publishing lifecycle through the JSON write API alone, with bearer tokens; bad input."""

from datetime import timedelta

import pytest

from tender_board.auth.models import Role
from tender_board.auth.operations import change_role
from tender_board.extensions import db
from tender_board.notices.models import Notice
from tender_board.tenders.models import Tender

from .clients import PDF, client_for, upload
from .factories import count, tender_data


@pytest.fixture
def client(app):
    return client_for(app)


def test_whole_lifecycle_through_the_api(client, make):
    manager, approver = make.user(Role.MANAGER), make.user(Role.APPROVER)
    as_manager, as_approver = make.token(manager), make.token(approver)
    db.session.commit()

    created = client.post("/api/v1/tenders", json=tender_data(), headers=as_manager)
    assert created.status_code == 201, created.get_json()
    tender = created.get_json()
    assert tender["status"] == "draft" and tender["version"] == 1
    assert tender["ocid"].endswith(tender["reference"])
    assert created.headers["ETag"] == '"1"'
    reference = tender["reference"]

    edited = client.patch(f"/api/v1/tenders/{reference}", json={"city": "Ho Chi Minh City"},
                          headers={**as_manager, "If-Match": created.headers["ETag"]})
    assert edited.status_code == 200 and edited.get_json()["version"] == 2

    document = upload(client, reference, as_manager, "specification.pdf", PDF)
    assert document.status_code == 201, document.get_json()
    sha256 = document.get_json()["sha256"]

    drafted = client.post(f"/api/v1/tenders/{reference}/notices", headers=as_manager,
                          json={**make.announcement(), "documents": [document.get_json()["id"]]})
    assert drafted.status_code == 201, drafted.get_json()
    notice_id = drafted.get_json()["id"]
    assert drafted.get_json()["status"] == "draft"

    submitted = client.post(f"/api/v1/notices/{notice_id}/submit", headers=as_manager)
    assert submitted.get_json()["status"] == "in_approval"
    assert client.get(f"/api/v1/tenders/{reference}").status_code == 404  # not public yet

    approved = client.post(f"/api/v1/notices/{notice_id}/approve", headers=as_approver)
    assert approved.status_code == 200, approved.get_json()
    answer = approved.get_json()
    assert answer["status"] == "published" and answer["number"] == 1
    assert answer["url"].endswith(f"/tenders/{reference}/notices/1")

    public = client.get(f"/api/v1/tenders/{reference}").get_json()
    assert public["status"] == "open" and public["city"] == "Ho Chi Minh City"
    assert public["notices"][0]["documents"][0]["sha256"] == sha256
    page = client.get(f"/tenders/{reference}/notices/1").get_data(as_text=True)
    assert sha256 in page


def error_of(answer) -> dict:
    return answer.get_json()["error"]


def test_a_session_cookie_never_authenticates_a_write(app, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    browser = client_for(app, manager)
    answer = browser.post("/api/v1/tenders", json=tender_data())
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_of(answer)["code"] == "unauthorized" and count(Tender) == 0


@pytest.mark.parametrize("token", ["", "Bearer", "Bearer tb_not-a-real-token", "Basic dXNlcjpwYXNz"])
def test_a_missing_or_wrong_token_is_401(client, token):
    answer = client.post("/api/v1/tenders", json=tender_data(), headers={"Authorization": token})
    assert answer.status_code == 401 and count(Tender) == 0


@pytest.mark.parametrize(("body", "content_type", "status", "code"), [
    ("category=overseas", "application/x-www-form-urlencoded", 400, "not_json"),
    ('{"category": "overseas",', "application/json", 400, "malformed_json"),
    ("[1, 2]", "application/json", 422, "invalid"),
    ("", "application/json", 400, "malformed_json"),
])
def test_a_body_that_is_not_a_json_object_is_refused(client, make, body, content_type, status, code):
    headers = make.token(make.user(Role.MANAGER))
    db.session.commit()
    answer = client.post("/api/v1/tenders", data=body, content_type=content_type, headers=headers)
    assert answer.status_code == status and error_of(answer)["code"] == code and count(Tender) == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"title": None}, "title"), ({"title": {"fr": "Titre"}}, "title"), ({"country": "XX"}, "country"),
    ({"timezone": "Mars/Olympus"}, "timezone"), ({"value": {"amount": 12.5, "currency": "CNY"}}, "value.amount"),
    ({"value": {"amount": "-1", "currency": "CNY"}}, "value.amount"), ({"category": "orbital"}, "category"),
    ({"colour": "blue"}, "colour"), ({"sandbox": "yes"}, "sandbox"),
])
def test_missing_or_malformed_tender_fields_name_the_field_and_store_nothing(client, make, change, field):
    headers = make.token(make.user(Role.MANAGER))
    db.session.commit()
    data = {key: value for key, value in {**tender_data(), **change}.items() if value is not None}
    answer = client.post("/api/v1/tenders?lang=en", json=data, headers=headers)
    assert answer.status_code == 422 and error_of(answer)["field"] == field
    assert count(Tender) == 0


def test_errors_come_in_the_readers_language(client, make):
    headers = make.token(make.user(Role.MANAGER))
    db.session.commit()
    data = {**tender_data(), "country": "XX"}
    assert "Unknown country" in error_of(client.post("/api/v1/tenders?lang=en", json=data, headers=headers))["message"]
    assert "未知的国家" in error_of(client.post("/api/v1/tenders?lang=zh", json=data, headers=headers))["message"]


def test_markup_in_a_title_is_stored_as_text_and_shown_escaped(client, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    db.session.commit()
    title = {"en": "<script>alert('x')</script> & <b>bold</b>"}
    reference = client.post("/api/v1/tenders", json=tender_data(title=title), headers=headers).get_json()["reference"]
    tender = db.session.scalar(db.select(Tender).where(Tender.reference == reference))
    assert tender.title == title
    make.publish(tender, make.announcement())
    db.session.commit()
    page = client.get(f"/tenders/{reference}?lang=en").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page and "&lt;b&gt;bold" in page
    assert client.get(f"/api/v1/tenders/{reference}").get_json()["title"] == title


def created_tender(client, make, manager):
    answer = client.post("/api/v1/tenders", json=tender_data(), headers=make.token(manager))
    return answer.get_json()["reference"]


def test_a_stale_if_match_is_409_and_changes_nothing(client, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    db.session.commit()
    reference = created_tender(client, make, manager)
    first = client.patch(f"/api/v1/tenders/{reference}", json={"city": "Hue"}, headers={**headers, "If-Match": 'W/"1"'})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    stale = client.patch(f"/api/v1/tenders/{reference}", json={"city": "Da Nang"}, headers={**headers, "If-Match": '"1"'})
    assert stale.status_code == 409 and error_of(stale)["code"] == "stale_version"
    missing = client.patch(f"/api/v1/tenders/{reference}", json={"city": "Da Nang"}, headers=headers)
    assert missing.status_code == 422 and error_of(missing)["field"] == "version"
    tender = db.session.scalar(db.select(Tender).where(Tender.reference == reference))
    assert tender.city == "Hue" and tender.version == 2


def test_an_unknown_notice_kind_is_refused_and_nothing_stored(client, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    db.session.commit()
    reference = created_tender(client, make, manager)
    answer = client.post(f"/api/v1/tenders/{reference}/notices", json={"kind": "horoscope"}, headers=headers)
    assert answer.status_code == 422 and error_of(answer)["field"] == "kind" and count(Notice) == 0


def test_malformed_announcement_fields_are_refused(client, make):
    manager = make.user(Role.MANAGER)
    headers = make.token(manager)
    db.session.commit()
    reference = created_tender(client, make, manager)
    naive = {**make.announcement(), "bid_deadline": "2027-04-01T10:00"}
    answer = client.post(f"/api/v1/tenders/{reference}/notices", json=naive, headers=headers)
    assert answer.status_code == 422 and error_of(answer)["field"] == "bid_deadline"
    early = make.announcement(days=10)
    answer = client.post(f"/api/v1/tenders/{reference}/notices", json=early, headers=headers)
    assert answer.status_code == 422 and error_of(answer)["rule"]["code"] == "bid_period"
    foreign = {**make.announcement(), "documents": [99]}
    answer = client.post(f"/api/v1/tenders/{reference}/notices", json=foreign, headers=headers)
    assert answer.status_code == 422 and error_of(answer)["field"] == "documents"
    assert count(Notice) == 0


def test_a_notice_for_another_managers_tender_is_refused(client, make):
    owner, other = make.user(Role.MANAGER), make.user(Role.MANAGER)
    draft = make.tender(manager=owner)
    published = make.open_tender()
    headers = make.token(other)
    db.session.commit()
    hidden = client.post(f"/api/v1/tenders/{draft.reference}/notices", json=make.announcement(), headers=headers)
    assert hidden.status_code == 404
    amendment = {"kind": "amendment", "changes": {"contact": {"en": "Someone else"}}, "rationale": {"en": "x"}}
    visible = client.post(f"/api/v1/tenders/{published.reference}/notices", json=amendment, headers=headers)
    assert visible.status_code == 403 and count(Notice) == 1  # only the published announcement


def drafted_and_submitted(client, make, manager, days=25):
    headers = make.token(manager)
    db.session.commit()
    reference = created_tender(client, make, manager)
    notice_id = client.post(f"/api/v1/tenders/{reference}/notices", json=make.announcement(days=days),
                            headers=headers).get_json()["id"]
    assert client.post(f"/api/v1/notices/{notice_id}/submit", headers=headers).status_code == 200
    return notice_id, headers


def test_approving_ones_own_draft_is_403(client, make):
    author = make.user(Role.MANAGER)
    notice_id, headers = drafted_and_submitted(client, make, author)
    assert client.post(f"/api/v1/notices/{notice_id}/approve", headers=headers).status_code == 403
    change_role(author, "approver", None)  # even once they become an approver
    db.session.commit()
    answer = client.post(f"/api/v1/notices/{notice_id}/approve?lang=en", headers=headers)
    assert answer.status_code == 403 and "four eyes" in error_of(answer)["message"]
    assert db.session.get(Notice, notice_id).status.value == "in_approval"


def test_approval_is_refused_when_the_clock_made_the_notice_unlawful(client, make, clock):
    notice_id, _ = drafted_and_submitted(client, make, make.user(Role.MANAGER), days=21)
    approver = make.token(make.user(Role.APPROVER))
    db.session.commit()
    clock.advance(days=2)  # 19 days now remain before the deadline
    answer = client.post(f"/api/v1/notices/{notice_id}/approve?lang=en", headers=approver)
    assert answer.status_code == 422
    rule = error_of(answer)["rule"]
    assert rule["code"] == "bid_period" and rule["number"] == "20" and "Law art. 24" in rule["source"]
    assert db.session.get(Notice, notice_id).status.value == "in_approval"


def test_a_rejection_needs_a_reason_and_goes_back_to_the_author(client, make):
    notice_id, author = drafted_and_submitted(client, make, make.user(Role.MANAGER))
    approver = make.token(make.user(Role.APPROVER))
    db.session.commit()
    assert client.post(f"/api/v1/notices/{notice_id}/reject", json={}, headers=approver).status_code == 422
    answer = client.post(f"/api/v1/notices/{notice_id}/reject", json={"reason": "Add the room number."},
                         headers=approver)
    assert answer.status_code == 200 and answer.get_json()["status"] == "draft"
    seen = client.get(f"/api/v1/notices/{notice_id}", headers=author).get_json()
    assert seen["rejection_reason"] == "Add the room number." and seen["status"] == "draft"


def test_an_amendment_through_the_api_shows_old_and_new(client, make, clock):
    tender = make.open_tender(days=25)
    headers = make.token(tender.manager)
    db.session.commit()
    new_deadline = (tender.bid_deadline + timedelta(days=5)).isoformat()
    answer = client.post(f"/api/v1/tenders/{tender.reference}/notices", headers=headers, json={
        "kind": "amendment", "changes": {"bid_deadline": new_deadline}, "rationale": {"en": "Site visits."}})
    assert answer.status_code == 201, answer.get_json()
    change = answer.get_json()["changes"][0]
    assert change["field"] == "bid_deadline" and change["old"] == tender.bid_deadline.isoformat()


def test_the_write_endpoints_are_in_the_openapi_description(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/tenders"] and "patch" in paths["/tenders/{reference}"]
    for path in ("/tenders/{reference}/documents", "/tenders/{reference}/notices", "/notices/{id}/submit",
                 "/notices/{id}/approve", "/notices/{id}/reject"):
        assert "post" in paths[path], path
    assert paths["/notices/{id}"]["get"]["security"] == [{"bearer": []}]


def test_a_rule_profile_that_is_not_a_name_is_refused_not_a_crash(client, make):
    manager = make.user(Role.MANAGER)
    db.session.commit()
    answer = client.post("/api/v1/tenders", json={**tender_data(), "rule_profile": {}}, headers=make.token(manager))
    assert answer.status_code == 422 and answer.get_json()["error"]["field"] == "rule_profile"
