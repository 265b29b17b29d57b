"""The ledger's Merkle tree, exactly as RFC 6962 §2.1 and RFC 9162 §2.1 define it.

Leaf hash SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right), the root of n leaves
(SHA-256 of the empty string for none), inclusion proofs (RFC 9162 §2.1.3) and consistency
proofs (§2.1.4), generated and verified.

Storage
-------
A log only ever appends, so a *perfect subtree* — the 2^level leaves starting at leaf
index·2^level — never changes once its last leaf has arrived. A log stores each one's hash once,
at that moment, and computes every root and proof from at most 2·⌈log2 n⌉+1 of them. Generation
reads them through one callable::

    subtree(level, index) -> bytes    # the hash of leaves [index·2^level, (index+1)·2^level)

`MemoryStore` keeps them in memory (tests, benchmark). A database keeps them in a table::

    CREATE TABLE ledger_nodes (
        level    SMALLINT NOT NULL,   -- 0 for leaf hashes
        position BIGINT   NOT NULL,   -- the subtree's index at its level
        hash     BYTEA    NOT NULL,   -- 32 bytes
        PRIMARY KEY (level, position)
    )

- Appending entry i (in the transaction that inserts the entry, after the append lock):
  insert the rows ``new_subtrees(subtree, i, leaf_hash(entry))`` returns — (0, i, leaf hash) and
  one row per subtree the leaf completes: at most ⌈log2 n⌉+1 rows, after reading as many left
  siblings. Level 0 may live in the entries table's leaf-hash column instead.
- ``subtree`` is ``SELECT hash FROM ledger_nodes WHERE level = ? AND position = ?``. A root of
  size n reads popcount(n) rows, a proof at most 2·⌈log2 n⌉+1, each a primary-key look-up. Rows
  are never updated, so roots and proofs for every earlier size come from the same rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Subtree = Callable[[int, int], bytes]
"""``subtree(level, index)``: the hash of the perfect subtree of 2^level leaves from index·2^level."""


def leaf_hash(entry: bytes) -> bytes:
    """RFC 6962 §2.1: SHA-256(0x00 ‖ entry)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 §2.1: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def new_subtrees(subtree: Subtree, index: int, leaf: bytes) -> list[tuple[int, int, bytes]]:
    """The rows ``(level, index, hash)`` to store when leaf ``index`` is appended.

    The leaf itself, then every perfect subtree whose last leaf it is; ``subtree`` is asked for
    their left halves, all stored by earlier appends.
    """
    rows = [(0, index, leaf)]
    level, position, digest = 0, index, leaf
    while position & 1:
        digest = node_hash(subtree(level, position - 1), digest)
        level, position = level + 1, position >> 1
        rows.append((level, position, digest))
    return rows


class MemoryStore:
    """Perfect-subtree hashes in memory, filled in as leaves are appended."""

    def __init__(self) -> None:
        self._levels: list[bytearray] = []  # level → its subtree hashes, 32 bytes each

    @property
    def size(self) -> int:
        return len(self._levels[0]) // HASH_SIZE if self._levels else 0

    def append(self, entry: bytes) -> int:
        """Append an entry; returns its index."""
        return self.append_leaf_hash(leaf_hash(entry))

    def append_leaf_hash(self, leaf: bytes) -> int:
        index = self.size
        for level, _, digest in new_subtrees(self.subtree, index, leaf):
            if level == len(self._levels):
                self._levels.append(bytearray())
            self._levels[level] += digest
        return index

    def subtree(self, level: int, index: int) -> bytes:
        hashes = self._levels[level] if level < len(self._levels) else b""
        start = index * HASH_SIZE
        if index < 0 or start + HASH_SIZE > len(hashes):
            raise LookupError(f"no complete subtree at level {level}, index {index}")
        return bytes(hashes[start : start + HASH_SIZE])


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


class _Reader:
    """Hashes of the ranges the RFC's recursions visit, each read or computed once per call.

    A range is either a perfect aligned subtree (one read) or a right border [start, size):
    its first perfect subtree, then the border after it.
    """

    def __init__(self, subtree: Subtree) -> None:
        self._subtree = subtree
        self._known: dict[tuple[int, int], bytes] = {}

    def hash(self, start: int, end: int) -> bytes:
        key = (start, end)
        if key not in self._known:
            width = end - start
            level = width.bit_length() - 1
            if width == 1 << level and start % width == 0:
                self._known[key] = self._subtree(level, start >> level)
            else:
                middle = start + _largest_power_of_two_below(width)
                self._known[key] = node_hash(self.hash(start, middle), self.hash(middle, end))
        return self._known[key]


def root(subtree: Subtree, size: int) -> bytes:
    """MTH(D[0:size]) (RFC 9162 §2.1.1), reading popcount(size) subtree hashes."""
    if size < 0:
        raise ValueError("a tree size is never negative")
    return _Reader(subtree).hash(0, size) if size else EMPTY_ROOT


def inclusion_proof(subtree: Subtree, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, lowest sibling first."""
    if not 0 <= index < size:
        raise ValueError(f"no leaf {index} in a tree of size {size}")
    reader, path = _Reader(subtree), []
    start, end = 0, size
    while end - start > 1:  # top-down; the RFC lists the path bottom-up
        middle = start + _largest_power_of_two_below(end - start)
        if index < middle:
            path.append(reader.hash(middle, end))
            end = middle
        else:
            path.append(reader.hash(start, middle))
            start = middle
    return path[::-1]


def consistency_proof(subtree: Subtree, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1; empty when first is 0 or second."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first in (0, second):
        return []
    reader, proof = _Reader(subtree), []
    start, end, whole = 0, second, True  # SUBPROOF(first - start, D[start:end], whole)
    while first != end:
        middle = start + _largest_power_of_two_below(end - start)
        if first <= middle:
            proof.append(reader.hash(middle, end))
            end = middle
        else:
            proof.append(reader.hash(start, middle))
            start, whole = middle, False
    if not whole:
        proof.append(reader.hash(start, end))
    return proof[::-1]


def _all_hashes(*values: object) -> bool:
    return all(isinstance(v, bytes) and len(v) == HASH_SIZE for v in values)


def verify_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes], root_hash: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does ``path`` prove leaf ``index`` of the tree of ``size`` with ``root_hash``?"""
    if not (_all_hashes(leaf, root_hash, *path) and 0 <= index < size):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: does ``path`` prove the tree of ``second`` extends the tree of ``first``?

    Equal sizes need an empty path and equal roots; from the empty tree, an empty path and
    the empty root.
    """
    if not (_all_hashes(first_root, second_root, *path) and 0 <= first <= second):
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path and first_root == EMPTY_ROOT
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


class CompactRange:
    """The first ``size`` leaves of a log, kept as the hashes of the perfect subtrees that make
    them up (largest first, one per bit of ``size``): enough to append further leaves and compute
    the root without the leaves themselves. A watcher keeps one between runs.
    """

    def __init__(self, size: int = 0, peaks: Sequence[bytes] = ()) -> None:
        if size < 0 or len(peaks) != size.bit_count() or not _all_hashes(*peaks):
            raise ValueError(f"a tree of size {size} has {max(size, 0).bit_count()} peaks of {HASH_SIZE} bytes")
        self.size, self.peaks = size, list(peaks)

    @classmethod
    def of(cls, subtree: Subtree, size: int) -> CompactRange:
        """The compact range of a stored tree's first ``size`` leaves."""
        peaks, start = [], 0
        for level in reversed(range(size.bit_length())):
            if size >> level & 1:
                peaks.append(subtree(level, start >> level))
                start += 1 << level
        return cls(size, peaks)

    def append(self, leaf: bytes) -> None:
        digest, size = leaf, self.size
        while size & 1:
            digest = node_hash(self.peaks.pop(), digest)
            size >>= 1
        self.peaks.append(digest)
        self.size += 1

    def root(self) -> bytes:
        if not self.peaks:
            return EMPTY_ROOT
        digest = self.peaks[-1]
        for peak in reversed(self.peaks[:-1]):
            digest = node_hash(peak, digest)
        return digest
