"""The README's "Verify this board", followed for real against this board: a journalist's own
virtualenv with nothing but `pip install ./verifier`, then the command, against the live server,
today and again after new notices (tests/verifier/test_readme.py follows it against a fake board)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tender_board.extensions import db

from .live import serving

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Verify this board\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


@pytest.mark.slow
def test_a_journalist_follows_the_readme_against_the_real_board(app, make, tmp_path):
    commands = readme_commands()
    assert commands[0].startswith("python3 -m venv ") and commands[1] == "pip install ./verifier"
    assert commands[2] == "tender-board-verify https://tenders.example.org"
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "verifier", clone / "verifier", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    venv = tmp_path / "tender-board-verify"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)  # noqa: S603
    install = subprocess.run([venv / "bin" / "pip", "install", "--quiet", "./verifier"],  # noqa: S603
                             cwd=clone, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr

    references = make.catalogue()
    db.session.commit()
    state = tmp_path / "state.json"
    with serving(app):
        command = [venv / "bin" / "tender-board-verify", app.live_url, "--state", state]
        today = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
        assert today.returncode == 0, today.stderr
        assert today.stdout.startswith(f"OK {app.live_url}: log 127.0.0.1/ledger has 6 entries")
        assert "first check: all 6 entries verified, key tenders.test/ledger+" in today.stdout

        make.publish(make.tender(), make.announcement())
        db.session.commit()
        page = app.test_client().get(f"/tenders/{references['hanoi']}/notices/2?lang=en", base_url=app.live_url)
        entry = re.search(r"ledger entry (\d+)", page.get_data(as_text=True)).group(1)
        later = subprocess.run([*command, "--entry", entry], capture_output=True, text=True, timeout=120)  # noqa: S603
    assert later.returncode == 0, later.stderr
    assert re.search(r"consistent with the 6 entries verified on \d{4}-\d{2}-\d{2}, 1 new entry verified", later.stdout)
    assert f"entry {entry} is in the log" in later.stdout
