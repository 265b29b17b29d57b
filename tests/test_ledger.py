"""The public ledger on the server: each published notice appended as canonical JSON, roots and
proofs from the stored subtree hashes (the pure algorithm is tested in tests/verifier), signed
checkpoints, and the endpoints the verifier reads, bad parameters included."""

import base64
import hashlib
import json
import os
import stat

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from tender_board_verify import merkle

from tender_board.extensions import db
from tender_board.ledger import checkpoints, log, notices, signing
from tender_board.ledger.canonical import canonical_json
from tender_board.ledger.models import LedgerCheckpoint, LedgerNode
from tender_board.notices.models import NoticeKind

from .clients import parse
from .factories import count
from .tampering import tamper


def publish(make, tenders: int) -> None:
    for _ in range(tenders):
        make.open_tender()
    db.session.commit()


def test_each_published_notice_is_an_entry_in_order(app, make):
    make.catalogue()  # five announcements (one of them sandbox), an amendment, a termination
    entries = log.entries(0, 100)
    assert [e.index for e in entries] == list(range(6))
    first = json.loads(entries[0].data)
    assert set(first) == {"index", "ocid", "reference", "kind", "number", "published_at", "approver_role",
                          "content", "documents"}
    assert (first["index"], first["kind"], first["number"], first["approver_role"]) == (0, "announcement", 1,
                                                                                      "approver")
    assert first["ocid"] == f"ocds-tb0000-{first['reference']}" and first["published_at"] == "2027-03-01T02:00:00Z"
    assert set(first["content"]) == {"body", "payload"}
    assert not any(json.loads(e.data)["reference"].startswith("SBX") for e in entries)
    for e in entries:
        assert e.leaf_hash == merkle.leaf_hash(e.data.encode("utf-8"))
        assert e.data == json.dumps(json.loads(e.data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert "\\u" not in e.data  # Chinese as UTF-8, not escaped


def test_every_kind_of_notice_enters_the_ledger_and_verifies(app, make):
    make.every_kind()
    kinds = {json.loads(e.data)["kind"] for e in log.entries(0, 100)}
    assert kinds == {k.value for k in NoticeKind}
    assert list(notices.verify()) == []


def test_canonical_json_refuses_floats_and_writes_utc():
    from datetime import datetime, timedelta, timezone

    beijing = datetime(2027, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    assert canonical_json({"b": "维修", "a": [1, beijing]}) == '{"a":[1,"2027-03-01T02:00:00Z"],"b":"维修"}'
    with pytest.raises(TypeError, match="float"):
        canonical_json({"price": {"amount": 1.5}})


def test_a_document_attached_to_a_notice_is_logged_with_its_sha256(app, make):
    from .clients import client_for, upload

    manager = make.default("manager")
    tender = make.tender()
    headers = make.token(manager)
    db.session.commit()
    pdf = b"%PDF-1.4\n" + b"tender documents " * 50
    answer = upload(client_for(app), tender.reference, headers, "terms.pdf", pdf)
    document_id = answer.get_json()["id"]
    make.publish(tender, {**make.announcement(), "documents": [document_id]})
    db.session.commit()
    logged = json.loads(log.entries(0, 1)[0].data)["documents"]
    assert logged == [{"filename": "terms.pdf", "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)}]


def test_roots_and_every_proof_up_to_40_come_from_the_stored_subtrees(app, make):
    publish(make, 40)
    leaves = [e.leaf_hash for e in log.entries(0, 40)]
    memory = merkle.MemoryStore()
    roots = [merkle.EMPTY_ROOT]
    for leaf in leaves:
        memory.append_leaf_hash(leaf)
        roots.append(merkle.root(memory.subtree, memory.size))
    nodes = db.session.scalars(select(LedgerNode)).all()  # every complete subtree above the leaves, once
    assert len(nodes) == 40 - (40).bit_count() and max(n.level for n in nodes) == 5
    assert all(n.hash == memory.subtree(n.level, n.position) for n in nodes)
    for size in range(0, 41):
        assert log.root(size) == roots[size]
        for index in range(size):
            path = log.inclusion_proof(index, size)
            assert path == merkle.inclusion_proof(memory.subtree, index, size)
            assert merkle.verify_inclusion(leaves[index], index, size, path, roots[size])
        for first in range(0, size + 1):
            proof = log.consistency_proof(first, size)
            assert merkle.verify_consistency(first, size, roots[first], roots[size], proof)


# --- the endpoints ------------------------------------------------------------------------------

def test_entries_are_served_in_pages_with_the_exact_text_hashed(app, client, make):
    app.config["LEDGER_PAGE_SIZE"] = 4
    publish(make, 6)
    first = client.get("/api/v1/ledger/entries?start=1&end=6").get_json()
    assert [item["index"] for item in first["items"]] == [1, 2, 3, 4]
    assert first["next"] == "http://tenders.test/api/v1/ledger/entries?start=5&end=6"
    second = client.get(first["next"]).get_json()
    assert [item["index"] for item in second["items"]] == [5] and second["next"] is None
    for item in first["items"] + second["items"]:
        assert bytes.fromhex(item["leaf_hash"]) == merkle.leaf_hash(item["data"].encode("utf-8"))
    assert client.get("/api/v1/ledger/entries?start=6&end=99").get_json() == {"items": [], "next": None}
    everything = client.get("/api/v1/ledger/entries").get_json()
    assert len(everything["items"]) == 4 and everything["next"].endswith("start=4&end=6")


def test_proofs_are_served_as_the_verifier_reads_them(app, client, make):
    publish(make, 7)
    inclusion = client.get("/api/v1/ledger/proof/inclusion?index=3&size=7").get_json()
    assert inclusion == {"index": 3, "size": 7, "root": log.root(7).hex(),
                         "path": [h.hex() for h in log.inclusion_proof(3, 7)]}
    consistency = client.get("/api/v1/ledger/proof/consistency?from=3&to=7").get_json()
    assert consistency == {"from": 3, "to": 7, "path": [h.hex() for h in log.consistency_proof(3, 7)]}
    leaf = log.entries(3, 4)[0].leaf_hash
    assert merkle.verify_inclusion(leaf, 3, 7, [bytes.fromhex(h) for h in inclusion["path"]], log.root(7))


HUGE = str(2**63)
BAD = [
    ("/api/v1/ledger/proof/inclusion?index=5&size=5", "index"),  # index ≥ size
    ("/api/v1/ledger/proof/inclusion?index=0&size=0", "index"),
    ("/api/v1/ledger/proof/inclusion?index=0&size=6", "size"),  # size > current
    (f"/api/v1/ledger/proof/inclusion?index=0&size={HUGE}", "size"),  # past 2^63 - 1
    (f"/api/v1/ledger/proof/inclusion?index={HUGE}0000&size=3", "index"),
    ("/api/v1/ledger/proof/inclusion?index=-1&size=3", "index"),
    ("/api/v1/ledger/proof/inclusion?index=a&size=3", "index"),
    ("/api/v1/ledger/proof/inclusion?index=1.0&size=3", "index"),
    ("/api/v1/ledger/proof/inclusion?index=%EF%BC%91&size=3", "index"),  # a full-width digit
    ("/api/v1/ledger/proof/inclusion?index=%20 1&size=3", "index"),
    ("/api/v1/ledger/proof/inclusion?size=3", "index"),
    ("/api/v1/ledger/proof/consistency?from=4&to=3", "from"),  # from > to
    ("/api/v1/ledger/proof/consistency?from=1&to=6", "to"),
    (f"/api/v1/ledger/proof/consistency?from=1&to={'9' * 40}", "to"),
    ("/api/v1/ledger/proof/consistency?from=-2&to=3", "from"),
    ("/api/v1/ledger/proof/consistency?from=1", "to"),
    ("/api/v1/ledger/entries?start=3&end=2", "start"),
    (f"/api/v1/ledger/entries?start={HUGE}", "start"),
    ("/api/v1/ledger/entries?start=0&end=x", "end"),
    ("/api/v1/ledger/entries?start=-1", "start"),
]


@pytest.mark.parametrize(("url", "field"), BAD)
def test_bad_parameters_are_400_with_a_json_error_naming_them(app, client, make, url, field):
    publish(make, 5)
    answer = client.get(url)
    assert answer.status_code == 400 and answer.is_json
    assert answer.get_json()["error"]["code"] == "invalid_parameter"
    assert answer.get_json()["error"]["field"] == field


def test_an_empty_ledger_answers_too(app, client):
    assert client.get("/api/v1/ledger/entries").get_json() == {"items": [], "next": None}
    assert client.get("/api/v1/ledger/proof/consistency?from=0&to=0").get_json() == {"from": 0, "to": 0, "path": []}
    assert client.get("/api/v1/ledger/proof/inclusion?index=0&size=0").status_code == 400
    note = client.get("/ledger/checkpoint").get_data(as_text=True)
    assert note.startswith(f"tenders.test/ledger\n0\n{base64.b64encode(merkle.EMPTY_ROOT).decode()}\n\n— ")


# --- checkpoints and the key --------------------------------------------------------------------

def independent_open(note: str, vkey: str) -> tuple[str, int, bytes]:
    """C2SP signed-note and tlog-checkpoint read from their specifications alone (not the project's
    code): the key, its ID, the signature line and the body's three lines."""
    name, key_hex, key64 = vkey.split("+", 2)
    key = base64.b64decode(key64)
    assert key[0] == 0x01 and len(key) == 33  # Ed25519
    assert hashlib.sha256(name.encode() + b"\n" + key).digest()[:4] == bytes.fromhex(key_hex)
    body, _, signatures = note.partition("\n\n")
    body += "\n"
    lines = signatures.rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith(f"— {name} ")
    raw = base64.b64decode(lines[0].split(" ")[2])
    assert raw[:4] == bytes.fromhex(key_hex)
    Ed25519PublicKey.from_public_bytes(key[1:]).verify(raw[4:], body.encode())  # raises if forged
    origin, size, root64 = body[:-1].split("\n")
    return origin, int(size), base64.b64decode(root64)


def test_the_checkpoint_verifies_with_an_independent_signed_note_reader(app, client, make):
    publish(make, 5)
    vkey = client.get("/ledger/key").get_data(as_text=True)
    assert client.get("/ledger/key").mimetype == "text/plain" and vkey.endswith("\n")
    answer = client.get("/ledger/checkpoint")
    assert answer.mimetype == "text/plain"
    note = answer.get_data(as_text=True)
    assert independent_open(note, vkey.strip()) == ("tenders.test/ledger", 5, log.root(5))
    forged = note.replace("\n5\n", "\n4\n", 1)
    with pytest.raises(InvalidSignature):
        independent_open(forged, vkey.strip())


def issued() -> int:
    """Checkpoints stored; the test's own transaction ends here, as a request's would (outside a
    request it holds SQLite's write lock, which the signing connection would wait for)."""
    number = count(LedgerCheckpoint)
    db.session.commit()
    return number


def test_the_missing_checkpoint_is_signed_at_the_next_request_and_kept(app, client, make):
    publish(make, 2)
    assert issued() == 0  # publishing signs nothing: its commit comes after
    first = client.get("/ledger/checkpoint").get_data(as_text=True)
    assert client.get("/ledger/checkpoint").get_data(as_text=True) == first and issued() == 1
    publish(make, 1)
    third = client.get("/ledger/checkpoint").get_data(as_text=True)
    assert "\n3\n" in third and issued() == 2


def test_no_checkpoint_is_signed_that_contradicts_an_earlier_one(app, client, make):
    publish(make, 4)
    signed = client.get("/ledger/checkpoint").get_data(as_text=True)
    tamper("UPDATE ledger_nodes SET hash = :h WHERE level = 2 AND position = 0", h=b"\0" * 32)
    publish(make, 1)  # a fifth entry on a log whose past no longer adds up
    with pytest.raises(checkpoints.InconsistentLog, match="first 4 entries"):
        checkpoints.issue()
    assert client.get("/ledger/checkpoint").get_data(as_text=True) == signed  # the earlier one, still
    tamper('DELETE FROM ledger_nodes', 'DELETE FROM ledger_entries WHERE "index" >= 2')
    with pytest.raises(checkpoints.InconsistentLog, match="fewer than the 4"):
        checkpoints.issue()


def test_the_key_is_generated_once_into_the_instance_folder(make_app, tmp_path):
    app = make_app(LEDGER_SIGNING_KEY=None, LEDGER_KEY_FILE=None)
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        first = signing.signer()
        path = signing.key_file()
        assert path == tmp_path / "instance" / "ledger-signing.key"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert path.read_text().startswith("PRIVATE+KEY+tenders.test/ledger+")
    again = make_app(LEDGER_SIGNING_KEY=None, LEDGER_KEY_FILE=str(path))
    with again.app_context():
        assert signing.signer() == first
    named = make_app(LEDGER_SIGNING_KEY=None, LEDGER_KEY_FILE=str(tmp_path / "other.key"),
                     LEDGER_ORIGIN="tenders.example.gov/log", LEDGER_KEY_NAME="ministry-ledger")
    with named.app_context():
        assert signing.signer().name == "ministry-ledger" and signing.origin() == "tenders.example.gov/log"


def test_a_new_key_signs_the_same_log_again(make_app, make, tmp_path):
    app = make_app()
    with app.app_context():
        publish(make, 3)
        before = checkpoints.issue()
        app.config["LEDGER_SIGNING_KEY"] = None
        app.config["LEDGER_KEY_FILE"] = str(tmp_path / "rotated.key")
        after = checkpoints.issue()
        assert (after.size, after.root) == (before.size, before.root) and after.key != before.key
        assert checkpoints.latest().note == after.note
        db.session.commit()  # see issued()
        app.config["LEDGER_ORIGIN"] = "tenders.example.gov/ledger"  # a new address: the same log, named anew
        renamed = checkpoints.issue()
        assert renamed.note.startswith("tenders.example.gov/ledger\n3\n") and renamed.key == after.key


# --- where readers meet it -----------------------------------------------------------------------

def test_the_ledger_page_in_both_languages(app, client, make):
    make.catalogue()
    db.session.commit()  # see issued(): reading the references began a transaction
    english = client.get("/ledger?lang=en").get_data(as_text=True)
    assert "Public ledger" in english and "How to verify" in english and "tender-board-verify" in english
    assert "tenders.test/ledger" in english and str(signing.signer().verifier()) in english
    latest = json.loads(log.entries(5, 6)[0].data)
    assert f'/tenders/{latest["reference"]}/notices/{latest["number"]}' in english
    chinese = client.get("/ledger?lang=zh").get_data(as_text=True)
    assert "公开账本" in chinese and "如何验证" in chinese and "最新条目" in chinese


def test_a_notice_page_and_the_api_name_its_ledger_index_and_proof(app, client, make):
    references = make.catalogue()
    hanoi = client.get(f"/api/v1/tenders/{references['hanoi']}").get_json()
    amendment = hanoi["notices"][1]
    assert amendment["ledger_index"] == 2
    assert amendment["ledger_proof"] == "http://tenders.test/api/v1/ledger/proof/inclusion?index=2&size=6"
    assert client.get(amendment["ledger_proof"]).status_code == 200
    page = client.get(f"/tenders/{references['hanoi']}/notices/2?lang=en").get_data(as_text=True)
    assert "ledger entry 2" in page and "/api/v1/ledger/proof/inclusion?index=2&amp;size=6" in page
    sandbox = client.get(f"/api/v1/tenders/{references['sandbox']}?sandbox=1").get_json()
    assert sandbox["notices"][0]["ledger_index"] is None and sandbox["notices"][0]["ledger_proof"] is None


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET data = 'x'", "DELETE FROM ledger_entries",
    "UPDATE ledger_nodes SET level = level", "DELETE FROM ledger_nodes",
    "UPDATE ledger_checkpoints SET note = 'x'", "DELETE FROM ledger_checkpoints",
])
def test_the_database_refuses_to_change_or_remove_what_the_ledger_holds(app, client, make, statement):
    publish(make, 2)
    client.get("/ledger/checkpoint")
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()


def test_the_commands_sign_the_committed_size_and_print_the_key(app, make):
    publish(make, 3)
    runner = app.test_cli_runner()
    signed = runner.invoke(args=["ledger", "checkpoint"])
    assert signed.exit_code == 0 and signed.output.startswith("tenders.test/ledger\n3\n") and "\n\n— " in signed.output
    assert runner.invoke(args=["ledger", "checkpoint"]).output == signed.output  # signed once
    key = runner.invoke(args=["ledger", "key"])
    assert key.exit_code == 0 and key.output == f"{signing.signer().verifier()}\n"


def test_a_feed_item_names_its_ledger_entry_and_links_its_proof(app, client, make):
    references = make.catalogue()
    db.session.commit()
    feed = parse(client.get(f"/tenders/{references['hanoi']}/feed.atom?lang=en"))
    summaries = [entry.summary for entry in feed.entries]
    for index in (1, 2):  # the announcement and the amendment
        assert any(f'Public ledger entry: <a href="http://tenders.test/api/v1/ledger/proof/inclusion?index={index}'
                   f'&amp;size=6">{index}</a>' in summary for summary in summaries), summaries
