"""Backup → wipe → restore leaves nothing lost, on SQLite and on PostgreSQL."""

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from tender_board.documents.models import DocumentContent
from tender_board.extensions import db
from tender_board.notices.models import Notice
from tender_board.tenders.models import Tender
from tender_board.transaction import transaction

from .clients import upload


def everything() -> tuple:
    """Every row a reader or the ledger depends on, as values."""
    found = (
        sorted((t.reference, t.status.value, t.title["en"], t.version) for t in db.session.scalars(db.select(Tender))),
        sorted((n.id, n.number, n.sequence, n.kind.value, repr(n.payload), n.published_at)
               for n in db.session.scalars(db.select(Notice))),
        sorted((c.document_id, c.data) for c in db.session.scalars(db.select(DocumentContent))),
    )
    db.session.commit()
    return found


def wipe(app) -> None:
    db.session.remove()
    db.engine.dispose()
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)


def test_backup_wipe_restore_loses_nothing(app, make, tmp_path):
    with transaction():
        refs = make.catalogue()
    open_tender = db.session.scalar(db.select(Tender).where(Tender.reference == refs["hanoi"]))
    with transaction():
        headers = make.token(open_tender.manager)
    sent = upload(app.test_client(), open_tender.reference, headers, "drawings.pdf", b"%PDF-1.4 drawings")
    assert sent.status_code == 201, sent.data
    before = everything()
    assert before[1] and before[2]

    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    [file] = list((tmp_path / "backups").iterdir())
    assert file.name.startswith("tender_board-") and file.stat().st_size > 0

    wipe(app)
    restored = runner.invoke(args=["restore", str(file), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert everything() == before
    page = app.test_client().get(f"/tenders/{refs['hanoi']}?lang=en")
    assert page.status_code == 200 and refs["hanoi"].encode() in page.data


def test_bad_backup_requests_are_refused_plainly(app, tmp_path):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["restore", str(tmp_path / "nothing.sqlite"), "--yes"])
    assert missing.exit_code != 0 and "no backup file" in missing.output
    if db.engine.url.get_backend_name() == "sqlite":
        junk = tmp_path / "junk.sqlite"
        junk.write_bytes(os.urandom(4096))
        refused = runner.invoke(args=["restore", str(junk), "--yes"])
        assert refused.exit_code != 0 and "Traceback" not in refused.output


@pytest.mark.parametrize("answer", ["n\n", "\n"])
def test_restore_asks_first(app, tmp_path, answer):
    made = app.test_cli_runner().invoke(args=["backup", str(tmp_path)])
    [file] = list(tmp_path.glob("tender_board-*"))
    kept = app.test_cli_runner().invoke(args=["restore", str(file)], input=answer)
    assert made.exit_code == 0 and kept.exit_code != 0  # aborted: nothing replaced
