"""The bids received (投标文件接收记录), as the opening record and a failure notice list them.

Every bid is checked against the tender: received before the deadline and after the documents
were issued, bidders listed once, prices in one currency, a reason for every bid set aside.
The bid security limit (2%) is a statutory rule and is checked with the opening's other rules.
"""

from datetime import datetime
from decimal import Decimal
from typing import NotRequired, TypedDict

from .. import validation as v
from ..errors import invalid
from ..notices import release
from ..tenders import rules
from ..tenders.models import Tender
from ..times import beijing_minute
from .models import BidStatus


class Bidder(TypedDict):
    name: str  # as registered
    name_en: NotRequired[str]  # its English name, where the bid gives one
    registration_number: str  # upper case
    country: str


class ReceivedBid(TypedDict):
    bidder: Bidder
    price: dict[str, str]  # {"amount": "980000.00", "currency": "CNY"}
    received_at: str  # ISO 8601
    security: str | None  # in the tender's estimated value's currency
    status: str  # a BidStatus
    reason: dict[str, str] | str | None  # why it was disqualified or withdrawn: {"zh", "en"} or text


def clean_bids(tender: Tender, raw) -> list[ReceivedBid]:
    """Every bid received, cleaned; the same bidder twice or mixed currencies are refused."""
    if not isinstance(raw, list):
        raise invalid("bids", "请列出收到的全部投标。", "List every bid received.", "required")
    bids = [clean_bid(tender, b, i) for i, b in enumerate(raw)]
    _refuse_duplicates(bids)
    _refuse_mixed_currencies(bids)
    return bids


def clean_bid(tender: Tender, raw, i: int) -> ReceivedBid:
    field = f"bids[{i}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("bidder"), dict):
        raise invalid(field, "投标记录格式无效，应包含 bidder、price、received_at。",
                      "Invalid bid record: give bidder, price and received_at.")
    amount, currency = v.money(raw.get("price"), f"{field}.price")
    status = v.choice(raw.get("status", "valid"), BidStatus, f"{field}.status")
    return {
        "bidder": _bidder(raw["bidder"], field),
        "price": {"amount": v.canonical_amount(amount, currency), "currency": currency},
        "received_at": _received(tender, raw.get("received_at"), field).isoformat(),
        "security": _security(tender, raw.get("security"), field),
        "status": status.value,
        "reason": _reason(raw.get("reason"), f"{field}.reason", required=status != BidStatus.VALID),
    }


def _reason(value, field: str, required: bool) -> dict[str, str] | str | None:
    """In both languages ({"zh": ..., "en": ...}) so each reader reads it in theirs, or as text."""
    if isinstance(value, dict):
        return v.bilingual(value, field, 2000, required=required)
    return v.clean_text(value, field, 2000, required=required)


def reason_text(reason: dict[str, str] | str | None) -> str | None:
    """The reason as one text, for the bid's row (the pages read the notice's own payload)."""
    return " / ".join(reason.values()) if isinstance(reason, dict) else reason


def _bidder(bidder: dict, field: str) -> dict:
    number = v.clean_text(bidder.get("registration_number"),
                          f"{field}.bidder.registration_number", 80)
    name_en = v.clean_text(bidder.get("name_en"), f"{field}.bidder.name_en", 300, required=False)
    return {"name": v.clean_text(bidder.get("name"), f"{field}.bidder.name", 300),
            **({"name_en": name_en} if name_en else {}),
            "registration_number": number.upper(),
            "country": v.country(bidder.get("country"), f"{field}.bidder.country")}


def _received(tender: Tender, value, field: str) -> datetime:
    received = v.aware_datetime(value, f"{field}.received_at")
    if received > tender.bid_deadline:
        raise invalid(f"{field}.received_at",
                      f"该投标于截止时间（北京时间 {beijing_minute(tender.bid_deadline)}）之后递交，应当拒收。",
                      f"This bid arrived after the deadline ({beijing_minute(tender.bid_deadline)} "
                      "Beijing time) and must be refused.", "late_bid")
    if tender.published_at and received < tender.published_at:
        raise invalid(f"{field}.received_at", "该投标的递交时间早于招标公告发布。",
                      "This bid is dated before the tender was announced.", "early_bid")
    return received


def _security(tender: Tender, value, field: str) -> str | None:
    """Bid security (投标保证金), in the estimated value's currency so the 2% limit applies."""
    if value is None:
        return None
    amount, currency = v.money(value, f"{field}.security")
    if currency != tender.value_currency:
        raise invalid(f"{field}.security.currency",
                      f"投标保证金应以招标估算价的币种（{tender.value_currency}）计。",
                      f"The bid security is given in the estimated value's currency "
                      f"({tender.value_currency}).")
    return v.canonical_amount(amount, currency)


def _refuse_duplicates(bids: list[ReceivedBid]) -> None:
    seen: set[str] = set()
    for i, bid in enumerate(bids):
        number = bid["bidder"]["registration_number"]
        if number in seen:
            raise invalid(f"bids[{i}].bidder.registration_number", f"投标人 {number} 重复列出。",
                          f"The bidder {number} is listed twice.", "duplicate_bidder")
        seen.add(number)


def _refuse_mixed_currencies(bids: list[ReceivedBid]) -> None:
    """Prices are compared and ranked, so the tender documents fix one bid currency."""
    first = bids[0]["price"]["currency"] if bids else None
    for i, bid in enumerate(bids):
        if bid["price"]["currency"] != first:
            raise invalid(f"bids[{i}].price.currency", f"所有投标报价应使用同一币种（{first}）。",
                          f"Every bid is priced in the same currency ({first}).", "mixed_currencies")


def received_count(bids: list[ReceivedBid]) -> int:
    """Bids that count for the three-bid rule: a withdrawn bid (撤回) was never submitted."""
    return sum(1 for b in bids if b["status"] != BidStatus.WITHDRAWN)


def security_over_limit(tender: Tender, bids: list[ReceivedBid]) -> tuple[int, Decimal] | None:
    """The first bid whose security exceeds the profile's share of the estimated value."""
    share = Decimal(rules.profile(tender.rule_profile)["bid_security_max"].number)
    limit = tender.value_amount * share
    for i, bid in enumerate(bids):
        if bid["security"] is not None and Decimal(bid["security"]) > limit:
            return i, limit
    return None


# --- OCDS (the bids extension) ---------------------------------------------------------------------

def ocds_bids(content: dict, bids: list[ReceivedBid]) -> dict:
    """The bids as a release publishes them: the tenderers, their number, each bid, and the
    statistics (bids, valid bids, lowest valid price) as of the notice."""
    when = release.stamp(content["published_at"])
    parties = [release.bidder(b["bidder"], ["tenderer"]) for b in bids]
    valid = [release.value(b["price"]) for b in bids if b["status"] == BidStatus.VALID.value]
    statistics = [{"id": "bids", "measure": "bids", "date": when, "value": len(bids)},
                  {"id": "validBids", "measure": "validBids", "date": when, "value": len(valid)}]
    if valid:
        lowest = min(valid, key=lambda price: price["amount"])
        statistics.append({"id": "lowestValidBidValue", "measure": "lowestValidBidValue", "date": when,
                           "value": lowest["amount"], "currency": lowest["currency"]})
    details = [{"id": release.bid_id(b["bidder"]["registration_number"]), "date": release.stamp(b["received_at"]),
                "status": b["status"], "tenderers": [release.reference(party)], "value": release.value(b["price"])}
               for b, party in zip(bids, parties, strict=True)]
    return {"parties": parties, "tender": {"numberOfTenderers": len(bids),
                                           "tenderers": [release.reference(p) for p in parties]},
            "bids": {"statistics": statistics, "details": details}}
