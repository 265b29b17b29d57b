"""Downloads. A document is public once attached to a published notice, and from the opening of
its tender's documents window (documents_from) on: before that a reader gets a 403 page saying
when. Its tender's manager and the approvers may always fetch it."""

from io import BytesIO

from flask import Blueprint, render_template, send_file
from flask_login import current_user
from sqlalchemy import select

from ..auth.models import Role
from ..clock import now as clock_now
from ..errors import not_found
from ..extensions import db
from ..notices.models import Notice, NoticeStatus, notice_documents
from .models import Document

bp = Blueprint("documents", __name__)


def is_public(document: Document) -> bool:
    return db.session.scalar(
        select(Notice.id).join(notice_documents, notice_documents.c.notice_id == Notice.id)
        .where(notice_documents.c.document_id == document.id, Notice.status == NoticeStatus.PUBLISHED)
        .limit(1)) is not None


def not_yet_available(document: Document, user) -> bool:
    """A public document before its tender's documents window opens, asked by someone other
    than its manager or an approver."""
    opens = document.tender.documents_from
    if opens is None or clock_now() >= opens:
        return False
    return not (user.is_authenticated and (user.role == Role.APPROVER or user.id == document.tender.manager_id))


def may_download(document: Document, user, public: bool) -> bool:
    if public:
        return True
    if not user.is_authenticated:
        return False
    return user.role == Role.APPROVER or user.id == document.tender.manager_id


@bp.get("/documents/<int:document_id>")
def download(document_id: int):
    document = db.session.get(Document, document_id)
    public = document is not None and is_public(document)
    # Not yet public and not yours: answer as if it did not exist, revealing nothing.
    if document is None or not may_download(document, current_user, public):
        raise not_found("未找到该文件。", "No such document.")
    if public and not_yet_available(document, current_user):
        return render_template("documents/not_yet.html", tender=document.tender, document=document,
                               now=clock_now()), 403, {"Cache-Control": "no-store"}
    response = send_file(BytesIO(document.content.data), mimetype=document.content_type, as_attachment=True,
                         download_name=document.filename, etag=document.sha256, conditional=True)
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    return response
