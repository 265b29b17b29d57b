"""Answers of other features kept in the rendered-page store too (已渲染页面), with how long each
stays true: a tender's OCDS record until something public about that tender changes (its
publication step forgets its pages), the pages of releases as lists do, and the ledger's entries
and proofs of a fixed size for ever (an append-only log never changes what it has answered;
`rendered.PERMANENT`).

The views stay their own features'; this module, above them, only marks their answers for the
store (the `stored` mark the store reads) and gives the permanent ones the validators and the
long-lived `Cache-Control` a proxy or CDN needs to keep them as well.
"""

import hashlib
from datetime import UTC, datetime
from functools import wraps

from flask import Flask, make_response, request

from ..clock import now as clock_now
from ..ledger import log
from ..rendered import PERMANENT
from ..tenders.models import Tender
from .rendered_store import keep, offer_of

A_YEAR = 365 * 86400
FOREVER_AT = datetime.max.replace(tzinfo=UTC)


def _stored(view, kept):
    """`view`, its 200 answers offered to the store by `kept(response)`."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:
            kept(response, kwargs)
        return response
    wrapper.stored = True
    return wrapper


def _record(response, kwargs) -> None:
    """A record package: a page of its tender (offer: until its deadline, if still open)."""
    etag, _weak = response.get_etag()
    if etag:
        now = clock_now()
        offer_of(Tender.ocid == kwargs.get("ocid"), FOREVER_AT, FOREVER_AT, etag, response.last_modified or now, now,
                 own_caching=True)


def _listed(response, _kwargs) -> None:
    """A page of releases: as a list (a publication outdates it within its max-age)."""
    etag, _weak = response.get_etag()
    if etag:
        keep(None, FOREVER_AT, etag, response.last_modified or clock_now(), own_caching=True)


def _fixed_entries() -> bool:
    """Entries up to an `end` the ledger has reached: the same answer for ever."""
    end = request.args.get("end", "")
    return end.isdigit() and int(end) <= log.size()


def _permanent(fixed=lambda: True):
    def kept(response, _kwargs) -> None:
        if not fixed():
            return
        etag = hashlib.sha256(response.get_data()).hexdigest()[:32]
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = A_YEAR
        response.cache_control.immutable = True
        response.make_conditional(request)
        keep(PERMANENT, FOREVER_AT, etag, clock_now(), own_caching=True)
    return kept


STORED = {
    "ocds.record_package": _record,
    "ocds.releases": _listed,
    "ledger_api.entries": _permanent(_fixed_entries),
    "ledger_api.inclusion_proof": _permanent(),
    "ledger_api.consistency_proof": _permanent(),
}


def init_app(app: Flask) -> None:
    """After the features' blueprints are registered (FEATURES lists this module after them)."""
    for endpoint, kept in STORED.items():
        app.view_functions[endpoint] = _stored(app.view_functions[endpoint], kept)
