"""The evaluator's pages: tenders under evaluation, and recording the evaluation (评标) with its
score grid and the ranking the system computes from it. The candidates notice (中标候选人公示) is
drafted from here too, like any notice (manage.notices)."""

import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.access import role_required
from ..auth.models import Role
from ..bids.evaluation import computed_ranking, latest_evaluation, opening_bids, record_evaluation
from ..bids.models import BidStatus
from ..clock import now as clock_now
from ..extensions import db
from ..forms import MAX_ROWS, Rows, more_rows_asked, save
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from .blueprint import bp, published_tender
from .forms import EVALUATION_NAMES, evaluation_data, evaluation_form, fill_evaluation_form

CRITERION_KEY = re.compile(r"^criteria-(\d+)-")
DEFAULT_ROWS = {"committee": 7, "criteria": 4, "rejected": 2}
MORE_ROWS = 2  # what the "Add rows" button adds to each list
MAX_CRITERIA = 20


@bp.get("/evaluations")
@role_required(Role.EVALUATOR)
def evaluations():
    tenders = db.session.scalars(select(Tender).where(Tender.status == Status.EVALUATING)
                                 .order_by(Tender.bid_deadline, Tender.id)).all()
    return render_template("manage/evaluation_list.html", tenders=tenders, now=clock_now(),
                           latest={t.id: latest_evaluation(t) for t in tenders})


def wanted_rows() -> int:
    return min(request.args.get("rows", type=int) or 0, MAX_ROWS)


def criteria_columns() -> int:
    """The score grid has a column per criterion row: as many as were posted (and more when
    "Add rows" was pressed), or shown."""
    posted = [int(m[1]) + 1 for key in request.form if (m := CRITERION_KEY.match(key))]
    columns = max([DEFAULT_ROWS["criteria"], wanted_rows(), *posted])
    return min(columns + (MORE_ROWS if more_rows_asked() else 0), MAX_CRITERIA)


def build_form(tender, bids):
    """The form as posted; on a first visit, filled from the latest record (if any); with more
    rows when "Add rows" was pressed."""
    bid_choices = [("", "—")] + [(b.registration_number, f"{b.bidder_name} ({b.registration_number})") for b in bids]
    documents = [("", _("None"))] + [(str(d.id), f"{d.filename} · SHA-256 {d.sha256[:12]}…")
                                     for d in tender.documents]
    latest = latest_evaluation(tender) if request.method == "GET" else None
    columns = max(criteria_columns(), len(latest.criteria) if latest else 0)
    form = evaluation_form(bids, columns, bid_choices, documents)
    if latest is not None:
        fill_evaluation_form(form, latest, bids)
    for name, count in DEFAULT_ROWS.items():
        rows = max(count, wanted_rows()) if request.method == "GET" else 0
        rows = columns if name == "criteria" else rows
        if more_rows_asked() and name != "criteria":
            rows = len(form[name]) + MORE_ROWS
        while len(form[name]) < min(rows, MAX_ROWS):
            form[name].append_entry()
    for row in form.rejected:
        row.bid.choices = bid_choices
    return form


@bp.route("/evaluations/<reference>", methods=["GET", "POST"])
@role_required(Role.EVALUATOR)
def evaluation(reference: str):
    tender = published_tender(reference)
    bids = [b for b in opening_bids(tender) if b.status == BidStatus.VALID]
    form, status = build_form(tender, bids), 200
    if request.method == "POST" and not more_rows_asked():
        rows = Rows()
        saved = save(form, lambda: record_evaluation(tender, evaluation_data(form, bids, rows), current_user),
                     rows, EVALUATION_NAMES)
        if saved.stored:
            flash(_("Evaluation recorded. The ranking below is computed from the scores."))
            return redirect(url_for("manage.evaluation", reference=reference) + "#ranking")
        status = saved.status
    now = clock_now()
    return render_template("manage/evaluation_form.html", tender=tender, form=form, bids=bids, now=now,
                           status=tender.status_at(now), **computed_ranking(tender)), status
