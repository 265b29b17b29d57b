"""The manager and approver workflows in the browser's forms (Flask client)."""

import io
from datetime import timedelta

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.models import Tender

from .clients import PDF, TENDER_FORM, client_for
from .factories import count


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
    as_manager, as_approver = client_for(app, manager), client_for(app, approver)

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

    queue = as_approver.get("/manage/approvals").get_data(as_text=True)
    assert f"/manage/notices/{notice.id}" in queue
    review = as_approver.get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert "北京开标室" in review and document.sha256 in review
    assert as_approver.post(f"/manage/notices/{notice.id}/approve").status_code == 302
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.PUBLISHED and notice.approver_id == approver.id
    public = client_for(app).get("/tenders").get_data(as_text=True)
    assert tender.reference in public
    assert count(Notice) == 1


def signed_in(app, user):
    return client_for(app, user)


def test_every_workspace_page_renders_for_its_role(app, make, clock):
    tender = make.open_tender()
    approver, admin = make.default(Role.APPROVER), make.user(Role.ADMIN)
    draft = make.tender(title={"en": "Second tender"})
    db.session.commit()
    manager = signed_in(app, tender.manager)
    for path in ("/manage/", "/manage/tenders/new", f"/manage/tenders/{tender.reference}",
                 f"/manage/tenders/{draft.reference}/edit",
                 f"/manage/tenders/{draft.reference}/notices/new/announcement",
                 f"/manage/tenders/{tender.reference}/notices/new/amendment",
                 f"/manage/tenders/{tender.reference}/notices/new/termination",
                 f"/manage/notices/{tender.notices[0].id}"):
        assert manager.get(path).status_code == 200, path
    assert signed_in(app, approver).get("/manage/approvals").status_code == 200
    assert signed_in(app, admin).get("/admin/users").status_code == 200


def draft_announcement(client, tender, clock, days=25):
    return client.post(f"/manage/tenders/{tender.reference}/notices/new/announcement",
                       data=announcement_form(clock, days=days))


def test_tender_form_errors_are_shown_beside_their_field_and_nothing_is_stored(app, make):
    client = signed_in(app, make.user(Role.MANAGER))
    answer = client.post("/manage/tenders/new", data={**TENDER_FORM, "title_zh": "", "title_en": ""})
    assert answer.status_code == 422
    assert 'id="title_zh-error"' in answer.get_data(as_text=True)
    answer = client.post("/manage/tenders/new", data={**TENDER_FORM, "value_amount": "12x"})
    assert answer.status_code == 422 and 'id="value_amount-error"' in answer.get_data(as_text=True)
    assert "not a number" in client.post("/manage/tenders/new?lang=en",
                                         data={**TENDER_FORM, "value_amount": "12x"}).get_data(as_text=True)
    assert "金额不是数字" in client.post("/manage/tenders/new?lang=zh",
                                       data={**TENDER_FORM, "value_amount": "12x"}).get_data(as_text=True)
    assert count(Tender) == 0


def test_markup_in_a_title_is_stored_as_text_and_shown_escaped(app, make, clock):
    client = signed_in(app, make.user(Role.MANAGER))
    client.post("/manage/tenders/new", data={**TENDER_FORM, "title_en": "<script>alert(1)</script>"})
    tender = db.session.scalar(db.select(Tender))
    assert tender.title["en"] == "<script>alert(1)</script>"
    page = client.get(f"/manage/tenders/{tender.reference}?lang=en").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_editing_a_draft_saves_and_a_stale_version_is_refused(app, make):
    tender = make.tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    form = client.get(f"/manage/tenders/{tender.reference}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    saved = client.post(f"/manage/tenders/{tender.reference}/edit", data={**TENDER_FORM, "city": "Da Nang",
                                                                         "version": "1"})
    assert saved.status_code == 302 and tender.city == "Da Nang" and tender.version == 2
    stale = client.post(f"/manage/tenders/{tender.reference}/edit?lang=en",
                        data={**TENDER_FORM, "city": "Hue", "version": "1"})
    assert stale.status_code == 422 and "changed by someone else" in stale.get_data(as_text=True)
    db.session.refresh(tender)
    assert tender.city == "Da Nang"


def test_approval_is_refused_when_the_clock_made_the_announcement_unlawful(app, make, clock):
    tender = make.tender()
    approver = make.default(Role.APPROVER)
    db.session.commit()
    manager = signed_in(app, tender.manager)
    assert draft_announcement(manager, tender, clock, days=21).status_code == 302
    notice = tender.notices[0]
    manager.post(f"/manage/notices/{notice.id}/submit")
    clock.advance(days=2)  # the deadline is now 19 days away
    refused = signed_in(app, approver).post(f"/manage/notices/{notice.id}/approve?lang=en")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Law art. 24" in page and "at least 20 days" in page
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.IN_APPROVAL and tender.published_at is None


def test_a_rejection_goes_back_to_the_author_with_its_reason(app, make, clock):
    tender = make.tender()
    approver = make.default(Role.APPROVER)
    db.session.commit()
    manager = signed_in(app, tender.manager)
    draft_announcement(manager, tender, clock)
    notice = tender.notices[0]
    manager.post(f"/manage/notices/{notice.id}/submit")
    as_approver = signed_in(app, approver)
    empty = as_approver.post(f"/manage/notices/{notice.id}/reject", data={"reason": ""})
    assert empty.status_code == 422 and notice.status == NoticeStatus.IN_APPROVAL
    as_approver.post(f"/manage/notices/{notice.id}/reject", data={"reason": "Opening place is missing a room."})
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.DRAFT
    assert "Opening place is missing a room." in manager.get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert manager.post(f"/manage/notices/{notice.id}/submit").status_code == 302  # resubmitted as is
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.IN_APPROVAL


def test_the_amendment_form_proposes_the_earliest_lawful_deadline_and_shows_old_to_new(app, make, clock):
    tender = make.open_tender(days=25)
    db.session.commit()
    clock.advance(days=12)  # 13 days remain: an amendment must move the deadline
    client = signed_in(app, tender.manager)
    form = client.get(f"/manage/tenders/{tender.reference}/notices/new/amendment?lang=en").get_data(as_text=True)
    proposed = local(clock() + timedelta(days=15))  # 15 days from now, already on the hour
    assert "Less than 15 days remain" in form and f'value="{proposed}"' in form
    data = {"zone": "Asia/Ho_Chi_Minh", "bid_deadline": proposed,
            "documents_until": local(tender.documents_until), "rationale_en": "More time for site visits.",
            "opening_place_zh": "北京开标室", "contact_en": "Mr Zhang, +86 10 6500 0000",
            "description_zh": "外立面及屋面维修。", "description_en": "Facade and roof repair."}
    drafted = client.post(f"/manage/tenders/{tender.reference}/notices/new/amendment", data=data)
    assert drafted.status_code == 302, drafted.get_data(as_text=True)
    notice = db.session.scalar(db.select(Notice).where(Notice.kind == "amendment"))
    assert list(notice.payload["changes"]) == ["bid_deadline"]
    review = signed_in(app, make.default(Role.APPROVER)).get(f"/manage/notices/{notice.id}?lang=en")
    assert "<del>" in review.get_data(as_text=True) and "<ins>" in review.get_data(as_text=True)


def test_an_amendment_that_changes_nothing_is_refused(app, make, clock):
    tender = make.open_tender(days=25)
    db.session.commit()
    client = signed_in(app, tender.manager)
    data = {"zone": "Asia/Ho_Chi_Minh", "bid_deadline": local(tender.bid_deadline),
            "documents_until": local(tender.documents_until), "rationale_en": "Nothing.",
            "opening_place_zh": "北京开标室", "contact_en": "Mr Zhang, +86 10 6500 0000",
            "description_zh": "外立面及屋面维修。", "description_en": "Facade and roof repair."}
    answer = client.post(f"/manage/tenders/{tender.reference}/notices/new/amendment?lang=en", data=data)
    assert answer.status_code == 422 and "Say what changes." in answer.get_data(as_text=True)
    assert count(Notice) == 1


def test_a_termination_with_its_reason_cancels_the_tender_once_approved(app, make, clock):
    tender = make.open_tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    missing = client.post(f"/manage/tenders/{tender.reference}/notices/new/termination", data={})
    assert missing.status_code == 422 and 'id="reason_zh-error"' in missing.get_data(as_text=True)
    client.post(f"/manage/tenders/{tender.reference}/notices/new/termination",
                data={"reason_en": "The mission relocates."})
    notice = db.session.scalar(db.select(Notice).where(Notice.kind == "termination"))
    client.post(f"/manage/notices/{notice.id}/submit")
    signed_in(app, make.default(Role.APPROVER)).post(f"/manage/notices/{notice.id}/approve")
    db.session.refresh(tender)
    assert tender.status.value == "cancelled"


def test_a_draft_can_be_discarded_by_its_author(app, make, clock):
    tender = make.tender()
    db.session.commit()
    client = signed_in(app, tender.manager)
    draft_announcement(client, tender, clock)
    notice_id = tender.notices[0].id
    assert client.post(f"/manage/notices/{notice_id}/discard").status_code == 302
    assert db.session.get(Notice, notice_id) is None
