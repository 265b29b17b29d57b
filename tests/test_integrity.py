"""Optimistic locking, and the published record that can never be edited or deleted."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from tender_board.errors import DomainError
from tender_board.extensions import db
from tender_board.models import Notice, Tender
from tender_board.notices.models import NoticeStatus
from tender_board.tenders.operations import update_tender


def test_a_write_based_on_a_stale_version_is_refused_and_changes_nothing(app, make):
    tender = make.tender()
    db.session.commit()
    update_tender(tender, {"city": "Da Nang"}, tender.manager, expected_version=1)
    db.session.commit()
    assert tender.version == 2
    with pytest.raises(DomainError) as refused:
        update_tender(tender, {"city": "Haiphong"}, tender.manager, expected_version=1)
    assert refused.value.status == 409 and refused.value.code == "stale_version"
    db.session.rollback()
    assert db.session.get(Tender, tender.id).city == "Da Nang"


def test_a_concurrent_write_is_caught_by_the_version_column(app, make):
    tender = make.tender()
    db.session.commit()
    db.session.refresh(tender)
    db.session.expunge(tender)  # this copy still believes version 1
    db.session.commit()
    with db.engine.begin() as other_writer:
        other_writer.execute(text("UPDATE tenders SET version = version + 1, city = 'Hue' WHERE id = :id"),
                             {"id": tender.id})
    tender = db.session.merge(tender, load=False)
    tender.city = "Haiphong"
    with pytest.raises(Exception) as stale:
        db.session.flush()
    assert "StaleDataError" in type(stale.value).__name__
    db.session.rollback()
    assert db.session.get(Tender, tender.id).city == "Hue"


def test_a_published_notice_cannot_be_edited_through_the_application(app, make):
    notice = make.open_tender().published_notices[0]
    db.session.commit()
    notice.body = {"zh": "改写"}
    with pytest.raises(DomainError) as refused:
        db.session.flush()
    assert refused.value.code == "notice_published"
    db.session.rollback()
    db.session.delete(db.session.get(Notice, notice.id))
    with pytest.raises(DomainError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", [
    "UPDATE notices SET payload = '{}' WHERE id = :id",
    "UPDATE notices SET status = 'draft' WHERE id = :id",
    "DELETE FROM notices WHERE id = :id",
    "DELETE FROM notice_documents WHERE notice_id = :id",
])
def test_the_database_refuses_too(app, make, statement):
    tender = make.tender()
    notice = make.publish(tender, make.announcement())
    db.session.execute(text(
        "INSERT INTO documents (tender_id, uploaded_by_id, filename, content_type, size, sha256, "
        "uploaded_at) VALUES (:t, :u, 'a.pdf', 'application/pdf', 1, :h, :at)"),
        {"t": tender.id, "u": tender.manager_id, "h": "0" * 64, "at": notice.published_at})
    db.session.execute(text("INSERT INTO notice_documents (notice_id, document_id) "
                            "SELECT :n, max(id) FROM documents"), {"n": notice.id})
    db.session.commit()
    with pytest.raises(DatabaseError, match="immutable"):
        db.session.execute(text(statement), {"id": notice.id})
    db.session.rollback()
    assert db.session.get(Notice, notice.id).status == NoticeStatus.PUBLISHED
    assert len(db.session.get(Notice, notice.id).documents) == 1


def test_drafts_can_still_be_edited(app, make):
    from tender_board.notices.operations import draft_notice
    tender = make.tender()
    notice = draft_notice(tender, make.announcement(), tender.manager)
    notice.body = {"zh": "补充说明"}
    db.session.commit()
    assert db.session.get(Notice, notice.id).body == {"zh": "补充说明"}


def _published_document(make, published: bool = True):
    """A document with its bytes, attached to a notice that is published (or only drafted)."""
    tender = make.tender()
    notice = make.publish(tender, make.announcement()) if published else None
    db.session.execute(text(
        "INSERT INTO documents (tender_id, uploaded_by_id, filename, content_type, size, sha256, "
        "uploaded_at) VALUES (:t, :u, 'a.pdf', 'application/pdf', 1, :h, :at)"),
        {"t": tender.id, "u": tender.manager_id, "h": "0" * 64, "at": tender.created_at})
    document_id = db.session.execute(text("SELECT max(id) FROM documents")).scalar()
    db.session.execute(text("INSERT INTO document_contents (document_id, data) VALUES (:d, :b)"),
                       {"d": document_id, "b": b"x"})
    if notice is None:
        notice = make.submitted(tender, make.announcement())
    db.session.execute(text("INSERT INTO notice_documents (notice_id, document_id) VALUES (:n, :d)"),
                       {"n": notice.id, "d": document_id})
    db.session.commit()
    return document_id


@pytest.mark.parametrize("statement", [
    "UPDATE documents SET sha256 = :h WHERE id = :id",
    "UPDATE documents SET size = 2, filename = 'b.pdf' WHERE id = :id",
    "DELETE FROM documents WHERE id = :id",
    "DELETE FROM document_contents WHERE document_id = :id",
    "UPDATE document_contents SET data = :b WHERE document_id = :id",
    "UPDATE notice_documents SET document_id = document_id WHERE document_id = :id",
])
def test_the_database_refuses_to_change_a_published_document(app, make, statement):
    document_id = _published_document(make)
    with pytest.raises(DatabaseError, match="immutable"):
        db.session.execute(text(statement), {"id": document_id, "h": "1" * 64, "b": b"y"})
    db.session.rollback()
    row = db.session.execute(text("SELECT sha256, size, filename FROM documents WHERE id = :id"),
                             {"id": document_id}).one()
    assert tuple(row) == ("0" * 64, 1, "a.pdf")
    assert db.session.execute(text("SELECT data FROM document_contents WHERE document_id = :id"),
                              {"id": document_id}).scalar() == b"x"


def test_a_document_not_yet_published_may_still_be_changed_or_removed(app, make):
    document_id = _published_document(make, published=False)
    db.session.execute(text("UPDATE documents SET filename = 'b.pdf' WHERE id = :id"), {"id": document_id})
    db.session.execute(text("DELETE FROM notice_documents WHERE document_id = :id"), {"id": document_id})
    db.session.execute(text("DELETE FROM document_contents WHERE document_id = :id"), {"id": document_id})
    db.session.execute(text("DELETE FROM documents WHERE id = :id"), {"id": document_id})
    db.session.commit()
    assert db.session.execute(text("SELECT count(*) FROM documents")).scalar() == 0
