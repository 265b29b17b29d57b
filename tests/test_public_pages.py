"""The public pages as a reader sees them: home, list, tender, notice; both languages; sandbox."""

import re
from datetime import timedelta

import pytest

from tender_board.bids.objections import answer_objection, record_objection
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.notices.operations import approve_notice, draft_notice, submit_notice
from tender_board.public.page_cache import public_version
from tender_board.tenders.models import Tender

from .factories import PASSWORD, TITLES


@pytest.fixture
def refs(app, make, clock):
    return make.catalogue()


def html(client, path: str, lang: str = "en", **params) -> str:
    response = client.get(path, query_string={"lang": lang, **params})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def tender(reference: str) -> Tender:
    return db.session.scalar(db.select(Tender).where(Tender.reference == reference))


def test_home_shows_latest_notices_closing_soon_and_feeds(client, refs):
    page = html(client, "/")
    latest = page[page.index('id="latest-heading"'):]
    assert latest.index(TITLES["nairobi"]["en"]) < latest.index(TITLES["beijing"]["en"])  # newest first
    assert "Termination (notice 2)" in latest
    closing = page[page.index('id="closing-heading"'):page.index('id="latest-heading"')]
    assert closing.index(TITLES["hanoi"]["en"]) < closing.index(TITLES["beijing"]["en"])  # soonest first
    assert TITLES["nairobi"]["en"] not in closing and TITLES["closed"]["en"] not in closing
    assert 'href="/feeds"' in page and 'href="/feeds/notices.rss"' in page
    assert TITLES["sandbox"]["en"] not in page


def test_home_in_chinese(client, refs):
    page = html(client, "/", lang="zh")
    assert '<html lang="zh-CN">' in page
    assert TITLES["hanoi"]["zh"] in page and "终止公告" in page and "北京时间" in page


def test_list_shows_each_tender_with_status_place_value_and_deadline(client, refs, clock):
    page = html(client, "/tenders")
    assert "4 tenders match." in page
    row = page[page.index(TITLES["hanoi"]["en"]):page.index(TITLES["closed"]["en"])]
    assert "Open for bids" in row and "Vietnam · Hanoi" in row and "CN¥1,000,000.00" in row
    assert "Beijing time" in row and "(UTC+08:00)" in row and "Vietnam Time" in row and "(UTC+07:00)" in row
    assert "29 days 22 h left" in row
    closed_row = page[page.index(TITLES["closed"]["en"]):]
    assert "Closed" in closed_row and "Germany" in closed_row and "closed</span>" in closed_row


def test_list_in_chinese_formats_dates_numbers_and_money_for_chinese_readers(client, refs):
    page = html(client, "/tenders", lang="zh")
    assert TITLES["hanoi"]["zh"] in page and "越南 · 河内" in page  # the city in the reader's language
    assert "¥1,000,000.00" in page and "US$450,000.00" in page
    assert "2027年4月21日" in page and "剩余 29 天" in page and "越南时间" in page


def test_tender_page_shows_terms_amendment_marks_timeline_and_feed(client, refs):
    page = html(client, f"/tenders/{refs['hanoi']}")
    assert "<h1>Embassy in Hanoi: chancery repair</h1>" in page
    assert "Open for bids" in page
    assert "Facade and roof repair, with an accessible ramp." in page  # the terms as amended
    amended = f'<a class="amended" href="/tenders/{refs["hanoi"]}/notices/2">amended by notice 2</a>'
    assert amended in page
    timeline = page[page.index('id="notices-heading"'):]
    assert timeline.index("Tender announcement (notice 1)") < timeline.index("Amendment (notice 2)")
    assert f'href="/tenders/{refs["hanoi"]}/feed.rss"' in page and f'href="/tenders/{refs["hanoi"]}/feed.atom"' in page
    assert "Vietnam Time" in page and "left" in page


def test_tender_page_in_chinese(client, refs):
    page = html(client, f"/tenders/{refs['hanoi']}", lang="zh")
    assert f"<h1>{TITLES['hanoi']['zh']}</h1>" in page and "招标中" in page
    assert "外立面及屋面维修，另含无障碍坡道。" in page and "变更公告" in page and "越南时间" in page


def test_tender_page_lists_published_documents_only_with_size_and_sha256(client, refs, make, clock):
    hanoi = tender(refs["hanoi"])
    author = hanoi.manager

    def document(name: str, digest: str) -> Document:
        row = Document(tender=hanoi, uploaded_by_id=author.id, filename=name, content_type="application/pdf",
                       size=123456, sha256=digest * 64, uploaded_at=clock())
        db.session.add(row)
        return row

    published = document("drawings.pdf", "a")
    document("draft-bill.pdf", "b")  # uploaded, never published
    db.session.flush()
    notice = draft_notice(hanoi, {"kind": "amendment", "changes": {"contact": {"en": "Ms Li"}},
                                  "rationale": {"en": "New contact."}, "documents": [published.id]}, author)
    submit_notice(notice, author)
    approve_notice(notice, make.default("approver"))
    db.session.commit()
    page = html(client, f"/tenders/{refs['hanoi']}")
    assert "drawings.pdf" in page and "a" * 64 in page and "123,456 bytes" in page
    assert "draft-bill.pdf" not in page and "b" * 64 not in page
    assert "amended by notice 3" in page  # the contact


def test_notice_page_is_permanent_and_in_both_languages(client, refs):
    page = html(client, f"/tenders/{refs['nairobi']}/notices/2")
    assert "<h1>Termination</h1>" in page and "Budget withdrawn; tender ended." in page
    assert f"http://tenders.test/tenders/{refs['nairobi']}/notices/2" in page
    page = html(client, f"/tenders/{refs['nairobi']}/notices/2", lang="zh")
    assert "<h1>终止公告</h1>" in page and "项目预算调整，终止招标。" in page


def test_a_notice_says_when_it_was_approved_in_both_languages(client, refs):
    page = html(client, f"/tenders/{refs['nairobi']}/notices/2")
    approval = re.search(r'<p class="approval">(.*?)</p>', page).group(1)
    assert re.fullmatch(r"Approved by an approver, a second person who is not its author \(four eyes\), on "
                        r"\d+ \w{3} \d{4}, \d\d:\d\d \(UTC\+08:00\), and published at that moment; "
                        r"never changed since\.", approval)
    page = html(client, f"/tenders/{refs['nairobi']}/notices/2", lang="zh")
    approval = re.search(r'<p class="approval">(.*?)</p>', page).group(1)
    assert re.fullmatch(r"由审批人（非起草人本人，双人复核）于 \d{4}年\d+月\d+日 \d\d:\d\d \(UTC\+08:00\) 审批，"
                        r"并于同一时刻发布；此后从未更改。", approval)


def test_announcement_notice_shows_the_deadline_in_both_zones(client, refs):
    page = html(client, f"/tenders/{refs['nairobi']}/notices/1")
    assert "Beijing time" in page and "Kenya Time" in page and "(UTC+03:00)" in page


@pytest.mark.parametrize("path", ["/tenders/NO-SUCH-REF", "/tenders/{hanoi}/notices/9",
                                  "/tenders/{hanoi}/notices/0", "/tenders/{draft}"])
def test_unknown_or_unpublished_is_not_found_in_both_languages(client, refs, make, path):
    draft = make.tender()
    db.session.commit()
    path = path.format(hanoi=refs["hanoi"], draft=draft.reference)
    english = client.get(path, query_string={"lang": "en"})
    chinese = client.get(path, query_string={"lang": "zh"})
    assert english.status_code == chinese.status_code == 404
    assert "No such" in english.get_data(as_text=True)
    assert "未找到" in chinese.get_data(as_text=True)


def test_sandbox_tenders_only_with_sandbox_1_and_marked(client, refs):
    assert refs["sandbox"] not in html(client, "/tenders")
    page = html(client, "/tenders", sandbox="1")
    assert refs["sandbox"] in page and "Sandbox (training)" in page
    assert refs["hanoi"] not in page and "not real procurement" in page
    detail = html(client, f"/tenders/{refs['sandbox']}")
    assert "Sandbox (training)" in detail and "not real procurement" in detail


def test_language_choice_query_then_cookie_then_accept_language(client, refs):
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    response = client.get("/?lang=en", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in response.get_data(as_text=True)
    switched = client.get("/language/en?next=/", headers={"Accept-Language": "zh-CN"})  # the link on every page
    assert "lang=en" in switched.headers["Set-Cookie"]
    later = client.get("/", headers={"Accept-Language": "zh-CN"})  # the cookie wins now
    assert '<html lang="en">' in later.get_data(as_text=True)
    assert later.headers["Content-Language"] == "en"


def test_language_switch_link_keeps_the_search(client, refs):
    page = html(client, "/tenders", lang="zh", q="使馆", status="open")
    [link] = re.findall(r'<a href="(/language/en\?next=[^"]+)"', page)
    followed = client.get(link.replace("&amp;", "&"))
    assert followed.status_code == 303
    assert followed.headers["Location"] == "/tenders?q=%E4%BD%BF%E9%A6%86&status=open&lang=en"
    assert "使馆" in client.get(followed.headers["Location"]).get_data(as_text=True)


def test_a_publication_shows_at_once_although_pages_are_cached(client, refs, make):
    before = html(client, f"/tenders/{refs['beijing']}")
    assert "amended by" not in before
    make.publish(tender(refs["beijing"]), {"kind": "amendment", "changes": {"opening_place": {"en": "Room 2"}},
                                           "rationale": {"en": "A bigger room."}})
    db.session.commit()
    after = html(client, f"/tenders/{refs['beijing']}")
    assert "Room 2" in after and "amended by notice 2" in after
    assert "1 tender matches." in html(client, "/tenders", q="bigger room")


def test_an_objection_and_its_answer_show_at_once_although_pages_are_cached(client, make):
    tender, _evaluation = make.publicity_tender()
    db.session.commit()
    assert "Objections and answers" not in html(client, f"/tenders/{tender.reference}")
    objection = record_objection(tender, {"objector": "建设公司9", "text": "The ranking is wrong."}, tender.manager)
    db.session.commit()
    assert "The ranking is wrong." in html(client, f"/tenders/{tender.reference}")
    answer_objection(objection, {"answer": "Checked again; it stands."}, tender.manager)
    db.session.commit()
    assert "Checked again; it stands." in html(client, f"/tenders/{tender.reference}")


def test_signing_in_and_out_leaves_the_cached_pages_alone(client, refs, make):
    """Only a change to what the public reads moves the public version, never a staff session."""
    manager = make.default("manager")
    db.session.commit()
    version = public_version()
    assert client.post("/login", data={"email": manager.email, "password": "wrong password"}).status_code == 200
    assert client.post("/login", data={"email": manager.email, "password": PASSWORD}).status_code == 302
    assert client.post("/logout").status_code == 302
    assert public_version() == version


def test_the_clock_alone_closes_a_tender_on_every_page(client, refs, clock):
    assert "Open for bids" in html(client, f"/tenders/{refs['hanoi']}")
    clock.advance(days=31)
    page = html(client, f"/tenders/{refs['hanoi']}")
    assert "Open for bids" not in page and "Closed" in page
    assert refs["hanoi"] not in html(client, "/tenders", status="open")


def test_a_deadline_passing_within_the_minute_closes_the_cached_page_at_once(client, make, clock):
    clock.at = clock.at.replace(second=30)  # the deadline falls mid-minute
    hanoi = make.open_tender(days=25)
    db.session.commit()
    clock.at = hanoi.bid_deadline - timedelta(seconds=2)
    assert "Open for bids" in html(client, f"/tenders/{hanoi.reference}")
    clock.at = hanoi.bid_deadline  # same minute, same public version: only the clock moved
    page = html(client, f"/tenders/{hanoi.reference}")
    assert "Open for bids" not in page and "Closed" in page


def test_signed_in_readers_are_never_served_a_cached_page(client, refs, make):
    html(client, "/")  # cached for anonymous readers
    manager = make.default("manager")
    with client.session_transaction() as session:
        session["_user_id"] = manager.get_id()
        session["_fresh"] = True
    page = client.get("/?lang=en").get_data(as_text=True)
    assert manager.display_name in page and "Sign out" in page
    assert manager.display_name not in client.application.test_client().get("/?lang=en").get_data(as_text=True)


def test_times_are_shown_in_the_project_zone_even_across_a_date_line(client, make, clock):
    clock.at = clock.at.replace(hour=14)  # 22:00 in Beijing, 03:00 next day in Auckland (NZDT)
    make.open_tender(days=25, country="NZ", city="Auckland", timezone="Pacific/Auckland",
                     title={"en": "Auckland works"})
    db.session.commit()
    page = html(client, "/tenders")
    assert "26 Mar 2027, 22:00 (UTC+08:00)" in page
    assert "New Zealand (Auckland) Time</span> 27 Mar 2027, 03:00 (UTC+13:00)" in page


def test_only_an_open_tender_counts_down_to_its_deadline(client, make, clock):
    running = make.open_tender(days=25, title={"en": "Running tender"})
    stopped = make.open_tender(days=25, title={"en": "Stopped tender"})
    make.publish(stopped, {"kind": "termination", "reason": {"en": "Site plan changed."}})
    db.session.commit()
    assert "25 days 0 h left" in html(client, f"/tenders/{running.reference}")
    page = html(client, f"/tenders/{stopped.reference}")
    assert "Cancelled" in page and " left" not in page
    listing = html(client, "/tenders")
    entry = listing[listing.index("Stopped tender"):]
    entry = entry[:entry.index("</li>")]
    assert " left" not in entry
