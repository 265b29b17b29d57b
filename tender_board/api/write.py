"""The JSON write API (PRODUCT.md §4, issue 3): managers create and edit draft tenders, upload
documents and draft notices; authors submit; approvers approve or reject (four eyes).

Bearer tokens only. This blueprint is exempt from CSRF, so a session cookie must never
authenticate here: a forged cross-site request would carry the cookie, never the token.
"""

from flask import Blueprint, jsonify, request, url_for

from ..auth.bearer import add_challenge, json_body, token_user
from ..auth.models import User
from ..documents.storage import store_upload
from ..errors import not_found
from ..extensions import db
from ..manage.access import may_read_notice
from ..manage.review import amendment_rows
from ..notices.models import Notice, NoticeKind
from ..notices.operations import approve_notice, draft_notice, reject_notice, submit_notice
from ..tenders.models import Tender
from ..tenders.operations import create_tender, update_tender
from . import serialize

bp = Blueprint("api_write", __name__, url_prefix="/api/v1")


bp.after_request(add_challenge)


def tender_for(user: User, reference: str) -> Tender:
    """A published tender, or the user's own draft; anything else answers 404."""
    tender = db.session.scalar(db.select(Tender).where(Tender.reference == reference))
    if tender is None or (tender.published_at is None and tender.manager_id != user.id):
        raise not_found("未找到该招标项目。", "No such tender.")
    return tender


def notice_for(user: User, notice_id: int) -> Notice:
    notice = db.session.get(Notice, notice_id)
    if notice is None or not may_read_notice(notice, user):
        raise not_found("未找到该公告。", "No such notice.")
    return notice


def tender_answer(tender: Tender, status: int):
    response = jsonify({"reference": tender.reference, "ocid": tender.ocid, "status": tender.status.value,
                        "version": tender.version})
    response.headers["ETag"] = f'"{tender.version}"'
    return response, status


def notice_answer(notice: Notice, status: int = 200):
    body = {"id": notice.id, "tender": notice.tender.reference, "kind": notice.kind.value,
            "status": notice.status.value, "author": notice.author.display_name,
            "created_at": serialize.stamp(notice.created_at),
            "submitted_at": serialize.stamp(notice.submitted_at),
            "rejection_reason": notice.rejection_reason, "body": notice.body, "payload": notice.payload,
            "documents": [document_item(d) for d in notice.documents]}
    if notice.kind == NoticeKind.AMENDMENT:
        body["changes"] = [{"field": f, "old": old, "new": new} for f, old, new in amendment_rows(notice)]
    if notice.is_published:
        body.update(number=notice.number, published_at=serialize.stamp(notice.published_at),
                    url=url_for("notices.notice_detail", reference=notice.tender.reference,
                                number=notice.number, _external=True))
    return jsonify(body), status


def document_item(document) -> dict:
    return {"id": document.id, "filename": document.filename, "content_type": document.content_type,
            "size": document.size, "sha256": document.sha256,
            "url": url_for("documents.download", document_id=document.id, _external=True)}


@bp.post("/tenders")
def post_tender():
    user = token_user()
    tender = create_tender(json_body(), user)
    db.session.commit()
    return tender_answer(tender, 201)


@bp.patch("/tenders/<reference>")
def patch_tender(reference: str):
    user = token_user()
    tender = tender_for(user, reference)
    update_tender(tender, json_body(), user, request.headers.get("If-Match"))
    db.session.commit()
    return tender_answer(tender, 200)


@bp.post("/tenders/<reference>/documents")
def post_document(reference: str):
    user = token_user()
    document = store_upload(tender_for(user, reference), request.files.get("file"), user)
    db.session.commit()
    return jsonify(document_item(document)), 201


@bp.post("/tenders/<reference>/notices")
def post_notice(reference: str):
    user = token_user()
    notice = draft_notice(tender_for(user, reference), json_body(), user)
    db.session.commit()
    return notice_answer(notice, 201)


@bp.get("/notices/<int:notice_id>")
def get_notice(notice_id: int):
    return notice_answer(notice_for(token_user(), notice_id))


@bp.post("/notices/<int:notice_id>/submit")
def submit(notice_id: int):
    user = token_user()
    notice = submit_notice(notice_for(user, notice_id), user)
    db.session.commit()
    return notice_answer(notice)


@bp.post("/notices/<int:notice_id>/approve")
def approve(notice_id: int):
    user = token_user()
    notice = approve_notice(notice_for(user, notice_id), user)
    db.session.commit()
    return notice_answer(notice)


@bp.post("/notices/<int:notice_id>/reject")
def reject(notice_id: int):
    user = token_user()
    notice = notice_for(user, notice_id)
    reject_notice(notice, user, json_body().get("reason"))
    db.session.commit()
    return notice_answer(notice)


# --- OpenAPI description of the endpoints above ------------------------------------------------

def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


ERROR_REF = _json({"$ref": "#/components/schemas/Error"})
TEXT = {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}
TENDER_BODY = {"type": "object", "required": ["category", "title", "description", "country", "city", "timezone",
                                               "procuring_entity", "agency", "value"],
               "properties": {
                   "category": {"enum": ["overseas", "domestic"]}, "title": TEXT, "description": TEXT,
                   "country": {"type": "string", "description": "ISO 3166-1 alpha-2"}, "city": {"type": "string"},
                   "mission": TEXT, "timezone": {"type": "string", "description": "IANA name"},
                   "procuring_entity": TEXT, "agency": TEXT, "qualification": TEXT,
                   "value": {"$ref": "#/components/schemas/Money"},
                   "procurement_method": {"enum": ["open", "selective"]},
                   "rule_profile": {"type": "string"}, "sandbox": {"type": "boolean"}}}
TENDER_ANSWER = {"type": "object", "properties": {
    "reference": {"type": "string"}, "ocid": {"type": "string"}, "status": {"type": "string"},
    "version": {"type": "integer"}}}
NOTICE_BODY = {"type": "object", "required": ["kind"], "description": (
    "announcement: bid_deadline, documents_from, documents_until (ISO 8601 with offset), opening_place, "
    "contact, body, documents (ids); amendment: changes {field: new value}, rationale; termination: reason"),
    "properties": {"kind": {"enum": [k.value for k in NoticeKind]}, "body": TEXT,
                   "documents": {"type": "array", "items": {"type": "integer"}}}}
NOTICE_ANSWER = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "status": {"enum": ["draft", "in_approval", "published"]},
    "number": {"type": "integer"}, "url": {"type": "string", "format": "uri"}}}
REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}
NOTICE_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": "The version being edited, as returned in ETag; a stale one answers 409."}


def _operation(summary: str, answer: dict, status: str = "200", body: dict | None = None,
               parameters: tuple = (), errors: tuple = ("400", "401", "403", "404", "422")) -> dict:
    operation = {"summary": summary, "security": [{"bearer": []}], "parameters": list(parameters),
                 "responses": {status: {"description": "Done", **_json(answer)},
                               **{code: {"description": "Refused", **ERROR_REF} for code in errors}}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


WRITE_PATHS = {
    "/tenders": {"post": _operation("Create a draft tender (manager)", TENDER_ANSWER, "201",
                                    _json(TENDER_BODY)["content"])},
    "/tenders/{reference}": {"patch": _operation(
        "Edit a draft tender (its manager); partial body", TENDER_ANSWER, "200",
        _json({"type": "object"})["content"], (REFERENCE, IF_MATCH), ("400", "401", "403", "404", "409", "422"))},
    "/tenders/{reference}/documents": {"post": _operation(
        "Upload a document (its manager): PDF, PNG, JPEG, DOCX or XLSX; content checked against the type",
        {"type": "object", "properties": {"id": {"type": "integer"}, "sha256": {"type": "string"},
                                          "size": {"type": "integer"}}}, "201",
        {"multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}}},
        (REFERENCE,), ("401", "403", "404", "413", "415", "422"))},
    "/tenders/{reference}/notices": {"post": _operation(
        "Draft a notice (its manager; an evaluator for evaluation notices)", NOTICE_ANSWER, "201",
        _json(NOTICE_BODY)["content"], (REFERENCE,))},
    "/notices/{id}": {"get": _operation("Read a notice (its author, its tender's manager, approvers)",
                                        NOTICE_ANSWER, parameters=(NOTICE_ID,), errors=("401", "404"))},
    "/notices/{id}/submit": {"post": _operation("Submit a draft for approval (its author)", NOTICE_ANSWER,
                                                parameters=(NOTICE_ID,))},
    "/notices/{id}/approve": {"post": _operation(
        "Approve and publish (an approver other than the author); every rule is checked again now",
        NOTICE_ANSWER, parameters=(NOTICE_ID,), errors=("401", "403", "404", "409", "422"))},
    "/notices/{id}/reject": {"post": _operation(
        "Return to the author with a reason (an approver)", NOTICE_ANSWER,
        body=_json({"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}})[
            "content"], parameters=(NOTICE_ID,))},
}
