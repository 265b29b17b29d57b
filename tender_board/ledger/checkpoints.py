"""Signed checkpoints (C2SP tlog-checkpoint in a signed note), issued only for committed state.

A checkpoint is issued on demand: when one is asked for (`/ledger/checkpoint`, the ledger page,
`flask ledger checkpoint`) and none was issued for the committed size with the current key. So a
crash between a publication's commit and its signing leaves nothing unsigned for long: the next
request signs the missing size. Each is stored, and a new one is issued only if the log still
holds the tree of the latest one issued before (same root at that size): never a checkpoint
inconsistent with an earlier one.

Issuing runs in its own short write transaction on its own connection, not in the request's:
it must sign what is committed, never what the caller has flushed but may still roll back, and
a read-only request's transaction cannot become a write one safely (SQLite).
"""

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from tender_board_verify.note import Checkpoint, sign_checkpoint

from ..clock import now as clock_now
from ..extensions import db
from . import log, signing
from .models import LedgerCheckpoint

logger = logging.getLogger(__name__)


class InconsistentLog(RuntimeError):
    """The stored log no longer holds the tree of a checkpoint already issued: refuse to sign."""


def latest(session: Session | None = None) -> LedgerCheckpoint | None:
    """The latest checkpoint issued with the current key and origin."""
    session = session or db.session
    key = str(signing.signer().verifier())
    return session.scalar(select(LedgerCheckpoint).where(LedgerCheckpoint.key == key,
                                                         LedgerCheckpoint.origin == signing.origin())
                          .order_by(LedgerCheckpoint.size.desc()).limit(1))


def current() -> LedgerCheckpoint | None:
    """The checkpoint of the committed log, issued now if it is missing; if it cannot be issued
    (the log is inconsistent, the database busy), the latest one issued before, or None."""
    try:
        return issue()
    except (InconsistentLog, OperationalError, IntegrityError) as error:  # IntegrityError: another server issued it
        logger.error("ledger checkpoint not issued: %s", error)
        return latest()


def issue() -> LedgerCheckpoint:
    """Sign the committed log's size unless that was done already; returns its checkpoint."""
    with db.engine.connect() as connection:
        connection.execution_options(writes=True)  # BEGIN IMMEDIATE on SQLite (database.py)
        with Session(bind=connection, expire_on_commit=False) as session, session.begin():
            return _issue(session)


def _issue(session: Session) -> LedgerCheckpoint:
    size = log.size(session)
    found = latest(session)
    if found is not None and found.size == size:
        return found
    before = _latest_of_all(session)
    if before is not None:
        if size < before.size:
            raise InconsistentLog(f"the log has {size} entries, fewer than the {before.size} already signed")
        if log.root(before.size, session) != before.root:
            raise InconsistentLog(f"the log's first {before.size} entries are not those already signed")
    return _signed(session, size, log.root(size, session))


def _latest_of_all(session: Session) -> LedgerCheckpoint | None:
    """The latest checkpoint issued with any key, under any origin."""
    return session.scalar(select(LedgerCheckpoint).order_by(LedgerCheckpoint.size.desc(),
                                                            LedgerCheckpoint.id.desc()).limit(1))


def _signed(session: Session, size: int, root: bytes) -> LedgerCheckpoint:
    signer, origin = signing.signer(), signing.origin()
    note = sign_checkpoint(Checkpoint(origin, size, root), signer)
    checkpoint = LedgerCheckpoint(origin=origin, size=size, root=root, key=str(signer.verifier()), note=note,
                                  issued_at=clock_now())
    session.add(checkpoint)
    session.flush()
    return checkpoint
