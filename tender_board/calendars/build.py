"""A tender's public dates as iCalendar events (icalendar library), each in the tender's own
time zone with its VTIMEZONE, and a UID that never changes: an amendment that moves a date
updates the event in every calendar that subscribed (a higher SEQUENCE), never adds a second.

Events: the period in which the tender documents are available; the bid deadline, which is also
the public opening; and, once the candidates are published, the objection window. The output
depends on the published notices only (DTSTAMP is the latest publication), so the same tender
always gives the same bytes and an ETag can stand for them.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import current_app

from ..i18n import pair, text
from ..notices.models import NoticeKind
from ..tenders.models import Tender
from ..times import parse
from ..urls import public_host, public_url

if TYPE_CHECKING:  # icalendar (3 MiB) is imported where a calendar is built: most servers never build one
    from icalendar import Calendar, Event

PRODID = "-//Tender Board//Tender calendar//EN"
OPENING_LENGTH = timedelta(hours=1)  # how long the public opening is shown in a calendar
NAMES = {
    "documents": ("招标文件发售期", "Tender documents available"),
    "deadline": ("投标截止及开标", "Bid deadline and public opening"),
    "objections": ("异议期", "Objection window"),
}
# Which amendments move which event (their SEQUENCE counts them).
MOVED_BY = {"documents": {"documents_from", "documents_until"}, "deadline": {"bid_deadline", "opening_place"}}


def new_calendar(name: str, lang: str) -> "Calendar":
    from icalendar import Calendar  # noqa: PLC0415

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", " ".join(name.split()))  # one line, whatever a search's words hold
    return calendar


def _sequence(tender: Tender, which: str) -> int:
    return sum(1 for n in tender.published_notices if n.kind == NoticeKind.AMENDMENT
               and MOVED_BY.get(which, set()) & set(n.payload.get("changes", {})))


def _event(tender: Tender, which: str, start: datetime, end: datetime, lang: str, host: str,
           location: str | None = None) -> "Event":
    from icalendar import Event  # noqa: PLC0415

    zone = ZoneInfo(tender.timezone)
    page = public_url("tenders.tender_detail", reference=tender.reference, lang=lang)
    event = Event()
    event.add("uid", f"{tender.reference}-{which}@{host}")
    event.add("sequence", _sequence(tender, which))
    event.add("dtstamp", max((n.published_at for n in tender.published_notices), default=tender.published_at))
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", end.astimezone(zone))
    event.add("summary", f"{pair(NAMES[which], lang)}: {tender.reference} {text(tender.title, lang)}")
    event.add("url", page)
    event.add("description", f"{text(tender.title, lang)}\n{page}")
    if location:
        event.add("location", location)
    # A tender terminated before a date: the date will not happen.
    terminated = [n.published_at for n in tender.published_notices if n.kind == NoticeKind.TERMINATION]
    event.add("status", "CANCELLED" if terminated and end > terminated[0] else "CONFIRMED")
    return event


def tender_events(tender: Tender, lang: str) -> list["Event"]:
    host = public_host(current_app.config) or "localhost"
    events = []
    if tender.documents_from and tender.documents_until:
        events.append(_event(tender, "documents", tender.documents_from, tender.documents_until, lang, host))
    if tender.bid_deadline:
        events.append(_event(tender, "deadline", tender.bid_deadline, tender.bid_deadline + OPENING_LENGTH, lang,
                             host, text(tender.opening_place, lang) or None))
    candidates = [n for n in tender.published_notices if n.kind == NoticeKind.CANDIDATES]
    if candidates:
        latest = candidates[-1]
        events.append(_event(tender, "objections", latest.published_at, parse(latest.payload["objections_until"]),
                             lang, host))
    return events


def tender_calendar(tender: Tender, lang: str) -> bytes:
    calendar = new_calendar(f"{tender.reference} {text(tender.title, lang)}", lang)
    for event in tender_events(tender, lang):
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def search_calendar(name: str, tenders: list[Tender], lang: str) -> bytes:
    calendar = new_calendar(name, lang)
    for tender in tenders:
        for event in tender_events(tender, lang):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()

