"""Tampering with the database, as someone with its owner's rights could, is found: `flask ledger
verify` names the first notice or document that no longer matches the log, and
`tender-board-verify`, run against the live board with a saved state, reports a rollback, a fork,
a changed entry or a changed key. Each test tampers with its own copy of the database."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from tender_board_verify import merkle
from tender_board_verify.note import Signer

from tender_board.extensions import db
from tender_board.ledger import log
from tender_board.ledger import notices as ledger_notices
from tender_board.ledger.models import LedgerEntry
from tender_board.notices.models import Notice

from .clients import client_for, upload
from .live import serving
from .tampering import tamper

VERIFY = Path(sys.executable).parent / "tender-board-verify"
PDF = b"%PDF-1.4\n" + b"bill of quantities " * 40


@pytest.fixture
def board(app, make):
    """The catalogue (six ledger entries), the last entry a notice with a document."""
    references = make.catalogue()
    tender = make.tender()
    headers = make.token(tender.manager)
    db.session.commit()
    document = upload(client_for(app), tender.reference, headers, "boq.pdf", PDF).get_json()["id"]
    make.publish(tender, {**make.announcement(), "documents": [document]})
    world = {**references, "documented": tender.reference, "document": document}
    db.session.commit()  # reading the reference began a transaction, which must not hold SQLite's lock
    return world


def ledger_verify(app) -> tuple[int, str]:
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    return result.exit_code, result.output


def notice_id(index: int) -> int:
    return db.session.get(LedgerEntry, index).notice_id


def test_an_untouched_database_verifies(app, board):
    assert app.test_client().get("/ledger/checkpoint").status_code == 200
    code, output = ledger_verify(app)
    assert code == 0 and output.startswith("OK: every ledger entry matches") and "size 7" in output


def test_a_notice_changed_in_the_database_is_named(app, board):
    tamper("UPDATE notices SET body = '{\"zh\": \"篡改\", \"en\": \"tampered\"}' WHERE id = :id", id=notice_id(2))
    code, output = ledger_verify(app)
    assert code == 1
    assert output.startswith(f"FAILED: notice {board['hanoi']}/notices/2 (ledger entry 2) no longer matches"
                             " the ledger: content changed")


def test_a_tender_renamed_under_its_notices_is_named(app, board):
    tamper("UPDATE tenders SET reference = 'MFA-2027-OS-9999' WHERE reference = :was", was=board["closed"])
    code, output = ledger_verify(app)
    assert code == 1 and "FAILED: notice MFA-2027-OS-9999/notices/1 (ledger entry 0)" in output
    assert "reference changed" in output


def test_a_tender_title_changed_in_its_row_is_named(app, board):
    tamper("UPDATE tenders SET title = '{\"zh\": \"篡改\", \"en\": \"Tampered\"}' WHERE reference = :ref",
           ref=board["hanoi"])
    code, output = ledger_verify(app)
    assert code == 1
    assert f"FAILED: tender {board['hanoi']}: its row no longer holds what its notices published (title changed" in output
    assert b"Tampered" not in app.test_client().get(f"/tenders/{board['hanoi']}?lang=en").data  # pages read notices


def test_document_bytes_changed_are_named(app, board):
    tamper("UPDATE document_contents SET data = :data WHERE document_id = :id",
           data=PDF.replace(b"bill", b"kill"), id=board["document"])
    code, output = ledger_verify(app)
    assert code == 1
    assert output.startswith(f"FAILED: notice {board['documented']}/notices/1 (ledger entry 6): the bytes of"
                             " document 'boq.pdf' no longer has the SHA-256 the ledger holds")


def test_a_document_hash_changed_with_its_bytes_is_named(app, board):
    forged = PDF.replace(b"bill", b"kill")
    tamper("UPDATE document_contents SET data = :data WHERE document_id = :id",
           "UPDATE documents SET sha256 = :sha256 WHERE id = :id",
           data=forged, sha256=hashlib.sha256(forged).hexdigest(), id=board["document"])
    code, output = ledger_verify(app)
    assert code == 1 and f"{board['documented']}/notices/1 (ledger entry 6) no longer matches" in output
    assert "documents changed" in output


def test_a_log_entry_rewritten_or_removed_is_named(app, board):
    app.test_client().get("/ledger/checkpoint")  # signed at size 7
    tamper('UPDATE ledger_entries SET data = replace(data, :was, :now) WHERE "index" = 3',
           was='"number":1', now='"number":9')
    code, output = ledger_verify(app)
    assert code == 1 and "FAILED: ledger entry 3: its text no longer hashes to its leaf hash" in output
    tamper('DELETE FROM ledger_entries WHERE "index" >= 5')
    code, output = ledger_verify(app)
    assert "the checkpoint of 7 entries was signed, but the log has only 5: entries were removed" in output
    assert "was published but has no ledger entry" in output


def named(index: int) -> str:
    notice = db.session.get(Notice, notice_id(index))
    return f"notice {notice.tender.reference}/notices/{notice.number}"


def test_tampering_past_the_first_batch_is_named_once(app, board, monkeypatch):
    """The check reads the log a batch at a time: a notice and a document changed in later batches
    are named, each once, in log order."""
    monkeypatch.setattr(ledger_notices, "BATCH", 2)  # seven entries: four batches
    middle = named(4)
    tamper("UPDATE notices SET body = '{\"en\": \"tampered\"}' WHERE id = :id", id=notice_id(4))
    tamper("UPDATE document_contents SET data = :data WHERE document_id = :id",
           data=PDF.replace(b"bill", b"kill"), id=board["document"])
    code, output = ledger_verify(app)
    assert code == 1
    assert output.splitlines() == [
        f"FAILED: {middle} (ledger entry 4) no longer matches the ledger: content changed",
        f"also: notice {board['documented']}/notices/1 (ledger entry 6): the bytes of document 'boq.pdf'"
        " no longer has the SHA-256 the ledger holds"]


def test_an_entry_removed_from_the_middle_is_named(app, board, monkeypatch):
    """A gap in the log neither ends the reading early nor makes an entry count twice."""
    monkeypatch.setattr(ledger_notices, "BATCH", 2)
    app.test_client().get("/ledger/checkpoint")  # signed at size 7
    removed = named(3)
    tamper('DELETE FROM ledger_entries WHERE "index" = 3')
    code, output = ledger_verify(app)
    assert code == 1
    assert output.splitlines() == [
        "FAILED: the ledger's stored subtree hashes do not add up to its entries' root",
        "also: the checkpoint of 7 entries was signed, but the log has only 6: entries were removed",
        f"also: {removed} was published but has no ledger entry"]


def test_checkpoints_past_the_first_batch_are_checked(app, board, make, monkeypatch):
    """Checkpoints are read a batch at a time too: each that the log no longer holds is named, in
    order of size."""
    monkeypatch.setattr(ledger_notices, "BATCH", 2)
    for _ in range(3):  # signed at sizes 7, 8 and 9 (two batches); ten entries
        app.test_client().get("/ledger/checkpoint")
        make.open_tender()
        db.session.commit()
    removed = [named(8), named(9)]
    tamper('DELETE FROM ledger_entries WHERE "index" >= 8', "UPDATE ledger_checkpoints SET root = :root WHERE size = 8",
           root=bytes(32))
    code, output = ledger_verify(app)
    assert code == 1
    assert output.splitlines() == [
        "FAILED: the log's first 8 entries are not those of the checkpoint signed for that size",
        "also: the checkpoint of 9 entries was signed, but the log has only 8: entries were removed",
        *(f"also: {notice} was published but has no ledger entry" for notice in removed)]


# --- a watcher's view: the real tender-board-verify against the live board -----------------------

def watch(app, state: Path, *extra: str) -> subprocess.CompletedProcess:
    db.session.commit()  # the test's own transaction ends, as a request's would
    return subprocess.run([VERIFY, app.live_url, "--state", state, *extra],  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def rewrite_log(keep: int) -> None:
    """Keep the first `keep` entries and rebuild the stored tree for them, all checkpoints gone:
    what someone who wanted to rewrite history would do before the board signs again."""
    leaves = [e.leaf_hash for e in log.entries(0, keep)]
    store = merkle.MemoryStore()
    rows = []
    for index, leaf in enumerate(leaves):
        rows += merkle.new_subtrees(store.subtree, index, leaf)[1:]
        store.append_leaf_hash(leaf)
    tamper("DELETE FROM ledger_checkpoints", "DELETE FROM ledger_nodes", 'DELETE FROM ledger_entries WHERE "index" >= :keep',
           keep=keep)
    insert = text("INSERT INTO ledger_nodes (level, position, hash) VALUES (:level, :position, :hash)")
    for level, position, digest in rows:
        db.session.execute(insert, {"level": level, "position": position, "hash": digest})
    db.session.commit()


def test_a_watcher_verifies_then_catches_a_rollback(app, board, tmp_path):
    state = tmp_path / "board.json"
    with serving(app):
        first = watch(app, state)
        assert first.returncode == 0, first.stderr
        assert first.stdout.startswith(f"OK {app.live_url}: log 127.0.0.1/ledger has 7 entries")
        assert watch(app, state, "--entry", "6").returncode == 0
        rewrite_log(5)  # two notices removed from the log, and the shorter log signed anew
        second = watch(app, state)
    assert second.returncode == 1 and "FAILED: shorter log than before" in second.stderr
    assert "fewer than the 7 you verified" in second.stderr
    assert (tmp_path / "board.json.rejected-checkpoint").read_text().startswith("127.0.0.1/ledger\n5\n")


def test_a_watcher_catches_a_fork_of_the_same_size(app, board, make, tmp_path):
    state = tmp_path / "board.json"
    with serving(app):
        assert watch(app, state).returncode == 0
        rewrite_log(6)  # the last entry removed, and another notice published in its place
        make.publish(make.tender(), make.announcement())
        forked = watch(app, state)
    assert forked.returncode == 1 and "FAILED: fork: the board signed two different logs of 7 entries" in forked.stderr


def test_a_watcher_catches_an_entry_changed_and_a_new_key(app, board, make, tmp_path):
    state = tmp_path / "board.json"
    with serving(app):
        assert watch(app, state).returncode == 0
        make.publish(make.tender(), make.announcement())
        grown = watch(app, state)
        assert grown.returncode == 0 and "consistent with the 7 entries verified" in grown.stdout
        assert "1 new entry verified" in grown.stdout
        app.config["LEDGER_SIGNING_KEY"] = str(Signer.generate("tenders.test/ledger"))
        rekeyed = watch(app, state)
        assert rekeyed.returncode == 1 and "FAILED: the board's key changed" in rekeyed.stderr
        served_key = app.test_client().get("/ledger/key", base_url=app.live_url).get_data(as_text=True).strip()
        trusted = watch(app, state, "--key", served_key)  # after the board announced its new key
        assert trusted.returncode == 0 and "now trusting key" in trusted.stdout
        tamper('UPDATE ledger_entries SET data = replace(data, :was, :now) WHERE "index" = 7',
               was='"approver_role":"approver"', now='"approver_role":"manager"')
        changed = watch(app, state, "--entry", "7")
    assert changed.returncode == 1 and "FAILED: entry 7 changed" in changed.stderr


def test_a_board_upgraded_from_before_the_ledger_backfills_it(app, board):
    """A notice published before the board kept a ledger (it has its sequence, no entry) is named by
    `flask ledger verify`, and `flask ledger backfill` appends it once, in publication order."""
    old = db.session.get(Notice, notice_id(0))
    row = {"tender_id": old.tender_id, "kind": "amendment", "status": "published", "number": 99,
           "sequence": 10_000, "author_id": old.author_id, "approver_id": old.approver_id,
           "body": {"en": "Published before the ledger."}, "created_at": old.published_at,
           "submitted_at": old.published_at, "published_at": old.published_at, "version": 1,
           "payload": {"changes": {"contact": {"en": "Room 1"}}, "rationale": {"en": "Before the ledger."}}}
    db.session.execute(insert(Notice), [row])
    db.session.commit()
    size = log.size()
    code, output = ledger_verify(app)
    assert code == 1 and "notices/99 was published but has no ledger entry" in output
    result = app.test_cli_runner().invoke(args=["ledger", "backfill"])
    assert result.exit_code == 0 and "1 published notices appended" in result.output
    assert log.size() == size + 1
    assert ledger_verify(app)[0] == 0
    again = app.test_cli_runner().invoke(args=["ledger", "backfill"])
    assert "0 published notices appended" in again.output and log.size() == size + 1


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's write lock; PostgreSQL readers never hold one")
def test_verifying_holds_no_write_lock_publications_go_on_meanwhile(app, board, make, monkeypatch):
    read_all = ledger_notices.verify
    written = []

    def verify_while_a_publication_commits():
        yield from read_all()  # the verifying transaction has read everything by now, and is still open
        with db.engine.connect() as other:  # another server publishing, with little patience
            other.connection.driver_connection.execute("PRAGMA busy_timeout = 200")
            with other.begin():
                other.execute(text("UPDATE counters SET value = value + 1 WHERE key = 'public-version'"))
            written.append(True)

    monkeypatch.setattr(ledger_notices, "verify", verify_while_a_publication_commits)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 0 and result.output.startswith("OK"), (result.output, result.exception)
    assert written == [True]
