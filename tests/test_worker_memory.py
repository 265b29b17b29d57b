"""An app server carries only what answering requests needs: the libraries that only the command
line (migrations) or the bulk export (flattening) use are loaded when those run, and still work."""

import os
import subprocess
import sys

# Alembic (11 MiB) comes with Flask-Migrate; pandas and numpy (55 MiB) with flatterer.
CLI_ONLY = ("flask_migrate", "alembic", "flatterer", "pandas", "numpy")


def run(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'board.sqlite'}", "TENDER_BOARD_SECRET_KEY": "x"}
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120,  # noqa: S603
                          check=False)


def test_an_app_server_does_not_load_the_command_line_libraries(tmp_path):
    script = ("import sys; from tender_board import create_app; create_app().test_client().get('/ledger/key'); "
              f"print(','.join(m for m in {CLI_ONLY!r} if m in sys.modules))")
    done = run(["-c", script], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_migration_commands_still_run_from_the_command_line(tmp_path):
    flask = ["-m", "flask", "--app", "tender_board", "db"]
    upgraded = run([*flask, "upgrade"], tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    heads = run([*flask, "heads"], tmp_path)
    assert heads.returncode == 0 and "(head)" in heads.stdout, heads.stderr
    listed = run([*flask, "--help"], tmp_path)
    assert "upgrade" in listed.stdout and "--directory" in listed.stdout
