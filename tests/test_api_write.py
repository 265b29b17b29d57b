"""The publishing lifecycle through the JSON write API alone, with bearer tokens."""

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice
from tender_board.tenders.models import Tender

from .factories import count, tender_data
from .publishing_helpers import PDF, upload

# (The full lifecycle, bad input and authorization are in the tests below.)


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
