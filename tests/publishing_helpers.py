"""Shared helpers for the publishing tests: sample files, uploads, signing in."""

import io
import zipfile

from flask import g
from flask.testing import FlaskClient

from tender_board.auth.models import ApiToken, User
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.notices.models import Notice
from tender_board.tenders.models import Tender

from .factories import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TENDER_FORM = {
    "category": "overseas", "title_zh": "驻越南大使馆维修工程", "title_en": "Embassy in Hanoi: repairs",
    "description_zh": "外立面维修。", "description_en": "", "country": "VN", "city": "Hanoi",
    "mission_zh": "", "mission_en": "Embassy in Hanoi", "timezone": "Asia/Ho_Chi_Minh",
    "procuring_entity_zh": "外交部行政司", "procuring_entity_en": "", "agency_zh": "中咨招标代理",
    "agency_en": "", "value_amount": "1000000.00", "value_currency": "CNY", "procurement_method": "open",
    "qualification_zh": "", "qualification_en": "Class A builders", "rule_profile": "cn-works",
}


def office_package(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


DOCX = office_package("word/document.xml")
XLSX = office_package("xl/workbook.xml")


def upload(client, reference: str, headers: dict, filename: str, content: bytes,
           content_type: str = "application/pdf"):
    return client.post(f"/api/v1/tenders/{reference}/documents", headers=headers,
                       data={"file": (io.BytesIO(content), filename, content_type)},
                       content_type="multipart/form-data")


def sign_in(client, user, password: str = PASSWORD, **kwargs):
    return client.post("/login", data={"email": user.email, "password": password}, **kwargs)


class FreshClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in production.

    The `app` fixture keeps one app context pushed for the whole test, and requests reuse it:
    without this, the signed-in user (Flask-Login) and the language (Flask-Babel) cached in `g`
    by one request would leak into the next, even from another client.
    """

    def open(self, *args, **kwargs):
        for name in list(vars(g)):
            g.pop(name, None)
        return super().open(*args, **kwargs)


def client_for(app, user=None, password: str = PASSWORD) -> FreshClient:
    """A fresh browser: anonymous, or signed in as `user`."""
    app.test_client_class = FreshClient
    client = app.test_client()
    if user is not None:
        answer = sign_in(client, user, password)
        assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def snapshot() -> tuple:
    """Everything an action could change."""
    return (sorted((t.reference, t.version, t.status.value, t.city) for t in db.session.scalars(db.select(Tender))),
            sorted((n.id, n.status.value, n.rejection_reason) for n in db.session.scalars(db.select(Notice))),
            db.session.scalar(db.select(db.func.count(Document.id))),
            sorted((u.id, u.role.value, u.active, u.session_epoch) for u in db.session.scalars(db.select(User))),
            db.session.scalar(db.select(db.func.count(ApiToken.id)).where(ApiToken.revoked_at.is_(None))))
