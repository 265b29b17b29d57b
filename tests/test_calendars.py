"""Calendar files: parsed with the icalendar library, times compared through zoneinfo."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tender_board.times import parse
from tender_board.transaction import transaction

HANOI = "Asia/Ho_Chi_Minh"


def calendar(client, path: str) -> Calendar:
    answer = client.get(path)
    assert answer.status_code == 200, answer.data
    assert answer.mimetype == "text/calendar"
    return Calendar.from_ical(answer.data)


def events(parsed: Calendar) -> dict[str, object]:
    """UID → event."""
    return {str(e["uid"]): e for e in parsed.walk("VEVENT")}


def start(event):
    return event.decoded("dtstart")


def test_a_tender_calendar_has_its_dates_in_its_own_time_zone(client, make):
    with transaction():
        tender = make.open_tender()
    parsed = calendar(client, f"/tenders/{tender.reference}.ics?lang=en")
    found = events(parsed)
    deadline = found[f"{tender.reference}-deadline@tenders.test"]
    documents = found[f"{tender.reference}-documents@tenders.test"]
    assert start(deadline) == tender.bid_deadline and start(deadline).tzinfo == ZoneInfo(HANOI)
    assert start(documents) == tender.documents_from and documents.decoded("dtend") == tender.documents_until
    assert deadline["dtstart"].params["TZID"] == HANOI
    assert [str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")] == [HANOI]
    assert str(deadline["summary"]).startswith(f"Bid deadline and public opening: {tender.reference}")
    assert str(deadline["location"]) == "北京开标室"
    assert str(deadline["url"]) == f"http://tenders.test/tenders/{tender.reference}?lang=en"
    assert str(deadline["status"]) == "CONFIRMED" and deadline["sequence"] == 0


def test_an_amendment_moves_the_event_and_keeps_its_uid(client, make):
    with transaction():
        tender = make.open_tender()
    before = events(calendar(client, f"/tenders/{tender.reference}.ics"))
    later = tender.bid_deadline + timedelta(days=5)
    with transaction():
        make.publish(tender, {"kind": "amendment", "changes": {"bid_deadline": later.isoformat()},
                              "rationale": {"en": "Extended at bidders' request."}})
    after = events(calendar(client, f"/tenders/{tender.reference}.ics"))
    assert after.keys() == before.keys()
    deadline = after[f"{tender.reference}-deadline@tenders.test"]
    assert start(deadline) == later and deadline["sequence"] == 1
    assert after[f"{tender.reference}-documents@tenders.test"]["sequence"] == 0  # not moved


def test_the_objection_window_appears_with_the_candidates(client, make):
    with transaction():
        tender, _evaluation = make.publicity_tender()
    found = events(calendar(client, f"/tenders/{tender.reference}.ics"))
    objections = found[f"{tender.reference}-objections@tenders.test"]
    candidates = [n for n in tender.published_notices if n.kind.value == "candidates"][0]
    assert start(objections) == candidates.published_at
    assert objections.decoded("dtend") == parse(candidates.payload["objections_until"])


def test_a_terminated_tender_cancels_its_dates(client, make):
    with transaction():
        tender = make.open_tender()
        make.publish(tender, {"kind": "termination", "reason": {"en": "Project cancelled."}})
    found = events(calendar(client, f"/tenders/{tender.reference}.ics"))
    assert str(found[f"{tender.reference}-deadline@tenders.test"]["status"]) == "CANCELLED"


def test_a_search_calendar_holds_the_tenders_the_search_lists(client, make):
    with transaction():
        hanoi = make.open_tender()
        nairobi = make.open_tender(country="KE", city="Nairobi", timezone="Africa/Nairobi")
    parsed = calendar(client, "/tenders.ics?country=VN&lang=en")
    uids = set(events(parsed))
    assert f"{hanoi.reference}-deadline@tenders.test" in uids
    assert not any(nairobi.reference in uid for uid in uids)
    assert "Vietnam" in str(parsed["x-wr-calname"])
    everything = events(calendar(client, "/tenders.ics"))
    assert f"{nairobi.reference}-deadline@tenders.test" in everything
    nairobi_deadline = everything[f"{nairobi.reference}-deadline@tenders.test"]
    assert start(nairobi_deadline).tzinfo == ZoneInfo("Africa/Nairobi")


def test_calendars_answer_conditional_requests(client, make):
    with transaction():
        tender = make.open_tender()
    first = client.get(f"/tenders/{tender.reference}.ics")
    assert first.headers["ETag"] and "max-age=300" in first.headers["Cache-Control"]
    again = client.get(f"/tenders/{tender.reference}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/tenders.ics?country=XX", 400, b"country"),
    ("/tenders.ics?published_from=0001-13-01", 400, b"published_from"),
    ("/tenders.ics?lang=fr", 400, b"lang"),
    ("/tenders/MFA-2027-OS-9999.ics", 404, b""),
])
def test_bad_calendar_requests_are_explained(client, path, status, message):
    answer = client.get(path)
    assert answer.status_code == status and message in answer.data


def test_training_tenders_have_no_calendar(client, make):
    with transaction():
        sandbox = make.open_tender(sandbox=True)
    assert client.get(f"/tenders/{sandbox.reference}.ics").status_code == 404
    assert sandbox.reference.encode() not in client.get("/tenders.ics").data


def test_the_pages_link_their_calendar_and_alert_form(client, make):
    with transaction():
        tender = make.open_tender()
    page = client.get(f"/tenders/{tender.reference}?lang=en").data.decode()
    assert f'href="/tenders/{tender.reference}.ics?lang=en"' in page
    assert f'href="/tenders/{tender.reference}/alerts/new?lang=en"' in page
    search = client.get("/tenders?country=VN&page=1&lang=en").data.decode()
    assert 'href="/tenders.ics?country=VN&amp;lang=en"' in search
    assert 'href="/alerts/new?country=VN&amp;lang=en"' in search
