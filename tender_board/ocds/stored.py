"""The releases kept as JSON (ocds_releases), so that a page of releases is read, not compiled.

A release never changes once its notice is published (releases.py), so its text is written then,
by the publish step's hook (`after_publication`), and for a board loaded in bulk without that step
by `rebuild()` (`flask ocds releases`), in UTF-8. The release pages splice them into the package
as they are: the same bytes as compiling and encoding them again, without the work. They are
keyed by the notice's sequence, so a page is one range of the table's key.

Only the links' base differs from one reader to another (PUBLIC_URL, or in development the
request's host), so a release is kept with its links on LINKS_BASE, a host that cannot exist
(.invalid, RFC 2606), and `releases` puts the reader's base in its place. A notice whose own content
names that host is not kept (the replacement would change its text), nor is anything kept in an
older FORMAT_VERSION: the page compiles those as before.
"""

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..notices.content import current_terms, notice_content
from ..notices.models import Notice, NoticeStatus
from ..urls import links_on, public_url
from .models import StoredRelease
from .packages import dumps
from .releases import public_notices, release, releases_of

FORMAT_VERSION = "1"  # change when the mapping changes: every reader fetches again, nothing stored is read
LINKS_HOST = "ocds-links.invalid"
LINKS_BASE = f"http://{LINKS_HOST}"
MARK = LINKS_BASE.encode()
BATCH = 500  # tenders compiled at a time by a rebuild

# Built once: a page is read on every request.
KEPT = select(StoredRelease.sequence, StoredRelease.body).where(StoredRelease.format == FORMAT_VERSION) \
    .order_by(StoredRelease.sequence.desc())
PUBLIC = public_notices().with_only_columns(Notice.sequence, StoredRelease.body).outerjoin(
    StoredRelease, (StoredRelease.sequence == Notice.sequence) & (StoredRelease.format == FORMAT_VERSION)) \
    .order_by(Notice.sequence.desc())


def _rows(published: list[Notice], wanted: set[int] | None = None) -> list[dict]:
    """The rows to keep for one tender's public notices (those of `wanted` ids, or all):
    `published` are all its published notices."""
    ordered = sorted(published, key=lambda n: n.number)
    rows = []
    for i, notice in enumerate(ordered):
        if notice.sequence is None or (wanted is not None and notice.id not in wanted):
            continue
        terms = current_terms(ordered[:i + 1])
        if terms is None or LINKS_HOST in dumps([terms, notice_content(notice)]):
            continue
        with links_on(LINKS_BASE):
            body = dumps(release(notice, terms)).encode()
        rows.append({"sequence": notice.sequence, "format": FORMAT_VERSION, "body": body})
    return rows


def _published(tender_ids) -> list[Notice]:
    return db.session.scalars(select(Notice).where(
        Notice.tender_id.in_(tender_ids), Notice.status == NoticeStatus.PUBLISHED)
        .options(selectinload(Notice.documents), selectinload(Notice.tender))).all()


def after_publication(tender, notice: Notice, _now) -> None:
    """The publish step's hook (notices.operations.AFTER_PUBLICATION): keep the new release."""
    if notice.sequence is None:  # a sandbox tender's: never public
        return
    db.session.flush()
    rows = _rows(_published([tender.id]), {notice.id})
    if rows:
        db.session.execute(insert(StoredRelease), rows)


def rebuild() -> int:
    """Every public notice's release, from scratch (idempotent), for a board loaded in bulk.
    Flushes, never commits. Returns how many are kept."""
    db.session.execute(delete(StoredRelease))
    tender_ids = list(db.session.scalars(public_notices().with_only_columns(Notice.tender_id)
                                         .distinct().order_by(Notice.tender_id)))
    kept = 0
    for start in range(0, len(tender_ids), BATCH):
        by_tender: dict[int, list[Notice]] = {}
        for notice in _published(tender_ids[start:start + BATCH]):
            by_tender.setdefault(notice.tender_id, []).append(notice)
        rows = [row for published in by_tender.values() for row in _rows(published)]
        if rows:
            db.session.execute(insert(StoredRelease), rows)
        kept += len(rows)  # the batch's notices are let go: the session holds them weakly
    db.session.flush()
    return kept


def page(cursor: int | None, count: int, newest: int) -> list[tuple[int, bytes | None]]:
    """(sequence, kept release or None) of the `count` public notices before `cursor` (or from
    the `newest`), newest first. Public sequences run from 1 without a gap, so when the kept
    releases are exactly that run, the range read along the key is the page; else (releases not
    yet written, or not kept) the public notices are read, with whatever releases are kept."""
    top = newest if cursor is None else min(cursor - 1, newest)
    query = KEPT if cursor is None else KEPT.where(StoredRelease.sequence < cursor)
    rows = db.session.execute(query.limit(count)).all()
    if [sequence for sequence, _body in rows] == list(range(top, max(top - count, 0), -1)):
        return rows
    query = PUBLIC if cursor is None else PUBLIC.where(Notice.sequence < cursor)
    return db.session.execute(query.limit(count)).all()


def releases(rows: list[tuple[int, bytes | None]]) -> list[bytes]:
    """The release of each row as JSON in UTF-8, its links on the reader's base; compiled for
    those not kept."""
    home = public_url("tenders.index")
    with links_on(LINKS_BASE):
        path = public_url("tenders.index").removeprefix(LINKS_BASE)
    base = dumps(home.removesuffix(path))[1:-1].encode()  # as JSON writes it inside a string
    missing = [sequence for sequence, body in rows if body is None]
    compiled = releases_of(missing) if missing else {}
    return [body.replace(MARK, base) if body is not None else dumps(compiled[sequence]).encode()
            for sequence, body in rows if body is not None or sequence in compiled]
