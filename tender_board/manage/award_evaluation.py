"""The evaluator's pages: tenders under evaluation, recording the evaluation (评标) with its score
grid, the ranking the system computes from it, and drafting the candidates notice (中标候选人公示)."""

import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.models import Role
from ..bids.evaluation import latest_evaluation, opening_bids, ranking, record_evaluation, shown_total, tie_rule
from ..bids.models import BidStatus
from ..clock import now as clock_now
from ..errors import not_found
from ..extensions import db
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..transaction import transaction
from .access import role_required
from .award import drafted
from .award_convert import Rows, evaluation_data, place_error
from .award_forms import CandidatesForm, evaluation_form
from .blueprint import bp
from .convert import texts

CRITERION_KEY = re.compile(r"^criteria-(\d+)-")
DEFAULT_ROWS = {"committee": 7, "criteria": 4, "rejected": 2}
MAX_CRITERIA = 20


def published_tender(reference: str) -> Tender:
    """Evaluators see any published tender; a draft stays invisible (404)."""
    tender = db.session.scalar(select(Tender).where(Tender.reference == reference))
    if tender is None or tender.published_at is None:
        raise not_found("未找到该招标项目。", "No such tender.")
    return tender


@bp.get("/evaluations")
@role_required(Role.EVALUATOR)
def evaluations():
    tenders = db.session.scalars(select(Tender).where(Tender.status == Status.EVALUATING)
                                 .order_by(Tender.bid_deadline, Tender.id)).all()
    return render_template("manage/evaluation_list.html", tenders=tenders, now=clock_now(),
                           latest={t.id: latest_evaluation(t) for t in tenders})


def wanted_rows() -> int:
    return min(request.args.get("rows", type=int) or 0, 60)


def criteria_columns() -> int:
    """The score grid has a column per criterion row: as many as were posted, or shown."""
    posted = [int(m[1]) + 1 for key in request.form if (m := CRITERION_KEY.match(key))]
    return min(max([DEFAULT_ROWS["criteria"], wanted_rows(), *posted]), MAX_CRITERIA)


def build_form(tender, bids):
    bid_choices = [("", "—")] + [(b.registration_number, f"{b.bidder_name} ({b.registration_number})") for b in bids]
    documents = [("", _("None"))] + [(str(d.id), f"{d.filename} · SHA-256 {d.sha256[:12]}…")
                                     for d in tender.documents]
    form = evaluation_form(bids, criteria_columns(), bid_choices, documents)
    if request.method == "GET":
        for name, count in DEFAULT_ROWS.items():
            rows = max(count, wanted_rows()) if name != "criteria" else criteria_columns()
            while len(form[name]) < rows:
                form[name].append_entry()
    for row in form.rejected:
        row.bid.choices = bid_choices
    return form


def ranking_context(tender) -> dict:
    evaluation = latest_evaluation(tender)
    ranked = ranking(evaluation, opening_bids(tender)) if evaluation else []
    scores = {(s.bid_id, s.criterion_id): s.value for s in evaluation.scores} if evaluation else {}
    return {"evaluation": evaluation, "ranked": ranked, "scores": scores,
            "totals": {r.bid.id: shown_total(evaluation, r) for r in ranked},
            "tie_rule": tie_rule(evaluation) if evaluation else None}


@bp.route("/evaluations/<reference>", methods=["GET", "POST"])
@role_required(Role.EVALUATOR)
def evaluation(reference: str):
    tender = published_tender(reference)
    bids = [b for b in opening_bids(tender) if b.status == BidStatus.VALID]
    form, status = build_form(tender, bids), 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            rows = Rows()
            with transaction(catch=True) as attempt:
                record_evaluation(tender, evaluation_data(form, bids, rows), current_user)
            if attempt.done:
                flash(_("Evaluation recorded. The ranking below is computed from the scores."))
                return redirect(url_for("manage.evaluation", reference=reference) + "#ranking")
            place_error(form, attempt.refusal, rows)
            status = attempt.refusal.status
    now = clock_now()
    return render_template("manage/evaluation_form.html", tender=tender, form=form, bids=bids, now=now,
                           status=tender.status_at(now), **ranking_context(tender)), status


def candidates_data(form, tender, rows) -> dict:
    chosen = [form[name].data for name in ("first", "second", "third") if form[name].data]
    return {"kind": "candidates", "body": texts(form, "body"), "candidates": chosen}


@bp.route("/evaluations/<reference>/candidates", methods=["GET", "POST"])
@role_required(Role.EVALUATOR)
def draft_candidates(reference: str):
    tender = published_tender(reference)
    context = ranking_context(tender)
    form = CandidatesForm()
    choices = [("", "—")] + [(r.bid.registration_number, f"{r.rank}. {r.bid.bidder_name} "
                              f"({r.bid.registration_number})") for r in context["ranked"]]
    for place, name in enumerate(("first", "second", "third")):
        form[name].choices = choices
        if request.method == "GET" and place < len(context["ranked"]):
            form[name].data = context["ranked"][place].bid.registration_number
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            notice, status = drafted(tender, form, candidates_data)
            if notice is not None:
                return redirect(url_for("manage.notice", notice_id=notice.id))
    now = clock_now()
    return render_template("manage/evaluation_candidates.html", tender=tender, form=form, now=now,
                           status=tender.status_at(now), **context), status
