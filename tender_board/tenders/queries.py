"""Public reads of tenders: only what has been published, sandbox tenders only when asked for."""

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from .. import validation as v
from ..errors import invalid
from ..extensions import db
from .lifecycle import Status
from .models import Category, Tender

PUBLIC_STATUSES = [s for s in Status if s not in (Status.DRAFT, Status.IN_APPROVAL)]


@dataclass
class TenderFilters:
    category: Category | None = None
    country: str | None = None
    status: Status | None = None
    sandbox: bool = False
    problems: list = field(default_factory=list)  # (parameter, message) pairs for the page

    @classmethod
    def from_args(cls, args) -> "TenderFilters":
        """Read the query string; a bad value is reported and ignored, never a 500."""
        filters = cls(sandbox=args.get("sandbox") in ("1", "true"))
        for name, parse in (("category", lambda x: v.choice(x, Category, "category")),
                            ("country", v.country),
                            ("status", lambda x: v.choice(x, Status, "status"))):
            raw = args.get(name, "").strip()
            if raw:
                try:
                    setattr(filters, name, parse(raw))
                except Exception as error:  # a DomainError naming the parameter
                    filters.problems.append((name, error))
        return filters


def public_tenders(filters: TenderFilters, now: datetime) -> Select:
    query = select(Tender).where(Tender.published_at.is_not(None), Tender.sandbox == filters.sandbox)
    if filters.category:
        query = query.where(Tender.category == filters.category)
    if filters.country:
        query = query.where(Tender.country == filters.country)
    if filters.status:
        query = query.where(Tender.status_expression(now) == filters.status.value)
    return query


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def page(query: Select, number: int, size: int) -> list[Tender]:
    ordered = query.order_by(Tender.published_at.desc(), Tender.id.desc())
    return list(db.session.scalars(ordered.limit(size).offset((number - 1) * size)))


def encode_cursor(tender: Tender) -> str:
    raw = f"{tender.published_at.isoformat()}|{tender.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, _, ident = raw.partition("|")
        return datetime.fromisoformat(stamp), int(ident)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("cursor", "分页游标无效。", "Invalid page cursor.") from None


def after_cursor(query: Select, cursor: str | None, size: int) -> list[Tender]:
    """Keyset pagination: stable however many tenders are published meanwhile."""
    if cursor:
        stamp, ident = decode_cursor(cursor)
        query = query.where(or_(Tender.published_at < stamp,
                                and_(Tender.published_at == stamp, Tender.id < ident)))
    ordered = query.order_by(Tender.published_at.desc(), Tender.id.desc()).limit(size + 1)
    return list(db.session.scalars(ordered))


def public_tender(reference: str, sandbox_ok: bool = True) -> Tender | None:
    return db.session.scalar(
        select(Tender).where(Tender.reference == reference, Tender.published_at.is_not(None))
        .options(selectinload(Tender.notices), selectinload(Tender.documents)))
