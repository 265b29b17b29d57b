"""``tender-board-verify URL [--state FILE] [--entry N] [--key VKEY]``: check a board's ledger.

Exit status: 0 verified (one line on standard output); 1 the board failed a check (bad
signature, key changed, shorter log than before, fork, entry changed); 2 a usage error; 3 the
check could not be made (board unreachable, malformed answer, damaged state file). Messages go
to standard error, in plain words; never a traceback.
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path

from . import __version__, state
from .check import Result, check
from .client import Board
from .errors import CannotVerify, UsageError, VerificationFailed
from .note import NoteError, Verifier

PROGRAM = "tender-board-verify"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Check that a Tender Board's public ledger was never rewritten.",
        epilog="Exit status: 0 verified, 1 the board failed a check, 2 usage error, 3 could not check.",
    )
    parser.add_argument("url", help="the board's address, e.g. https://tenders.example.org")
    parser.add_argument("--state", type=Path, help="the file that remembers this board (default: one per board"
                        " under $XDG_STATE_HOME/tender-board-verify)")
    parser.add_argument("--entry", type=int, metavar="N", help="also check entry N's inclusion proof")
    parser.add_argument("--key", metavar="VKEY", help="trust this verifier key (obtained elsewhere) instead of"
                        " the one pinned, e.g. after the board announced a new key")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each answer (30)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UsageError as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug here, never the board's fault: still no traceback
        print(f"{PROGRAM}: internal error, please report it: {error!r}", file=sys.stderr)
        return 4


def _run(args: argparse.Namespace) -> int:
    board = Board(args.url, timeout=args.timeout)
    key = _key(args.key)
    path = args.state or state.default_path(board.url)
    try:
        previous = state.load(path)
        if previous is not None and previous.board != board.url:
            raise UsageError(f"the state file {path} remembers {previous.board}; give another --state for {board.url}")
        result = check(board, previous, key=key, entry=args.entry)
        state.save(path, result.state)
    except VerificationFailed as failure:
        kept = _keep_evidence(path, failure.evidence)
        print(f"{PROGRAM}: FAILED: {failure}{kept}", file=sys.stderr)
        return failure.exit_status
    except CannotVerify as error:
        print(f"{PROGRAM}: could not verify: {error}", file=sys.stderr)
        return error.exit_status
    print(summary(result, path))
    return 0


def _key(text: str | None) -> Verifier | None:
    if text is None:
        return None
    try:
        return Verifier.parse(text.strip())
    except NoteError as error:
        raise UsageError(f"--key: {error}") from None


def _keep_evidence(path: Path, evidence: str | None) -> str:
    """Keep the rejected checkpoint next to the state, which holds the one verified before."""
    if evidence is None:
        return ""
    kept = path.with_name(path.name + ".rejected-checkpoint")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(evidence, encoding="utf-8")
    except OSError:
        return ""
    return f" (the board's signed checkpoint is kept in {kept})"


def summary(result: Result, path: Path) -> str:
    new, old = result.state, result.previous
    head = f"OK {new.board}: log {new.origin} has {new.size} entries, root {base64.b64encode(new.root).decode()}"
    if old is None:
        key = new.key
        story = f"first check: all {new.size} entries verified, key {key.name}+{key.key_id:08x} pinned"
    else:
        added = new.size - old.size
        story = (
            f"consistent with the {old.size} entries verified on {old.verified_at[:10]},"
            f" {added} new {'entry' if added == 1 else 'entries'} verified"
        )
        if old.key != new.key:
            story += f", now trusting key {new.key.name}+{new.key.key_id:08x}"
    spot = f"; entry {result.checked_entry} is in the log" if result.checked_entry is not None else ""
    return f"{head}; {story}{spot}; saved in {path}"
