"""The append-only log: appending an entry under the ledger's lock, and reading entries, roots
and proofs (RFC 9162 §2.1) from the stored subtree hashes, never from all entries.

The Merkle tree and its proofs are the verifier's own (tender_board_verify.merkle): the board and
its watchers run one implementation.
"""

import functools
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tender_board_verify import merkle

from ..counters import next_value
from ..extensions import db
from .models import LedgerEntry, LedgerNode

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
    for level, position, digest in merkle.new_subtrees(reader(), index, leaf)[1:]:
        db.session.add(LedgerNode(level=level, position=position, hash=digest))
    db.session.flush()
    return entry


def size(session: Session | None = None) -> int:
    """The number of entries the transaction sees (one index look-up)."""
    last = (session or db.session).scalar(select(func.max(LedgerEntry.index)))
    return 0 if last is None else last + 1


def reader(session: Session | None = None) -> merkle.Subtree:
    """`subtree(level, position)`: the hash of the 2^level leaves from position·2^level, one
    primary-key look-up (level 0 is the entries' leaf hash)."""
    session = session or db.session

    def subtree(level: int, position: int) -> bytes:
        if level == 0:
            found = session.scalar(select(LedgerEntry.leaf_hash).where(LedgerEntry.index == position))
        else:
            found = session.scalar(select(LedgerNode.hash).where(LedgerNode.level == level,
                                                                 LedgerNode.position == position))
        if found is None:
            raise LookupError(f"no complete subtree at level {level}, position {position}")
        return found

    return subtree


def root(tree_size: int, session: Session | None = None) -> bytes:
    return merkle.root(reader(session), tree_size)


def inclusion_proof(index: int, tree_size: int) -> list[bytes]:
    return merkle.inclusion_proof(reader(), index, tree_size)


def root_and_inclusion_proof(index: int, tree_size: int) -> tuple[bytes, list[bytes]]:
    """Both at once, each subtree hash read once (the root's are mostly the proof's too)."""
    subtree = functools.cache(reader())
    return merkle.root(subtree, tree_size), merkle.inclusion_proof(subtree, index, tree_size)


def consistency_proof(first: int, second: int) -> list[bytes]:
    return merkle.consistency_proof(reader(), first, second)


def entries(start: int, end: int) -> list[LedgerEntry]:
    """Entries start … end - 1 that exist, in order."""
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.index >= start, LedgerEntry.index < end)
                                   .order_by(LedgerEntry.index)))


def latest(count: int) -> list[LedgerEntry]:
    return list(db.session.scalars(select(LedgerEntry).order_by(LedgerEntry.index.desc()).limit(count)))
