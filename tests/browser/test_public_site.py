"""The public site in a real browser: search in Chinese, filters, pages, language, tender, notice."""

import pytest

from tender_board.extensions import db

from ..factories import TITLES


def published(live_server, make, clock, extra: int = 0) -> dict:
    with live_server.app_context():
        refs = make.catalogue()
        if extra:
            make.more_tenders(extra)
        db.session.commit()
    return refs


def test_search_in_chinese_filter_page_switch_language_and_read(live_server, page, make, clock,
                                                               screenshot_dir):
    refs = published(live_server, make, clock)
    page.goto(live_server.live_url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"  # the browser asks for zh-CN

    page.fill("#q", "使馆")  # a two-character word
    page.keyboard.press("Enter")
    page.wait_for_url("**/tenders?q=*")
    marks = page.locator("ol.tenders mark")
    assert marks.first.inner_text() == "使馆"
    for name in ("closed", "hanoi", "nairobi"):
        assert page.locator(f"text={refs[name]}").count() == 1
    assert page.locator(f"text={refs['beijing']}").count() == 0
    page.screenshot(path=str(screenshot_dir / "public-search-zh.png"), full_page=True)

    page.click("details.filters summary")
    page.select_option("#status", "open")
    page.select_option("#category", "overseas")
    page.click("details.filters button[type=submit]")
    page.wait_for_url("**status=open*")
    assert page.locator("ol.tenders > li").count() == 1
    assert page.locator(f"text={refs['hanoi']}").count() == 1

    page.click("a[hreflang=en]")
    page.wait_for_url("**lang=en*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#q").input_value() == "使馆"  # the search survives the switch
    assert page.locator("#status").input_value() == "open"

    page.click(f"text={TITLES['hanoi']['en']}")
    page.wait_for_url(f"**/tenders/{refs['hanoi']}")
    assert page.locator("h1").inner_text() == TITLES["hanoi"]["en"]
    assert page.locator("a.amended").first.inner_text() == "amended by notice 2"
    page.click("section.timeline >> text=Amendment (notice 2)")
    page.wait_for_url(f"**/tenders/{refs['hanoi']}/notices/2")
    assert page.locator("h1").inner_text() == "Amendment"
    assert page.errors == []


def test_paging_through_results(live_server, page, make, clock):
    live_server.config["PAGE_SIZE"] = 3
    published(live_server, make, clock, extra=4)  # 8 public tenders: pages of 3, 3 and 2
    page.goto(live_server.live_url + "/tenders?lang=en&sort=deadline")
    seen = []
    while True:
        seen += page.locator("ol.tenders .reference").all_inner_texts()
        following = page.locator("a[rel=next]")
        if following.count() == 0:
            break
        following.click()
        page.wait_for_load_state()
    assert len(seen) == len(set(seen)) == 8
    assert page.locator("nav.pages [aria-current=page]").inner_text() == "Page 3"
    page.click("a[rel=prev]")
    page.wait_for_url("**page=2*")
    assert page.locator("text=8 tenders match.").count() == 1
    assert page.errors == []


def test_a_chinese_page_renders_chinese_glyphs_on_a_phone(live_server, browser, make, clock,
                                                          screenshot_dir):
    refs = published(live_server, make, clock)
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    tab = phone.new_page()
    errors = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(f"{live_server.live_url}/tenders/{refs['hanoi']}")
    assert tab.locator("h1").inner_text() == TITLES["hanoi"]["zh"]
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    tab.screenshot(path=str(screenshot_dir / "public-tender-zh-phone.png"), full_page=True)
    phone.close()
    assert errors == []


# The lines an element's text takes (a Range has one box per line, whatever the element's display).
LINES = """els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);
  return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; })"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_references_and_countdowns_never_break_inside_on_a_phone(live_server, browser, make, lang):
    make.more_tenders(3)
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{live_server.live_url}/tenders?lang={lang}")
    # as narrow as a table column (set through the CSSOM: the CSP refuses inline style sheets)
    page.eval_on_selector_all(".tenders .meta, .tenders .deadline", "els => els.forEach(e => e.style.maxWidth = '6em')")
    for selector in (".tenders .reference", ".tenders .remaining"):
        boxes = page.eval_on_selector_all(selector, LINES)
        assert boxes and all(lines == 1 for lines in boxes), selector
    phone.close()
