"""Published notices in the ledger: each one's entry, appended as it is published, and the check
of the database's notices and document bytes against the log (`flask ledger verify`).

Entry i is the canonical JSON (ledger.canonical) of::

    {"index", "ocid", "reference", "kind", "number", "published_at", "approver_role",
     "content": the kind's ledger_entry(notice) (by default its body and frozen payload),
     "documents": [{"filename", "sha256", "size"}, ...]}

built from the notice's own row and its documents only, so that it can be rebuilt at any time
and compared.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from tender_board_verify import merkle

from ..auth.models import Role
from ..extensions import db
from ..notices.content import TENDER_TERMS, current_terms, tender_terms
from ..notices.models import Notice
from ..notices.registry import kind_of
from ..tenders.models import Tender
from . import log
from .canonical import canonical_json, utc_time
from .models import LedgerCheckpoint, LedgerEntry

BATCH = 500  # entries, notices, tenders or checkpoints read at once
DOCUMENTS_AT_ONCE = 8  # documents' bytes held at once while hashing them


def entry(notice: Notice, index: int) -> dict:
    tender = notice.tender
    return {
        "index": index,
        "ocid": tender.ocid,
        "reference": tender.reference,
        "kind": notice.kind.value,
        "number": notice.number,
        "published_at": utc_time(notice.published_at),
        "approver_role": Role.APPROVER.value,  # the one role that approves (notices.operations)
        "content": kind_of(notice.kind).ledger_entry(notice),
        "documents": [{"filename": d.filename, "sha256": d.sha256, "size": d.size} for d in notice.documents],
    }


def entry_text(notice: Notice, index: int) -> str:
    return canonical_json(entry(notice, index))


def append_notice(notice: Notice) -> LedgerEntry:
    """Append a notice being published (number and time set), holding `log.lock()`."""
    return log.append(notice.id, lambda index: entry_text(notice, index))


def where(notice: Notice) -> str:
    return f"notice {notice.tender.reference}/notices/{notice.number}"


def verify() -> Iterator[str]:
    """Every disagreement between the database and its log, in log order: an entry whose text no
    longer hashes to its leaf, a notice whose row or documents no longer give its entry, a
    stored tree or checkpoint that the entries do not add up to, a published notice missing.

    Reads BATCH entries at a time, with their notices, tenders and documents in a few queries
    per batch (never a query per entry), and forgets each batch before the next: memory stays
    bounded at any size."""
    compact, last = merkle.CompactRange(), -1
    while batch := log.entries_after(last, BATCH):
        notices = _notices_of(batch)
        digests = _document_digests(notices.values())
        for stored in batch:
            yield from _check_entry(stored, notices.get(stored.notice_id), digests)
            compact.append(stored.leaf_hash)
        last = batch[-1].index
        db.session.expunge_all()
    yield from _check_tree(compact)
    yield from _check_missing()
    yield from _check_working_copies()


def _notices_of(batch: list[LedgerEntry]) -> dict[int, Notice]:
    """The batch's notices by id, with their documents and the two columns of their tenders that
    an entry holds (three queries: a tender's other columns are JSON, slow to read for nothing)."""
    ids = [stored.notice_id for stored in batch]
    tender = selectinload(Notice.tender).load_only(Tender.reference, Tender.ocid)
    found = db.session.scalars(select(Notice).where(Notice.id.in_(ids))
                               .options(tender, selectinload(Notice.documents)))
    return {notice.id: notice for notice in found}


def _document_digests(notices: Iterable[Notice]) -> dict[int, str]:
    """The SHA-256 of the stored bytes of these notices' documents, by document id (absent: the
    bytes are gone). The bytes are streamed a few documents at a time, never all held at once;
    they are read as rows of their table (the documents package sits above this one)."""
    ids = sorted({document.id for notice in notices for document in notice.documents})
    if not ids:
        return {}
    contents = db.metadata.tables["document_contents"]
    rows = db.session.execute(select(contents.c.document_id, contents.c.data)
                              .where(contents.c.document_id.in_(ids)),
                              execution_options={"yield_per": DOCUMENTS_AT_ONCE})
    return {document_id: hashlib.sha256(data).hexdigest() for document_id, data in rows}


def _check_entry(stored: LedgerEntry, notice: Notice | None, digests: dict[int, str]) -> Iterator[str]:
    i = stored.index
    if merkle.leaf_hash(stored.data.encode("utf-8")) != stored.leaf_hash:
        yield f"ledger entry {i}: its text no longer hashes to its leaf hash"
    if notice is None:
        yield f"ledger entry {i}: its notice (id {stored.notice_id}) is gone from the database"
        return
    rebuilt = entry_text(notice, i)
    if rebuilt != stored.data:
        was, now = json.loads(stored.data), json.loads(rebuilt)
        fields = ", ".join(sorted(k for k in was.keys() | now.keys() if was.get(k) != now.get(k)))
        yield f"{where(notice)} (ledger entry {i}) no longer matches the ledger: {fields} changed"
    if not notice.documents:
        return
    published = json.loads(stored.data).get("documents", [])
    for position, document in enumerate(notice.documents):
        actual = digests.get(document.id)
        logged = published[position]["sha256"] if position < len(published) else None
        if actual != logged:
            state = "is missing" if actual is None else "no longer has the SHA-256 the ledger holds"
            yield f"{where(notice)} (ledger entry {i}): the bytes of document {document.filename!r} {state}"


def _check_tree(compact: merkle.CompactRange) -> Iterator[str]:
    try:
        stored_root = log.root(compact.size)
    except LookupError as missing:
        yield f"the ledger's stored tree is incomplete: {missing}"
        return
    if stored_root != compact.root():
        yield "the ledger's stored subtree hashes do not add up to its entries' root"
    yield from _check_checkpoints(compact.size)


def _check_checkpoints(size: int) -> Iterator[str]:
    """Every checkpoint signed against the stored tree of the log's `size` entries, BATCH
    checkpoints at a time (their roots read together)."""
    signed = db.session.execute(select(LedgerCheckpoint.size, LedgerCheckpoint.root)
                                .order_by(LedgerCheckpoint.size)).yield_per(BATCH)
    for checkpoints in signed.partitions():
        sizes = [checkpoint_size for checkpoint_size, _ in checkpoints if checkpoint_size <= size]
        try:
            roots = dict(zip(sizes, log.roots(sizes), strict=True))
        except LookupError as missing:
            yield f"the ledger's stored tree is incomplete: {missing}"
            return
        for checkpoint_size, checkpoint_root in checkpoints:
            if checkpoint_size > size:
                yield (f"the checkpoint of {checkpoint_size} entries was signed, but the log has only"
                       f" {size}: entries were removed")
            elif roots[checkpoint_size] != checkpoint_root:
                yield (f"the log's first {checkpoint_size} entries are not those of the checkpoint"
                       " signed for that size")


def _unlogged():
    """Notices published into the ledger (they have a sequence number) that have no entry, in
    publication order. NOT EXISTS, not NOT IN: PostgreSQL runs it as one anti-join, where a NOT
    IN list too large for its memory is searched again for every notice."""
    logged = select(LedgerEntry.index).where(LedgerEntry.notice_id == Notice.id).exists()
    return select(Notice).where(Notice.sequence.is_not(None), ~logged).order_by(Notice.sequence)


def _check_missing() -> Iterator[str]:
    missing = db.session.scalars(_unlogged().options(selectinload(Notice.tender)),
                                 execution_options={"yield_per": BATCH})
    for notice in missing:
        yield f"{where(notice)} was published but has no ledger entry"


def backfill() -> int:
    """Append, in publication order, the notices published before the board kept its ledger (a
    board upgraded from before it): each gets the next index, as if published now; returns how
    many. Holds the append lock; flushes, never commits."""
    log.lock()
    missing = db.session.scalars(_unlogged()).all()
    for notice in missing:
        append_notice(notice)
    return len(missing)


def _check_working_copies() -> Iterator[str]:
    """A published tender's row is only the working copy (the pages read the published terms),
    but the app never changes it after publication but through its notices: a row that differs
    from what its notices published was changed by other means, and is named."""
    last = 0
    # Their notices without their bodies, and the tenders they replace: what the terms are made of.
    parts = (selectinload(Tender.notices).defer(Notice.body),
             selectinload(Tender.retender_of).load_only(Tender.reference))
    while True:
        tenders = db.session.scalars(select(Tender).where(Tender.id > last, Tender.published_at.is_not(None),
                                                          Tender.sandbox.is_(False))
                                     .order_by(Tender.id).limit(BATCH).options(*parts)).all()
        if not tenders:
            return
        for tender in tenders:
            published = current_terms([n for n in tender.notices if n.is_published])
            if published is None or "title" not in published:
                continue  # announced before announcements froze the tender's terms
            working = tender_terms(tender)
            changed = [name for name in TENDER_TERMS if working.get(name) != published.get(name)]
            if changed:
                yield (f"tender {tender.reference}: its row no longer holds what its notices published"
                       f" ({', '.join(changed)} changed; the public pages show the published terms)")
        last = tenders[-1].id
        db.session.expunge_all()
