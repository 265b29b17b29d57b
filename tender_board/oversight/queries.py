"""Reads of the stored flags, for the tender page, the API, the dashboard and the feed."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..tenders.models import Tender
from .indicator import Indicator
from .indicators import BY_CODE, INDICATORS
from .models import OversightFlag


@dataclass(frozen=True)
class Question:
    """One indicator raised for a tender, with its stored explanation."""

    indicator: Indicator
    explanation: dict
    raised_at: datetime
    computed_at: datetime


def raised(tender: Tender) -> list[Question]:
    """The flags raised for this tender, in the indicators' order; none for a sandbox tender."""
    if tender.sandbox:
        return []
    rows = {row.code: row for row in db.session.scalars(select(OversightFlag).where(
        OversightFlag.tender_id == tender.id))}
    return [Question(i, rows[i.code].explanation, rows[i.code].raised_at, rows[i.code].computed_at)
            for i in INDICATORS if i.code in rows]


def board_notes() -> dict[str, dict]:
    """What each board indicator could not judge at the last refresh: code → {zh, en}."""
    return {row.code: row.explanation for row in db.session.scalars(
        select(OversightFlag).where(OversightFlag.tender_id.is_(None)))}


def indicators_json(tender: Tender, method_url) -> dict:
    """Every indicator for one tender, raised or not, with its explanation and its method."""
    found = {q.indicator.code: q for q in raised(tender)}
    return {"reference": tender.reference, "ocid": tender.ocid, "indicators": [{
        "code": i.code, "name": i.name, "board": i.board, "raised": i.code in found,
        "explanation": found[i.code].explanation if i.code in found else None,
        "raised_at": found[i.code].raised_at.isoformat() if i.code in found else None,
        "method": method_url(i.code)} for i in INDICATORS]}


def newly_raised(limit: int = 50) -> list[OversightFlag]:
    """The flags raised most recently, on real tenders, for the feed."""
    return list(db.session.scalars(
        select(OversightFlag).join(Tender, Tender.id == OversightFlag.tender_id)
        .where(Tender.sandbox.is_(False))
        .order_by(OversightFlag.raised_at.desc(), OversightFlag.id.desc()).limit(limit)))


def indicator(code: str) -> Indicator:
    return BY_CODE[code]
