"""What the public sees of bids, evaluation, objections and award: read only from what was published.

Each kind says what its latest published notice adds (`Kind.record` in its module): the opening
table comes from the opening record (or, for too few bids, the failure notice), the evaluation
from the candidates notice, the committee's names from the result notice. Nothing here reads the
working tables that hold unpublished evaluations.
"""

from dataclasses import dataclass, field
from datetime import datetime

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
    timeline: list[tuple[str, datetime]] = field(default_factory=list)


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
    dates = [("announced", tender.published_at), ("documents_from", tender.documents_from),
             ("documents_until", tender.documents_until), ("bid_deadline", tender.bid_deadline)]
    dates += [(kind.kind.value, latest[kind.kind].published_at) for kind in registered()
              if kind.on_timeline and kind.kind in latest]
    dates += record.dates
    return sorted(((code, at) for code, at in dates if at is not None), key=lambda d: d[1])


# --- JSON (merged into GET /api/v1/tenders/<reference>) ------------------------------------------

def _bids_json(bids: list[dict]) -> list[dict]:
    return [{**b, "received_at": _stamp(b["received_at"])} for b in bids]


def _evaluation_json(payload: dict) -> dict:
    keys = ("method", "tie_rule", "criteria", "ranking", "rejected", "candidates",
            "committee_size", "committee_composition", "report")
    return {**{k: payload.get(k) for k in keys}, "report_at": _stamp(payload.get("report_at")),
            "objections_until": _stamp(payload.get("objections_until"))}


def objection_json(objection) -> dict:
    return {"id": objection.id, "objector": objection.objector, "text": objection.text,
            "submitted_at": _stamp(objection.submitted_at), "answer": objection.answer,
            "answered_at": _stamp(objection.answered_at),
            "answer_due": _stamp(objection.answer_due), "answered_late": objection.answered_late}


def _award_json(record: PublicRecord) -> dict | None:
    if record.award is None:
        return None
    keys = ("winner", "bidder", "price", "rank", "reason")
    return {**{k: record.award.get(k) for k in keys},
            "published_at": _stamp(record.award["published_at"]),
            "contract_due": _stamp(record.contract_due)}


def _contract_json(contract: dict | None) -> dict | None:
    if contract is None:
        return None
    return {"signed_at": _stamp(contract["signed_at"]), "value": contract["value"],
            "due": _stamp(contract.get("due")), "overdue": bool(contract.get("overdue"))}


def public_json(tender: Tender, now: datetime) -> dict:
    """The published bids, evaluation, committee, objections and award of one tender."""
    record = public_record(tender, now)
    return {
        "bids": _bids_json(record.bids) if record.bids is not None else None,
        "evaluation": _evaluation_json(record.evaluation) if record.evaluation else None,
        "committee": record.committee,
        "objections": [objection_json(o) for o in record.objections],
        "award": _award_json(record),
        "contract": _contract_json(record.contract),
        "contract_overdue": record.contract_overdue,
    }
