"""The list's pages follow each other by cursor: every tender once, in order, both ways, however
many tenders are published meanwhile; a cursor this board did not write is a clear 400."""

import base64
import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tender_board.extensions import db

from .test_public_filters import listed

LINK = re.compile(r'rel="(prev|next)" href="([^"]*)"')


@pytest.fixture
def refs(app, make, clock):
    found = make.catalogue()
    make.more_tenders(6)  # ten public tenders; the six share one value, so ties are ordered by id
    app.config["PAGE_SIZE"] = 3
    return found


def links(page: str) -> dict[str, str]:
    return {rel: "/tenders" + html.unescape(href) for rel, href in LINK.findall(page)}


def shown(page: str) -> list[str]:
    return re.findall(r'<span class="reference">([^<]+)</span>', page)


def walk(client, start: str, rel: str) -> list[list[str]]:
    """The references on each page, following `rel` links from `start` to the end."""
    pages, address = [], start
    while address:
        answer = client.get(address)
        assert answer.status_code == 200
        page = answer.get_data(as_text=True)
        pages.append(shown(page))
        address = links(page).get(rel)
    return pages


@pytest.mark.parametrize("sort", ["published", "deadline", "value"])
def test_next_links_show_every_tender_once_in_order_and_previous_links_lead_back(client, refs, sort):
    order = listed(client, sort=sort)
    assert len(order) == 10
    forward = walk(client, f"/tenders?lang=en&sort={sort}", "next")
    assert [len(p) for p in forward] == [3, 3, 3, 1]
    assert sum(forward, []) == order
    last = client.get(f"/tenders?lang=en&sort={sort}&page=4").get_data(as_text=True)  # an older link
    assert shown(last) == forward[-1] and "Page 4" in last
    backward = walk(client, links(last)["prev"], "prev")
    assert backward == forward[-2::-1]  # the same pages, back to the first


def test_a_tender_published_meanwhile_moves_no_tender_to_another_page(client, refs, make):
    first = client.get("/tenders?lang=en").get_data(as_text=True)
    make.more_tenders(2)  # newest first: an OFFSET page would now repeat the first page's last two
    second = client.get(links(first)["next"]).get_data(as_text=True)
    assert not set(shown(first)) & set(shown(second))
    assert listed(client)[5:8] == shown(second)  # the three that followed the first page's last


def test_the_last_page_by_cursor_has_no_next_link(client, refs):
    pages = walk(client, "/tenders?lang=en&country=KE", "next")  # Nairobi alone
    assert pages == [[refs["nairobi"]]]
    page = client.get("/tenders?lang=en&country=KE").get_data(as_text=True)
    assert "rel=" not in page.split('<nav class="pages"')[1]


def cursor(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("name", ["after", "before"])
@pytest.mark.parametrize("value", ["garbage", "!!!", cursor("value", "2027-03-22T00:00:00+00:00", 3),
                                   cursor("published", "2027-03-22T00:00:00", 3),  # no offset
                                   cursor("published", "3000-01-01T00:00:00+00:00", 3),
                                   cursor("published", "2027-03-22T00:00:00+00:00", 2**40),
                                   cursor("published", "2027-03-22T00:00:00+00:00"), cursor(1, 2, 3)])
def test_a_bad_cursor_is_a_400_that_names_it_in_the_readers_language(client, refs, name, value):
    before = db.session.execute(db.text("SELECT count(*) FROM tenders")).scalar()
    english = client.get("/tenders", query_string={name: value, "lang": "en"})
    assert english.status_code == 400
    assert f"Invalid page cursor “{name}”: turn pages with the list’s own links." in english.get_data(as_text=True)
    chinese = client.get("/tenders", query_string={name: value, "lang": "zh"})
    assert chinese.status_code == 400
    assert f"分页游标“{name}”无效：请用列表自己的链接翻页。" in chinese.get_data(as_text=True)
    assert db.session.execute(db.text("SELECT count(*) FROM tenders")).scalar() == before


def test_a_cursor_for_another_sort_is_refused_not_misread(client, refs):
    first = client.get("/tenders?lang=en&sort=value").get_data(as_text=True)
    address = links(first)["next"].replace("sort=value", "sort=deadline")
    assert client.get(address).status_code == 400


PARTS = st.one_of(st.none(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=40),
                  st.sampled_from(["published", "deadline", "value", "2027-03-22T00:00:00+00:00",
                                   "1E+400", "NaN", "-0", "9999-12-31T23:59:59+14:00"]))
CURSORS = st.one_of(st.text(max_size=60), st.lists(PARTS, max_size=4).map(lambda parts: cursor(*parts)))


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["after", "before"]), value=CURSORS,
       sort=st.sampled_from(["published", "deadline", "value"]))
def test_any_cursor_is_a_page_or_a_named_400(client, refs, name, value, sort):
    answer = client.get("/tenders", query_string={name: value, "sort": sort, "lang": "en"})
    assert answer.status_code in (200, 400), answer.status_code
    if answer.status_code == 400:
        assert f"“{name}”" in answer.get_data(as_text=True)  # a bad cursor, or a character no text holds
    else:
        assert len(shown(answer.get_data(as_text=True))) <= 3
