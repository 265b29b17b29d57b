"""Each published notice carries what it publishes; the public reads the notices, never the
tender's working copy, which SQL can still change."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from tender_board.extensions import db
from tender_board.notices.content import current_terms, notice_content, public_terms
from tender_board.notices.models import NoticeKind
from tender_board.tenders.lifecycle import Status

TAMPERED = '{"zh": "篡改的标题", "en": "Tampered title"}'


def test_the_announcement_freezes_the_tenders_full_terms(app, make):
    tender = make.open_tender()
    payload = tender.published_notices[0].payload
    assert payload["title"] == tender.title and payload["description"] == tender.description
    assert payload["value"] == {"amount": "1000000.00", "currency": "CNY"}
    assert (payload["category"], payload["country"], payload["city"]) == ("overseas", "VN", "Hanoi")
    assert payload["procuring_entity"] == tender.procuring_entity and payload["agency"] == tender.agency
    assert payload["reference"] == tender.reference and payload["ocid"] == tender.ocid
    assert payload["timezone"] == "Asia/Ho_Chi_Minh" and payload["procurement_method"] == "open"
    assert payload["bid_deadline"] and payload["opening_place"] == {"zh": "北京开标室"}


def test_current_terms_are_the_announcement_with_its_amendments_applied(app, make):
    tender = make.open_tender(days=30)
    new_deadline = (tender.bid_deadline + timedelta(days=3)).isoformat()
    make.publish(tender, {"kind": "amendment", "changes": {
        "bid_deadline": new_deadline, "description": {"en": "Roof only."}},
        "rationale": {"en": "Scope reduced."}})
    db.session.commit()
    terms = current_terms(tender.published_notices)
    assert terms["description"] == {"en": "Roof only."} and terms["bid_deadline"] == new_deadline
    assert terms["title"] == tender.title and terms["status"] == "open"
    amendment = tender.published_notices[1].payload
    assert amendment["previous"]["description"] == {"zh": "外立面及屋面维修。", "en": "Facade and roof repair."}


def test_the_published_status_follows_the_notices_and_the_clock(app, make, clock):
    tender = make.evaluating_tender()
    assert public_terms(tender).status_at(clock()) == Status.EVALUATING
    cancelled = make.open_tender()
    make.publish(cancelled, {"kind": "termination", "reason": {"en": "Site plan changed."}})
    assert public_terms(cancelled).status == Status.CANCELLED
    open_one = make.open_tender(days=25)
    assert public_terms(open_one).status_at(clock() + timedelta(days=26)) == Status.CLOSED


def test_notice_content_reads_the_notice_alone(app, make):
    notice = make.open_tender().published_notices[0]
    content = notice_content(notice)
    assert content["kind"] == "announcement" and content["number"] == 1
    assert content["payload"]["title"] == notice.payload["title"] and content["documents"] == []


def test_an_sql_change_to_the_working_copy_changes_nothing_public(app, make, client):
    tender = make.open_tender()
    make.publish(tender, {"kind": "amendment", "changes": {"contact": {"en": "Ms Li"}},
                          "rationale": {"en": "New contact."}})
    db.session.commit()
    reference, title = tender.reference, tender.title["en"]
    db.session.execute(text(
        "UPDATE tenders SET title = :t, description = :t, city = 'Nowhere', value_amount = 1, "
        "contact = :t, country = 'FR', timezone = 'Europe/Paris', value_currency = 'EUR' WHERE id = :id"),
        {"t": TAMPERED, "id": tender.id})
    db.session.commit()
    db.session.expire_all()

    pages = ["/?lang=en", "/tenders?lang=en", "/api/v1/tenders",
             f"/tenders/{reference}?lang=en", f"/tenders/{reference}/notices/1?lang=en",
             f"/tenders/{reference}/notices/2?lang=en", "/feeds/notices.rss?lang=en",
             f"/tenders/{reference}/feed.atom?lang=en", f"/api/v1/tenders/{reference}"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert title in body, path
        assert "Tampered" not in body and "Nowhere" not in body and "Europe/Paris" not in body, path
    shown = client.get(f"/api/v1/tenders/{reference}").get_json()
    assert shown["title"]["en"] == title and shown["city"] == "Hanoi" and shown["country"] == "VN"
    assert shown["value"] == {"amount": "1000000.00", "currency": "CNY"}
    assert shown["contact"] == {"en": "Ms Li"}


@pytest.mark.parametrize("kind", [NoticeKind.OPENING, NoticeKind.CONTRACT])
def test_later_notices_carry_what_they_publish(app, make, clock, kind):
    kinds = make.every_kind()
    notice = next(n for n in kinds["awarded"].published_notices if n.kind == kind)
    if kind == NoticeKind.OPENING:
        assert [b["bidder"]["name"] for b in notice.payload["bids"]] == ["建设公司1", "建设公司2", "建设公司3"]
    else:
        assert notice.payload["supplier"]["name"] == "建设公司1"
