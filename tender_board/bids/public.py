"""What the public sees of bids, evaluation, objections and award: read only from what was published.

Each kind says what its latest published notice adds (`Kind.record` in its module): the opening
table comes from the opening record (or, for too few bids, the failure notice), the evaluation
from the candidates notice, the committee's names from the result notice. Nothing here reads the
working tables that hold unpublished evaluations.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..notices.content import public_terms
from ..notices.models import Notice, NoticeKind
from ..notices.registry import registered
from ..tenders.models import Tender
from ..times import in_beijing as _stamp
from .objections import tender_objections


@dataclass
class PublicRecord:
    """The second half of a tender's public record, ready for display."""

    tender: Tender
    bids: list[dict] | None = None  # the bids received, once published
    bids_notice: Notice | None = None
    evaluation: dict | None = None  # the candidates notice's payload
    candidates_notice: Notice | None = None
    committee: list[dict] | None = None  # names, once the result is published
    award: dict | None = None
    contract: dict | None = None
    contract_due: datetime | None = None
    contract_overdue: bool = False
    objections: list = field(default_factory=list)
    dates: list[tuple[str, datetime | None]] = field(default_factory=list)  # the kinds' own dates
    timeline: list[tuple[str, datetime]] = field(default_factory=list)  # (what, when), in order


def public_record(tender: Tender, now: datetime) -> PublicRecord:
    """Each kind's latest published notice adds its part (`Kind.record`), then the dates in order."""
    latest = {n.kind: n for n in tender.published_notices}
    record = PublicRecord(tender=tender, objections=tender_objections(tender))
    for kind in registered():
        if kind.record is not None and kind.kind in latest:
            kind.record(record, latest[kind.kind], now)
    record.timeline = _timeline(tender, latest, record)
    return record


def _timeline(tender: Tender, latest: dict[NoticeKind, Notice],
              record: PublicRecord) -> list[tuple[str, datetime]]:
    """Every date of the tender's life, in order; the page shows each in both time zones."""
    terms = public_terms(tender)  # as published, never the working copy
    dates = [] if terms is None else [
        (_l("Tender announced"), terms.published_at),
        (_l("Tender documents available from"), terms.documents_from),
        (_l("Tender documents available until"), terms.documents_until),
        (_l("Bid deadline and public opening"), terms.bid_deadline)]
    dates += [(kind.timeline_label, latest[kind.kind].published_at) for kind in registered()
              if kind.timeline_label and kind.kind in latest]
    dates += record.dates
    return sorted(((label, at) for label, at in dates if at is not None), key=lambda d: d[1])


# --- JSON (merged into GET /api/v1/tenders/<reference>) ------------------------------------------

def objection_json(objection) -> dict:
    return {"id": objection.id, "objector": objection.objector, "text": objection.text,
            "submitted_at": _stamp(objection.submitted_at), "answer": objection.answer,
            "answered_at": _stamp(objection.answered_at),
            "answer_due": _stamp(objection.answer_due), "answered_late": objection.answered_late}


def public_json(tender: Tender, now: datetime) -> dict:
    """The published bids, evaluation, committee, objections and award of one tender: each kind
    gives its part (`Kind.record_json`), null until it is published."""
    record = public_record(tender, now)
    parts = {"objections": [objection_json(o) for o in record.objections]}
    for kind in registered():
        if kind.record_json is not None:
            parts.update(kind.record_json(record))
    return parts
