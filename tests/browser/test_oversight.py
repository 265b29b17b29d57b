"""The oversight pages in a real browser, wide and on a phone, in both languages: the charts
show, and no page scrolls sideways."""

import pytest
from sqlalchemy import select

from tender_board.extensions import db
from tender_board.tenders.models import Tender

WIDTHS = {"wide": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def demo_board(live_server):
    assert live_server.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with live_server.app_context():
        cairo = db.session.scalar(select(Tender).where(Tender.city == "Cairo", Tender.value_amount == 1000000))
        return cairo.reference


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_dashboard_and_tender_questions_fit_the_screen(live_server, demo_board, browser, screenshot_dir, lang, width):
    context = browser.new_context(locale="zh-CN", viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for name, path in (("dashboard", "/oversight"), ("tender", f"/tenders/{demo_board}"),
                           ("methods", "/oversight/indicators")):
            page.goto(f"{live_server.live_url}{path}?lang={lang}")
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), (name, lang, width)
            page.screenshot(path=str(screenshot_dir / f"oversight-{name}-{lang}-{width}.png"), full_page=True)
            if name == "dashboard":
                charts = page.locator("figure.chart svg")
                assert charts.count() >= 4
                assert charts.first.bounding_box()["width"] > 200
                page.locator("section.charts").screenshot(path=str(screenshot_dir / f"oversight-charts-{lang}-{width}.png"))
            if name == "tender":
                assert page.locator("section.oversight-flags li").count() >= 3
                page.locator("section.oversight-flags").screenshot(
                    path=str(screenshot_dir / f"oversight-questions-{lang}-{width}.png"))
        assert errors == []
    finally:
        context.close()
