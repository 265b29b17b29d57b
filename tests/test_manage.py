"""The manager and approver workflows in the browser's forms (Flask client)."""

import io
from datetime import timedelta

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.models import Tender

from .factories import count
from .publishing_helpers import PDF, sign_in

TENDER_FORM = {
    "category": "overseas", "title_zh": "驻越南大使馆维修工程", "title_en": "Embassy in Hanoi: repairs",
    "description_zh": "外立面维修。", "description_en": "", "country": "VN", "city": "Hanoi",
    "mission_zh": "", "mission_en": "Embassy in Hanoi", "timezone": "Asia/Ho_Chi_Minh",
    "procuring_entity_zh": "外交部行政司", "procuring_entity_en": "", "agency_zh": "中咨招标代理",
    "agency_en": "", "value_amount": "1000000.00", "value_currency": "CNY", "procurement_method": "open",
    "qualification_zh": "", "qualification_en": "Class A builders", "rule_profile": "cn-works",
}


def local(moment, zone_offset_hours=7) -> str:
    """A datetime-local value in Hanoi time (UTC+7) for a UTC moment."""
    return (moment + timedelta(hours=zone_offset_hours)).strftime("%Y-%m-%dT%H:%M")


def announcement_form(clock, days=25, documents=()):
    now = clock()
    return {"zone": "Asia/Ho_Chi_Minh", "documents_from": local(now + timedelta(minutes=5)),
            "documents_until": local(now + timedelta(days=10)), "bid_deadline": local(now + timedelta(days=days)),
            "opening_place_zh": "北京开标室", "opening_place_en": "", "contact_zh": "", "contact_en": "Mr Zhang",
            "body_zh": "", "body_en": "Tender for repairs.", "documents": [str(d) for d in documents]}


def test_manager_creates_uploads_drafts_submits_and_approver_publishes(app, make, clock):
    manager, approver = make.user(Role.MANAGER), make.user(Role.APPROVER)
    db.session.commit()
    as_manager, as_approver = app.test_client(), app.test_client()
    assert sign_in(as_manager, manager).status_code == 302

    created = as_manager.post("/manage/tenders/new", data=TENDER_FORM)
    assert created.status_code == 302, created.get_data(as_text=True)
    tender = db.session.scalar(db.select(Tender))
    assert tender.title == {"zh": "驻越南大使馆维修工程", "en": "Embassy in Hanoi: repairs"}
    assert tender.mission == {"en": "Embassy in Hanoi"}

    uploaded = as_manager.post(f"/manage/tenders/{tender.reference}/documents",
                               data={"file": (io.BytesIO(PDF), "spec.pdf", "application/pdf")},
                               content_type="multipart/form-data", follow_redirects=True)
    assert uploaded.status_code == 200
    document = tender.documents[0]
    assert document.sha256 in uploaded.get_data(as_text=True)

    drafted = as_manager.post(f"/manage/tenders/{tender.reference}/notices/new/announcement",
                              data=announcement_form(clock, documents=[document.id]))
    assert drafted.status_code == 302, drafted.get_data(as_text=True)
    notice = db.session.scalar(db.select(Notice))
    assert notice.documents == [document]
    assert as_manager.post(f"/manage/notices/{notice.id}/submit").status_code == 302
    assert notice.status == NoticeStatus.IN_APPROVAL

    sign_in(as_approver, approver)
    queue = as_approver.get("/manage/approvals").get_data(as_text=True)
    assert f"/manage/notices/{notice.id}" in queue
    review = as_approver.get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert "北京开标室" in review and document.sha256 in review
    assert as_approver.post(f"/manage/notices/{notice.id}/approve").status_code == 302
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.PUBLISHED and notice.approver_id == approver.id
    public = app.test_client().get("/tenders").get_data(as_text=True)
    assert tender.reference in public
    assert count(Notice) == 1
