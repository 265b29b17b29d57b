"""The public ledger on the server: each published notice appended as canonical JSON, roots and
proofs from the stored subtree hashes, signed checkpoints, and the endpoints the verifier reads."""

import json

from tender_board_verify import merkle

from tender_board.extensions import db
from tender_board.ledger import log


def published(make, count):
    tenders = [make.open_tender() for _ in range(count)]
    db.session.commit()
    return tenders


def test_each_published_notice_is_an_entry_in_order(app, client, make):
    make.catalogue()  # five announcements (one sandbox), an amendment, a termination
    entries = log.entries(0, 100)
    assert [e.index for e in entries] == list(range(6))
    first = json.loads(entries[0].data)
    assert first["index"] == 0 and first["kind"] == "announcement" and first["number"] == 1
    assert first["ocid"] == f"ocds-tbmfa1-{first['reference']}"
    assert first["published_at"].endswith("Z") and first["approver_role"] == "approver"
    assert set(first["content"]) == {"body", "payload"}
    assert all(not json.loads(e.data)["reference"].startswith("SBX") for e in entries)
    for e in entries:
        assert e.leaf_hash == merkle.leaf_hash(e.data.encode("utf-8"))
        assert e.data == json.dumps(json.loads(e.data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
