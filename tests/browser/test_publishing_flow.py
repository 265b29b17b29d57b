"""End to end in chromium: a manager creates a tender, uploads a PDF, drafts and submits the
announcement; an approver approves it; an anonymous visitor finds it with the PDF's SHA-256."""

import hashlib

from tender_board.auth.models import Role
from tender_board.extensions import db

from ..clients import PDF
from ..factories import PASSWORD


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")


def sign_out(page) -> None:
    page.click("header form[action$='/logout'] button")


def create_tender(page, base: str, screenshot_dir) -> str:
    page.goto(base + "/manage/tenders/new")
    page.select_option("#category", "overseas")
    page.fill("#title_zh", "驻越南大使馆办公楼维修工程")
    page.fill("#title_en", "Embassy in Hanoi: chancery repair")
    page.fill("#description_zh", "外立面及屋面维修。")
    page.select_option("#country", "VN")
    page.fill("#city", "Hanoi")
    page.fill("#mission_en", "Embassy in Hanoi")
    page.select_option("#timezone", "Asia/Ho_Chi_Minh")
    page.fill("#procuring_entity_zh", "外交部行政司")
    page.fill("#agency_zh", "中咨招标代理")
    page.fill("#value_amount", "1250000.00")
    page.screenshot(path=str(screenshot_dir / "publishing-tender-form.png"), full_page=True)
    page.click("main form.staff button[type=submit]")
    page.wait_for_url("**/manage/tenders/MFA-*")
    return page.url.rsplit("/", 1)[1]


def upload_pdf(page) -> None:
    page.set_input_files("#file", files=[{"name": "specification.pdf", "mimeType": "application/pdf",
                                          "buffer": PDF}])
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_selector("ul.documents code.sha256")


def draft_and_submit_announcement(page) -> None:
    page.click("a[href$='/notices/new/announcement']")
    page.select_option("#zone", "Asia/Ho_Chi_Minh")  # the clock stands at 2027-03-01 09:00 in Hanoi
    page.fill("#documents_from", "2027-03-01T09:30")
    page.fill("#documents_until", "2027-03-15T17:00")
    page.fill("#bid_deadline", "2027-03-30T10:00")
    page.fill("#opening_place_zh", "北京市西城区开标室 3 号")
    page.fill("#contact_en", "Mr Zhang, +86 10 6500 0000")
    page.check("input[name=documents]")
    page.click("main form.staff button[type=submit]")
    page.wait_for_url("**/manage/notices/*")
    page.click("form[action$='/submit'] button")
    page.wait_for_selector("p.flash")


def test_a_tender_goes_from_draft_to_public_through_four_eyes(live_server, page, make, screenshot_dir):
    with live_server.app_context():
        manager, approver = make.user(Role.MANAGER), make.user(Role.APPROVER)
        manager_email, approver_email = manager.email, approver.email
        db.session.commit()
    base = live_server.live_url

    sign_in(page, base, manager_email)
    reference = create_tender(page, base, screenshot_dir)
    upload_pdf(page)
    sha256 = hashlib.sha256(PDF).hexdigest()
    assert sha256 in page.inner_text("ul.documents")
    draft_and_submit_announcement(page)
    page.screenshot(path=str(screenshot_dir / "publishing-submitted.png"), full_page=True)
    sign_out(page)
    assert page.goto(base + f"/tenders/{reference}").status == 404  # not public before approval
    page.errors.remove("Failed to load resource: the server responded with a status of 404 (NOT FOUND)")

    sign_in(page, base, approver_email)
    page.goto(base + "/manage/approvals")
    page.click(f"table.queue tr:has-text('{reference}') a")
    assert "北京市西城区开标室 3 号" in page.inner_text("section.to-publish")
    page.screenshot(path=str(screenshot_dir / "publishing-review.png"), full_page=True)
    page.click("a[href$='/approve']")  # the question first: a published notice is never changed
    page.click("form[action$='/approve'] button")
    page.wait_for_url("**/manage/approvals")
    sign_out(page)

    page.goto(base + "/tenders")
    page.click(f"a[href$='/tenders/{reference}']")
    page.click(f"a[href$='/tenders/{reference}/notices/1']")
    assert sha256 in page.inner_text("main")
    page.screenshot(path=str(screenshot_dir / "publishing-public-notice.png"), full_page=True)
    assert page.errors == []
