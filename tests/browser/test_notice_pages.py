"""In chromium, at 1,366×900 and 390×844, in both languages: a complete announcement notice, an
amendment notice with its changed words marked, and the manager's review of an amendment that
changed one language only. None scrolls sideways, no cell is squeezed, nothing logs an error;
printed, a notice loses the navigation and forms. Screenshots go to test-artifacts/."""

import io

from tender_board.extensions import db
from tender_board.notices.operations import draft_notice

from ..clients import PDF, client_for
from .test_publishing_flow import sign_in
from .test_ux_pages import go, looks_right, view  # noqa: F401 (view: the fixture, one per size and language)

DESCRIPTION = {"zh": "外立面、屋面及门窗维修。", "en": "Facade, roof and window repair."}


def the_tender(live_server, make):
    """An announced tender (bid security, submission, a PDF), amended in both languages, with a
    second amendment drafted that changes the Chinese description only."""
    with live_server.app_context():
        tender = make.tender(qualification={"zh": "具有建筑工程施工总承包一级资质",
                                            "en": "Class 1 general contractor licence for building works"})
        db.session.commit()
        document = client_for(live_server).post(
            f"/api/v1/tenders/{tender.reference}/documents", headers=make.token(tender.manager),
            data={"file": (io.BytesIO(PDF), "tender-documents.pdf", "application/pdf")},
            base_url=live_server.live_url).get_json()["id"]
        make.publish(tender, {**make.announcement(days=40), "bid_security": "20000", "zone": "Asia/Ho_Chi_Minh",
                              "submission": {"zh": "密封投标文件于截止前送达北京开标室。",
                                             "en": "Sealed bids delivered by hand to the Beijing opening room."},
                              "documents": [document]})
        make.publish(tender, {"kind": "amendment", "changes": {"description": DESCRIPTION},
                              "rationale": {"zh": "补充门窗维修。", "en": "Window repairs added."}})
        review = draft_notice(tender, {"kind": "amendment", "zone": "Asia/Ho_Chi_Minh",
                                       "changes": {"description": {**DESCRIPTION, "zh": "外立面、屋面、门窗及幕墙维修。"},
                                                   "bid_deadline": (tender.bid_deadline.replace(hour=3)).isoformat()},
                                       "rationale": {"zh": "增加幕墙。", "en": "Curtain wall added."}}, tender.manager)
        db.session.commit()
        return tender.reference, tender.manager.email, review.id


def test_the_notices_and_the_review_page_read_well(live_server, view, make, screenshot_dir):  # noqa: F811
    reference, email, review = the_tender(live_server, make)
    base = live_server.live_url
    go(view, f"{base}/tenders/{reference}/notices/1")
    main = view.inner_text("main")
    for term in (("投标保证金", "获取招标文件", "递交投标文件", "账本第") if view.lang == "zh" else
                 ("Bid security", "Obtaining the tender documents", "Submitting bids", "ledger entry")):
        assert term in main, term
    looks_right(view, "notice-announcement", screenshot_dir)

    view.emulate_media(media="print")
    assert view.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "none"
    assert "<" in view.evaluate("getComputedStyle(document.querySelector('.ledger a'), '::after').content")
    view.screenshot(path=str(screenshot_dir / f"ux-notice-print-{view.size}-{view.lang}.png"), full_page=True)
    view.emulate_media(media="screen")

    go(view, f"{base}/tenders/{reference}/notices/2")
    assert view.locator("table.changes ins").count() >= 2 and view.locator("table.changes del").count() >= 1
    assert "及门窗" in view.locator("table.changes ins").all_inner_texts()
    looks_right(view, "notice-amendment", screenshot_dir)

    sign_in(view, base, email)
    view.wait_for_url("**/manage/")
    go(view, f"{base}/manage/notices/{review}")
    warning = view.inner_text("p.one-language")
    assert warning == ("项目概况的中文已变更，但英文未变更。" if view.lang == "zh" else
                       "The Chinese text of Description changed but the English did not.")
    assert "UTC+07:00" in view.inner_text("table.changes") and "UTC+08:00" in view.inner_text("table.changes")
    looks_right(view, "review-amendment", screenshot_dir)
