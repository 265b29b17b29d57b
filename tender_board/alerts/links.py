"""The "E-mail me" and calendar links a search page and a tender page offer beside their feeds."""

from urllib.parse import urlencode

from flask import request, url_for

from ..feeds.discovery import page_args


def follow_links() -> dict[str, str]:
    """For the current page: the alert form for the same search (or tender) and its calendar."""
    if request.endpoint == "tenders.tender_list":
        query = urlencode(page_args())
        suffix = f"?{query}" if query else ""
        return {"email": url_for("alerts.subscribe_search") + suffix,
                "calendar": url_for("calendars.search_calendar") + suffix}
    if request.endpoint == "tenders.tender_detail" and request.view_args:
        reference = request.view_args["reference"]
        lang = [a for a in page_args() if a[0] == "lang"]
        suffix = f"?{urlencode(lang)}" if lang else ""
        return {"email": url_for("alerts.subscribe_tender", reference=reference) + suffix,
                "calendar": url_for("calendars.tender_calendar", reference=reference) + suffix}
    return {}
