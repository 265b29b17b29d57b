"""Drafting notices in the browser (announcement, amendment, termination), reading a draft,
submitting it for approval, and discarding it. The notice commands check every rule."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..notices.kinds import earliest_amended_deadline
from ..notices.operations import draft_notice, submit_notice, withdraw_unpublished
from ..transaction import transaction
from .access import own_tender, readable_notice, role_required
from .blueprint import bp
from .convert import (
    amendment_data,
    announcement_data,
    fill_amendment_form,
    local,
    show_error,
    termination_data,
)
from .forms import (
    AmendmentForm,
    AnnouncementForm,
    RejectForm,
    TerminationForm,
    document_choices,
    zone_choices,
)
from .review import refused, review_context

FORMS = {"announcement": (AnnouncementForm, announcement_data),
         "amendment": (AmendmentForm, amendment_data),
         "termination": (TerminationForm, termination_data)}


@bp.route("/tenders/<reference>/notices/new/<kind>", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def draft(kind: str, reference: str):
    tender = own_tender(reference)
    if kind not in FORMS:
        flash(_("Unknown kind of notice."))
        return redirect(url_for("manage.tender", reference=reference))
    form_class, to_data = FORMS[kind]
    form = form_class()
    _prepare(form, tender)
    if form.validate_on_submit():
        with transaction(catch=True) as attempt:
            data = to_data(form, tender) if kind == "amendment" else to_data(form)
            notice = draft_notice(tender, data, current_user)
        if attempt.done:
            flash(_("Draft saved. Check it, then submit it for approval."))
            return redirect(url_for("manage.notice", notice_id=notice.id))
        show_error(form, attempt.refusal)
    return render_template(f"manage/draft_{kind}.html", form=form, tender=tender, now=clock_now(),
                           proposal=_proposal(tender) if kind == "amendment" else None,
                           ), 422 if form.errors or form.form_errors else 200


def _prepare(form, tender) -> None:
    """Choices that depend on the tender, and the current terms as the starting point."""
    if hasattr(form, "zone"):
        form.zone.choices = zone_choices(tender)
        if request.method == "GET":
            form.zone.data = tender.timezone
    if hasattr(form, "documents"):
        form.documents.choices = document_choices(tender)
    if isinstance(form, AmendmentForm) and request.method == "GET":
        fill_amendment_form(form, tender)
        proposal = _proposal(tender)
        if proposal:
            form.bid_deadline.data = local(proposal, tender.timezone)


def _proposal(tender):
    """When the 15-day rule requires it, the earliest lawful new deadline, rounded up to the hour."""
    earliest = earliest_amended_deadline(tender, clock_now())
    if tender.bid_deadline is None or tender.bid_deadline >= earliest:
        return None
    rounded = earliest.replace(minute=0, second=0, microsecond=0)
    return rounded + timedelta(hours=1) if rounded < earliest else rounded


@bp.get("/notices/<int:notice_id>")
@role_required(Role.MANAGER, Role.APPROVER, Role.EVALUATOR)
def notice(notice_id: int):
    found = readable_notice(notice_id)
    return render_template("manage/notice.html", **review_context(found), empty=EmptyForm(),
                           reject=RejectForm())


@bp.post("/notices/<int:notice_id>/submit")
@role_required(Role.MANAGER, Role.EVALUATOR)
def submit(notice_id: int):
    found = readable_notice(notice_id)
    if EmptyForm().validate_on_submit():
        with transaction(catch=True) as attempt:
            submit_notice(found, current_user)
        if attempt.refusal:
            return refused(found, attempt.refusal)
        flash(_("Submitted for approval. An approver other than you will review it."))
    return redirect(url_for("manage.notice", notice_id=notice_id))


@bp.post("/notices/<int:notice_id>/discard")
@role_required(Role.MANAGER, Role.EVALUATOR)
def discard(notice_id: int):
    found = readable_notice(notice_id)
    reference = found.tender.reference
    if EmptyForm().validate_on_submit():
        with transaction():
            withdraw_unpublished(found, current_user)
        flash(_("Draft discarded."))
    if current_user.role == Role.MANAGER:
        return redirect(url_for("manage.tender", reference=reference))
    return redirect(url_for("tenders.index"))
