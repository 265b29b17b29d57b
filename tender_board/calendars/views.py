"""`/tenders/<reference>.ics` and `/tenders.ics?<the filters of /tenders>`: calendars to subscribe to."""

from datetime import timedelta

from flask import Blueprint, Response, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..clock import now as clock_now
from ..extensions import db
from ..feeds.builder import search_title
from ..feeds.selection import BadFeedRequest, feed_language, search_request
from ..feeds.views import refused
from ..notices.models import Notice
from ..public.queries import public_tender
from ..tenders.models import Tender
from . import build

bp = Blueprint("calendars", __name__)

MAX_AGE = 300  # seconds a calendar client or proxy may keep a calendar without asking again
SEARCH_LIMIT = 500  # tenders in a search's calendar: the soonest deadlines from a month ago on
RECENT = timedelta(days=30)


def _calendar(body: bytes, name: str, lang: str) -> Response:
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response.headers["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/tenders/<reference>.ics")
def tender_calendar(reference: str):
    """The tender's documents window, bid deadline and opening, and objection window."""
    try:
        lang = feed_language(request.args)
    except BadFeedRequest as error:
        return refused(error)
    tender = public_tender(reference)
    if tender.sandbox:
        return Response("Training tenders have no calendar.\n", status=404, content_type="text/plain; charset=utf-8")
    return _calendar(build.tender_calendar(tender, lang), tender.reference, lang)


@bp.get("/tenders.ics")
def search_calendar():
    """The dates of the tenders a search lists, as `/tenders` reads its parameters."""
    now = clock_now()
    try:
        feed = search_request(request.args, now)
    except BadFeedRequest as error:
        return refused(error)
    tenders = feed.tender_ids()
    found = db.session.scalars(
        select(Tender).where(Tender.id.in_(select(tenders.c.id)), Tender.bid_deadline >= now - RECENT)
        .order_by(Tender.bid_deadline, Tender.id).limit(SEARCH_LIMIT)
        .options(selectinload(Tender.notices).selectinload(Notice.documents))).all()
    return _calendar(build.search_calendar(search_title(feed.args, feed.lang), found, feed.lang), "tenders",
                     feed.lang)
