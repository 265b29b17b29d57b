"""`tender-board-verify` end to end against a fake board served over HTTP."""

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tender_board_verify import merkle, note
from tender_board_verify.cli import main

from .fake_board import FakeBoard, FakeLog, notice


@pytest.fixture
def state_path(tmp_path):
    return tmp_path / "watch" / "board.json"


def run(board, state_path, *options, capsys):
    code = main([board.url, "--state", str(state_path), *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.strip(), err.strip()


def saved(state_path):
    return json.loads(state_path.read_text(encoding="utf-8"))


def test_first_run_pins_the_key_and_saves_the_checkpoint(make_board, state_path, capsys):
    board = make_board(20)
    code, out, err = run(board, state_path, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"OK {board.url}: log tenders.test/ledger has 20 entries")
    assert "first check: all 20 entries verified" in out and f"saved in {state_path}" in out
    assert len(out.splitlines()) == 1
    state = saved(state_path)
    assert state["key"] == str(board.log.signer.verifier())
    assert (state["size"], state["root"], state["origin"]) == (20, board.log.root().hex(), "tenders.test/ledger")
    assert state["checkpoint"] == board.log.checkpoint()
    assert len(state["peaks"]) == 2  # 20 = 16 + 4
    assert [p for p in os.listdir(state_path.parent)] == ["board.json"]  # no temporary file left


def test_second_run_proves_consistency_and_fetches_only_new_entries(make_board, state_path, capsys):
    board = make_board(20)
    assert run(board, state_path, capsys=capsys)[0] == 0
    board.log.append(*(notice(i) for i in range(20, 33)))
    board.requests.clear()
    code, out, _ = run(board, state_path, capsys=capsys)
    assert code == 0
    assert "has 33 entries" in out and "consistent with the 20 entries verified on" in out
    assert "13 new entries verified" in out
    assert "/api/v1/ledger/proof/consistency?from=20&to=33" in board.requests
    starts = [r for r in board.requests if r.startswith("/api/v1/ledger/entries")]
    assert starts[0] == "/api/v1/ledger/entries?start=20&end=33" and len(starts) == 2  # pages of 7
    assert saved(state_path)["size"] == 33


def test_an_unchanged_log_verifies_again(make_board, state_path, capsys):
    board = make_board(9)
    run(board, state_path, capsys=capsys)
    code, out, _ = run(board, state_path, capsys=capsys)
    assert code == 0 and "0 new entries verified" in out


def test_an_empty_log_then_its_first_entries(make_board, state_path, capsys):
    board = make_board(0)
    code, out, _ = run(board, state_path, capsys=capsys)
    assert code == 0 and "has 0 entries" in out
    board.log.append(notice(0), notice(1), notice(2))
    code, out, _ = run(board, state_path, capsys=capsys)
    assert code == 0 and "3 new entries verified" in out


def assert_failed_and_state_kept(board, state_path, capsys, *fragments):
    before = state_path.read_bytes()
    code, out, err = run(board, state_path, capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith("tender-board-verify: FAILED: ")
    for fragment in fragments:
        assert fragment in err
    assert state_path.read_bytes() == before
    return err


def test_a_truncated_and_resigned_log_is_a_rollback(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    board.log = board.log.rewritten(board.log.entries[:12])
    err = assert_failed_and_state_kept(board, state_path, capsys, "shorter log than before", "12 entries",
                                       "fewer than the 20 you verified", "rollback")
    evidence = state_path.with_name("board.json.rejected-checkpoint")
    assert evidence.read_text(encoding="utf-8") == board.log.checkpoint() and str(evidence) in err


def test_another_log_of_the_same_size_is_a_fork(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    entries = list(board.log.entries)
    entries[5] = entries[5].replace("Embassy", "Consulate")
    board.log = board.log.rewritten(entries)
    assert_failed_and_state_kept(board, state_path, capsys, "fork", "two different logs of 20 entries")


def test_an_entry_changed_and_resigned_fails_the_consistency_proof(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    entries = list(board.log.entries)
    entries[17] = entries[17].replace("Embassy", "Consulate")
    board.log = board.log.rewritten(entries + [notice(20)])
    assert_failed_and_state_kept(board, state_path, capsys, "fork", "does not extend the 20 entries",
                                 "consistency proof does not verify")


def test_entry_data_that_no_longer_matches_its_leaf_hash_is_named(make_board, state_path, capsys):
    board = make_board(20)
    board.data[17] = board.log.entries[17].replace("Embassy", "Consulate")
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 1 and "FAILED: entry 17 changed" in err
    assert not state_path.exists()


def test_entries_that_do_not_add_up_to_the_signed_root_fail(make_board, state_path, capsys):
    board = make_board(20)
    entries = list(board.log.entries)
    entries[3] = entries[3].replace("Embassy", "Consulate")
    board.entries_from = board.log.rewritten(entries)  # data and leaf hashes agree, the signed root does not
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 1 and "do not add up to its signed root" in err
    assert not state_path.exists()


def test_a_changed_key_is_reported_and_a_new_key_given_by_hand_is_pinned(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    old_key = str(board.log.signer.verifier())
    board.log = FakeLog(board.log.entries, note.Signer.generate("tenders.test/ledger"))
    new_key = str(board.log.signer.verifier())
    assert_failed_and_state_kept(board, state_path, capsys, "key changed", old_key, new_key, "--key")
    assert not state_path.with_name("board.json.rejected-checkpoint").exists()
    code, out, _ = run(board, state_path, "--key", new_key, capsys=capsys)
    assert code == 0 and "now trusting key tenders.test/ledger+" in out
    assert saved(state_path)["key"] == new_key


def test_a_key_given_by_hand_must_be_the_boards(make_board, state_path, capsys):
    board = make_board(5)
    other = str(note.Signer.generate("tenders.test/ledger").verifier())
    code, _, err = run(board, state_path, "--key", other, capsys=capsys)
    assert code == 1 and "key changed" in err and not state_path.exists()
    code, _, err = run(board, state_path, "--key", "not a key", capsys=capsys)
    assert code == 2 and "--key" in err


def test_a_bad_signature_is_reported(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    board.log.append(notice(20))
    signed = board.log.checkpoint()
    text, signature = signed.rsplit(" ", 1)
    forged = text + " " + signature[:20] + ("A" if signature[20] != "A" else "B") + signature[21:]
    board.answers["/ledger/checkpoint"] = (200, "text/plain", forged)
    assert_failed_and_state_kept(board, state_path, capsys, "bad signature", "does not verify")
    tampered = signed.replace("\n21\n", "\n22\n")
    board.answers["/ledger/checkpoint"] = (200, "text/plain", tampered)
    assert_failed_and_state_kept(board, state_path, capsys, "bad signature")


def test_a_checkpoint_signed_by_another_key_is_reported(make_board, state_path, capsys):
    board = make_board(20)
    impostor = FakeLog(board.log.entries, note.Signer.generate("tenders.test/ledger"))
    board.answers["/ledger/checkpoint"] = (200, "text/plain", impostor.checkpoint())
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 1 and "bad signature: the checkpoint is not signed by tenders.test/ledger+" in err


def test_a_checkpoint_for_another_log_is_reported(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    board.log = FakeLog(board.log.entries, board.log.signer, origin="elsewhere.test/ledger")
    assert_failed_and_state_kept(board, state_path, capsys, "'elsewhere.test/ledger'", "not 'tenders.test/ledger'")


def test_an_unreachable_board_is_reported(state_path, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = main([f"http://127.0.0.1:{port}", "--state", str(state_path), "--timeout", "5"])
    _, err = capsys.readouterr()
    assert code == 3 and "could not verify: cannot reach the board at" in err


ENTRIES = "/api/v1/ledger/entries"
GOOD_HASH = "00" * 32
X_HASH = merkle.leaf_hash(b"x").hex()


def page(next_url=None, **item):
    """A page of entries holding one item."""
    return json.dumps({"items": [{"index": 0, "data": "x", "leaf_hash": X_HASH, **item}], "next": next_url})


MALFORMED = [
    ("/ledger/key", "text/plain", "no key here\n"),
    ("/ledger/key", "text/plain", "a\nb\n"),
    ("/ledger/key", "text/plain", b"\xff\xfe"),
    ("/ledger/checkpoint", "text/plain", "not a note"),
    ("/ledger/checkpoint", "text/plain", "x" * 70_000),
    (ENTRIES, "text/html", "<html>maintenance</html>"),
    (ENTRIES, "application/json", "[]"),
    (ENTRIES, "application/json", '{"items": {}, "next": null}'),
    (ENTRIES, "application/json", '{"items": [], "next": null}'),
    (ENTRIES, "application/json", '{"items": [], "next": "/api/v1/ledger/entries?start=0&end=20"}'),
    (ENTRIES, "application/json", page(index=1)),
    (ENTRIES, "application/json", page(index=True)),
    (ENTRIES, "application/json", page(data=5)),
    (ENTRIES, "application/json", page(data="\ud800")),
    (ENTRIES, "application/json", page(leaf_hash=X_HASH.upper())),
    (ENTRIES, "application/json", page(leaf_hash=X_HASH[:-2])),
    (ENTRIES, "application/json", page("https://elsewhere.test/api/v1/ledger/entries?start=1&end=20")),
    (ENTRIES, "application/json", page(7)),
    (ENTRIES, "application/json", "[" * 100_000 + "]" * 100_000),
]


@pytest.mark.parametrize(("path", "content_type", "body"), MALFORMED)
def test_a_malformed_answer_is_reported_plainly(make_board, state_path, capsys, path, content_type, body):
    board = make_board(20)
    board.answers[path] = (200, content_type, body)
    code, out, err = run(board, state_path, capsys=capsys)
    assert (code, out) == (3, "") and err.startswith("tender-board-verify: could not verify: ")
    assert not state_path.exists()


@pytest.mark.parametrize("path", ["/ledger/key", "/ledger/checkpoint", ENTRIES, "/api/v1/ledger/proof/consistency"])
def test_a_server_error_is_reported_plainly(make_board, state_path, capsys, path):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    board.log.append(notice(20))
    board.answers[path] = (500, "text/html", "<h1>Internal Server Error</h1>")
    before = state_path.read_bytes()
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 3 and "the board answered 500 Internal Server Error to" in err and path in err
    assert state_path.read_bytes() == before


@pytest.mark.parametrize("body", [
    '{"from": 20, "to": 21}',
    '{"from": 20, "to": 21, "path": "abc"}',
    '{"from": 19, "to": 21, "path": []}',
    '{"from": 20, "to": 21, "path": [42]}',
])
def test_a_malformed_consistency_proof_is_reported(make_board, state_path, capsys, body):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    board.log.append(notice(20))
    board.answers["/api/v1/ledger/proof/consistency"] = (200, "application/json", body)
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 3 and "could not verify" in err


def test_a_wrong_consistency_proof_is_a_fork(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    board.log.append(notice(20))
    board.answers["/api/v1/ledger/proof/consistency"] = (
        200, "application/json", json.dumps({"from": 20, "to": 21, "path": [GOOD_HASH] * 3}))
    assert_failed_and_state_kept(board, state_path, capsys, "fork", "consistency proof does not verify")


def test_one_entry_checked_by_its_inclusion_proof(make_board, state_path, capsys):
    board = make_board(20)
    code, out, _ = run(board, state_path, "--entry", "5", capsys=capsys)
    assert code == 0 and out.endswith(f"; entry 5 is in the log; saved in {state_path}")
    assert "/api/v1/ledger/proof/inclusion?index=5&size=20" in board.requests
    code, _, err = run(board, state_path, "--entry", "20", capsys=capsys)
    assert code == 2 and "--entry 20: the log has 20 entries" in err


def test_an_old_entry_changed_since_it_was_verified_is_named(make_board, state_path, capsys):
    board = make_board(20)
    run(board, state_path, capsys=capsys)
    entries = list(board.log.entries)
    entries[3] = entries[3].replace("Embassy", "Consulate")
    board.data[3] = entries[3]  # its published leaf hash unchanged
    code, _, err = run(board, state_path, "--entry", "3", capsys=capsys)
    assert code == 1 and "FAILED: entry 3 changed" in err
    board.data.clear()
    board.entries_from = board.log.rewritten(entries)  # leaf hash changed too; the signed log not
    code, _, err = run(board, state_path, "--entry", "3", capsys=capsys)
    assert code == 1 and "entry 3 changed" in err and "inclusion proof does not verify" in err


def test_a_damaged_or_foreign_state_file_is_refused(make_board, state_path, capsys):
    board = make_board(5)
    state_path.parent.mkdir(parents=True)
    state_path.write_text('{"format": "tender-board-verify/1", "size": 5}')
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 3 and "is damaged" in err
    state_path.unlink()
    run(board, state_path, capsys=capsys)
    state = saved(state_path)
    state["root"] = "00" * 32
    state_path.write_text(json.dumps(state))
    code, _, err = run(board, state_path, capsys=capsys)
    assert code == 3 and "do not add up to its root" in err
    other = make_board(5)
    state_path.unlink()
    run(board, state_path, capsys=capsys)
    code, _, err = run(other, state_path, capsys=capsys)
    assert code == 2 and f"remembers {board.url}" in err


def test_a_board_under_a_path(make_board, state_path, capsys):
    board = make_board(10, prefix="/board")
    code, out, _ = run(board, state_path, capsys=capsys)
    assert code == 0 and "has 10 entries" in out
    assert "/board/api/v1/ledger/entries?start=7&end=10" in board.requests


@pytest.mark.parametrize("url", ["ftp://tenders.test", "tenders.test", "https://tenders.test/?q=1", "http://"])
def test_a_bad_address_is_a_usage_error(url, state_path, capsys):
    assert main([url, "--state", str(state_path)]) == 2
    assert "is not a board's address" in capsys.readouterr().err


def test_the_default_state_file_is_one_per_board(make_board, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    board = make_board(3)
    assert main([board.url]) == 0
    port = board.url.rsplit(":", 1)[1]
    assert (tmp_path / "xdg" / "tender-board-verify" / f"127.0.0.1_{port}.json").exists()


def test_the_installed_command(make_board, tmp_path):
    """The console script a journalist runs, as a separate process."""
    board = make_board(12)
    command = Path(sys.executable).parent / "tender-board-verify"
    state = tmp_path / "state.json"
    first = subprocess.run([command, board.url, "--state", state], capture_output=True, text=True, timeout=60)  # noqa: S603
    assert (first.returncode, first.stderr) == (0, "") and first.stdout.startswith("OK ")
    board.log = board.log.rewritten(board.log.entries[:4])
    second = subprocess.run([command, board.url, "--state", state], capture_output=True, text=True, timeout=60)  # noqa: S603
    assert second.returncode == 1 and "shorter log than before" in second.stderr
    assert "Traceback" not in second.stderr


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
PAGE = st.fixed_dictionaries({
    "items": st.lists(st.fixed_dictionaries({"index": JSON | st.integers(0, 3), "data": JSON, "leaf_hash": JSON}),
                      max_size=3),
    "next": JSON,
})


@pytest.fixture(scope="module")
def fuzzed_board():
    with FakeBoard(FakeLog([notice(i) for i in range(3)])) as board:
        yield board


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.one_of(JSON, PAGE), path=st.sampled_from([ENTRIES, "/api/v1/ledger/proof/inclusion"]))
def test_any_json_answer_fails_plainly(fuzzed_board, capsys, answer, path):
    fuzzed_board.answers = {path: (200, "application/json", json.dumps(answer))}
    with tempfile.TemporaryDirectory() as directory:
        code = main([fuzzed_board.url, "--state", f"{directory}/s.json", "--entry", "1"])
    out, err = capsys.readouterr()
    assert code in (1, 3), err
    assert "Traceback" not in err and "internal error" not in err
