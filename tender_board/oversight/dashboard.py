"""The dashboard's figures: counts and shares by year, category, country and procuring entity.

Read from the cells' sums (oversight.tender_facts: published real tenders only) and the facts of
the awarded tenders for the medians, then summed here by dimension, so the same cells give every
table, chart, JSON and CSV. Year is the announcement's, in Beijing time.
"""

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from sqlalchemy import func, select

from ..extensions import db
from ..i18n import text
from ..tenders.models import Tender
from .models import OversightCell, OversightFact, OversightFlag

DIMENSIONS = ("year", "category", "country", "entity")
TOP_ENTITIES = 10  # the procuring entities with the most tenders; the rest are summed as "others"
STREAMED = 1000  # facts read at a time for the medians: all of them at once would hold every row


@dataclass(frozen=True)
class Cell:
    """The tenders of one (year, category, country, procuring entity), counted by the database."""

    year: int
    category: str
    country: str
    entity: dict  # {"zh": ..., "en": ...}, whichever the tenders give
    tenders: int = 0
    failed: int = 0
    cancelled: int = 0
    with_bids: int = 0
    single_bid: int = 0
    bids: int = 0
    days_to_result: Sequence[float] = ()
    days_to_contract: Sequence[float] = ()
    ratios: Sequence[Decimal] = ()


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
    # Days as machine doubles (8 bytes each, not a 24-byte float object): every group of the board
    # holds one value per awarded tender.
    days_to_result: array = field(default_factory=lambda: array("d"))
    days_to_contract: array = field(default_factory=lambda: array("d"))
    ratios: list[Decimal] = field(default_factory=list)  # awarded / estimated, per awarded tender

    def add(self, c: Cell) -> None:
        self.tenders += c.tenders
        self.failed += c.failed
        self.cancelled += c.cancelled
        self.with_bids += c.with_bids
        self.single_bid += c.single_bid
        self.bids += c.bids
        self.days_to_result.extend(c.days_to_result)
        self.days_to_contract.extend(c.days_to_contract)
        self.ratios.extend(c.ratios)

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


GROUPS = (OversightFact.year, OversightFact.category, OversightFact.country, OversightFact.entity_zh,
          OversightFact.entity_en)


def _label(zh: str | None, en: str | None) -> dict:
    return {lang: name for lang, name in (("zh", zh), ("en", en)) if name}


def _medians_values() -> dict[tuple, tuple[array, array, list]]:
    """Per cell, the days to result, the days to contract and the awarded/estimated ratios of its
    awarded tenders (a contract always follows a result), read through their own index: a result
    comes after the bid deadline, so the range `>= 0` is every one of them."""
    values: dict[tuple, tuple[array, array, list]] = {}
    for *key, to_result, to_contract, awarded, estimated in db.session.execute(select(
            *GROUPS, OversightFact.days_to_result, OversightFact.days_to_contract, OversightFact.value_awarded,
            OversightFact.value_estimated).where(OversightFact.days_to_result >= 0)
            .execution_options(yield_per=STREAMED)):
        found = values.setdefault(tuple(key), (array("d"), array("d"), []))
        found[0].append(to_result)
        if to_contract is not None:
            found[1].append(to_contract)
        if awarded is not None and estimated:
            found[2].append(awarded / estimated)
    return values


def cells() -> list[Cell]:
    """The cells' sums (oversight.tender_facts keeps them), with the values whose medians are wanted."""
    values = _medians_values()
    return [Cell(c.year, c.category, c.country, _label(c.entity_zh, c.entity_en), c.tenders, c.failed, c.cancelled,
                 c.with_bids, c.single_bid, c.bids,
                 *values.get((c.year, c.category, c.country, c.entity_zh or None, c.entity_en or None),
                             ((), (), ())))
            for c in db.session.scalars(select(OversightCell).where(OversightCell.tenders > 0).order_by(
                OversightCell.year, OversightCell.category, OversightCell.country, OversightCell.entity_zh,
                OversightCell.entity_en))]


def _group(facts: list[Cell], key: Callable, label: Callable) -> list[Figures]:
    groups: dict[str, Figures] = {}
    for t in facts:
        k = key(t)
        if k not in groups:
            groups[k] = Figures(k, label(t))
        groups[k].add(t)
    return list(groups.values())


def figures(facts: list[Cell], country_label: Callable, category_label: Callable) -> dict[str, list[dict]]:
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
    """How many real tenders each indicator is raised for, from the flags' index alone: flags are
    only ever stored for real tenders (compute.recompute_tender and refresh skip sandbox ones)."""
    return dict(db.session.execute(
        select(OversightFlag.code, func.count()).where(OversightFlag.tender_id.is_not(None))
        .group_by(OversightFlag.code)).all())


def flagged(code: str | None, limit: int = 100) -> list[tuple[OversightFlag, Tender]]:
    """The flags raised (of one indicator, if given), newest first, with their tenders."""
    query = select(OversightFlag, Tender).join(Tender, Tender.id == OversightFlag.tender_id).where(
        Tender.sandbox.is_(False))
    if code:
        query = query.where(OversightFlag.code == code)
    return list(db.session.execute(query.order_by(OversightFlag.raised_at.desc(), OversightFlag.id.desc())
                                   .limit(limit)).all())
