"""Following a search by e-mail in a real browser: the link beside the feeds, the form, the
confirmation message's link, the confirmation and management pages, at desktop and phone widths."""

import email
import email.policy
import re
from urllib.parse import urlsplit

from tender_board.extensions import db

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def message_links(folder) -> list[str]:
    [written] = sorted(folder.glob("*.eml"))[-1:]
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    return re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())


def local(live_server, url: str) -> str:
    """A link of a message (on PUBLIC_URL) on the live test server."""
    parts = urlsplit(url)
    return live_server.live_url + parts.path + (f"?{parts.query}" if parts.query else "")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_follow_a_search_by_email_confirm_and_manage(live_server, page, make, tmp_path, screenshot_dir):
    live_server.config["MAIL_FOLDER"] = str(tmp_path)
    with live_server.app_context():
        make.catalogue()
        db.session.commit()
    page.goto(live_server.live_url + "/tenders?country=VN")
    page.click("a.alert-link")
    page.wait_for_url("**/alerts/new?country=VN*")
    assert "越南" in page.locator(".alert-what").inner_text()
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for lang in ("zh", "en"):
            page.goto(f"{live_server.live_url}/alerts/new?country=VN&lang={lang}")
            assert fits(page), (name, lang)
            page.screenshot(path=str(screenshot_dir / f"alerts-new-{lang}-{name}.png"), full_page=True)

    page.goto(f"{live_server.live_url}/alerts/new?country=VN&lang=en")
    page.fill("#email", "not an address")
    page.click("button[type=submit]")
    assert "Invalid e-mail address" in page.locator(".field.has-error").inner_text()
    page.screenshot(path=str(screenshot_dir / "alerts-new-error-en-phone.png"), full_page=True)
    assert page.errors == ["Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"]
    page.errors.clear()  # the refused form is answered 422, as it should be
    page.fill("#email", "reader@example.org")
    page.check("input[value=daily]")
    page.click("button[type=submit]")
    page.wait_for_url("**/alerts/requested")
    assert page.locator("h1").inner_text() == "Check your inbox"

    confirm = next(u for u in message_links(tmp_path) if "/alerts/confirm/" in u)
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(local(live_server, confirm))
        assert "Vietnam" in page.locator(".alert-searches").inner_text() and fits(page)
        page.screenshot(path=str(screenshot_dir / f"alerts-confirm-en-{name}.png"), full_page=True)
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Alerts confirmed"
    page.click("text=See and stop your searches")
    assert "Daily digest" in page.locator(".alert-searches").inner_text()
    for lang in ("zh", "en"):
        page.goto(page.url.split("?")[0] + f"?lang={lang}")
        assert "reader@example.org" not in page.content()
        page.screenshot(path=str(screenshot_dir / f"alerts-manage-{lang}-phone.png"), full_page=True)
    page.click("button:has-text('Stop')")
    assert "This address follows no search." in page.locator("main").inner_text()
    assert page.errors == []


def test_the_tender_page_offers_e_mail_and_calendar(live_server, page, make, screenshot_dir):
    with live_server.app_context():
        refs = make.catalogue()
        db.session.commit()
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for lang in ("zh", "en"):
            page.goto(f"{live_server.live_url}/tenders/{refs['hanoi']}?lang={lang}")
            follow = page.locator("header .follow")
            assert follow.locator("a.calendar-link").count() == 1 and follow.locator("a.alert-link").count() == 1
            assert fits(page), (name, lang)
            follow.screenshot(path=str(screenshot_dir / f"tender-follow-{lang}-{name}.png"))
    answer = page.request.get(f"{live_server.live_url}/tenders/{refs['hanoi']}.ics")
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    assert page.errors == []


def test_the_messages_and_the_administrators_counts_read_well(live_server, page, make, tmp_path, screenshot_dir):
    from tender_board.auth.models import Role

    from .test_publishing_flow import sign_in

    live_server.config["MAIL_FOLDER"] = str(tmp_path)
    with live_server.app_context():
        make.catalogue()
        make.user(Role.ADMIN, email="admin@example.org")
        db.session.commit()
    page.goto(f"{live_server.live_url}/alerts/new?category=overseas&lang=zh")
    page.fill("#email", "reader@example.org")
    page.click("button[type=submit]")
    page.wait_for_url("**/alerts/requested")
    [written] = list(tmp_path.glob("*.eml"))
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(message.get_body(("html",)).get_content())
    assert "确认这些提醒" in page.inner_text("body")
    page.screenshot(path=str(screenshot_dir / "alerts-mail-confirmation-zh-phone.png"), full_page=True)

    sign_in(page, live_server.live_url, "admin@example.org")
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for lang in ("zh", "en"):
            page.goto(f"{live_server.live_url}/admin/alerts?lang={lang}")
            assert "reader@example.org" not in page.content() and fits(page)
            page.screenshot(path=str(screenshot_dir / f"alerts-admin-{lang}-{name}.png"), full_page=True)
    assert page.errors == []
