"""The server's ledger at 1,000,000 entries in SQLite: a checkpoint, an inclusion proof and a
consistency proof, each read from the stored subtree hashes (`ledger_nodes`), never from all entries.

    .venv/bin/python bench/ledger.py [--entries 1000000] [--samples 200] [--database FILE]

1. Builds a fresh database with the real migrations, then loads `--entries` synthetic entries and
   their subtree hashes in bulk (the same rows `log.append` writes, computed with the verifier's
   `merkle.new_subtrees`; the entries point at no real notice: foreign keys are off for the load).
2. Times, with the app's own functions and endpoints, `--samples` times each (the median, p99
   and max):
   - an append through `log.append` (the publication's own path);
   - issuing the checkpoint of the new size (`checkpoints.issue`: root, Ed25519 signed note, stored);
   - `GET /ledger/checkpoint`;
   - `GET /api/v1/ledger/proof/inclusion` of a random entry at a random recent size;
   - `GET /api/v1/ledger/proof/consistency` from a random earlier size to a random recent one;
   and checks every proof with the verifier's functions.
"""

import argparse
import json
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event
from tender_board_verify import merkle

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tender_board import create_app  # noqa: E402
from tender_board.extensions import db  # noqa: E402
from tender_board.ledger import checkpoints, log  # noqa: E402
from tender_board.ledger.canonical import canonical_json  # noqa: E402
from tender_board.transaction import transaction  # noqa: E402

BATCH = 20_000


def synthetic_entry(index: int) -> str:
    return canonical_json({
        "index": index, "ocid": f"ocds-tb0000-MFA-2027-OS-{index:07d}", "reference": f"MFA-2027-OS-{index:07d}",
        "kind": "announcement", "number": 1, "published_at": "2027-03-01T02:00:00Z", "approver_role": "approver",
        "content": {"body": {"zh": f"使馆维修工程 {index}", "en": f"Embassy repair works {index}"},
                    "payload": {"bid_deadline": "2027-03-26T02:00:00+00:00", "opening_place": {"zh": "北京开标室"}}},
        "documents": [{"filename": "terms.pdf", "sha256": "ab" * 32, "size": 123456}],
    })


def load(path: Path, entries: int) -> float:
    """Insert the entries and their subtree hashes as `log.append` would; returns the seconds taken."""
    start = time.perf_counter()
    store = merkle.MemoryStore()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    for first in range(0, entries, BATCH):
        rows, nodes = [], []
        for index in range(first, min(entries, first + BATCH)):
            data = synthetic_entry(index)
            leaf = merkle.leaf_hash(data.encode("utf-8"))
            rows.append((index, 1_000_000_000 + index, data, leaf))
            nodes += merkle.new_subtrees(store.subtree, index, leaf)[1:]
            store.append_leaf_hash(leaf)
        connection.executemany('INSERT INTO ledger_entries ("index", notice_id, data, leaf_hash) VALUES (?, ?, ?, ?)',
                               rows)
        connection.executemany("INSERT INTO ledger_nodes (level, position, hash) VALUES (?, ?, ?)", nodes)
        connection.commit()
    connection.close()
    return time.perf_counter() - start


def hashes(path: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in path]


def timed(samples: list[float], function, *args):
    start = time.perf_counter()
    result = function(*args)
    samples.append(time.perf_counter() - start)
    return result


def row(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"| {name} | {statistics.median(ms):.2f} | {p99:.2f} | {ms[-1]:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database", type=Path, help="an SQLite file to create (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=9162)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = tempfile.TemporaryDirectory(prefix="ledger-bench-")
    path = args.database or Path(folder.name) / "ledger.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": secrets.token_hex(16),
                      "PUBLIC_URL": "http://bench.tenders.test", "SERVER_NAME": "bench.tenders.test",
                      "LEDGER_KEY_FILE": str(Path(folder.name) / "ledger-signing.key")})
    with app.app_context():
        upgrade()
        # Synthetic entries point at no notice: this benchmark's connections do not check the key.
        event.listen(db.engine, "connect", lambda connection, _record: connection.execute("PRAGMA foreign_keys=OFF"))
        db.engine.dispose()
    loading = load(path, args.entries)

    times = {name: [] for name in ("append", "issue", "checkpoint", "inclusion", "consistency")}
    client = app.test_client()
    size = args.entries
    with app.app_context():
        for sample in range(args.samples):
            with transaction():
                timed(times["append"], log.append, 2_000_000_000 + sample, synthetic_entry)
            size += 1
            issued = timed(times["issue"], checkpoints.issue)
            assert issued.size == size
            note = timed(times["checkpoint"], client.get, "/ledger/checkpoint").get_data(as_text=True)
            assert f"\n{size}\n" in note

            at = rng.randint(size - 10 * args.samples, size)
            index, first = rng.randrange(at), rng.randint(1, at)
            answer = timed(times["inclusion"], client.get, f"/api/v1/ledger/proof/inclusion?index={index}&size={at}")
            root, audit = bytes.fromhex(answer.get_json()["root"]), hashes(answer.get_json()["path"])
            assert merkle.verify_inclusion(log.entries(index, index + 1)[0].leaf_hash, index, at, audit, root)
            answer = timed(times["consistency"], client.get, f"/api/v1/ledger/proof/consistency?from={first}&to={at}")
            assert merkle.verify_consistency(first, at, log.root(first), root, hashes(answer.get_json()["path"]))
            db.session.commit()  # end the reads' transaction before the next append

    megabytes = path.stat().st_size / 2**20
    print(f"{args.entries:,} synthetic entries in SQLite ({megabytes:.0f} MiB), loaded in {loading:.1f} s;"
          f" {args.samples} samples, sizes from {args.entries:,} up")
    print()
    print("| operation | median ms | p99 ms | max ms |")
    print("|---|---|---|---|")
    print(row("append one entry (log.append, before its commit)", times["append"]))
    print(row("issue a checkpoint (root + Ed25519 note + store)", times["issue"]))
    print(row("GET /ledger/checkpoint", times["checkpoint"]))
    print(row("GET /api/v1/ledger/proof/inclusion", times["inclusion"]))
    print(row("GET /api/v1/ledger/proof/consistency", times["consistency"]))
    print()
    print(json.dumps({name: round(statistics.median(s) * 1000, 3) for name, s in times.items()}))


if __name__ == "__main__":
    main()
