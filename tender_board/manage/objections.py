"""Objections (异议) to the candidates and their answers, recorded by the tender's manager on the
objector's behalf during the publicity window. Both are public on the tender's page at once."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import role_required
from ..auth.models import Role
from ..bids.models import Objection
from ..bids.objections import answer_objection, record_objection, tender_objections
from ..clock import now as clock_now
from ..errors import not_found
from ..extensions import db
from ..forms import aware_text, save
from .blueprint import bp, own_tender
from .forms import AnswerForm, ObjectionForm


def answer_form(objection_id: int, formdata=None) -> AnswerForm:
    """Each unanswered objection has its own answer form, told apart by a prefix."""
    return AnswerForm(formdata=formdata, prefix=f"objection-{objection_id}")


def objections_page(tender, form: ObjectionForm, status: int = 200, answering: tuple | None = None):
    """The objections so far, the form to record one, and an answer form for each one unanswered."""
    found = tender_objections(tender)
    answers = {o.id: answer_form(o.id) for o in found if o.answered_at is None}
    if answering is not None:  # the answer just refused, with its error beside it
        answers[answering[0]] = answering[1]
    now = clock_now()
    return render_template("manage/objections.html", tender=tender, form=form, objections=found,
                           answers=answers, now=now, status=tender.status_at(now)), status


@bp.route("/tenders/<reference>/objections", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def objections(reference: str):
    tender = own_tender(reference)
    form = ObjectionForm()
    if request.method == "GET":
        return objections_page(tender, form)
    data = {"objector": form.objector.data, "text": form.text.data,
            "submitted_at": aware_text(form.submitted_at.data, tender.timezone)}
    saved = save(form, lambda: record_objection(tender, data, current_user))
    if not saved.stored:
        return objections_page(tender, form, saved.status)
    flash(_("Objection recorded; it is public on the tender's page. Answer it within 3 days."))
    return redirect(url_for("manage.objections", reference=reference))


@bp.post("/tenders/<reference>/objections/answer")
@role_required(Role.MANAGER)
def answer(reference: str):
    tender = own_tender(reference)
    objection = db.session.get(Objection, request.form.get("objection", type=int) or 0)
    if objection is None or objection.tender_id != tender.id:
        raise not_found("未找到该异议。", "No such objection.")
    objection_id = objection.id
    form = answer_form(objection_id, request.form)
    saved = save(form, lambda: answer_objection(objection, {"answer": form.answer.data}, current_user))
    if not saved.stored:
        return objections_page(tender, ObjectionForm(formdata=None), saved.status, (objection_id, form))
    flash(_("Answer recorded; it is public on the tender's page."))
    return redirect(url_for("manage.objections", reference=reference))
