"""What a published notice publishes, read from the notice alone, and a tender's public terms
derived from its published notices.

Each kind's `preview` freezes in the payload everything the notice says (an announcement the
tender's full terms, an amendment old → new, an opening record every bid, ...), and the database
refuses to change a published notice. The `tenders` row is the manager's working copy, for drafts
and for queries: nothing public is read from it once the tender is announced. A tender's current
public terms are its announcement's terms with each published amendment applied, in order.
"""

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..tenders.lifecycle import TRANSITIONS, Status, effective_status
from ..tenders.models import Category, ProcurementMethod, Tender
from ..times import parse
from ..validation import canonical_amount
from .models import Notice, NoticeKind
from .registry import kind_of

# The tender's own terms, as the announcement freezes them (besides the announcement's fields).
TENDER_TERMS = ("reference", "ocid", "category", "title", "description", "country", "city", "mission",
                "timezone", "procuring_entity", "agency", "value", "procurement_method",
                "qualification", "rule_profile", "retender_of")
# The terms the announcement itself sets, and amendments may change.
NOTICE_TERMS = ("bid_deadline", "documents_from", "documents_until", "opening_place", "contact")


def _without_nul(value):
    """Text as the input boundary accepts it: never a NUL, which PostgreSQL cannot index (the
    search index reads every payload) and no reader could be shown. Only a working copy written
    by other means than the app's commands can hold one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


def tender_terms(tender: Tender) -> dict:
    """The working copy's terms as JSON, for the announcement to freeze at its publication."""
    return _without_nul({
        "reference": tender.reference, "ocid": tender.ocid, "category": tender.category.value,
        "title": tender.title, "description": tender.description, "country": tender.country,
        "city": tender.city, "mission": tender.mission, "timezone": tender.timezone,
        "procuring_entity": tender.procuring_entity, "agency": tender.agency,
        "value": {"amount": canonical_amount(tender.value_amount, tender.value_currency),
                  "currency": tender.value_currency},
        "procurement_method": tender.procurement_method.value, "qualification": tender.qualification,
        "rule_profile": tender.rule_profile,
        "retender_of": tender.retender_of.reference if tender.retender_of else None,
    })


def notice_content(notice: Notice) -> dict:
    """A published notice's public content, all from its own frozen row and its documents (whose
    hashes and bytes the database refuses to change once published)."""
    return {
        "reference": notice.tender.reference,
        "kind": notice.kind.value,
        "number": notice.number,
        "sequence": notice.sequence,
        "published_at": notice.published_at.isoformat(),
        "body": notice.body,
        "payload": notice.payload,
        "documents": [{"id": d.id, "filename": d.filename, "content_type": d.content_type,
                       "size": d.size, "sha256": d.sha256} for d in notice.documents],
    }


def _announced(announcement: Notice) -> dict:
    """The announcement's terms. One published before its payload carried the tender's terms
    holds only its own fields: the rest then comes from the working copy, as it always did."""
    payload = announcement.payload
    if "title" in payload:
        return {name: payload.get(name) for name in (*TENDER_TERMS, *NOTICE_TERMS)}
    return {**tender_terms(announcement.tender), **{name: payload.get(name) for name in NOTICE_TERMS}}


def current_terms(notices: list[Notice]) -> dict | None:
    """The terms as published (JSON): the first announcement's, each amendment applied in order.
    `notices` are one tender's published notices; None if it has not been announced."""
    ordered = sorted(notices, key=lambda n: n.number)
    announcement = next((n for n in ordered if n.kind == NoticeKind.ANNOUNCEMENT), None)
    if announcement is None:
        return None
    terms = {**_announced(announcement), "published_at": announcement.published_at.isoformat()}
    for notice in ordered:
        if notice.kind == NoticeKind.AMENDMENT:
            terms.update(notice.payload["changes"])
    terms["status"] = published_status(ordered).value
    return terms


def published_status(ordered: list[Notice]) -> Status:
    """The status the published notices lead to (the lifecycle table, PRODUCT.md §2), before the
    clock: an open tender past its deadline reads closed (`PublicTerms.status_at`)."""
    status, deadline = Status.IN_APPROVAL, None
    for notice in ordered:
        if notice.kind == NoticeKind.ANNOUNCEMENT:
            deadline = parse(notice.payload["bid_deadline"])
        elif notice.kind == NoticeKind.AMENDMENT:
            deadline = parse(notice.payload["changes"].get("bid_deadline")) or deadline
        current = effective_status(status, deadline, notice.published_at)
        status = TRANSITIONS.get((current, kind_of(notice.kind).action), status)
    return status


@dataclass(frozen=True)
class PublicTerms:
    """A tender's current public terms, typed for display: the same names as the tender's columns,
    so that pages and feeds read them where they used to read the working copy."""

    reference: str
    ocid: str
    category: Category
    title: dict
    description: dict
    country: str
    city: str
    mission: dict | None
    timezone: str
    procuring_entity: dict
    agency: dict
    value_amount: Decimal
    value_currency: str
    procurement_method: ProcurementMethod
    qualification: dict | None
    rule_profile: str
    retender_of: str | None
    bid_deadline: datetime
    documents_from: datetime
    documents_until: datetime
    opening_place: dict
    contact: dict
    published_at: datetime
    status: Status  # as the published notices leave it

    @classmethod
    def from_json(cls, terms: dict) -> "PublicTerms":
        typed = {
            "category": Category(terms["category"]),
            "procurement_method": ProcurementMethod(terms["procurement_method"]),
            "value_amount": Decimal(terms["value"]["amount"]), "value_currency": terms["value"]["currency"],
            "status": Status(terms["status"]),
            **{name: parse(terms[name]) for name in ("bid_deadline", "documents_from", "documents_until",
                                                      "published_at")},
        }
        return cls(**{f.name: typed[f.name] if f.name in typed else terms[f.name] for f in fields(cls)})

    def status_at(self, now: datetime) -> Status:
        return effective_status(self.status, self.bid_deadline, now)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def public_terms(tender: Tender) -> PublicTerms | None:
    """The tender's current public terms; None before its announcement is published."""
    terms = current_terms(tender.published_notices)
    return None if terms is None else PublicTerms.from_json(terms)


def public_terms_of(notices: list[Notice]) -> dict[int, PublicTerms]:
    """The public terms of every tender among these published notices (tender id → terms)."""
    by_tender: dict[int, list[Notice]] = {}
    for notice in notices:
        by_tender.setdefault(notice.tender_id, []).append(notice)
    derived = {tender_id: current_terms(found) for tender_id, found in by_tender.items()}
    return {tender_id: PublicTerms.from_json(terms) for tender_id, terms in derived.items() if terms}
