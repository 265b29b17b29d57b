"""The append-only log: appending an entry under the ledger's lock, and reading entries, roots
and proofs (RFC 9162 §2.1) from the stored subtree hashes, never from all entries.

The Merkle tree and its proofs are the verifier's own (tender_board_verify.merkle): the board and
its watchers run one implementation.
"""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from tender_board_verify import merkle

from ..counters import next_value
from ..extensions import db
from .models import LedgerEntry, LedgerNode

T = TypeVar("T")
PLACEHOLDER = bytes(merkle.HASH_SIZE)
LOCK = "ledger"  # the counter whose row a publication updates first: appends queue behind it


def lock() -> int:
    """Take the ledger's append lock until this transaction ends; returns the counter's new value
    (a notice's publication sequence number). On PostgreSQL the counter's UPDATE is a row lock held
    until commit; on SQLite a write transaction holds the whole database (BEGIN IMMEDIATE)."""
    return next_value(LOCK)


def append(notice_id: int, build: Callable[[int], str]) -> LedgerEntry:
    """Append the entry `build(index)` returns, at the next index; flushes, never commits.

    Call it holding `lock()`: concurrent publications then wait and take the following index.
    Without the lock two appends could compute the same index, and the second would fail on the
    primary key, never leave a gap or a duplicate. A rollback takes the entry away with the rest.
    """
    index = size()
    data = build(index)
    leaf = merkle.leaf_hash(data.encode("utf-8"))
    entry = LedgerEntry(index=index, notice_id=notice_id, data=data, leaf_hash=leaf)
    db.session.add(entry)
    for level, position, digest in from_stored(lambda subtree: merkle.new_subtrees(subtree, index, leaf))[1:]:
        db.session.add(LedgerNode(level=level, position=position, hash=digest))
    db.session.flush()
    return entry


def size(session: Session | None = None) -> int:
    """The number of entries the transaction sees (one index look-up)."""
    last = (session or db.session).scalar(select(func.max(LedgerEntry.index)))
    return 0 if last is None else last + 1


def from_stored(compute: Callable[[merkle.Subtree], T], session: Session | None = None) -> T:
    """`compute(subtree)` on the stored subtree hashes, read in at most two queries.

    Which subtrees the RFC's recursions (and `new_subtrees`) visit depends on sizes and indexes
    alone, never on hash values: a first run with placeholder hashes lists them, the second runs
    on the hashes read (level 0 from the entries' leaf hashes, the rest from `ledger_nodes`).
    """
    wanted: set[tuple[int, int]] = set()

    def record(level: int, position: int) -> bytes:
        wanted.add((level, position))
        return PLACEHOLDER

    compute(record)
    known = _read(session or db.session, wanted)

    def subtree(level: int, position: int) -> bytes:
        if (level, position) not in known:
            raise LookupError(f"no complete subtree at level {level}, position {position}")
        return known[(level, position)]

    return compute(subtree)


def _read(session: Session, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    leaves = sorted(position for level, position in wanted if level == 0)
    nodes = sorted((level, position) for level, position in wanted if level > 0)
    known = {}
    if leaves:
        rows = session.execute(select(LedgerEntry.index, LedgerEntry.leaf_hash).where(LedgerEntry.index.in_(leaves)))
        known.update({(0, index): digest for index, digest in rows})
    if nodes:
        # One primary-key search per level (SQLite scans the table for a row-value IN).
        levels = sorted({level for level, _ in nodes})
        rows = session.execute(select(LedgerNode.level, LedgerNode.position, LedgerNode.hash).where(or_(*(
            and_(LedgerNode.level == level, LedgerNode.position.in_([p for lv, p in nodes if lv == level]))
            for level in levels))))
        known.update({(level, position): digest for level, position, digest in rows})
    return known


def root(tree_size: int, session: Session | None = None) -> bytes:
    return from_stored(lambda subtree: merkle.root(subtree, tree_size), session)


def roots(tree_sizes: list[int]) -> list[bytes]:
    """The root at each size, from one reading of the hashes they all need."""
    return from_stored(lambda subtree: [merkle.root(subtree, tree_size) for tree_size in tree_sizes])


def inclusion_proof(index: int, tree_size: int) -> list[bytes]:
    return from_stored(lambda subtree: merkle.inclusion_proof(subtree, index, tree_size))


def root_and_inclusion_proof(index: int, tree_size: int) -> tuple[bytes, list[bytes]]:
    """Both from one reading of the hashes they need."""
    return from_stored(lambda subtree: (merkle.root(subtree, tree_size),
                                        merkle.inclusion_proof(subtree, index, tree_size)))


def consistency_proof(first: int, second: int) -> list[bytes]:
    return from_stored(lambda subtree: merkle.consistency_proof(subtree, first, second))


def entries(start: int, end: int) -> list[LedgerEntry]:
    """Entries start … end - 1 that exist, in order."""
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.index >= start, LedgerEntry.index < end)
                                   .order_by(LedgerEntry.index)))


def entries_after(index: int, count: int) -> list[LedgerEntry]:
    """Up to `count` entries after `index`, in order: one page of a keyset walk, which a missing
    entry neither stops nor makes read twice."""
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.index > index)
                                   .order_by(LedgerEntry.index).limit(count)))


def latest(count: int) -> list[LedgerEntry]:
    return list(db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.index.desc()).limit(count)))
