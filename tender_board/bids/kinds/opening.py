"""The opening record (开标记录): every bid received by the deadline, as read out at the public
opening. Published with at least 3 bids, it moves the tender to evaluation and records the bids."""

from datetime import datetime
from decimal import Decimal
from typing import TypedDict

from flask_babel import lazy_gettext as _l

from ...auth.models import Role
from ...extensions import db
from ...forms import SectionErrors, texts
from ...i18n import money
from ...names import plain_org_name
from ...notices import release
from ...notices.forms import NoticeForm
from ...notices.models import Notice, NoticeKind
from ...notices.registry import Fact, Kind, register
from ...tenders import rules
from ...tenders.lifecycle import Action
from ...tenders.models import Tender
from ...times import in_beijing, parse
from ..forms import BID_NAMES, bid_rows, bids_data, with_rows
from ..models import Bid, BidStatus
from ..received import ReceivedBid, clean_bids, ocds_bids, reason_text, received_count, security_over_limit


class Opening(TypedDict):
    bids: list[ReceivedBid]


def clean(tender: Tender, data: dict) -> Opening:
    return {"bids": clean_bids(tender, data.get("bids"))}


def check(tender: Tender, notice: Notice, now: datetime) -> None:
    """Bid security at most 2% of the estimated value; no opening with fewer than 3 bids."""
    profile = rules.profile(tender.rule_profile)
    bids = notice.payload["bids"]
    over = security_over_limit(tender, bids)
    if over is not None:
        i, limit = over
        raise rules.violation(
            profile["bid_security_max"],
            f"投标保证金 {bids[i]['security']} 超过上限 {limit:.2f}（估算价的 2%）。",
            f"The bid security {bids[i]['security']} exceeds the limit of {limit:.2f} "
            "(2% of the estimated value).", f"bids[{i}].security")
    received = received_count(bids)
    if received < int(profile["min_bids"].number):
        raise rules.violation(
            profile["min_bids"], f"仅收到 {received} 份投标，不得开标，应发布流标公告。",
            f"Only {received} bids arrived: there is no opening; publish a failure notice.",
            "bids", bid_deadline=tender.bid_deadline)


def effect(tender: Tender, notice: Notice, _now: datetime) -> None:
    """The bids as opened, for the evaluation to score."""
    for bid in notice.payload["bids"]:
        db.session.add(Bid(
            tender_id=tender.id, notice_id=notice.id, bidder_name=bid["bidder"]["name"],
            bidder_name_en=bid["bidder"].get("name_en"),
            registration_number=bid["bidder"]["registration_number"],
            bidder_country=bid["bidder"]["country"], received_at=parse(bid["received_at"]),
            price_amount=Decimal(bid["price"]["amount"]), price_currency=bid["price"]["currency"],
            security_amount=Decimal(bid["security"]) if bid["security"] else None,
            status=BidStatus(bid["status"]), reason=reason_text(bid["reason"])))


def record(record, notice: Notice, _now: datetime) -> None:
    record.bids, record.bids_notice = notice.payload["bids"], notice


def record_json(record) -> dict:
    """The bids received, from the opening record or a failure notice; times in Beijing time."""
    bids = record.bids
    return {"bids": None if bids is None else [{**b, "received_at": in_beijing(b["received_at"])} for b in bids]}


def ocds(content: dict, _terms: dict) -> dict:
    """A `tenderUpdate`: every bid received, its tenderer, and the statistics."""
    published = ocds_bids(content, content["payload"]["bids"])
    published["tender"]["documents"] = release.documents(content, "bidders", "bidders")
    return {"tag": ["tenderUpdate"], **published}


class OpeningForm(SectionErrors, NoticeForm):
    sections = ("bids",)
    bids = bid_rows()


def form(tender: Tender) -> OpeningForm:
    return with_rows(OpeningForm(), tender)


def form_data(form: OpeningForm, tender: Tender, rows) -> dict:
    return {"kind": "opening", "body": texts(form, "body"), "bids": bids_data(form, tender, rows)}


def feed_facts(notice: Notice, _tender: Tender, lang: str) -> list[Fact]:
    bids = notice.payload["bids"]
    lines = "; ".join(f"{plain_org_name(b['bidder']['name'], b['bidder'].get('name_en'), lang)} "
                      f"{money(b['price']['amount'], b['price']['currency'], lang)}" for b in bids)
    return [(("投标数量", "Bids received"), f"{len(bids)}: {lines}" if bids else "0")]


KIND = register(Kind(
    NoticeKind.OPENING, Action.PUBLISH_OPENING, Role.MANAGER, _l("Draft the opening record"),
    "bids [{bidder {name, name_en (optional), registration_number, country}, price {amount, currency}, "
    "received_at, security {amount, currency} or null, status (valid, disqualified, withdrawn), "
    "reason ({zh, en} or text)}]",
    clean, form, form_data, feed_facts, check=check, effect=effect, form_names=BID_NAMES, record=record,
    record_json=record_json, timeline_label=_l("Opening record published"), ocds=ocds))
