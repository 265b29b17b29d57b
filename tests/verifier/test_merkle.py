"""The ledger's Merkle tree against RFC 6962's reference values and its own definitions.

Reference values are copied from transparency-dev/merkle (Apache 2.0):
`proof/verify_test.go` (the leaves, the roots of 1–8 leaves, inclusion and consistency proofs)
and `rfc6962/rfc6962_test.go` (empty root, leaf and node hashes). The same values are in
google/certificate-transparency's C++ `merkle_tree_test.cc`.
"""

import hashlib
import math

import pytest
from tender_board_verify import merkle

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f")]
ROOTS = {  # tree size → root of the first `size` LEAVES
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
INCLUSION = {  # (leaf index, tree size) → path; the Go file numbers leaves from 1
    (0, 1): [],
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
}
CONSISTENCY = {  # (first size, second size) → proof
    (1, 1): [],
    (1, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 5): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
    (6, 7): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}
MAX = 40


def store_of(entries):
    store = merkle.MemoryStore()
    for entry in entries:
        store.append(entry)
    return store


@pytest.fixture(scope="module")
def reference():
    return store_of(LEAVES)


@pytest.fixture(scope="module")
def forty():
    store = store_of(f"entry {i}".encode() for i in range(MAX))
    return store, [merkle.root(store.subtree, n) for n in range(MAX + 1)]


# The definitions of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1, written out over lists of entries.
def mth(entries):
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1 << ((len(entries) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + mth(entries[:k]) + mth(entries[k:])).digest()


def path(m, entries):
    if len(entries) == 1:
        return []
    k = 1 << ((len(entries) - 1).bit_length() - 1)
    if m < k:
        return path(m, entries[:k]) + [mth(entries[k:])]
    return path(m - k, entries[k:]) + [mth(entries[:k])]


def subproof(m, entries, whole):
    if m == len(entries):
        return [] if whole else [mth(entries)]
    k = 1 << ((len(entries) - 1).bit_length() - 1)
    if m <= k:
        return subproof(m, entries[:k], whole) + [mth(entries[k:])]
    return subproof(m - k, entries[k:], False) + [mth(entries[:k])]


def test_hashes_match_rfc6962_vectors():
    assert merkle.EMPTY_ROOT.hex() == ROOTS[0]
    assert merkle.leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert merkle.leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert merkle.node_hash(b"N123", b"N456").hex() == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_roots_of_0_to_8_leaves_match_the_reference(reference, size):
    assert merkle.root(reference.subtree, size).hex() == ROOTS[size]
    assert merkle.CompactRange.of(reference.subtree, size).root().hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION))
def test_inclusion_proofs_match_the_reference(reference, index, size):
    proof = merkle.inclusion_proof(reference.subtree, index, size)
    assert [h.hex() for h in proof] == INCLUSION[index, size]
    root = bytes.fromhex(ROOTS[size])
    assert merkle.verify_inclusion(merkle.leaf_hash(LEAVES[index]), index, size, proof, root)


@pytest.mark.parametrize(("first", "second"), sorted(CONSISTENCY))
def test_consistency_proofs_match_the_reference(reference, first, second):
    proof = merkle.consistency_proof(reference.subtree, first, second)
    assert [h.hex() for h in proof] == CONSISTENCY[first, second]
    assert merkle.verify_consistency(first, second, bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second]), proof)


def test_every_inclusion_proof_up_to_40_is_the_rfc_path_and_verifies(forty):
    store, roots = forty
    entries = [f"entry {i}".encode() for i in range(MAX)]
    for size in range(1, MAX + 1):
        assert roots[size] == mth(entries[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(store.subtree, index, size)
            assert proof == path(index, entries[:size])
            assert merkle.verify_inclusion(store.subtree(0, index), index, size, proof, roots[size])


def test_every_consistency_proof_up_to_40_is_the_rfc_proof_and_verifies(forty):
    store, roots = forty
    entries = [f"entry {i}".encode() for i in range(MAX)]
    for second in range(MAX + 1):
        for first in range(second + 1):
            proof = merkle.consistency_proof(store.subtree, first, second)
            expected = [] if first in (0, second) else subproof(first, entries[:second], True)
            assert proof == expected
            assert merkle.verify_consistency(first, second, roots[first], roots[second], proof)


def flipped(proof, i):
    return [bytes([h[0] ^ 8]) + h[1:] if j == i else h for j, h in enumerate(proof)]


def inclusion_forgeries(proof, index, size, leaf, root):
    """Probes after transparency-dev/merkle's corruptInclusionProof: each must be rejected."""
    other = hashlib.sha256(b"other").digest()
    yield "index - 1", (leaf, index - 1, size, proof, root)
    yield "index + 1", (leaf, index + 1, size, proof, root)
    yield "index ^ 2", (leaf, index ^ 2, size, proof, root)
    yield "size * 2", (leaf, index, size * 2, proof, root)
    yield "size // 2", (leaf, index, size // 2, proof, root)
    yield "wrong leaf", (other, index, size, proof, root)
    yield "empty root", (leaf, index, size, proof, merkle.EMPTY_ROOT)
    yield "other root", (leaf, index, size, proof, other)
    yield "extended by the root", (leaf, index, size, [*proof, root], root)
    yield "extended by a short hash", (leaf, index, size, [*proof, b""], root)
    yield "preceded by the root", (leaf, index, size, [root, *proof], root)
    for i in range(len(proof)):
        yield f"forged element {i}", (leaf, index, size, flipped(proof, i), root)
    if proof:
        yield "shortened at the end", (leaf, index, size, proof[:-1], root)
        yield "shortened at the start", (leaf, index, size, proof[1:], root)
    if len(proof) > 1:
        yield "element inserted", (leaf, index, size, [proof[0], other, *proof[1:]], root)


def test_forged_shortened_extended_and_wrong_inclusion_proofs_are_rejected(forty):
    store, roots = forty
    for size in range(1, MAX + 1):
        for index in range(size):
            proof = merkle.inclusion_proof(store.subtree, index, size)
            leaf = store.subtree(0, index)
            for what, probe in inclusion_forgeries(proof, index, size, leaf, roots[size]):
                assert not merkle.verify_inclusion(*probe), f"{what} accepted for leaf {index} of {size}"


def test_an_inclusion_proof_never_verifies_for_another_tree_size(forty):
    store, roots = forty
    for size in range(1, MAX + 1):
        for index in range(size):
            proof = merkle.inclusion_proof(store.subtree, index, size)
            for other in range(index + 1, MAX + 1):
                if other != size:
                    assert not merkle.verify_inclusion(store.subtree(0, index), index, other, proof, roots[other])


def test_inclusion_sn_check_rejects_a_proof_claimed_for_a_larger_tree():
    """Leaf 0 with path [leaf 1] hashes to the root of 2; claimed for size 3, only sn ≠ 0 at the end rejects it."""
    store = store_of([b"a", b"b", b"c"])
    root2 = merkle.root(store.subtree, 2)
    proof = merkle.inclusion_proof(store.subtree, 0, 2)
    assert merkle.verify_inclusion(store.subtree(0, 0), 0, 2, proof, root2)
    assert not merkle.verify_inclusion(store.subtree(0, 0), 0, 3, proof, root2)


def consistency_forgeries(proof, first, second, root1, root2):
    """Probes after transparency-dev/merkle's corruptConsistencyProof: each must be rejected."""
    yield "first - 1", (first - 1, second, root1, root2, proof)
    yield "first + 1", (first + 1, second, root1, root2, proof)
    yield "first ^ 2", (first ^ 2, second, root1, root2, proof)
    yield "second * 2", (first, second * 2, root1, root2, proof)
    yield "second // 2", (first, second // 2, root1, root2, proof)
    yield "wrong first root", (first, second, merkle.leaf_hash(b"wrong"), root2, proof)
    yield "wrong second root", (first, second, root1, merkle.leaf_hash(b"wrong"), proof)
    yield "swapped roots", (first, second, root2, root1, proof)
    yield "empty proof", (first, second, root1, root2, [])
    yield "extended by a short hash", (first, second, root1, root2, [*proof, b""])
    yield "extended by the first root", (first, second, root1, root2, [*proof, root1])
    yield "extended by the second root", (first, second, root1, root2, [*proof, root2])
    yield "preceded by a short hash", (first, second, root1, root2, [b"", *proof])
    yield "preceded by the first root", (first, second, root1, root2, [root1, *proof])
    yield "preceded by the second root", (first, second, root1, root2, [root2, *proof])
    yield "preceded by its first element", (first, second, root1, root2, [proof[0], *proof])
    yield "shortened at the end", (first, second, root1, root2, proof[:-1])
    yield "shortened at the start", (first, second, root1, root2, proof[1:])
    for i in range(len(proof)):
        yield f"forged element {i}", (first, second, root1, root2, flipped(proof, i))


def test_forged_shortened_extended_and_wrong_size_consistency_proofs_are_rejected(forty):
    store, roots = forty
    for second in range(2, MAX + 1):
        for first in range(1, second):
            proof = merkle.consistency_proof(store.subtree, first, second)
            for what, probe in consistency_forgeries(proof, first, second, roots[first], roots[second]):
                assert not merkle.verify_consistency(*probe), f"{what} accepted from {first} to {second}"


def test_a_consistency_proof_never_verifies_for_other_sizes(forty):
    store, roots = forty
    for second in range(2, MAX + 1):
        for first in range(1, second):
            proof = merkle.consistency_proof(store.subtree, first, second)
            others = [(first, n) for n in range(first + 1, MAX + 1)] + [(m, second) for m in range(1, second)]
            for m, n in others:
                if (m, n) != (first, second) and merkle.consistency_proof(store.subtree, m, n) != proof:
                    assert not merkle.verify_consistency(m, n, roots[m], roots[n], proof), (first, second, m, n)


def test_consistency_sn_check_rejects_a_proof_claimed_for_a_larger_second_tree(forty):
    """RFC 9162 §2.1.4.2 step 7: the proof from 2 to 4, with the root of 4, hashes right for size 5 too;
    only sn ≠ 0 at the end rejects it."""
    store, roots = forty
    proof = merkle.consistency_proof(store.subtree, 2, 4)
    assert merkle.verify_consistency(2, 4, roots[2], roots[4], proof)
    for larger in (5, 6, 7, 8):
        assert not merkle.verify_consistency(2, larger, roots[2], roots[4], proof)


def test_trivial_consistency_cases(forty):
    _, roots = forty
    assert merkle.verify_consistency(0, 0, merkle.EMPTY_ROOT, merkle.EMPTY_ROOT, [])
    assert merkle.verify_consistency(0, 7, merkle.EMPTY_ROOT, roots[7], [])
    assert not merkle.verify_consistency(0, 7, roots[3], roots[7], [])  # the empty tree has the empty root
    assert not merkle.verify_consistency(0, 7, merkle.EMPTY_ROOT, roots[7], [roots[1]])
    assert merkle.verify_consistency(5, 5, roots[5], roots[5], [])
    assert not merkle.verify_consistency(5, 5, roots[5], roots[4], [])  # same size, two roots: a fork
    assert not merkle.verify_consistency(5, 5, roots[5], roots[5], [roots[5]])
    assert not merkle.verify_consistency(6, 5, roots[6], roots[5], [])  # time runs forward


def test_bad_arguments_are_refused(forty):
    store, _ = forty
    for index, size in ((0, 0), (5, 5), (-1, 3)):
        with pytest.raises(ValueError):
            merkle.inclusion_proof(store.subtree, index, size)
    for first, second in ((5, 4), (-1, 3)):
        with pytest.raises(ValueError):
            merkle.consistency_proof(store.subtree, first, second)
    with pytest.raises(ValueError):
        merkle.root(store.subtree, -1)
    with pytest.raises(LookupError):
        store.subtree(3, 5)  # leaves 40–47 are not all there
    assert not merkle.verify_inclusion(store.subtree(0, 0), 0, 1, [], store.subtree(0, 0)[:31])


class Synthetic:
    """A store of any size that makes up its hashes, counts reads and refuses incomplete subtrees."""

    def __init__(self, size):
        self.size, self.reads = size, []

    def subtree(self, level, index):
        assert level >= 0 and index >= 0 and (index + 1) << level <= self.size, (level, index)
        self.reads.append((level, index))
        return hashlib.sha256(f"{level}/{index}".encode()).digest()


SIZES = [*range(1, 70), 1000, 4095, 4096, 4097, 999_999, 1_000_000, 1_048_575, 1_048_576, 2**40 + 12345]


@pytest.mark.parametrize("size", SIZES)
def test_roots_and_proofs_read_a_logarithmic_number_of_subtree_hashes(size):
    bound = 2 * math.ceil(math.log2(size)) + 2
    store = Synthetic(size)
    merkle.root(store.subtree, size)
    assert len(store.reads) == size.bit_count()
    for index in {0, size // 3, size // 2, size - 1}:
        store.reads = []
        merkle.inclusion_proof(store.subtree, index, size)
        assert len(store.reads) <= bound, (index, len(store.reads))
    for first in {1, size // 3, size // 2, size - 1}:
        store.reads = []
        merkle.consistency_proof(store.subtree, first, size)
        assert len(store.reads) <= bound, (first, len(store.reads))


def test_an_append_stores_the_leaf_and_the_subtrees_it_completes():
    store = store_of([b"a", b"b", b"c"])
    reads = []

    def subtree(level, index):
        reads.append((level, index))
        return store.subtree(level, index)

    leaf = merkle.leaf_hash(b"d")
    rows = merkle.new_subtrees(subtree, 3, leaf)
    assert [(level, index) for level, index, _ in rows] == [(0, 3), (1, 1), (2, 0)]
    assert reads == [(0, 2), (1, 0)]
    store.append(b"d")
    assert rows[-1][2] == merkle.root(store.subtree, 4) == store.subtree(2, 0)
    assert merkle.new_subtrees(subtree, 4, leaf) == [(0, 4, leaf)]


def test_a_compact_range_follows_the_store():
    store, compact = merkle.MemoryStore(), merkle.CompactRange()
    for i in range(MAX):
        assert compact.root() == merkle.root(store.subtree, i)
        assert compact.peaks == merkle.CompactRange.of(store.subtree, i).peaks
        store.append(b"%d" % i)
        compact.append(merkle.leaf_hash(b"%d" % i))
    with pytest.raises(ValueError):
        merkle.CompactRange(3, compact.peaks[:1])
