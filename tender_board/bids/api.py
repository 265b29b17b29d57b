"""Write endpoints of the second half: evaluation, objections and answers, re-tender.

Bearer tokens only. These endpoints are exempt from CSRF, so a session cookie must never
authorise them: a request without `Authorization: Bearer` is refused whoever is signed in.
The retender answer gives the new draft's reference; its manager then drafts its announcement
through the notices write API.
"""

from flask import Blueprint, jsonify
from sqlalchemy import select

from ..auth.bearer import add_challenge, json_body, token_user
from ..errors import not_found
from ..extensions import db
from ..tenders.models import Tender
from ..tenders.operations import retender
from .evaluation import opening_bids, ranking, record_evaluation, shown_total, tie_rule
from .models import Objection
from .objections import answer_objection, record_objection
from .public import objection_json

bp = Blueprint("bids_api", __name__, url_prefix="/api/v1")


bp.after_request(add_challenge)


def find_tender(reference: str) -> Tender:
    tender = db.session.scalar(select(Tender).where(Tender.reference == reference))
    if tender is None:
        raise not_found("未找到该招标项目。", "No such tender.")
    return tender


@bp.post("/tenders/<reference>/evaluation")
def evaluation(reference: str):
    actor = token_user()
    tender = find_tender(reference)
    recorded = record_evaluation(tender, json_body(), actor)
    ranked = ranking(recorded, opening_bids(tender))
    db.session.commit()
    return jsonify({"id": recorded.id, "method": recorded.method.value,
                    "tie_rule": tie_rule(recorded), "status": tender.status.value,
                    "ranking": [{"rank": r.rank, "bid": r.bid.registration_number,
                                 "total": shown_total(recorded, r)} for r in ranked]}), 201


@bp.post("/tenders/<reference>/objections")
def objection(reference: str):
    actor = token_user()
    recorded = record_objection(find_tender(reference), json_body(), actor)
    db.session.commit()
    return jsonify(objection_json(recorded)), 201


@bp.post("/objections/<int:objection_id>/answer")
def answer(objection_id: int):
    actor = token_user()
    found = db.session.get(Objection, objection_id)
    if found is None:
        raise not_found("未找到该异议。", "No such objection.")
    answered = answer_objection(found, json_body(), actor)
    db.session.commit()
    return jsonify(objection_json(answered))


@bp.post("/tenders/<reference>/retender")
def retender_tender(reference: str):
    actor = token_user()
    new = retender(find_tender(reference), actor)
    db.session.commit()
    # The new tender is a draft: it has no public page until its announcement is published.
    return jsonify({"reference": new.reference, "status": new.status.value,
                    "version": new.version, "retender_of": reference}), 201
