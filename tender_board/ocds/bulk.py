"""Bulk downloads, as the OCP data registry offers them: every tender's compiled release as JSON
lines (all, and one file per year of announcement), and the same flattened to CSV (zipped) and
XLSX by flatterer. Each file says its size, SHA-256 and the ledger size it covers.

`export(directory)` writes the files (`flask ocds export DIR`). `refresh_soon()` rebuilds the copies
kept in the database in a thread of its own once a publication has made them stale: a request
never waits for it, and meanwhile the previous files stay available.
"""

import gzip
import hashlib
import io
import json
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select

from ..clock import now as clock_now
from ..extensions import db
from ..notices.models import Notice
from ..times import BEIJING, parse
from ..transaction import transaction
from .models import BulkFile
from .packages import dumps
from .releases import public_notices, record

TYPES = {".jsonl.gz": "application/gzip", ".zip": "application/zip",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
BATCH = 200  # tenders read at a time


def content_type(name: str) -> str:
    return next(kind for ending, kind in TYPES.items() if name.endswith(ending))


def ledger_size() -> int:
    """How many public notices there are now (their sequences run from 1 without a gap, one
    index look-up): a bulk file covering fewer is stale."""
    return db.session.scalar(select(func.max(Notice.sequence))) or 0


def compiled_releases() -> Iterator[tuple[int, dict]]:
    """(year of the announcement in Beijing time, compiled release) of every real tender, in
    the order of their announcements in the ledger."""
    notices = db.session.scalars(public_notices().order_by(Notice.sequence)).all()
    by_tender: dict[int, list[Notice]] = {}
    for notice in notices:
        by_tender.setdefault(notice.tender_id, []).append(notice)
    for found in by_tender.values():
        built = record(found)
        if built is not None:
            year = parse(built["releases"][0]["date"]).astimezone(BEIJING).year
            yield year, built["compiledRelease"]


def build(directory: Path) -> list[dict]:
    """Write every bulk file into `directory`; their descriptions, manifest.json among the files."""
    directory.mkdir(parents=True, exist_ok=True)
    covered, lines = ledger_size(), list(compiled_releases())
    by_year: dict[str, list[dict]] = {"full": [c for _, c in lines]}
    for year, compiled in lines:
        by_year.setdefault(str(year), []).append(compiled)
    made = []
    for stem, releases in by_year.items():
        made.append(_write(directory / f"{stem}.jsonl.gz", _jsonl_gz(releases), len(releases), covered))
    made += _flattened(directory, by_year["full"], covered)
    manifest = {"ledger_size": covered, "generated_at": clock_now().isoformat(), "files": made}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return made


def _jsonl_gz(releases: list[dict]) -> bytes:
    text = "".join(dumps(release) + "\n" for release in releases)
    return gzip.compress(text.encode("utf-8"), mtime=0)  # the same releases, the same bytes


def _flattened(directory: Path, releases: list[dict], covered: int) -> list[dict]:
    """full-csv.zip (one CSV per table) and full.xlsx, flattened by flatterer."""
    if not releases:
        return []
    # Imported here: flatterer brings pandas and numpy (60 MiB), which no page needs, into every
    # app server that imported it; only a rebuild of the bulk files does.
    import flatterer  # noqa: PLC0415
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "full.jsonl"
        source.write_text("".join(dumps(r) + "\n" for r in releases), encoding="utf-8")
        out = Path(work) / "flat"
        flatterer.flatten(str(source), str(out), csv=True, xlsx=True, ndjson=True, force=True,
                          main_table_name="releases")
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for table in sorted((out / "csv").glob("*.csv")):
                zipped.writestr(zipfile.ZipInfo(f"full-csv/{table.name}", (1980, 1, 1, 0, 0, 0)),
                                table.read_bytes(), zipfile.ZIP_DEFLATED)
        return [_write(directory / "full-csv.zip", archive.getvalue(), len(releases), covered),
                _write(directory / "full.xlsx", (out / "output.xlsx").read_bytes(), len(releases), covered)]


def _write(path: Path, data: bytes, records: int, covered: int) -> dict:
    path.write_bytes(data)
    return {"name": path.name, "content_type": content_type(path.name), "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "records": records, "ledger_size": covered}


# --- the copies kept in the database ---------------------------------------------------------

def stored() -> list[BulkFile]:
    """The files as last built: the full ones first, then one per year, the newest first."""
    def order(file: BulkFile) -> tuple:
        stem = file.name.split(".")[0]
        return (0, file.name) if not stem.isdigit() else (1, -int(stem))
    return sorted(db.session.scalars(select(BulkFile)).all(), key=order)


def regenerate() -> None:
    """Build every file and replace the stored ones, in one transaction."""
    with tempfile.TemporaryDirectory() as work, transaction():
        made = build(Path(work))
        names = {m["name"] for m in made}
        for old in db.session.scalars(select(BulkFile)).all():
            if old.name not in names:
                db.session.delete(old)
        now = clock_now()
        for m in made:
            row = db.session.get(BulkFile, m["name"]) or BulkFile(name=m["name"])
            row.content_type, row.size, row.sha256 = m["content_type"], m["size"], m["sha256"]
            row.records, row.ledger_size, row.generated_at = m["records"], m["ledger_size"], now
            row.data = (Path(work) / m["name"]).read_bytes()
            db.session.add(row)


def stale() -> bool:
    covered = db.session.scalar(select(func.min(BulkFile.ledger_size)))
    return covered is None or covered < ledger_size()


_running = threading.Lock()
_thread: threading.Thread | None = None


def refresh_soon() -> threading.Thread | None:
    """When a publication made the stored files stale, rebuild them in a thread of this process
    (one at a time), without waiting for it. The thread, if one was started."""
    global _thread
    config = current_app.config
    # Outside a request, links can only be built on PUBLIC_URL (`make run` and `make dev` set it).
    if not (config["OCDS_BULK_REFRESH"] and config.get("PUBLIC_URL")) or not stale() \
            or not _running.acquire(blocking=False):
        return None
    _thread = threading.Thread(target=_refresh, args=(current_app._get_current_object(),), daemon=True)
    _thread.start()
    return _thread


def _refresh(app: Flask) -> None:
    try:
        with app.app_context():
            try:
                if stale():
                    regenerate()
            except Exception:  # noqa: BLE001 (a failed rebuild leaves the previous files; say why)
                app.logger.exception("bulk files not rebuilt")
            finally:
                db.session.remove()
    finally:
        _running.release()


def last_generated() -> datetime | None:
    return db.session.scalar(select(func.max(BulkFile.generated_at)))
