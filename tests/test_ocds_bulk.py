"""Bulk downloads: compiled releases as JSON lines (all, per year), CSV and XLSX by flatterer, each
with its size, SHA-256 and the ledger size it covers; rebuilt in the background, never in a request."""

import gzip
import hashlib
import io
import json
import zipfile

from tender_board.extensions import db
from tender_board.ocds import bulk


def lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in gzip.decompress(data).decode("utf-8").splitlines()]


def test_export_writes_every_file_with_its_manifest(app, make, tmp_path):
    make.every_kind()
    make.clock.advance(days=400)
    make.open_tender(title={"zh": "次年项目", "en": "Next year's works"})
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["ocds", "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text())
    names = {f["name"] for f in manifest["files"]}
    assert names == {"full.jsonl.gz", "2027.jsonl.gz", "2028.jsonl.gz", "full-csv.zip", "full.xlsx"}
    for f in manifest["files"]:
        data = (out / f["name"]).read_bytes()
        assert f["size"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
        assert f["ledger_size"] == manifest["ledger_size"] == bulk.ledger_size()
    full = lines((out / "full.jsonl.gz").read_bytes())
    assert len(full) == 5 and all(r["tag"] == ["compiled"] for r in full)
    assert len(lines((out / "2028.jsonl.gz").read_bytes())) == 1
    with zipfile.ZipFile(io.BytesIO((out / "full-csv.zip").read_bytes())) as zipped:
        tables = zipped.namelist()
        assert "full-csv/releases.csv" in tables and "full-csv/awards.csv" in tables
        assert zipped.read("full-csv/releases.csv").decode().count("\n") == 6  # header and 5 tenders
    assert (out / "full.xlsx").read_bytes()[:2] == b"PK"
    again = tmp_path / "again"
    app.test_cli_runner().invoke(args=["ocds", "export", str(again)])
    assert (again / "full.jsonl.gz").read_bytes() == (out / "full.jsonl.gz").read_bytes()  # reproducible


def test_the_downloads_page_lists_the_files_and_serves_them(app, make, client):
    make.every_kind()
    db.session.commit()
    page = client.get("/downloads?lang=en").get_data(as_text=True)
    assert "being built" in page
    bulk.regenerate()
    page = client.get("/downloads?lang=en").get_data(as_text=True)
    stored = {f.name: f for f in bulk.stored()}
    assert list(stored)[:3] == ["full-csv.zip", "full.jsonl.gz", "full.xlsx"]
    for name, f in stored.items():
        assert name in page and f.sha256 in page
        response = client.get(f"/downloads/{name}")
        assert response.status_code == 200 and hashlib.sha256(response.data).hexdigest() == f.sha256
        assert response.headers["Content-Type"].startswith(f.content_type)
        assert client.get(f"/downloads/{name}", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert "发布政策" in client.get("/downloads?lang=zh").get_data(as_text=True)
    make.clock.advance(hours=1)
    make.open_tender()
    db.session.commit()
    assert "being rebuilt" in client.get("/downloads?lang=en").get_data(as_text=True)  # the old files stay
    assert client.get("/downloads/nothing.jsonl.gz").status_code == 404


def test_a_publication_makes_the_files_stale_and_the_page_rebuilds_them_in_the_background(make_app, make, clock):
    app = make_app(OCDS_BULK_REFRESH=True)
    with app.app_context():
        make.open_tender()
        db.session.commit()
        bulk.regenerate()
        assert not bulk.stale()
        clock.advance(hours=1)
        make.open_tender()
        db.session.commit()
        assert bulk.stale()
        db.session.rollback()  # this test's own transaction would hold SQLite's write lock
        client = app.test_client()
        assert client.get("/downloads?lang=en").status_code == 200  # answered without waiting
        db.session.rollback()
        bulk._thread.join(timeout=60)
        db.session.expire_all()
        assert not bulk.stale() and len(lines(db.session.get(bulk.BulkFile, "full.jsonl.gz").data)) == 2


def test_sandbox_tenders_are_never_in_the_files(app, make, tmp_path):
    make.open_tender(sandbox=True)
    make.open_tender()
    db.session.commit()
    made = {f["name"]: f for f in bulk.build(tmp_path)}
    assert made["full.jsonl.gz"]["records"] == 1 and made["full.jsonl.gz"]["ledger_size"] == 1


def test_without_a_public_address_the_files_are_not_built(make_app, tmp_path):
    app = make_app(PUBLIC_URL=None, SERVER_NAME=None, OCDS_BULK_REFRESH=True)
    result = app.test_cli_runner().invoke(args=["ocds", "export", str(tmp_path)])
    assert result.exit_code != 0 and "PUBLIC_URL" in result.output
    with app.test_request_context("/downloads"):
        assert bulk.refresh_soon() is None  # no thread could build a link
