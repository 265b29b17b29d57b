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
from ..documents.storage import store_upload
from ..extensions import db
from ..forms import MAX_ROWS, Rows, more_rows_asked, save
from ..i18n import locale
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..transaction import transaction
from .blueprint import bp, published_tender
from .forms import EVALUATION_NAMES, UploadForm, evaluation_data, evaluation_form, fill_evaluation_form

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


def build_form(tender, bids, posted: bool):
    """The form as posted; on a first visit (or after the report's upload), filled from the latest
    record (if any); with more rows when "Add rows" was pressed."""
    bid_choices = [("", "—")] + [(b.registration_number, f"{b.bidder_name} ({b.registration_number})") for b in bids]
    documents = [("", _("None"))] + [(str(d.id), f"{d.filename} · SHA-256 {d.sha256[:12]}…")
                                     for d in tender.documents]
    latest = None if posted else latest_evaluation(tender)
    columns = max(criteria_columns(), len(latest.criteria) if latest else 0)
    form = evaluation_form(bids, columns, bid_choices, documents, formdata=request.form if posted else None)
    if latest is not None:
        fill_evaluation_form(form, latest, bids)
    for name, count in DEFAULT_ROWS.items():
        rows = 0 if posted else max(count, wanted_rows())
        rows = columns if name == "criteria" else rows
        if more_rows_asked() and name != "criteria":
            rows = len(form[name]) + MORE_ROWS
        while len(form[name]) < min(rows, MAX_ROWS):
            form[name].append_entry()
    for row in form.rejected:
        row.bid.choices = bid_choices
    report = request.args.get("report", "")
    if not posted and report in {value for value, _label in documents}:  # just uploaded
        form.report_document.data = report
    return form


@bp.route("/evaluations/<reference>", methods=["GET", "POST"])
@role_required(Role.EVALUATOR)
def evaluation(reference: str):
    return evaluation_page(published_tender(reference), UploadForm(), recording=request.method == "POST")


def evaluation_page(tender, upload: UploadForm, status: int = 200, recording: bool = False):
    """The ranking, the report's upload and the evaluation form; `recording` (its POST) records
    the evaluation."""
    reference = tender.reference
    bids = [b for b in opening_bids(tender) if b.status == BidStatus.VALID]
    form = build_form(tender, bids, posted=recording)
    if recording and not more_rows_asked():
        rows = Rows()
        saved = save(form, lambda: record_evaluation(tender, evaluation_data(form, bids, rows), current_user),
                     rows, EVALUATION_NAMES)
        if saved.stored:
            flash(_("Evaluation recorded. The ranking below is computed from the scores."))
            return redirect(url_for("manage.evaluation", reference=reference) + "#ranking")
        status = saved.status
    now = clock_now()
    return render_template("manage/evaluation_form.html", tender=tender, form=form, bids=bids, now=now,
                           upload=upload, status=tender.status_at(now), **computed_ranking(tender)), status


@bp.post("/evaluation-reports/<reference>")  # beside, not under, /evaluations/<reference>/<kind>
@role_required(Role.EVALUATOR)
def upload_report(reference: str):
    """The committee's report, uploaded from the evaluation page, which opens again with it chosen."""
    tender, upload = published_tender(reference), UploadForm()
    if not upload.validate_on_submit():
        return redirect(url_for("manage.evaluation", reference=reference))
    with transaction(catch=True) as attempt:
        document = store_upload(tender, request.files.get(upload.file.name), current_user)
    if attempt.refusal:
        upload.file.errors = [attempt.refusal.text(locale())]
        return evaluation_page(tender, upload, attempt.refusal.status)  # the evaluation form as it was
    flash(_("Uploaded %(name)s, SHA-256 %(sha256)s. It is chosen below as the evaluation report.",
            name=document.filename, sha256=document.sha256))
    return redirect(url_for("manage.evaluation", reference=reference, report=document.id) + "#report")
