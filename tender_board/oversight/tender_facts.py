"""The per-tender facts table (oversight.models.OversightFact): what the dashboard counts of each
published real tender, read from the tenders, their bids and their published notices in a few
bulk queries, and their sums per cell (OversightCell), which the dashboard reads. Kept current by
the publish step's hook (`after_publication`), rebuilt for a whole board by `rebuild_facts()`
(after a bulk load that bypasses the publish step). Both flush and never commit."""

from decimal import Decimal

from sqlalchemy import case, delete, func, insert, select, update

from ..bids.models import Bid, BidStatus
from ..extensions import db
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..times import BEIJING
from .models import OversightCell, OversightFact

BATCH = 5000  # rows per INSERT in a rebuild


def _days(later, deadline) -> float | None:
    return (later - deadline).total_seconds() / 86400 if later and deadline else None


def gather(tender_ids: list[int] | None = None) -> dict[int, dict]:
    """The facts of every published real tender (or of those of `tender_ids`), as table rows."""
    def only(column):
        return () if tender_ids is None else (column.in_(tender_ids),)

    tenders = db.session.execute(select(
        Tender.id, Tender.published_at, Tender.category, Tender.country, Tender.procuring_entity,
        Tender.status, Tender.bid_deadline, Tender.value_amount).where(
        Tender.published_at.is_not(None), Tender.sandbox.is_(False), *only(Tender.id))).all()
    rows = {t.id: {"tender_id": t.id, "year": t.published_at.astimezone(BEIJING).year, "category": t.category.value,
                   "country": t.country, "entity_zh": _name(t.procuring_entity, "zh"),
                   "entity_en": _name(t.procuring_entity, "en"), "status": t.status.value, "bids": None,
                   "valid_bids": None, "single_bid": False, "days_to_result": None, "days_to_contract": None,
                   "value_awarded": None, "value_estimated": t.value_amount, "_deadline": t.bid_deadline}
            for t in tenders}
    counted = select(Bid.tender_id, func.count(), func.sum(case((Bid.status == BidStatus.VALID, 1), else_=0))) \
        .where(*only(Bid.tender_id)).group_by(Bid.tender_id)
    for tender_id, bids, valid in db.session.execute(counted):
        if tender_id in rows:
            rows[tender_id].update(bids=bids, valid_bids=int(valid or 0))
    published = select(Notice.tender_id, Notice.kind, Notice.published_at, Notice.payload).where(
        Notice.status == NoticeStatus.PUBLISHED, *only(Notice.tender_id),
        Notice.kind.in_([NoticeKind.RESULT, NoticeKind.CONTRACT, NoticeKind.FAILURE]))
    for tender_id, kind, published_at, payload in db.session.execute(published):
        row = rows.get(tender_id)
        if row is None:
            continue
        if kind == NoticeKind.RESULT:
            row["days_to_result"] = _days(published_at, row["_deadline"])
            row["value_awarded"] = Decimal(payload["price"]["amount"])
        elif kind == NoticeKind.CONTRACT:
            row["days_to_contract"] = _days(published_at, row["_deadline"])
        elif "bids" in payload:  # a failure for too few bids names those that came, never opened
            row["bids"] = len(payload["bids"])
            row["valid_bids"] = sum(b.get("status", "valid") == "valid" for b in payload["bids"])
    for row in rows.values():
        del row["_deadline"]
        row["single_bid"] = row["bids"] == 1
    return rows


def _name(bilingual: dict | None, lang: str) -> str | None:
    """One language of a name, as a text column can hold it: without NUL, which the validation
    of every form and the API already refuses but a row written otherwise may still carry."""
    name = (bilingual or {}).get(lang)
    return name.replace("\x00", "") if isinstance(name, str) else None


CELL_KEY = ("year", "category", "country", "entity_zh", "entity_en")


def _counts(fact: dict) -> dict[str, int]:
    """What one tender adds to its cell."""
    return {"tenders": 1, "failed": int(fact["status"] == Status.FAILED.value),
            "cancelled": int(fact["status"] == Status.CANCELLED.value),
            "with_bids": int(fact["bids"] is not None), "single_bid": int(fact["single_bid"]),
            "bids": fact["bids"] or 0}


def _cell_key(fact: dict) -> dict:
    return {name: fact[name] or "" for name in CELL_KEY}  # "": no name in that language


def _move(fact: dict, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one tender's counts from its cell."""
    key = _cell_key(fact)
    found = db.session.scalar(select(OversightCell.id).where(
        *(getattr(OversightCell, name) == value for name, value in key.items())))
    if found is None:
        db.session.execute(insert(OversightCell), [{**key, **{n: sign * c for n, c in _counts(fact).items()}}])
        return
    db.session.execute(update(OversightCell).where(OversightCell.id == found).values(
        {getattr(OversightCell, n): getattr(OversightCell, n) + sign * c for n, c in _counts(fact).items()}))


def update_facts(tender: Tender) -> None:
    """Replace this tender's row, and move its counts to its cell: the publish step's part (none
    for a sandbox tender)."""
    old = db.session.execute(select(*OversightFact.__table__.columns).where(
        OversightFact.tender_id == tender.id)).mappings().first()
    if old is not None:
        _move(dict(old), -1)
        db.session.execute(delete(OversightFact).where(OversightFact.tender_id == tender.id))
    for row in gather([tender.id]).values():
        db.session.execute(insert(OversightFact), [row])
        _move(row, 1)
    db.session.flush()


def after_publication(tender: Tender, _notice, _now) -> None:
    """The publish step's hook (notices.operations.AFTER_PUBLICATION)."""
    db.session.flush()  # the notice, its bids and the tender's new status, before they are read
    update_facts(tender)


def rebuild_facts() -> int:
    """Every published real tender's facts and the cells' sums, from scratch: the same rows
    whatever was there before (idempotent). For a board loaded in bulk without the publish step.
    Returns the count."""
    db.session.execute(delete(OversightFact))
    db.session.execute(delete(OversightCell))
    rows = list(gather().values())
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(OversightFact), rows[start:start + BATCH])
    cells: dict[tuple, dict] = {}
    for row in rows:
        key = _cell_key(row)
        cell = cells.setdefault(tuple(key.values()), {**key, **dict.fromkeys(_counts(row), 0)})
        for name, count in _counts(row).items():
            cell[name] += count
    if cells:
        db.session.execute(insert(OversightCell), list(cells.values()))
    db.session.flush()
    return len(rows)
