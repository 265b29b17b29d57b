"""What cannot be undone takes two steps (a confirmation page, then its POST), and a saved draft
can be edited in its kind's form, filled with what was saved (Flask client)."""

from tender_board.auth.models import Role
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus

from .clients import signed_in, snapshot
from .factories import count
from .test_manage import announcement_form, draft_announcement


def drafted(app, make, clock):
    tender = make.tender()
    db.session.commit()
    manager = signed_in(app, tender.manager)
    draft_announcement(manager, tender, clock)
    return tender, manager, tender.notices[0]


def test_approving_asks_first_and_only_the_confirmations_post_publishes(app, make, clock):
    tender, manager, notice = drafted(app, make, clock)
    manager.post(f"/manage/notices/{notice.id}/submit")
    approver = signed_in(app, make.default(Role.APPROVER))
    page = approver.get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert f'href="/manage/notices/{notice.id}/approve"' in page  # a link to the question, not a button
    assert f'action="/manage/notices/{notice.id}/approve"' not in page
    question = approver.get(f"/manage/notices/{notice.id}/approve")
    text = question.get_data(as_text=True)
    assert question.status_code == 200 and "Approve and publish?" in text and "never changed" in text
    assert f'action="/manage/notices/{notice.id}/approve"' in text and "autofocus" in text
    zh = signed_in(app, make.default(Role.APPROVER), "zh").get(f"/manage/notices/{notice.id}/approve?lang=zh")
    assert "批准并发布？" in zh.get_data(as_text=True)
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.IN_APPROVAL  # asking changed nothing
    assert approver.post(f"/manage/notices/{notice.id}/approve").status_code == 302
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.PUBLISHED


def test_the_author_is_not_asked_to_approve_their_own_notice(app, make, clock):
    tender, manager, notice = drafted(app, make, clock)
    answer = manager.get(f"/manage/notices/{notice.id}/approve")
    assert answer.status_code in (302, 403)


def test_discarding_asks_first_and_offers_editing_instead(app, make, clock):
    tender, manager, notice = drafted(app, make, clock)
    page = manager.get(f"/manage/notices/{notice.id}").get_data(as_text=True)
    assert f'action="/manage/notices/{notice.id}/discard"' not in page
    question = manager.get(f"/manage/notices/{notice.id}/discard").get_data(as_text=True)
    assert "Discard this draft?" in question and "cannot be recovered" in question
    assert f'href="/manage/notices/{notice.id}/edit"' in question
    assert db.session.get(Notice, notice.id) is not None
    assert manager.post(f"/manage/notices/{notice.id}/discard").status_code == 302
    assert db.session.get(Notice, notice.id) is None


def test_a_saved_draft_is_edited_in_its_form_filled_with_what_was_saved(app, make, clock):
    tender, manager, notice = drafted(app, make, clock)
    form = manager.get(f"/manage/notices/{notice.id}/edit").get_data(as_text=True)
    assert "Tender for repairs." in form and "北京开标室" in form and "Mr Zhang" in form
    saved = announcement_form(clock)
    assert f'value="{saved["bid_deadline"]}"' in form
    changed = manager.post(f"/manage/notices/{notice.id}/edit",
                           data={**saved, "opening_place_en": "Room 3, Embassy in Hanoi"})
    assert changed.status_code == 302 and changed.location.endswith(f"/manage/notices/{notice.id}")
    db.session.refresh(notice)
    assert notice.payload["opening_place"]["en"] == "Room 3, Embassy in Hanoi" and count(Notice) == 1


def test_a_bad_edit_shows_every_error_and_keeps_the_saved_draft(app, make, clock):
    tender, manager, notice = drafted(app, make, clock)
    before = snapshot()
    answer = manager.post(f"/manage/notices/{notice.id}/edit",
                          data={**announcement_form(clock, days=15), "documents_until": "soon"})
    assert answer.status_code == 422 and 'class="error-summary"' in answer.get_data(as_text=True)
    assert snapshot() == before


def test_only_a_draft_is_edited_and_only_by_its_author(app, make, clock):
    tender, manager, notice = drafted(app, make, clock)
    manager.post(f"/manage/notices/{notice.id}/submit")
    assert manager.get(f"/manage/notices/{notice.id}/edit").status_code == 302
    before = snapshot()
    manager.post(f"/manage/notices/{notice.id}/edit", data=announcement_form(clock))
    assert snapshot() == before


def test_an_opening_record_draft_comes_back_with_its_rows(app, make, clock):
    from .clients import bid_rows
    from .test_manage_award import opening_url
    tender = make.open_tender()
    make.after_deadline(tender)
    db.session.commit()
    manager = signed_in(app, tender.manager)
    rows = bid_rows(tender, 3)
    assert manager.post(opening_url(tender), data=rows).status_code == 302
    notice = db.session.scalar(db.select(Notice).order_by(Notice.id.desc()))
    form = manager.get(f"/manage/notices/{notice.id}/edit").get_data(as_text=True)
    for key in ("bids-0-name", "bids-2-registration_number", "bids-1-price_amount", "bids-0-received_at"):
        assert f'value="{rows[key]}' in form, key
    assert manager.post(f"/manage/notices/{notice.id}/edit", data=rows).status_code == 302
