"""One check of a board's ledger, from the state a watcher saved last time to the state to save now.

1. The key: the board's published key must be the pinned one (or the one given by hand).
2. The checkpoint: signed by that key, about the same log (origin) as before.
3. Against the last verified checkpoint (size m, root r): not smaller (rollback), not another
   root at the same size (fork), and a consistency proof from m to the new size n that verifies.
4. The entries m … n - 1: each one's data hashes to its published leaf hash, and all entries
   together — the saved compact range of 0 … m - 1 plus the new ones — hash to the signed root.
5. Optionally one entry's inclusion proof, with its data as served today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from . import merkle
from .client import Board
from .errors import CannotVerify, UsageError, VerificationFailed
from .note import BadSignature, Checkpoint, NoteError, UnverifiedNote, Verifier, open_checkpoint
from .state import State


@dataclass(frozen=True)
class Result:
    state: State  # to save
    previous: State | None
    checked_entry: int | None = None


def check(board: Board, previous: State | None, key: Verifier | None = None, entry: int | None = None) -> Result:
    """Check ``board`` against the ``previous`` state; ``key`` replaces the pinned key if given."""
    verifier = _trusted_key(board, previous, key)
    note = board.checkpoint()
    checkpoint = _open(note, verifier)
    evidence = note.decode("utf-8")
    compact = merkle.CompactRange()
    if previous is not None:
        _compare(previous, checkpoint, board, evidence)
        compact = previous.compact_range()
    _add_entries(board, compact, checkpoint, evidence)
    if entry is not None:
        _check_entry(board, checkpoint, entry)
    state = State(
        board=board.url,
        key=verifier,
        origin=checkpoint.origin,
        size=checkpoint.size,
        root=checkpoint.root,
        peaks=tuple(compact.peaks),
        checkpoint=evidence,
        verified_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return Result(state, previous, entry)


def _trusted_key(board: Board, previous: State | None, given: Verifier | None) -> Verifier:
    try:
        served = Verifier.parse(board.key())
    except NoteError as error:
        raise CannotVerify(f"{board.url}/ledger/key is not a signed-note verifier key: {error}") from None
    if given is not None and served != given:
        raise VerificationFailed(f"the board's key changed: it serves {served}, not the key {given} you gave")
    if given is None and previous is not None and served != previous.key:
        raise VerificationFailed(
            f"the board's key changed: you pinned {previous.key} on {previous.verified_at[:10]}, it now serves"
            f" {served}; if the board announced a new key, check it elsewhere and run again with --key"
        )
    return served


def _open(note: bytes, verifier: Verifier) -> Checkpoint:
    key = f"{verifier.name}+{verifier.key_id:08x}"
    try:
        return open_checkpoint(note, verifier)
    except BadSignature:
        raise VerificationFailed(f"bad signature: the checkpoint's signature by {key} does not verify") from None
    except UnverifiedNote as error:
        others = ", ".join(f"{s.name}+{s.key_id:08x}" for s in error.note.unverified)
        raise VerificationFailed(f"bad signature: the checkpoint is not signed by {key}, only by {others}") from None
    except NoteError as error:
        raise CannotVerify(f"the board's checkpoint is not a well-formed signed checkpoint: {error}") from None


def _compare(previous: State, checkpoint: Checkpoint, board: Board, evidence: str) -> None:
    m, n, on = previous.size, checkpoint.size, previous.verified_at[:10]
    if checkpoint.origin != previous.origin:
        raise VerificationFailed(
            f"the checkpoint is for the log {checkpoint.origin!r}, not {previous.origin!r} as before", evidence
        )
    if n < m:
        raise VerificationFailed(
            f"shorter log than before: the board's log now has {n} entries, fewer than the {m} you verified"
            f" on {on}; entries were removed (a rollback)",
            evidence,
        )
    if n == m and checkpoint.root != previous.root:
        raise VerificationFailed(
            f"fork: the board signed two different logs of {n} entries, the one you verified on {on} and"
            " today's; its history was rewritten",
            evidence,
        )
    if 0 < m < n:
        path = board.consistency_proof(m, n)
        if not merkle.verify_consistency(m, n, previous.root, checkpoint.root, path):
            raise VerificationFailed(
                f"fork: the board's log of {n} entries does not extend the {m} entries you verified on {on}"
                " (its consistency proof does not verify); its history was rewritten",
                evidence,
            )


def _add_entries(board: Board, compact: merkle.CompactRange, checkpoint: Checkpoint, evidence: str) -> None:
    first = compact.size
    for item in board.entries(first, checkpoint.size):
        leaf = merkle.leaf_hash(item.data)
        if leaf != item.leaf_hash:
            raise VerificationFailed(
                f"entry {item.index} changed: its data no longer hashes to the leaf hash the board publishes for it"
            )
        compact.append(leaf)
    if compact.root() != checkpoint.root:
        which = f"entries {first}–{checkpoint.size - 1}" if first else "entries"
        raise VerificationFailed(
            f"the {which} the board serves do not add up to its signed root: an entry was changed, added or left out",
            evidence,
        )


def _check_entry(board: Board, checkpoint: Checkpoint, index: int) -> None:
    if not 0 <= index < checkpoint.size:
        raise UsageError(f"--entry {index}: the log has {checkpoint.size} entries, numbered from 0")
    item = next(board.entries(index, index + 1))
    leaf = merkle.leaf_hash(item.data)
    if leaf != item.leaf_hash:
        raise VerificationFailed(f"entry {index} changed: its data no longer hashes to its published leaf hash")
    root, path = board.inclusion_proof(index, checkpoint.size)
    if root != checkpoint.root or not merkle.verify_inclusion(leaf, index, checkpoint.size, path, checkpoint.root):
        raise VerificationFailed(
            f"entry {index} changed: the data the board serves for it is not the entry in its signed log"
            " (its inclusion proof does not verify)"
        )
