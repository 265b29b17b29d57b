"""JSON shapes of the public API (PRODUCT.md §4): amounts as strings, times with their offset."""

from datetime import datetime
from decimal import Decimal

from ..bids.public import public_json
from ..ledger.views import notice_links
from ..notices.content import PublicTerms, public_terms
from ..notices.models import Notice
from ..oversight.queries import raised
from ..tenders.models import Tender
from ..times import in_beijing as stamp
from ..urls import public_url
from ..validation import canonical_amount


def money(amount: Decimal | None, currency: str) -> dict | None:
    return None if amount is None else {"amount": canonical_amount(amount, currency),
                                        "currency": currency}


def tender_item(tender: Tender, now: datetime, terms: PublicTerms | None = None) -> dict:
    """A tender as a list shows it: its terms as published (`terms`), else the working copy's."""
    shown = terms or tender
    return {
        "reference": tender.reference,
        "ocid": shown.ocid,
        "category": shown.category.value,
        "status": shown.status_at(now).value,
        "title": shown.title,
        "country": shown.country,
        "city": shown.city,
        "bid_deadline": stamp(shown.bid_deadline),
        "published_at": stamp(shown.published_at),
        "value": money(shown.value_amount, shown.value_currency),
        "sandbox": tender.sandbox,
        "url": public_url("tenders.tender_detail", reference=tender.reference),
    }


def notice_item(notice: Notice) -> dict:
    return {
        "kind": notice.kind.value,
        "number": notice.number,
        "published_at": stamp(notice.published_at),
        "url": public_url("notices.notice_detail", reference=notice.tender.reference, number=notice.number),
        "body": notice.body,
        "payload": notice.payload,
        "documents": [{"id": d.id, "filename": d.filename, "size": d.size, "sha256": d.sha256}
                      for d in notice.documents],
        **notice_links(notice),  # its index in the public ledger and the URL of its inclusion proof
    }


def ledger_item(notice: Notice) -> dict:
    """A notice of the changes feed: where it stands in the ledger, its tender, and the notice."""
    return {"sequence": notice.sequence, "reference": notice.tender.reference, "ocid": notice.tender.ocid,
            "tender_url": public_url("tenders.tender_detail", reference=notice.tender.reference),
            **notice_item(notice)}


def tender_full(tender: Tender, now: datetime) -> dict:
    """One tender with its notices: its terms as its published notices say (never the working copy)."""
    terms = public_terms(tender)
    return {
        **tender_item(tender, now, terms),
        "description": terms.description,
        "mission": terms.mission,
        "timezone": terms.timezone,
        "procuring_entity": terms.procuring_entity,
        "agency": terms.agency,
        "procurement_method": terms.procurement_method.value,
        "qualification": terms.qualification,
        "rule_profile": terms.rule_profile,
        "documents_from": stamp(terms.documents_from),
        "documents_until": stamp(terms.documents_until),
        "opening_place": terms.opening_place,
        "contact": terms.contact,
        "retender_of": terms.retender_of,
        "retendered_as": (tender.retendered_as.reference
                          if tender.retendered_as and tender.retendered_as.published_at else None),
        "notices": [notice_item(n) for n in tender.published_notices],
        **public_json(tender, now),  # bids, evaluation, committee, objections, award (bids feature)
        # The oversight indicators raised; every indicator, raised or not, at `url`.
        "indicators": {"raised": [{"code": q.indicator.code, "explanation": q.explanation} for q in raised(tender)],
                       "url": public_url("api.tender_indicators", reference=tender.reference)},
    }
