"""In chromium, at a desktop's 1,366×900 and a phone's 390×844, in both languages: the pages the
portal's forms and tables live on never scroll sideways, no table cell is squeezed narrower than
a few characters, and nothing logs a console error. Screenshots go to test-artifacts/."""

import pytest

from tender_board.auth.models import Role
from tender_board.extensions import db

from .test_publishing_flow import sign_in

REFUSED = ("status of 422",)  # a form refused answers 422, which the console reports as such
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

# No table cell is narrower than its longest word: no Latin word shorter than 8 characters'
# width breaks across lines (a hash may wrap), and a cell holding Chinese, which may wrap between
# any two characters, holds 4 of them on a line, or the whole word (one per line fails).
SQUEEZED = """() => {
  const bad = [], cjk = /[\\u3400-\\u9fff\\uff00-\\uffef]/;
  for (const cell of document.querySelectorAll('main td, main th')) {
    const style = getComputedStyle(cell), size = parseFloat(style.fontSize);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        if (cjk.test(word[0])) {
          if (inner + 1 < Math.min(word[0].length, 4) * size * 0.95) bad.push(word[0]);
          continue;
        }
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const rects = [...range.getClientRects()].filter(b => b.width > 0);
        const lines = new Set(rects.map(b => Math.round(b.top))).size;
        const width = rects.reduce((sum, b) => sum + b.width, 0);
        if (lines > 1 && width < 8 * size) bad.push(word[0]);
      }
    }
  }
  return bad;
}"""


@pytest.fixture(params=[(size, lang) for size in SIZES for lang in ("zh", "en")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def view(request, browser):
    size, lang = request.param
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN" if lang == "zh" else "en-GB")
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.size, tab.lang = size, lang
    yield tab
    context.close()


def looks_right(tab, name: str, screenshot_dir, allowed_errors=()) -> None:
    tab.screenshot(path=str(screenshot_dir / f"ux-{name}-{tab.size}-{tab.lang}.png"), full_page=True)
    tables = tab.locator("main table")
    for i in range(min(tables.count(), 3)):  # each table close up, as it is seen
        tables.nth(i).screenshot(path=str(screenshot_dir / f"ux-{name}-{tab.size}-{tab.lang}-table{i + 1}.png"))
    width = tab.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{name}: the page scrolls sideways ({width})"
    assert tab.evaluate(SQUEEZED) == [], name
    assert [e for e in tab.errors if not any(a in e for a in allowed_errors)] == [], name
    tab.errors.clear()  # the next page is judged on its own


def focused(tab) -> str:
    """The focused element's id, once autofocus has run (it runs after load; polled, since the
    CSP refuses the string that wait_for_function would evaluate)."""
    for _ in range(20):
        found = tab.evaluate("document.activeElement && document.activeElement.id")
        if found:
            return found
        tab.wait_for_timeout(100)
    return ""


def go(tab, url: str) -> None:
    tab.goto(url + ("&" if "?" in url else "?") + f"lang={tab.lang}")


def test_the_awarded_tenders_tables(live_server, view, make, screenshot_dir):
    with live_server.app_context():
        reference = make.every_kind()["awarded"].reference
    go(view, f"{live_server.live_url}/tenders/{reference}")
    view.wait_for_selector("table.opening")
    looks_right(view, "awarded-tender", screenshot_dir)


def test_the_staff_forms_and_their_errors(live_server, view, make, screenshot_dir):
    with live_server.app_context():
        tender = make.tender()
        email, reference = tender.manager.email, tender.reference
        db.session.commit()
    base = live_server.live_url
    sign_in(view, base, email)
    go(view, base + "/manage/tenders/new")
    looks_right(view, "tender-form", screenshot_dir)
    view.fill("#title_zh", "")
    view.fill("#value_amount", "12x")
    view.click("main form.staff button[type=submit]")
    view.wait_for_selector(".error-summary")
    assert focused(view) == "error-summary-title"
    assert view.evaluate("document.querySelector('.error-summary').getBoundingClientRect().top") < 900
    looks_right(view, "tender-form-errors", screenshot_dir, REFUSED)
    view.click(".error-summary a[href='#value_amount']")
    assert view.evaluate("location.hash") == "#value_amount"
    go(view, f"{base}/manage/tenders/{reference}/notices/new/announcement")
    view.click("main form.staff button[type=submit]")
    view.wait_for_selector(".error-summary")
    looks_right(view, "announcement-errors", screenshot_dir, REFUSED)


def test_the_evaluation_and_the_confirmation(live_server, view, make, screenshot_dir):
    with live_server.app_context():
        tender = make.evaluating_tender(4)
        evaluator = make.default(Role.EVALUATOR)
        email, reference = evaluator.email, tender.reference
        db.session.commit()
    base = live_server.live_url
    sign_in(view, base, email)
    view.wait_for_url("**/manage/evaluations")
    go(view, f"{base}/manage/evaluations/{reference}")
    view.fill("#criteria-0-name_en", "Technical proposal")
    view.fill("#criteria-0-name_zh", "技术方案")
    head = view.inner_text("th.criterion[data-criterion='0'] .name")
    assert head == ("Technical proposal" if view.lang == "en" else "技术方案")
    view.click("button[name=more_rows]")
    view.wait_for_selector("#committee-8-name")
    looks_right(view, "evaluation-form", screenshot_dir)


def test_a_document_before_its_window(live_server, view, make, clock, screenshot_dir):
    import io
    from datetime import timedelta

    from ..clients import PDF, client_for
    with live_server.app_context():
        tender = make.tender()
        db.session.commit()
        document_id = client_for(live_server).post(
            f"/api/v1/tenders/{tender.reference}/documents", headers=make.token(tender.manager),
            data={"file": (io.BytesIO(PDF), "specification.pdf", "application/pdf")},
            base_url=live_server.live_url).get_json()["id"]
        make.publish(tender, {**make.announcement(), "documents_from": (clock() + timedelta(days=2)).isoformat(),
                              "documents": [document_id]})
        db.session.commit()
    go(view, f"{live_server.live_url}/documents/{document_id}")
    assert "specification.pdf" in view.inner_text("main")
    looks_right(view, "document-not-yet", screenshot_dir, ("status of 403",))


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_feed_opened_in_the_browser_is_a_readable_page(live_server, view, make, screenshot_dir, fmt):
    with live_server.app_context():
        tender = make.open_tender()
        title = tender.title["zh" if view.lang == "zh" else "en"] or tender.title["zh"]
        db.session.commit()
    go(view, f"{live_server.live_url}/feeds/notices.{fmt}")
    view.wait_for_selector("main.feed-page")
    page = view.inner_text("main")
    assert title in page and "/feeds/notices." in page
    assert ("这是一个订阅源" if view.lang == "zh" else "This is a feed.") in page
    assert "<p>" not in page  # the summary reads as text, one paragraph per fact
    looks_right(view, f"feed-{fmt}", screenshot_dir)


def test_a_notice_draft_its_edit_and_the_confirmations(live_server, view, make, screenshot_dir):
    from tender_board.notices.operations import draft_notice
    with live_server.app_context():
        tender = make.tender()
        waiting = make.tender(title={"zh": "驻肯尼亚使馆围墙工程", "en": "Embassy in Nairobi: perimeter wall"})
        submitted = make.submitted(waiting, make.announcement())
        drafted = draft_notice(tender, make.announcement(), tender.manager)
        approver = make.default(Role.APPROVER)
        ids, emails = (drafted.id, submitted.id), (tender.manager.email, approver.email)
        db.session.commit()
    base = live_server.live_url
    sign_in(view, base, emails[0])
    go(view, f"{base}/manage/notices/{ids[0]}")
    looks_right(view, "notice-draft", screenshot_dir)
    view.click("a[href$='/discard']")
    assert focused(view) == "confirm-title"
    looks_right(view, "confirm-discard", screenshot_dir)
    view.click("a[href$='/edit']")
    view.wait_for_selector("p.editing")
    looks_right(view, "notice-edit", screenshot_dir)
    view.click("main form.staff button[type=submit]")
    view.wait_for_url(f"**/manage/notices/{ids[0]}")
    view.click("header form[action$='/logout'] button")
    sign_in(view, base, emails[1])
    view.wait_for_url("**/manage/approvals")
    looks_right(view, "approvals", screenshot_dir)
    go(view, f"{base}/manage/notices/{ids[1]}/approve")
    looks_right(view, "confirm-approve", screenshot_dir)


def test_every_managers_form_empty_and_refused(live_server, view, make, screenshot_dir):
    with live_server.app_context():
        closed = make.open_tender()
        make.after_deadline(closed)
        manager = closed.manager
        open_ = make.open_tender(manager=manager, title={"zh": "驻肯尼亚使馆围墙工程", "en": "Embassy in Nairobi: wall"})
        publicity, _evaluation = make.publicity_tender()
        publicity.manager_id = manager.id
        pages = {"workspace": f"/manage/tenders/{closed.reference}",
                 "my-tenders": "/manage/",
                 "opening": f"/manage/tenders/{closed.reference}/notices/new/opening",
                 "failure": f"/manage/tenders/{closed.reference}/notices/new/failure",
                 "amendment": f"/manage/tenders/{open_.reference}/notices/new/amendment",
                 "termination": f"/manage/tenders/{open_.reference}/notices/new/termination",
                 "objections": f"/manage/tenders/{publicity.reference}/objections"}
        email = manager.email
        db.session.commit()
    base = live_server.live_url
    sign_in(view, base, email)
    view.wait_for_url("**/manage/")
    for name, path in pages.items():
        go(view, base + path)
        looks_right(view, name, screenshot_dir)
        form = view.locator("main form.staff")
        if form.count():
            form.first.locator("button[type=submit]:not([name])").last.click()
            view.wait_for_selector(".error-summary")
            looks_right(view, f"{name}-refused", screenshot_dir, REFUSED + ("status of 409",))
