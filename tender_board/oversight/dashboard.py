"""The dashboard's figures: counts and shares by year, category, country and procuring entity.

Read in a few queries over the published tenders (never sandbox ones) and grouped here, so the
same rows give every table, chart, JSON and CSV. Year is the announcement's, in Beijing time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from statistics import median

from sqlalchemy import func, select

from ..bids.models import Bid
from ..extensions import db
from ..i18n import text
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..times import BEIJING
from .models import OversightFlag

DIMENSIONS = ("year", "category", "country", "entity")
TOP_ENTITIES = 10  # the procuring entities with the most tenders; the rest are summed as "others"


@dataclass
class TenderFacts:
    """What the dashboard counts of one published tender."""

    year: int
    category: str
    country: str
    entity: dict
    status: Status
    deadline: datetime
    estimate: Decimal
    bids: int | None = None  # None: no bids published yet
    result_at: datetime | None = None
    contract_at: datetime | None = None
    awarded: Decimal | None = None


@dataclass
class Figures:
    """One row of a table: a group of tenders and what is counted of them."""

    key: str
    label: dict  # {"zh": ..., "en": ...}
    tenders: int = 0
    failed: int = 0
    cancelled: int = 0
    with_bids: int = 0
    single_bid: int = 0
    bids: int = 0
    days_to_result: list[float] = field(default_factory=list)
    days_to_contract: list[float] = field(default_factory=list)
    ratios: list[Decimal] = field(default_factory=list)  # awarded / estimated, per awarded tender

    def add(self, t: TenderFacts) -> None:
        self.tenders += 1
        self.failed += t.status == Status.FAILED
        self.cancelled += t.status == Status.CANCELLED
        if t.bids is not None:
            self.with_bids += 1
            self.single_bid += t.bids == 1
            self.bids += t.bids
        if t.result_at:
            self.days_to_result.append((t.result_at - t.deadline).total_seconds() / 86400)
        if t.contract_at:
            self.days_to_contract.append((t.contract_at - t.deadline).total_seconds() / 86400)
        if t.awarded is not None and t.estimate:
            self.ratios.append(t.awarded / t.estimate)

    def as_dict(self) -> dict:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 4) if whole else None

        def middle(values: list) -> float | None:
            return round(float(median(values)), 1) if values else None

        return {"key": self.key, "label": self.label, "tenders": self.tenders, "failed": self.failed,
                "failed_share": share(self.failed, self.tenders), "cancelled": self.cancelled,
                "cancelled_share": share(self.cancelled, self.tenders),
                "single_bid_share": share(self.single_bid, self.with_bids),
                "average_bids": round(self.bids / self.with_bids, 2) if self.with_bids else None,
                "median_days_to_result": middle(self.days_to_result),
                "median_days_to_contract": middle(self.days_to_contract),
                "median_awarded_to_estimate": round(float(median(self.ratios)), 4) if self.ratios else None}


def tender_facts() -> list[TenderFacts]:
    """Every published real tender, with its bids, result and contract, in four queries."""
    rows = db.session.execute(select(
        Tender.id, Tender.published_at, Tender.category, Tender.country, Tender.procuring_entity,
        Tender.status, Tender.bid_deadline, Tender.value_amount).where(
        Tender.published_at.is_not(None), Tender.sandbox.is_(False))).all()
    facts = {r.id: TenderFacts(r.published_at.astimezone(BEIJING).year, r.category.value, r.country,
                               r.procuring_entity, r.status, r.bid_deadline, r.value_amount) for r in rows}
    for tender_id, count in db.session.execute(select(Bid.tender_id, func.count()).group_by(Bid.tender_id)):
        if tender_id in facts:
            facts[tender_id].bids = count
    published = select(Notice.tender_id, Notice.kind, Notice.published_at, Notice.payload).where(
        Notice.status == NoticeStatus.PUBLISHED,
        Notice.kind.in_([NoticeKind.RESULT, NoticeKind.CONTRACT, NoticeKind.FAILURE]))
    for tender_id, kind, published_at, payload in db.session.execute(published):
        found = facts.get(tender_id)
        if found is None:
            continue
        if kind == NoticeKind.RESULT:
            found.result_at, found.awarded = published_at, Decimal(payload["price"]["amount"])
        elif kind == NoticeKind.CONTRACT:
            found.contract_at = published_at
        elif "bids" in payload:  # a failure for too few bids names those that came
            found.bids = len(payload["bids"])
    return list(facts.values())


def _group(facts: list[TenderFacts], key: Callable, label: Callable) -> list[Figures]:
    groups: dict[str, Figures] = {}
    for t in facts:
        k = key(t)
        if k not in groups:
            groups[k] = Figures(k, label(t))
        groups[k].add(t)
    return list(groups.values())


def figures(facts: list[TenderFacts], country_label: Callable, category_label: Callable) -> dict[str, list[dict]]:
    """Each dimension's rows, and the whole board's as `total`."""
    total = Figures("all", {"zh": "全部", "en": "All"})
    for t in facts:
        total.add(t)
    entities = sorted(_group(facts, lambda t: text(t.entity, "zh"), lambda t: t.entity), key=lambda f: -f.tenders)
    if len(entities) > TOP_ENTITIES:
        others = Figures("others", {"zh": "其他", "en": "Others"})
        named = {f.key for f in entities[:TOP_ENTITIES]}
        for t in facts:
            if text(t.entity, "zh") not in named:
                others.add(t)
        entities = [*entities[:TOP_ENTITIES], others]
    return {
        "total": [total.as_dict()],
        "year": [f.as_dict() for f in sorted(_group(facts, lambda t: str(t.year),
                                                    lambda t: {"zh": f"{t.year}年", "en": str(t.year)}),
                                             key=lambda f: f.key)],
        "category": [f.as_dict() for f in _group(facts, lambda t: t.category, lambda t: category_label(t.category))],
        "country": [f.as_dict() for f in sorted(_group(facts, lambda t: t.country, lambda t: country_label(t.country)),
                                                key=lambda f: -f.tenders)],
        "entity": [f.as_dict() for f in entities],
    }


def flag_counts() -> dict[str, int]:
    """How many real tenders each indicator is raised for."""
    return dict(db.session.execute(
        select(OversightFlag.code, func.count()).join(Tender, Tender.id == OversightFlag.tender_id)
        .where(Tender.sandbox.is_(False)).group_by(OversightFlag.code)).all())


def flagged(code: str | None, limit: int = 100) -> list[tuple[OversightFlag, Tender]]:
    """The flags raised (of one indicator, if given), newest first, with their tenders."""
    query = select(OversightFlag, Tender).join(Tender, Tender.id == OversightFlag.tender_id).where(
        Tender.sandbox.is_(False))
    if code:
        query = query.where(OversightFlag.code == code)
    return list(db.session.execute(query.order_by(OversightFlag.raised_at.desc(), OversightFlag.id.desc())
                                   .limit(limit)).all())
