"""The README's "Verify this board" steps, followed as a journalist would: a fresh virtualenv,
`pip install ./verifier`, then the command against a board (here the fake one)."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Verify this board\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_explains_every_failure_the_command_reports():
    section = readme_section()
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "verifier" / "tender_board_verify").glob("*.py"))
    for fragment in ("the board's key changed", "bad signature", "shorter log than before", "fork", "changed:",
                     "do not add up to its signed root", "cannot reach the board", "did not answer JSON",
                     "not a well-formed signed checkpoint", "is damaged", "rejected-checkpoint"):
        assert fragment.rstrip(":") in section and fragment in sources, fragment


@pytest.mark.slow
def test_a_journalist_installs_the_verifier_alone_and_runs_it(make_board, tmp_path):
    commands = re.search(r"```sh\n(.*?)```", readme_section(), re.S).group(1)
    assert "pip install ./verifier" in commands and "tender-board-verify https://" in commands
    clone = tmp_path / "clone"  # pip builds in the source tree: a copy keeps the worktree clean
    shutil.copytree(ROOT / "verifier", clone / "verifier", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)  # noqa: S603
    install = subprocess.run([venv / "bin" / "pip", "install", "--quiet", "./verifier"],  # noqa: S603
                             cwd=clone, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    listed = subprocess.run([venv / "bin" / "pip", "list", "--format=json"],  # noqa: S603
                            capture_output=True, text=True, check=True, timeout=120)
    installed = {package["name"].lower() for package in json.loads(listed.stdout)}
    assert {"tender-board-verify", "cryptography"} <= installed
    assert not installed & {"flask", "sqlalchemy", "psycopg", "tender-board", "tender_board"}

    board = make_board(30)
    command = [venv / "bin" / "tender-board-verify", board.url, "--state", tmp_path / "board.json"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert first.returncode == 0 and first.stdout.startswith(f"OK {board.url}: log tenders.test/ledger has 30")
    board.log = board.log.rewritten(board.log.entries[:29])
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert second.returncode == 1 and "FAILED: shorter log than before" in second.stderr
