"""Drafting a notice of any kind in the browser (each kind's form, page and rules come from its
module, see notices.registry), reading a draft, submitting it for approval, and discarding it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import role_required
from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..forms import Rows, fill_from_notice, more_rows_asked, save
from ..notices.models import Notice, NoticeStatus
from ..notices.operations import draft_notice, revise_notice, submit_notice, withdraw_unpublished
from ..notices.registry import Kind, drafted_by, kind_of
from ..transaction import transaction
from .blueprint import bp, own_tender, published_tender
from .review import confirm_page, review_page


def drafted_by_role(kind: str, role: Role) -> Kind | None:
    kinds = {k.kind.value: k for k in drafted_by(role)}
    return kinds.get(kind)


@bp.route("/tenders/<reference>/notices/new/<kind>", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def draft(reference: str, kind: str):
    """A manager drafts a notice of their own tender."""
    tender = own_tender(reference)
    found = drafted_by_role(kind, Role.MANAGER)
    if found is None:
        flash(_("Unknown kind of notice."))
        return redirect(url_for("manage.tender", reference=reference))
    return draft_page(found, tender)


@bp.route("/evaluations/<reference>/<kind>", methods=["GET", "POST"])
@role_required(Role.EVALUATOR)
def draft_evaluated(reference: str, kind: str):
    """An evaluator drafts the notice of an evaluation (the candidates) of a published tender."""
    tender = published_tender(reference)
    found = drafted_by_role(kind, Role.EVALUATOR)
    if found is None:
        abort(404)
    return draft_page(found, tender)


def draft_page(kind: Kind, tender, notice: Notice | None = None):
    """GET shows the kind's form (a saved draft's own values when editing it); POST drafts the
    notice (or changes the saved draft) and opens it, or shows the form again with every error.
    A form with rows may come back longer instead ("more rows"). "Save and submit" also sends it
    for approval in the same transaction: one step less, and a refusal stores nothing."""
    form, status = kind.form(tender), 200
    if notice is not None and request.method == "GET":
        fill_from_notice(form, notice, tender)
    if request.method == "POST" and not more_rows_asked():
        rows, and_submit = Rows(), request.form.get("and_submit") == "1"

        def command():
            data = kind.form_data(form, tender, rows)
            drafted = draft_notice(tender, data, current_user) if notice is None else \
                revise_notice(notice, data, current_user)
            return submit_notice(drafted, current_user) if and_submit else drafted
        saved = save(form, command, rows, kind.form_names)
        if saved.stored:
            flash(_("Saved and submitted for approval. An approver other than you will review it.") if and_submit
                  else _("Draft saved. Check it, then submit it for approval."))
            return redirect(url_for("manage.notice", notice_id=saved.result.id))
        status = saved.status
    now = clock_now()
    return render_template("manage/draft.html", kind=kind, form=form, tender=tender, now=now, editing=notice,
                           status=tender.status_at(now), **kind.draft_context(form, tender, now)), status


@bp.route("/notices/<int:notice_id>/edit", methods=["GET", "POST"])
@role_required(Role.MANAGER, Role.EVALUATOR)
def edit_notice(notice_id: int):
    """The author changes a saved draft in its kind's form, filled with what was saved."""
    found = Notice.readable(notice_id, current_user)
    if found.author_id != current_user.id or found.status != NoticeStatus.DRAFT:
        flash(_("Only its author can edit a draft; a notice awaiting approval or published cannot be edited."))
        return redirect(url_for("manage.notice", notice_id=notice_id))
    return draft_page(kind_of(found.kind), found.tender, found)


@bp.get("/notices/<int:notice_id>")
@role_required(Role.MANAGER, Role.APPROVER, Role.EVALUATOR)
def notice(notice_id: int):
    return review_page(Notice.readable(notice_id, current_user))


@bp.post("/notices/<int:notice_id>/submit")
@role_required(Role.MANAGER, Role.EVALUATOR)
def submit(notice_id: int):
    found = Notice.readable(notice_id, current_user)
    if EmptyForm().validate_on_submit():
        with transaction(catch=True) as attempt:
            submit_notice(found, current_user)
        if attempt.refusal:
            return review_page(found, attempt.refusal)
        flash(_("Submitted for approval. An approver other than you will review it."))
    return redirect(url_for("manage.notice", notice_id=notice_id))


@bp.route("/notices/<int:notice_id>/discard", methods=["GET", "POST"])
@role_required(Role.MANAGER, Role.EVALUATOR)
def discard(notice_id: int):
    """GET asks for confirmation (a discarded draft is gone); the POST from there discards it."""
    found = Notice.readable(notice_id, current_user)
    reference = found.tender.reference
    if request.method == "GET":
        return confirm_page(found, "discard")
    if EmptyForm().validate_on_submit():
        with transaction():
            withdraw_unpublished(found, current_user)
        flash(_("Draft discarded."))
    if current_user.role == Role.MANAGER:
        return redirect(url_for("manage.tender", reference=reference))
    return redirect(url_for("tenders.index"))

