"""Driving and reading the app as its users do: a browser (signed in or not, its forms as it posts
them, uploads), a feed reader, and what a test watches: the SQL sent, everything a refusal must
leave unchanged."""

import io
import re
import zipfile
from datetime import timedelta
from zoneinfo import ZoneInfo

import feedparser
from flask import g, has_app_context, render_template_string
from flask.testing import FlaskClient
from sqlalchemy import event

from tender_board.auth.models import ApiToken, Role, User
from tender_board.documents.models import Document
from tender_board.extensions import db
from tender_board.notices.models import Notice, NoticeStatus
from tender_board.tenders.models import Tender

from .factories import BIDDERS, PASSWORD, evaluation_body, tender_bids

FORMATS = ("rss", "atom")


class FreshClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in production.

    The `app` fixture keeps one app context pushed for the whole test and requests reuse it:
    without this, the signed-in user (Flask-Login) and the language (Flask-Babel) cached in `g`
    by one request would leak into the next, even from another client.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(vars(g)):
                g.pop(name, None)
        return super().open(*args, **kwargs)


# --- a browser --------------------------------------------------------------------------------

def sign_in(client, user, password: str = PASSWORD, **kwargs):
    return client.post("/login", data={"email": user.email, "password": password}, **kwargs)


def client_for(app, user=None, password: str = PASSWORD) -> "FreshClient":
    """A fresh browser: anonymous, or signed in as `user` (conftest makes every client fresh)."""
    client = app.test_client()
    if user is not None:
        answer = sign_in(client, user, password)
        assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def signed_in(app, user, lang: str = "en"):
    """A browser signed in as `user`, reading in `lang` (Accept-Language)."""
    client = client_for(app, user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    return client


def approve(app, make, notice_id: int):
    """An approver (not the author) approves the notice in the browser; returns the notice."""
    approver = make.default(Role.APPROVER)
    db.session.commit()
    answer = client_for(app, approver).post(f"/manage/notices/{notice_id}/approve")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    notice = db.session.get(Notice, notice_id)
    db.session.refresh(notice)
    return notice


def latest_notice() -> Notice | None:
    return db.session.scalar(db.select(Notice).order_by(Notice.id.desc()).limit(1))


def sections(app, tender, now, lang: str = "en") -> str:
    """The tender page's bids sections as a reader in `lang` sees them."""
    with app.test_request_context(f"/?lang={lang}"):
        return render_template_string('{% include "bids/_sections.html" %}', tender=tender, now=now)


# --- forms and files as a browser sends them -----------------------------------------------------

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


def local(moment, zone: str = "Asia/Ho_Chi_Minh") -> str:
    """A datetime-local value in `zone` for an aware moment."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def bid_rows(tender, count: int = 3, **overrides) -> dict:
    """The opening form's rows for `count` bids received before the deadline."""
    data = {}
    for i, (name, number, country) in enumerate(BIDDERS[:count]):
        row = {"name": name, "registration_number": number, "country": country,
               "price_amount": str(900000 + 10000 * i), "price_currency": "CNY",
               "received_at": local(tender.bid_deadline - timedelta(hours=5 + i), tender.timezone),
               "security": "", "status": "valid", "reason": "", **overrides}
        data.update({f"bids-{i}-{key}": value for key, value in row.items()})
    return data


def evaluation_form(tender, scores: dict | None = None, members: list[dict] | None = None, **extra) -> dict:
    """The evaluation form as a browser posts it: the same evaluation as `evaluation_body`."""
    body = evaluation_body(tender, scores, **({"committee": members} if members else {}))
    data = {"method": body["method"], "report_document": ""}
    for i, criterion in enumerate(body["criteria"]):
        data.update({f"criteria-{i}-name_zh": criterion["name"]["zh"], f"criteria-{i}-name_en": criterion["name"]["en"],
                     f"criteria-{i}-weight": criterion["weight"]})
    for i, member in enumerate(body["committee"]):
        data.update({f"committee-{i}-name": member["name"], f"committee-{i}-expertise": member["expertise"]})
    ids = {b.registration_number: b.id for b in tender_bids(tender)}
    data.update({f"score_{ids[s['bid']]}_{s['criterion']}": s["value"] for s in body["scores"]})
    data.update(extra)
    return data


# --- a feed reader -------------------------------------------------------------------------------

def parse(response):
    """The feed as a feed reader sees it; fails the test if it is not well formed."""
    assert response.status_code == 200, response.get_data(as_text=True)
    parsed = feedparser.parse(response.data, response_headers={"content-type": response.content_type})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def guids(parsed) -> list[str]:
    return [entry.id for entry in parsed.entries]


def permalink(notice) -> str:
    return f"http://tenders.test/tenders/{notice.tender.reference}/notices/{notice.number}"


def published_notices(*tenders) -> list:
    """The published notices of these tenders, newest first, as the feeds order them."""
    notices = [n for t in tenders for n in t.notices if n.status == NoticeStatus.PUBLISHED]
    return sorted(notices, key=lambda n: (n.published_at, n.id), reverse=True)


def all_published() -> list:
    return db.session.query(Notice).filter(Notice.status == NoticeStatus.PUBLISHED).all()


def listed_references(html: str) -> set[str]:
    """The tenders a search page lists: the links to tender pages."""
    return set(re.findall(r'href="/tenders/([A-Z]+-\d{4}-[A-Z]{2}-\d+)"', html))


# --- what a test watches -------------------------------------------------------------------------

class QueryCounter:
    """Counts the SQL statements sent while it is active (BEGIN and the like aside)."""

    def __init__(self):
        self.statements = []

    def _record(self, _conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


def snapshot() -> tuple:
    """Everything an action could change."""
    return (sorted((t.reference, t.version, t.status.value, t.city) for t in db.session.scalars(db.select(Tender))),
            sorted((n.id, n.status.value, n.rejection_reason) for n in db.session.scalars(db.select(Notice))),
            db.session.scalar(db.select(db.func.count(Document.id))),
            sorted((u.id, u.role.value, u.active, u.session_epoch) for u in db.session.scalars(db.select(User))),
            db.session.scalar(db.select(db.func.count(ApiToken.id)).where(ApiToken.revoked_at.is_(None))))
