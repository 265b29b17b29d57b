"""Uploads (type checked by content, size limit, SHA-256, safe names) and who may download."""

import hashlib
import io
from zoneinfo import ZoneInfo

import pytest

from tender_board.auth.models import Role
from tender_board.auth.operations import find_user
from tender_board.documents.models import Document, DocumentContent
from tender_board.extensions import db

from .clients import DOCX, DOCX_TYPE, JPEG, PDF, PNG, XLSX, XLSX_TYPE, client_for, office_package, sign_in, upload
from .factories import count


@pytest.fixture
def draft(make):
    tender = make.tender()
    db.session.commit()
    return tender


@pytest.fixture
def api(app):
    return client_for(app)


def stored_contents() -> list[bytes]:
    return [row.data for row in db.session.scalars(db.select(DocumentContent))]


@pytest.mark.parametrize(("filename", "content", "content_type"), [
    ("spec.pdf", PDF, "application/pdf"), ("site.png", PNG, "image/png"), ("photo.jpg", JPEG, "image/jpeg"),
    ("terms.docx", DOCX, DOCX_TYPE), ("bill.xlsx", XLSX, XLSX_TYPE),
    ("spec.pdf", PDF, "application/octet-stream"),  # a generic type is read from the extension
])
def test_each_accepted_type_is_stored_under_a_generated_name_with_its_sha256(app, api, make, draft, filename,
                                                                              content, content_type):
    answer = upload(api, draft.reference, make.token(draft.manager), filename, content, content_type)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest() and body["size"] == len(content)
    document = db.session.get(Document, body["id"])
    assert document.filename == filename and stored_contents() == [content]


@pytest.mark.parametrize(("filename", "content", "content_type", "status", "code"), [
    ("spec.pdf", PNG, "application/pdf", 422, "type_mismatch"),
    ("photo.jpg", PDF, "image/jpeg", 422, "type_mismatch"),
    ("terms.docx", office_package("xl/workbook.xml"), DOCX_TYPE, 422, "type_mismatch"),
    ("terms.docx", b"PK\x03\x04 not really a zip", DOCX_TYPE, 422, "type_mismatch"),
    ("spec.exe", PDF, "application/pdf", 422, "type_mismatch"),
    ("notes.txt", b"hello", "text/plain", 415, "unsupported_type"),
    ("empty.pdf", b"", "application/pdf", 422, "empty_file"),
    ("../../etc/passwd.pdf", PDF, "application/pdf", 422, "bad_filename"),
    ("..\\..\\win.pdf", PDF, "application/pdf", 422, "bad_filename"),
])
def test_a_refused_upload_says_why_and_stores_nothing(app, api, make, draft, filename, content, content_type,
                                                      status, code):
    answer = upload(api, draft.reference, make.token(draft.manager), filename, content, content_type)
    assert answer.status_code == status and answer.get_json()["error"]["code"] == code
    assert answer.get_json()["error"]["field"] == "file"
    assert count(Document) == 0 and stored_contents() == []


def test_the_refusal_is_in_the_readers_language(api, make, draft):
    headers = make.token(draft.manager)
    db.session.commit()
    english = upload(api, draft.reference, {**headers, "Accept-Language": "en"}, "spec.pdf", PNG)
    chinese = upload(api, draft.reference, {**headers, "Accept-Language": "zh-CN"}, "spec.pdf", PNG)
    assert "does not match" in english.get_json()["error"]["message"]
    assert "不符" in chinese.get_json()["error"]["message"]


def test_control_and_direction_characters_are_removed_from_the_name(api, make, draft):
    answer = upload(api, draft.reference, make.token(draft.manager), "spec\u202eification.pdf", PDF)
    assert answer.get_json()["filename"] == "specification.pdf"
    answer = upload(api, draft.reference, make.token(draft.manager), "spec\x07\ufffeifi\uffffcation.pdf", PDF)
    assert answer.get_json()["filename"] == "specification.pdf"


def test_an_upload_over_the_request_limit_is_413(make_app, make):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    with app.app_context():
        tender = make.tender()
        headers = make.token(tender.manager)
        db.session.commit()
        answer = upload(app.test_client(), tender.reference, headers, "big.pdf", PDF + b"0" * 4096)
        assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "request_entity_too_large"
        assert count(Document) == 0


def test_a_document_over_the_document_limit_is_413_and_nothing_is_kept(make_app, make):
    app = make_app(DOCUMENT_MAX_SIZE=100 * 1024)
    with app.app_context():
        tender = make.tender()
        headers = make.token(tender.manager)
        db.session.commit()
        answer = upload(app.test_client(), tender.reference, headers, "big.pdf", PDF + b"0" * 200 * 1024)
        assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "too_large"
        assert count(Document) == 0 and stored_contents() == []


def test_an_oversized_upload_in_the_browser_gets_an_html_413(make_app, make):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    with app.app_context():
        tender = make.tender()
        db.session.commit()
        client = client_for(app, tender.manager)
        answer = client.post(f"/manage/tenders/{tender.reference}/documents", content_type="multipart/form-data",
                             data={"file": (io.BytesIO(PDF + b"0" * 4096), "big.pdf", "application/pdf")})
        assert answer.status_code == 413 and answer.mimetype == "text/html"


def test_a_mismatched_upload_in_the_browser_shows_the_error_beside_the_field(app, make, draft):
    client = client_for(app, draft.manager)
    answer = client.post(f"/manage/tenders/{draft.reference}/documents?lang=en", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PNG), "spec.pdf", "application/pdf")})
    assert answer.status_code == 422
    assert 'id="file-error"' in answer.get_data(as_text=True) and count(Document) == 0


def test_downloads_before_and_after_publication(app, make, draft):
    other_manager, approver, evaluator = make.user(Role.MANAGER), make.user(Role.APPROVER), make.user(Role.EVALUATOR)
    db.session.commit()
    document_id = upload(client_for(app), draft.reference, make.token(draft.manager), "spec.pdf", PDF).get_json()["id"]
    path = f"/documents/{document_id}"
    assert client_for(app).get(path).status_code == 404
    assert client_for(app, other_manager).get(path).status_code == 404
    assert client_for(app, evaluator).get(path).status_code == 404
    assert client_for(app, approver).get(path).status_code == 200
    mine = client_for(app, draft.manager).get(path)
    assert mine.status_code == 200 and mine.data == PDF and mine.mimetype == "application/pdf"
    assert mine.headers["Content-Disposition"].startswith("attachment") and "spec.pdf" in mine.headers["Content-Disposition"]
    assert "no-store" in mine.headers["Cache-Control"]

    make.publish(draft, {**make.announcement(), "documents": [document_id]})
    db.session.commit()
    public = client_for(app).get(path)
    assert public.status_code == 200 and public.data == PDF and public.headers["ETag"]
    assert "no-store" not in public.headers.get("Cache-Control", "")


def test_only_the_tenders_manager_uploads(api, make, draft):
    other = make.user(Role.MANAGER)
    approver = make.user(Role.APPROVER)
    db.session.commit()
    assert upload(api, draft.reference, make.token(other), "spec.pdf", PDF).status_code == 404
    assert upload(api, draft.reference, make.token(approver), "spec.pdf", PDF).status_code == 404
    assert upload(api, draft.reference, {}, "spec.pdf", PDF).status_code == 401
    assert count(Document) == 0


def test_a_document_downloads_from_any_app_server(app, make_app, api, make, draft):
    """App servers share only the database: another server has the bytes too."""
    answer = upload(api, draft.reference, make.token(draft.manager), "spec.pdf", PDF, "application/pdf")
    document_id, email = answer.get_json()["id"], draft.manager.email
    db.session.commit()  # this server's session lets go of the database
    other_server = make_app()
    browser = other_server.test_client()
    with other_server.app_context():
        manager = find_user(email)
    assert sign_in(browser, manager).status_code == 302
    download = browser.get(f"/documents/{document_id}")
    assert download.status_code == 200 and download.data == PDF


def test_stored_bytes_never_change(app, api, make, draft):
    answer = upload(api, draft.reference, make.token(draft.manager), "spec.pdf", PDF, "application/pdf")
    with pytest.raises(Exception, match="immutable"):
        db.session.execute(db.text("UPDATE document_contents SET data = :d WHERE document_id = :i"),
                           {"d": b"%PDF-forged", "i": answer.get_json()["id"]})
    db.session.rollback()


MIB = 1024 * 1024


def test_a_document_of_exactly_20_mib_is_accepted_and_one_byte_more_is_413(make_app, make):
    """The limit the README states is the file's: the multipart framing around it does not count."""
    app = make_app()
    with app.app_context():
        tender = make.tender()
        headers = make.token(tender.manager)
        db.session.commit()
        exact = PDF + b"0" * (20 * MIB - len(PDF))
        accepted = upload(app.test_client(), tender.reference, headers, "exact.pdf", exact)
        assert accepted.status_code == 201, accepted.get_json()
        assert accepted.get_json()["size"] == 20 * MIB
        refused = upload(app.test_client(), tender.reference, headers, "over.pdf", exact + b"0")
        assert refused.status_code == 413 and refused.get_json()["error"]["field"] == "file"
        assert count(Document) == 1


def test_the_browser_form_takes_exactly_20_mib_too(make_app, make):
    app = make_app()
    with app.app_context():
        tender = make.tender()
        db.session.commit()
        client = client_for(app, tender.manager)
        exact = PDF + b"0" * (20 * MIB - len(PDF))
        token = "I" * 91  # a CSRF token's length: the form's other field adds to the request
        answer = client.post(f"/manage/tenders/{tender.reference}/documents", content_type="multipart/form-data",
                             data={"csrf_token": token, "file": (io.BytesIO(exact), "exact.pdf", "application/pdf")})
        assert answer.status_code == 302 and count(Document) == 1
        assert db.session.scalar(db.select(Document.size)) == 20 * MIB


@pytest.mark.parametrize("lang, words", [("en", "not available yet"), ("zh", "尚未开始发售")])
def test_a_public_document_waits_for_the_documents_window(app, make, draft, clock, lang, words):
    from datetime import timedelta
    document_id = upload(client_for(app), draft.reference, make.token(draft.manager), "spec.pdf", PDF).get_json()["id"]
    opens = clock() + timedelta(days=2)
    make.publish(draft, {**make.announcement(), "documents_from": opens.isoformat(), "documents": [document_id]})
    db.session.commit()
    path = f"/documents/{document_id}?lang={lang}"
    early = client_for(app).get(path)
    page = early.get_data(as_text=True)
    assert early.status_code == 403 and words in page and "spec.pdf" in page and PDF not in early.data
    beijing = opens.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{beijing.hour:02d}:{beijing.minute:02d}" in page and str(beijing.year) in page
    assert "no-store" in early.headers["Cache-Control"]
    assert client_for(app, draft.manager).get(path).data == PDF  # its manager may always check it
    clock.advance(days=2)
    assert client_for(app).get(path).data == PDF
