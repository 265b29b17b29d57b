"""Public reads of tenders: only what has been published, sandbox tenders only when asked for.

`TenderFilters.from_args` and `public_tenders` are the one definition of what a search means:
the pages, the API and the feeds all read tenders through these two.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from .. import search
from .. import validation as v
from ..errors import DomainError, invalid, not_found
from ..extensions import db
from ..notices.content import PublicTerms, public_terms, public_terms_of
from ..notices.models import Notice, NoticeKind, NoticeStatus
from ..oversight.indicators import BY_CODE as INDICATOR_CODES
from ..oversight.models import OversightFlag
from ..tenders.lifecycle import Status
from ..tenders.lookup import find_tender
from ..tenders.models import Category, Tender
from ..times import BEIJING
from .page_cache import not_cacheable

PUBLIC_STATUSES = [s for s in Status if s not in (Status.DRAFT, Status.IN_APPROVAL)]
# sort → (column, newest or largest first?)
SORTS = {"published": (Tender.published_at, True), "deadline": (Tender.bid_deadline, False),
         "value": (Tender.value_amount, True)}
SANDBOX_ON = ("1", "true")  # ?sandbox= lists the training tenders instead
COUNT_LIMIT = 1000  # beyond this a search says "more than 1,000": an exact count costs a full scan


def _choice(options):
    return lambda raw, name: v.choice(raw, options, name)


def _status(raw: str, name: str) -> Status:
    if raw not in [s.value for s in PUBLIC_STATUSES]:
        options = ", ".join(s.value for s in PUBLIC_STATUSES)
        raise invalid(name, f"无效的状态 {raw!r}，可选：{options}。",
                      f"Invalid status {raw!r}; expected one of: {options}.")
    return Status(raw)


def _amount(raw: str, name: str) -> Decimal:
    """An amount in whatever currency each tender has: any precision, no currency named."""
    try:
        number = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not 0 <= number < v.MAX_AMOUNT:
        raise invalid(name, f"金额无效：{raw!r}（应为数字，如 1000000）。",
                      f"Invalid amount {raw!r} (expected a number such as 1000000).")
    return number


def _sort(raw: str, name: str) -> str:
    if raw not in SORTS:
        raise invalid(name, f"无效的排序方式 {raw!r}，可选：{', '.join(SORTS)}。",
                      f"Invalid sort {raw!r}; expected one of: {', '.join(SORTS)}.")
    return raw


def _flag(raw: str, name: str) -> str:
    """An oversight indicator's code (oversight.indicators), such as R018."""
    code = raw.upper()
    if code not in INDICATOR_CODES:
        raise invalid(name, f"未知的指标代码 {raw!r}，可选：{', '.join(INDICATOR_CODES)}。",
                      f"Unknown indicator code {raw!r}; expected one of: {', '.join(INDICATOR_CODES)}.")
    return code


PARSERS = {
    "category": _choice(Category), "country": lambda raw, name: v.country(raw, name),
    "status": _status,
    "kind": _choice(NoticeKind), "flag": _flag,
    "published_from": v.day, "published_to": v.day, "deadline_from": v.day, "deadline_to": v.day,
    "value_min": _amount, "value_max": _amount, "sort": _sort,
}


@dataclass
class TenderFilters:
    q: str = ""
    words: list[str] = field(default_factory=list)  # q as matched: see search.terms
    category: Category | None = None
    country: str | None = None
    status: Status | None = None
    kind: NoticeKind | None = None  # tenders with a published notice of this kind
    flag: str | None = None  # tenders for which this oversight indicator is raised
    published_from: date | None = None  # calendar days in Beijing time, both ends included
    published_to: date | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    value_min: Decimal | None = None  # in the tender's own currency
    value_max: Decimal | None = None
    sort: str = "published"
    sandbox: bool = False
    problems: list[tuple[str, DomainError]] = field(default_factory=list)  # reported, then ignored

    @classmethod
    def from_args(cls, args) -> "TenderFilters":
        """Read the query string; a bad value is reported and ignored, never a 500."""
        q = " ".join(args.get("q", "").split())[:200]
        sandbox = args.get("sandbox", "").strip()
        filters = cls(q=q, words=search.terms(q), sandbox=sandbox in SANDBOX_ON)
        if sandbox not in ("", *SANDBOX_ON):
            filters.problems.append(("sandbox", invalid(
                "sandbox", f"无效的取值 {sandbox!r}，可选：1。", f"Invalid value {sandbox!r}; expected 1.")))
        for name, parse in PARSERS.items():
            raw = args.get(name, "").strip()
            if raw:
                try:
                    setattr(filters, name, parse(raw, name))
                except DomainError as error:
                    filters.problems.append((name, error))
        filters._check_ranges()
        return filters

    def _check_ranges(self) -> None:
        for low, high in (("published_from", "published_to"), ("deadline_from", "deadline_to"),
                          ("value_min", "value_max")):
            if getattr(self, low) is not None and getattr(self, high) is not None \
                    and getattr(self, low) > getattr(self, high):
                self.problems.append((high, invalid(
                    high, "范围的下限大于上限。", "The lower end of the range is above the upper end.")))
                setattr(self, high, None)

    @property
    def filtered(self) -> bool:
        """Whether any filter beyond the words searched for is set: the page then shows them."""
        return any(getattr(self, name) is not None for name in PARSERS if name != "sort")


def public_tenders(filters: TenderFilters, now: datetime) -> Select:
    """Published tenders matching `filters`, in the order they ask for (newest first by default)."""
    query = select(Tender).where(Tender.published_at.is_not(None), Tender.sandbox == filters.sandbox,
                                 *_conditions(filters, now))
    return query.order_by(*_order(filters.sort))


def _order(sort: str, reverse: bool = False) -> tuple:
    column, descending = SORTS[sort]
    descending = descending != reverse
    return (column.desc(), Tender.id.desc()) if descending else (column.asc(), Tender.id.asc())


def _conditions(filters: TenderFilters, now: datetime):
    if filters.words:
        yield search.matching(filters.words)
    if filters.category:
        yield Tender.category == filters.category
    if filters.country:
        yield Tender.country == filters.country
    if filters.status:
        yield status_is(filters.status, now)
    if filters.kind:
        # Most kinds are rare (few tenders reach a contract): start from the notices of that kind.
        yield Tender.id.in_(select(Notice.tender_id).where(
            Notice.kind == filters.kind, Notice.status == NoticeStatus.PUBLISHED))
    if filters.flag:
        yield Tender.id.in_(select(OversightFlag.tender_id).where(OversightFlag.code == filters.flag))
    yield from _within(Tender.published_at, filters.published_from, filters.published_to)
    yield from _within(Tender.bid_deadline, filters.deadline_from, filters.deadline_to)
    if filters.value_min is not None:
        yield Tender.value_amount >= filters.value_min
    if filters.value_max is not None:
        yield Tender.value_amount <= filters.value_max


def _within(column, first: date | None, last: date | None):
    if first:
        yield column >= beijing_midnight(first)
    if last:
        yield column < beijing_midnight(last + timedelta(days=1))


def beijing_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), BEIJING)


def status_is(status: Status, now: datetime):
    """The status as `Tender.status_at` derives it, written so that indexes serve it."""
    if status == Status.OPEN:
        return and_(Tender.status == Status.OPEN, Tender.bid_deadline > now)
    if status == Status.CLOSED:
        return or_(Tender.status == Status.CLOSED,
                   and_(Tender.status == Status.OPEN, Tender.bid_deadline <= now))
    return Tender.status == status


def count(query: Select) -> int:
    """How many tenders match, counted up to COUNT_LIMIT + 1 (the page says "more than …")."""
    limit = COUNT_LIMIT
    capped = query.order_by(None).with_only_columns(Tender.id).limit(limit + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(capped))


@cache
def listed():
    """What a list of tenders shows; the other columns (long JSON texts) wait until asked for."""
    return load_only(Tender.reference, Tender.category, Tender.title, Tender.description,
                     Tender.country, Tender.city, Tender.timezone, Tender.value_amount,
                     Tender.value_currency, Tender.sandbox, Tender.status, Tender.bid_deadline,
                     Tender.published_at, Tender.version)


def page(query: Select, number: int, size: int) -> tuple[list[Tender], bool]:
    """One page of an ordered query, and whether another page follows."""
    query = query.options(listed()).limit(size + 1).offset((number - 1) * size)
    rows = list(db.session.scalars(query))
    return rows[:size], len(rows) > size


def encode_cursor(tender: Tender, sort: str = "published") -> str:
    key = getattr(tender, SORTS[sort][0].key)
    raw = json.dumps([sort, key.isoformat() if isinstance(key, datetime) else str(key), tender.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str = "published", name: str = "cursor") -> tuple[datetime | Decimal, int]:
    """The (sort key, id) of the tender a cursor names; a cursor this board did not write is
    refused (`name` is the parameter that carried it)."""
    try:
        given_sort, key, ident = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key = Decimal(key) if sort == "value" else datetime.fromisoformat(key)
        ident = int(ident)
        if given_sort != sort or not _in_range(key) or not 0 <= ident <= v.MAX_ID:
            raise ValueError(cursor)
        return key, ident
    except (ValueError, TypeError, ArithmeticError, binascii.Error, UnicodeDecodeError):
        raise invalid(name, f"分页游标“{name}”无效：请用列表自己的链接翻页。",
                      f"Invalid page cursor “{name}”: turn pages with the list’s own links.") from None


def _in_range(key: datetime | Decimal) -> bool:
    """A key any tender could have: a forged cursor must not reach the database otherwise."""
    if isinstance(key, Decimal):
        return key.is_finite() and abs(key) < v.MAX_AMOUNT
    return key.tzinfo is not None and v.EARLIEST <= key.date() <= v.LATEST


def after_cursor(query: Select, cursor: str | None, size: int, sort: str = "published",
                 name: str = "cursor") -> list[Tender]:
    """Keyset pagination: up to size + 1 tenders after the one the cursor names (from the first
    without one), stable however many tenders are published meanwhile, and as quick on the
    thousandth page as on the first (no OFFSET)."""
    if cursor:
        key, ident = decode_cursor(cursor, sort, name)
        column, descending = SORTS[sort]
        query = query.where(_beyond(column, key, ident, descending))
    return list(db.session.scalars(query.limit(size + 1)))


def before_cursor(query: Select, cursor: str, size: int, sort: str = "published",
                  name: str = "before") -> tuple[list[Tender], bool]:
    """The page of `size` tenders just before the one the cursor names, in the query's order,
    and whether more come before them: the query walked backwards from the cursor."""
    key, ident = decode_cursor(cursor, sort, name)
    column, descending = SORTS[sort]
    backwards = query.order_by(None).order_by(*_order(sort, reverse=True))
    rows = list(db.session.scalars(backwards.where(_beyond(column, key, ident, not descending)).limit(size + 1)))
    return rows[:size][::-1], len(rows) > size


def _beyond(column, key, ident: int, descending: bool):
    """Rows after (key, id) in an order by column then id, descending or ascending."""
    further = (column < key, Tender.id < ident) if descending else (column > key, Tender.id > ident)
    return or_(further[0], and_(column == key, further[1]))


def public_tender(reference: str, missing: DomainError | None = None) -> Tender:
    """One published tender with everything its page shows, in a fixed number of queries; else
    404. A sandbox tender's answers are never cached: its clock runs up to a day a second."""
    tender = find_tender(reference, lambda found: found.is_published,
                         (selectinload(Tender.notices).selectinload(Notice.documents),
                          selectinload(Tender.notices).selectinload(Notice.ledger_entry),
                          selectinload(Tender.retender_of), selectinload(Tender.retendered_as)), missing)
    if tender.sandbox:
        not_cacheable()
    return tender


def terms_of(tender: Tender) -> PublicTerms:
    """What the tender's published notices say its terms are (never its working copy)."""
    terms = public_terms(tender)
    if terms is None:  # marked published, yet no announcement was: nothing public to show
        raise not_found("未找到该招标项目。", "No such tender.")
    return terms


def terms_by_tender(tenders: list[Tender]) -> dict[int, PublicTerms]:
    """The public terms of listed tenders, for display (lists query the working copy, but show
    what was published): tender id → terms, in one query."""
    ids = {t.id for t in tenders}
    if not ids:
        return {}
    return public_terms_of(list(db.session.scalars(select(Notice).where(
        Notice.tender_id.in_(ids), Notice.status == NoticeStatus.PUBLISHED))))


MAX_SEQUENCE = 2**31 - 1  # the sequence column is a 32-bit integer on PostgreSQL


def ledger_cursor(raw: str | None) -> int:
    """`since` of the changes feed: a ledger sequence number (0, or none, for the beginning)."""
    if raw is None or not raw.strip():
        return 0
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_SEQUENCE:
        raise invalid("since", f"since 应为 0 至 {MAX_SEQUENCE} 的整数（上次收到的最后一条的 sequence）。",
                      f"since must be a whole number from 0 to {MAX_SEQUENCE}: the sequence of the last "
                      "notice received.")
    return int(raw)


def ledger_notices(since: int, limit: int) -> list[Notice]:
    """Published notices of real tenders after `since`, in ledger order (sandbox ones have none)."""
    return list(db.session.scalars(
        select(Notice).where(Notice.status == NoticeStatus.PUBLISHED, Notice.sequence > since)
        .options(joinedload(Notice.tender), selectinload(Notice.documents))
        .order_by(Notice.sequence).limit(limit)))


def latest_notices(limit: int = 10) -> list[Notice]:
    """The newest published notices of real (not sandbox) tenders, for the home page."""
    real = exists().where(Tender.id == Notice.tender_id, Tender.sandbox.is_(False))
    # Walk the notices newest first and stop at `limit`, rather than join every tender and sort.
    return list(db.session.scalars(
        select(Notice).where(Notice.status == NoticeStatus.PUBLISHED, real)
        .order_by(Notice.published_at.desc(), Notice.id.desc()).limit(limit)
        .options(joinedload(Notice.tender))))


def closing_soon(now: datetime, limit: int = 10) -> list[Tender]:
    query = public_tenders(TenderFilters(status=Status.OPEN, sort="deadline"), now)
    return list(db.session.scalars(query.limit(limit)))
