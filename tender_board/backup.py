"""Backups of the whole board and their restoration: `flask backup DIR`, `flask restore FILE`.

SQLite: SQLite's online backup (a consistent copy while the servers keep serving and writing),
checked with `PRAGMA integrity_check`. PostgreSQL: `pg_dump --format=custom` (a consistent
snapshot, the servers keep running) and `pg_restore --clean --if-exists --single-transaction`.
The file name says when it was taken; the backup names the newest notice it holds, so an operator
can see what a restore will bring back. Secrets stay out of it: `instance/config.py` (the secret
key) and the ledger's signing key are copied apart, by hand, to where secrets are kept.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin",)


class BackupError(Exception):
    """Said to the operator in one line, with nothing changed."""


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next((str(Path(d) / name) for d in PG_BIN_DIRS if (Path(d) / name).exists()), None)
    if found is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client-15)")
    return found


def _pg_arguments(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, the password through the environment."""
    parsed = make_url(url)
    options = ["--dbname", parsed.database or "", "--no-password"]
    if parsed.host:
        options += ["--host", parsed.host]
    if parsed.port:
        options += ["--port", str(parsed.port)]
    if parsed.username:
        options += ["--username", parsed.username]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return options, env


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _run(command: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {completed.stderr.strip().splitlines()[-1:]}")


def backup(url: str, folder: Path, now: datetime | None = None) -> Path:
    """Write one backup file into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    if make_url(url).get_backend_name() == "postgresql":
        target = folder / f"tender_board-{stamp}.dump"
        options, env = _pg_arguments(url)
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *options], env)
        return target
    source, target = _sqlite_path(url), folder / f"tender_board-{stamp}.sqlite"
    if not source.exists():
        raise BackupError(f"no database at {source}")
    partial = target.with_suffix(".partial")
    live, copy = sqlite3.connect(source), sqlite3.connect(partial)
    try:
        live.backup(copy)
        (status,) = copy.execute("PRAGMA integrity_check").fetchone()
    finally:
        live.close()
        copy.close()
    if status != "ok":
        partial.unlink()
        raise BackupError(f"the copy failed its integrity check: {status}")
    partial.rename(target)  # a file named .sqlite is always a whole backup
    return target


def restore(url: str, file: Path) -> None:
    """Replace the database's contents with the backup's. Stop the servers first."""
    if not file.is_file():
        raise BackupError(f"no backup file {file}")
    if make_url(url).get_backend_name() == "postgresql":
        options, env = _pg_arguments(url)
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *options, str(file)], env)
        return
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        try:
            (status,) = source.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{file} is not a SQLite database: {error}") from None
        if status != "ok":
            raise BackupError(f"{file} is not a sound SQLite database: {status}")
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        live = sqlite3.connect(target)
        try:
            source.backup(live)  # page by page into the live file, its WAL included
        finally:
            live.close()
    finally:
        source.close()
