"""In chromium: an evaluator records the evaluation and drafts the candidates notice, an approver
approves it, and the public tender page shows the ranking computed from the scores."""

from tender_board.auth.models import Role
from tender_board.extensions import db

from ..factories import committee, tender_bids
from .test_publishing_flow import sign_in, sign_out


def record_evaluation(page, bids: list[tuple[int, str]]) -> None:
    """Two criteria; the last bid scores best, so the computed ranking reverses the opening order."""
    for i, member in enumerate(committee()):
        page.fill(f"#committee-{i}-name", member["name"])
        page.select_option(f"#committee-{i}-expertise", member["expertise"])
    page.fill("#criteria-0-name_zh", "技术")
    page.fill("#criteria-0-weight", "60")
    page.fill("#criteria-1-name_zh", "报价")
    page.fill("#criteria-1-weight", "40")
    for i, (bid_id, _name) in enumerate(bids):
        page.fill(f"#score_{bid_id}_0", str(40 + 5 * i))
        page.fill(f"#score_{bid_id}_1", "30")
    page.click("main form.staff button[type=submit]")
    page.wait_for_selector("section#ranking table.scores")


def test_an_evaluator_drafts_the_candidates_and_the_public_sees_the_ranking(live_server, page, make, screenshot_dir):
    with live_server.app_context():
        tender = make.evaluating_tender(3)
        evaluator, approver = make.user(Role.EVALUATOR), make.user(Role.APPROVER)
        reference, emails = tender.reference, (evaluator.email, approver.email)
        bids = [(b.id, b.bidder_name) for b in tender_bids(tender)]
        db.session.commit()
    base = live_server.live_url

    sign_in(page, base, emails[0])
    page.click("nav a[href$='/manage/evaluations']")
    page.click(f"a[href$='/manage/evaluations/{reference}']")
    record_evaluation(page, bids)
    ranking = page.inner_text("section#ranking")
    assert ranking.index(bids[2][1]) < ranking.index(bids[1][1]) < ranking.index(bids[0][1])
    assert "80.00" in ranking  # 50 + 30, computed by the system
    page.screenshot(path=str(screenshot_dir / "award-ranking.png"), full_page=True)
    page.click(f"a[href$='/manage/evaluations/{reference}/candidates']")
    page.click("main form.staff button[type=submit]")  # pre-filled with the top three
    page.wait_for_url("**/manage/notices/*")
    page.click("form[action$='/submit'] button")
    page.wait_for_selector("p.flash")
    sign_out(page)

    sign_in(page, base, emails[1])
    page.goto(base + "/manage/approvals")
    page.click(f"table.queue tr:has-text('{reference}') a")
    assert bids[2][1] in page.inner_text("section.to-publish table.scores")
    page.screenshot(path=str(screenshot_dir / "award-candidates-review.png"), full_page=True)
    page.click("a[href$='/approve']")  # the question first: a published notice is never changed
    page.click("form[action$='/approve'] button")
    page.wait_for_url("**/manage/approvals")
    sign_out(page)

    page.goto(base + f"/tenders/{reference}")
    scores = page.inner_text("section.evaluation table.scores")
    assert scores.index(bids[2][1]) < scores.index(bids[1][1]) < scores.index(bids[0][1])
    assert "80.00" in scores
    page.screenshot(path=str(screenshot_dir / "award-public-ranking.png"), full_page=True)
    assert page.errors == []
