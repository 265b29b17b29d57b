"""What the public sees of bids, evaluation, objections and award: read only from what was published.

The opening table comes from the opening record (or, for too few bids, the failure notice); the
evaluation from the candidates notice; the committee's names from the result notice. Nothing here
reads the working tables that hold unpublished evaluations.
"""

from dataclasses import dataclass, field
from datetime import datetime

from ..notices.models import Notice, NoticeKind
from ..tenders.models import Tender
from ..times import in_beijing as _stamp
from ..times import parse as _time
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
    timeline: list[tuple[str, datetime]] = field(default_factory=list)


def _latest(tender: Tender) -> dict[NoticeKind, Notice]:
    """The latest published notice of each kind."""
    return {n.kind: n for n in tender.published_notices}


def public_record(tender: Tender, now: datetime) -> PublicRecord:
    notices = _latest(tender)
    record = PublicRecord(tender=tender, objections=tender_objections(tender))
    bids_notice = notices.get(NoticeKind.OPENING) or notices.get(NoticeKind.FAILURE)
    if bids_notice is not None and "bids" in bids_notice.payload:
        record.bids, record.bids_notice = bids_notice.payload["bids"], bids_notice
    if NoticeKind.CANDIDATES in notices:
        record.candidates_notice = notices[NoticeKind.CANDIDATES]
        record.evaluation = record.candidates_notice.payload
    _award(record, notices, now)
    record.timeline = _timeline(tender, notices, record)
    return record


def _award(record: PublicRecord, notices: dict[NoticeKind, Notice], now: datetime) -> None:
    result = notices.get(NoticeKind.RESULT)
    if result is None:
        return
    record.award = {**result.payload, "published_at": result.published_at}
    record.committee = result.payload.get("committee")
    record.contract_due = _time(result.payload.get("contract_due"))
    contract = notices.get(NoticeKind.CONTRACT)
    if contract is not None:
        record.contract = contract.payload
        record.contract_overdue = bool(contract.payload.get("overdue"))
    elif record.contract_due is not None:
        record.contract_overdue = now > record.contract_due


def _timeline(tender: Tender, notices: dict[NoticeKind, Notice],
              record: PublicRecord) -> list[tuple[str, datetime]]:
    """Every date of the tender's life, in order; the page shows each in both time zones."""
    dates = [("announced", tender.published_at), ("documents_from", tender.documents_from),
             ("documents_until", tender.documents_until), ("bid_deadline", tender.bid_deadline)]
    for kind in (NoticeKind.OPENING, NoticeKind.CANDIDATES, NoticeKind.RESULT,
                 NoticeKind.CONTRACT, NoticeKind.FAILURE, NoticeKind.TERMINATION):
        if kind in notices:
            dates.append((kind.value, notices[kind].published_at))
    if record.evaluation:
        dates.append(("report", _time(record.evaluation.get("report_at"))))
        dates.append(("objections_until", _time(record.evaluation.get("objections_until"))))
    if record.contract_due:
        dates.append(("contract_due", record.contract_due))
    if record.contract:
        dates.append(("signed", _time(record.contract.get("signed_at"))))
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
