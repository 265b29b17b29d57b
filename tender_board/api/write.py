"""The JSON write API: managers create and edit draft tenders, upload documents and draft notices;
authors submit and approvers approve or reject them (four eyes); evaluators record evaluations;
managers record objections and answers and re-tender a failed tender.

Every endpoint follows one pattern: the bearer token's user, the tender or notice that user may
see (else 404), one command in one transaction, and the answer. Bearer tokens only: this
blueprint is exempt from CSRF, so a session cookie never authenticates here; a forged
cross-site request would carry the cookie, never the token.
"""

from flask import Blueprint, jsonify, request

from ..auth.bearer import add_challenge, json_body, token_user
from ..auth.models import User
from ..bids.evaluation import opening_bids, ranking, record_evaluation, shown_total, tie_rule
from ..bids.models import Objection
from ..bids.objections import answer_objection, record_objection
from ..bids.public import objection_json
from ..clock import now as clock_now
from ..documents.storage import store_upload
from ..errors import not_found
from ..extensions import db
from ..notices.kinds import amendment
from ..notices.models import Notice, NoticeKind
from ..notices.operations import approve_notice, draft_notice, reject_notice, submit_notice
from ..tenders.lookup import find_tender
from ..tenders.models import Tender
from ..tenders.operations import create_tender, retender, update_tender
from ..transaction import transaction
from ..urls import public_url
from . import serialize

bp = Blueprint("api_write", __name__, url_prefix="/api/v1")
bp.after_request(add_challenge)


def tender_for(user: User, reference: str) -> Tender:
    """A published tender, or the user's own draft; anything else answers 404."""
    return find_tender(reference, lambda tender: tender.is_published or tender.is_managed_by(user))


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
    if notice.kind == NoticeKind.AMENDMENT:  # old → new: the terms it replaces until publication freezes them
        changes = amendment.changes(amendment.preview(notice.tender, notice, clock_now()))
        body["changes"] = [{"field": f, "old": old, "new": new} for f, old, new in changes]
    if notice.is_published:
        body.update(number=notice.number, published_at=serialize.stamp(notice.published_at),
                    url=public_url("notices.notice_detail", reference=notice.tender.reference,
                                   number=notice.number))
    return jsonify(body), status


def document_item(document) -> dict:
    return {"id": document.id, "filename": document.filename, "content_type": document.content_type,
            "size": document.size, "sha256": document.sha256,
            "url": public_url("documents.download", document_id=document.id)}


# --- tenders, documents, notices ----------------------------------------------------------------

@bp.post("/tenders")
def post_tender():
    user = token_user()
    with transaction():
        tender = create_tender(json_body(), user)
    return tender_answer(tender, 201)


@bp.patch("/tenders/<reference>")
def patch_tender(reference: str):
    user = token_user()
    with transaction():
        tender = update_tender(tender_for(user, reference), json_body(), user, request.headers.get("If-Match"))
    return tender_answer(tender, 200)


@bp.post("/tenders/<reference>/documents")
def post_document(reference: str):
    user = token_user()
    with transaction():
        document = store_upload(tender_for(user, reference), request.files.get("file"), user)
    return jsonify(document_item(document)), 201


@bp.post("/tenders/<reference>/notices")
def post_notice(reference: str):
    user = token_user()
    with transaction():
        notice = draft_notice(tender_for(user, reference), json_body(), user)
    return notice_answer(notice, 201)


@bp.get("/notices/<int:notice_id>")
def get_notice(notice_id: int):
    return notice_answer(Notice.readable(notice_id, token_user()))


@bp.post("/notices/<int:notice_id>/submit")
def submit(notice_id: int):
    user = token_user()
    with transaction():
        notice = submit_notice(Notice.readable(notice_id, user), user)
    return notice_answer(notice)


@bp.post("/notices/<int:notice_id>/approve")
def approve(notice_id: int):
    user = token_user()
    with transaction():
        notice = approve_notice(Notice.readable(notice_id, user), user)
    return notice_answer(notice)


@bp.post("/notices/<int:notice_id>/reject")
def reject(notice_id: int):
    user = token_user()
    with transaction():
        notice = reject_notice(Notice.readable(notice_id, user), user, json_body().get("reason"))
    return notice_answer(notice)


# --- after the bid deadline: evaluation, objections and answers, re-tender ----------------------

@bp.post("/tenders/<reference>/evaluation")
def post_evaluation(reference: str):
    user = token_user()
    tender = find_tender(reference)
    with transaction():
        recorded = record_evaluation(tender, json_body(), user)
        ranked = ranking(recorded, opening_bids(tender))
    return jsonify({"id": recorded.id, "method": recorded.method.value,
                    "tie_rule": tie_rule(recorded), "status": tender.status.value,
                    "ranking": [{"rank": r.rank, "bid": r.bid.registration_number,
                                 "total": shown_total(recorded, r)} for r in ranked]}), 201


@bp.post("/tenders/<reference>/objections")
def post_objection(reference: str):
    user = token_user()
    with transaction():
        recorded = record_objection(find_tender(reference), json_body(), user)
    return jsonify(objection_json(recorded)), 201


@bp.post("/objections/<int:objection_id>/answer")
def post_answer(objection_id: int):
    user = token_user()
    found = db.session.get(Objection, objection_id)
    if found is None:
        raise not_found("未找到该异议。", "No such objection.")
    with transaction():
        answered = answer_objection(found, json_body(), user)
    return jsonify(objection_json(answered))


@bp.post("/tenders/<reference>/retender")
def post_retender(reference: str):
    """The new tender is a draft: it has no public page until its announcement is published; its
    manager drafts that through POST /tenders/<new reference>/notices."""
    user = token_user()
    with transaction():
        new = retender(find_tender(reference), user)
    return jsonify({"reference": new.reference, "status": new.status.value,
                    "version": new.version, "retender_of": reference}), 201
