"""The ledger's Merkle tree at 1,000,000 entries, in memory: checkpoint, inclusion and consistency proofs.

    .venv/bin/python bench/ledger_merkle.py [--entries 1000000] [--samples 2000]

Builds a `MemoryStore` of synthetic notices, then times, for `--samples` random tree sizes and
indexes (each sample a different one, never one repeated address):

- a checkpoint: the root of size n, and the signed note of it;
- an inclusion proof of a random entry at size n, and its verification;
- a consistency proof from a random earlier size m to n, and its verification;

and the watcher's side: recomputing the root of every entry from leaf hashes (CompactRange).
The database-backed figures belong to the server's benchmark; this one is the arithmetic alone.
"""

import argparse
import random
import statistics
import time

from tender_board_verify import merkle, note


def synthetic_entry(i: int) -> bytes:
    return (
        f'{{"approver_role":"approver","content":{{"title":"Embassy repair works {i}"}},"documents":[],'
        f'"index":{i},"kind":"announcement","ocid":"ocds-tb0001-TB-2027-{i:06d}","published_at":"2027-03-01T02:00:00Z"}}'
    ).encode()


def signed_checkpoint(store: merkle.MemoryStore, signer: note.Signer, size: int) -> str:
    return note.sign_checkpoint(note.Checkpoint(signer.name, size, merkle.root(store.subtree, size)), signer)


class Counting:
    def __init__(self, store: merkle.MemoryStore) -> None:
        self.store, self.reads = store, 0

    def subtree(self, level: int, index: int) -> bytes:
        self.reads += 1
        return self.store.subtree(level, index)


def timed(samples: list[float], function, *args):
    start = time.perf_counter()
    result = function(*args)
    samples.append(time.perf_counter() - start)
    return result


def report(name: str, samples: list[float], reads: list[int] | None = None) -> str:
    micro = sorted(s * 1e6 for s in samples)
    p99 = micro[min(len(micro) - 1, int(len(micro) * 0.99))]
    line = f"| {name} | {statistics.median(micro):.1f} | {p99:.1f} | {micro[-1]:.1f} |"
    return line + (f" {max(reads)} |" if reads else " – |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=6962)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    store = merkle.MemoryStore()
    start = time.perf_counter()
    for i in range(args.entries):
        store.append(synthetic_entry(i))
    build = time.perf_counter() - start

    signer = note.Signer.generate("bench.tenders.test/ledger")
    counting = Counting(store)
    times = {name: [] for name in ("root", "checkpoint", "inclusion", "verify inclusion", "consistency",
                                   "verify consistency")}
    reads = {name: [] for name in ("root", "inclusion", "consistency")}
    low = max(1, args.entries - 10 * args.samples)
    for _ in range(args.samples):
        size = rng.randint(low, args.entries)  # recent sizes: where checkpoints and proofs are asked
        index, first = rng.randrange(size), rng.randint(1, size)

        counting.reads = 0
        root = timed(times["root"], merkle.root, counting.subtree, size)
        reads["root"].append(counting.reads)
        timed(times["checkpoint"], signed_checkpoint, store, signer, size)

        counting.reads = 0
        path = timed(times["inclusion"], merkle.inclusion_proof, counting.subtree, index, size)
        reads["inclusion"].append(counting.reads)
        assert timed(times["verify inclusion"], merkle.verify_inclusion, store.subtree(0, index), index, size,
                     path, root)

        counting.reads = 0
        proof = timed(times["consistency"], merkle.consistency_proof, counting.subtree, first, size)
        reads["consistency"].append(counting.reads)
        first_root = merkle.root(store.subtree, first)
        assert timed(times["verify consistency"], merkle.verify_consistency, first, size, first_root, root, proof)

    leaves = [store.subtree(0, i) for i in range(args.entries)]
    start = time.perf_counter()
    compact = merkle.CompactRange()
    for leaf in leaves:
        compact.append(leaf)
    assert compact.root() == merkle.root(store.subtree, args.entries)
    recompute = time.perf_counter() - start

    print(f"{args.entries:,} entries, {args.samples} samples of random sizes in [{low:,}, {args.entries:,}]")
    print(f"building the store: {build:.1f} s; a watcher recomputing the root from all leaf hashes: {recompute:.2f} s")
    print()
    print("| operation | median µs | p99 µs | max µs | subtree reads (max) |")
    print("|---|---|---|---|---|")
    print(report("root of size n", times["root"], reads["root"]))
    print(report("checkpoint (root + Ed25519 signed note)", times["checkpoint"]))
    print(report("inclusion proof", times["inclusion"], reads["inclusion"]))
    print(report("verify inclusion proof", times["verify inclusion"]))
    print(report("consistency proof", times["consistency"], reads["consistency"]))
    print(report("verify consistency proof", times["verify consistency"]))


if __name__ == "__main__":
    main()
