"""What proxies and browsers are told about public pages: validators, 304, how long to keep a page,
what it varies on; and that "time left" keeps a page for as long as its text holds, not a minute."""

from datetime import timedelta

import pytest

from tender_board.transaction import transaction

from .clients import signed_in


@pytest.fixture
def hanoi(app, make, clock):
    with transaction():
        tender = make.open_tender(days=25)
    clock.advance(minutes=30)  # the time left no longer on the turn of an hour
    return tender


def reader(client, lang: str = "en"):
    """A reader who chose a language before: the cookie is there already."""
    client.set_cookie("lang", lang, domain="tenders.test")
    return client


def test_a_public_page_has_validators_and_answers_304(client, hanoi):
    reader(client)
    first = client.get(f"/tenders/{hanoi.reference}?lang=en")
    assert first.status_code == 200
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert first.cache_control.public and 0 < first.cache_control.max_age <= 60
    again = client.get(f"/tenders/{hanoi.reference}?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_an_address_naming_its_language_does_not_vary_on_cookies(client, hanoi):
    named = reader(client, "zh").get(f"/tenders/{hanoi.reference}?lang=zh")
    assert "Cookie" not in named.headers.get("Vary", "") and "Set-Cookie" not in named.headers
    bare = client.get(f"/tenders/{hanoi.reference}")
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in bare.headers["Vary"].split(",")}


def test_a_page_naming_its_language_is_public_for_a_new_reader_and_the_switch_sets_the_cookie(client, hanoi):
    named = client.get(f"/tenders/{hanoi.reference}?lang=en")  # no cookie yet: any proxy may keep it
    assert "Set-Cookie" not in named.headers and named.cache_control.public
    switched = client.get(f"/language/en?next=/tenders/{hanoi.reference}")
    assert switched.status_code == 303 and switched.headers["Location"] == f"/tenders/{hanoi.reference}?lang=en"
    assert "lang=en" in switched.headers["Set-Cookie"] and switched.cache_control.no_store


def test_a_publication_changes_the_validator(client, make, hanoi):
    first = reader(client).get(f"/tenders/{hanoi.reference}?lang=en")
    with transaction():
        make.publish(hanoi, {"kind": "amendment", "changes": {"opening_place": {"en": "Room 2"}},
                             "rationale": {"en": "A bigger room."}})
    after = client.get(f"/tenders/{hanoi.reference}?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and b"Room 2" in after.data


def test_time_left_keeps_the_page_until_its_text_changes(client, clock, hanoi):
    path, cookie = f"/tenders/{hanoi.reference}?lang=en", {}
    reader(client)
    # 25 days to go: the text shows days and hours, so it holds until the hour turns.
    seconds_into_hour = int((hanoi.bid_deadline - clock()).total_seconds()) % 3600
    clock.advance(seconds=seconds_into_hour - 1800)  # half an hour before the shown hour turns
    first = client.get(path, headers=cookie)
    assert first.cache_control.max_age == 60
    clock.advance(minutes=20)
    kept = client.get(path, headers=cookie)
    assert kept.headers["Last-Modified"] == first.headers["Last-Modified"]  # not rendered again
    assert kept.data == first.data
    clock.advance(minutes=11)
    turned = client.get(path, headers=cookie)
    assert turned.headers["Last-Modified"] != first.headers["Last-Modified"] and turned.data != first.data


def test_in_the_last_minutes_a_page_is_kept_only_until_its_minute_turns(client, clock, hanoi):
    clock.at = hanoi.bid_deadline - timedelta(minutes=10, seconds=30)
    answer = reader(client).get(f"/tenders/{hanoi.reference}?lang=en")
    assert b"0 h 10 min left" in answer.data and answer.cache_control.max_age == 31


def test_staff_pages_are_never_public(app, make, hanoi):
    manager = signed_in(app, hanoi.manager)
    answer = manager.get(f"/tenders/{hanoi.reference}?lang=en")
    assert answer.status_code == 200 and not answer.cache_control.public


def test_a_notice_permalink_is_cacheable_too(client, hanoi):
    reader(client)
    first = client.get(f"/tenders/{hanoi.reference}/notices/1?lang=en")
    assert first.status_code == 200 and first.cache_control.public and first.headers["ETag"]
    again = client.get(f"/tenders/{hanoi.reference}/notices/1?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
