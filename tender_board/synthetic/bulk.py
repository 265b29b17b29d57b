"""What the publish step does row by row, done once for a whole bulk load: the search index
filled in one statement, the ledger's sequence numbers, entries and subtree hashes.

While the load runs, in its one transaction, the triggers that index each row and refuse changes
to published notices are set aside; they are back before it commits. On SQLite they are dropped
and created again from their own stored text (sqlite_master); on PostgreSQL disabled and enabled.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from sqlalchemy import select, text
from tender_board_verify import merkle

from ..counters import Counter
from ..extensions import db
from ..ledger import log
from ..ledger.models import LedgerEntry, LedgerNode
from ..ledger.notices import entry_text
from ..notices.models import NoticeKind

SQLITE_TRIGGERS = ["search_tender_insert", "search_tender_update", "search_notice_insert",
                   "search_notice_publish", "search_fts_insert", "search_fts_update",
                   "search_fts_delete", "notices_published_no_update"]
PG_TRIGGERS = {"tenders": ["search_tender"], "notices": ["search_notice", "notices_published_no_change"]}
PG_TRIGRAM = "CREATE INDEX tender_search_trigram ON tender_search USING gin (text gin_trgm_ops)"
BATCH = 20_000
# Parents first (synthetic.clone.TABLES).
TABLE_ORDER = ["tenders", "notices", "tender_events", "bids", "evaluations", "criteria",
               "committee_members", "scores", "bid_rejections", "objections"]


def dialect() -> str:
    return db.session.get_bind().dialect.name


@contextmanager
def triggers_set_aside():
    """Row-by-row triggers off for the block; on again after it (in the same transaction)."""
    if dialect() == "sqlite":
        # The load is one transaction: a page cache that holds its indexes keeps it off the WAL
        # until commit (this connection only; 1 GiB at most, taken as needed).
        db.session.execute(text("PRAGMA cache_size = -1048576"))
        stored = dict(db.session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "  # noqa: S608 (constants)
            f"({', '.join(repr(n) for n in SQLITE_TRIGGERS)})")).all())
        for name in stored:
            db.session.execute(text(f"DROP TRIGGER {name}"))
        yield stored
        for sql in stored.values():
            db.session.execute(text(sql))
        return
    for table, names in PG_TRIGGERS.items():
        for name in names:
            db.session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {name}"))
    db.session.execute(text("DROP INDEX IF EXISTS tender_search_trigram"))
    yield {}
    db.session.execute(text(PG_TRIGRAM))
    for table, names in PG_TRIGGERS.items():
        for name in names:
            db.session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {name}"))


def index_for_search(first_tender_id: int, stored_triggers: dict) -> None:
    """tender_search rows for the new tenders, as the triggers compute them, then the index."""
    if dialect() == "sqlite":
        # The statement the insert trigger runs for one tender, run for all new ones at once.
        body = stored_triggers["search_tender_insert"]
        statement = body[body.index("BEGIN") + len("BEGIN"):body.rindex("END")].strip().rstrip(";")
        statement = statement.replace("t.id = NEW.id", "t.id >= :first")
        db.session.execute(text(statement), {"first": first_tender_id})
        db.session.execute(text("INSERT INTO tender_search_fts (tender_search_fts) VALUES ('rebuild')"))
    else:
        db.session.execute(text("SELECT refresh_tender_search(id) FROM tenders WHERE id >= :first"),
                           {"first": first_tender_id})


def number_in_publication_order(first_notice_id: int) -> tuple[int, int]:
    """Sequence numbers for the new published notices, in order of publication after those the
    ledger already has; the ledger counter moves past them. Returns (first, last) sequence."""
    base = db.session.scalar(select(Counter.value).where(Counter.key == log.LOCK)) or 0
    db.session.execute(text("""
        UPDATE notices SET sequence = numbered.sequence FROM (
            SELECT id, :base + row_number() OVER (ORDER BY published_at, id) AS sequence
            FROM notices WHERE id >= :first AND status = 'published') AS numbered
        WHERE notices.id = numbered.id"""), {"base": base, "first": first_notice_id})
    last = db.session.scalar(text("SELECT max(sequence) FROM notices")) or base
    log.lock()  # creates the counter if need be
    db.session.execute(text("UPDATE counters SET value = :v WHERE key = :k"), {"v": last, "k": log.LOCK})
    return base + 1, last


def number_counters(first_tender_id: int) -> None:
    """Each new tender's notice-number counter, at its last notice, as publication leaves it."""
    db.session.execute(text("""
        INSERT INTO counters (key, value)
        SELECT 'notice-number:' || tender_id, max(number) FROM notices
        WHERE tender_id >= :first AND number IS NOT NULL GROUP BY tender_id"""), {"first": first_tender_id})


def append_to_ledger(first_sequence: int) -> int:
    """The ledger entries of the notices numbered from `first_sequence`, in order, with their
    subtree hashes: what `ledger.notices.append_notice` stores for each. Returns how many."""
    start = log.size()
    peaks: dict[int, tuple[int, bytes]] = {}

    def subtree(level: int, position: int) -> bytes:
        if level in peaks and peaks[level][0] == position:
            return peaks[level][1]
        return log.from_stored(lambda stored: stored(level, position))

    index, last = start, first_sequence - 1
    while rows := _notices_after(last):
        entries, nodes = [], []
        for row in rows:
            data = entry_text(_stand_in(row), index)
            leaf = merkle.leaf_hash(data.encode("utf-8"))
            entries.append({"index": index, "notice_id": row.id, "data": data, "leaf_hash": leaf})
            for level, position, digest in merkle.new_subtrees(subtree, index, leaf):
                peaks[level] = (position, digest)
                if level:
                    nodes.append({"level": level, "position": position, "hash": digest})
            index += 1
        db.session.execute(LedgerEntry.__table__.insert(), entries)
        if nodes:
            db.session.execute(LedgerNode.__table__.insert(), nodes)
        last = rows[-1].sequence
    return index - start


def _notices_after(sequence: int) -> list:
    notices, tenders = db.metadata.tables["notices"], db.metadata.tables["tenders"]
    return db.session.execute(
        select(notices.c.id, notices.c.sequence, notices.c.kind, notices.c.number, notices.c.published_at,
               notices.c.body, notices.c.payload, tenders.c.ocid, tenders.c.reference)
        .join_from(notices, tenders, tenders.c.id == notices.c.tender_id)
        .where(notices.c.sequence > sequence).order_by(notices.c.sequence).limit(BATCH)).all()


def _stand_in(row) -> SimpleNamespace:
    """What `ledger.notices.entry` reads of a notice, from one row (no documents in a bulk load)."""
    return SimpleNamespace(tender=SimpleNamespace(ocid=row.ocid, reference=row.reference),
                           kind=NoticeKind(row.kind), number=row.number, published_at=row.published_at,
                           body=row.body, payload=row.payload, documents=[])


def set_serials() -> None:
    if dialect() == "postgresql":
        for table in TABLE_ORDER:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))"))  # noqa: S608 (constant names)
