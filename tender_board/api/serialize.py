"""JSON shapes of the public API (PRODUCT.md §4): amounts as strings, times with their offset."""

from datetime import datetime
from decimal import Decimal

from ..bids.public import public_json
from ..ledger.views import notice_links
from ..notices.models import Notice
from ..tenders.models import Tender
from ..times import in_beijing as stamp
from ..urls import public_url
from ..validation import canonical_amount


def money(amount: Decimal | None, currency: str) -> dict | None:
    return None if amount is None else {"amount": canonical_amount(amount, currency),
                                        "currency": currency}


def tender_item(tender: Tender, now: datetime) -> dict:
    return {
        "reference": tender.reference,
        "ocid": tender.ocid,
        "category": tender.category.value,
        "status": tender.status_at(now).value,
        "title": tender.title,
        "country": tender.country,
        "city": tender.city,
        "bid_deadline": stamp(tender.bid_deadline),
        "published_at": stamp(tender.published_at),
        "value": money(tender.value_amount, tender.value_currency),
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


def tender_full(tender: Tender, now: datetime) -> dict:
    return {
        **tender_item(tender, now),
        "description": tender.description,
        "mission": tender.mission,
        "timezone": tender.timezone,
        "procuring_entity": tender.procuring_entity,
        "agency": tender.agency,
        "procurement_method": tender.procurement_method.value,
        "qualification": tender.qualification,
        "rule_profile": tender.rule_profile,
        "documents_from": stamp(tender.documents_from),
        "documents_until": stamp(tender.documents_until),
        "opening_place": tender.opening_place,
        "contact": tender.contact,
        "retender_of": tender.retender_of.reference if tender.retender_of else None,
        "retendered_as": (tender.retendered_as.reference
                          if tender.retendered_as and tender.retendered_as.published_at else None),
        "notices": [notice_item(n) for n in tender.published_notices],
        **public_json(tender, now),  # bids, evaluation, committee, objections, award (bids feature)
    }
