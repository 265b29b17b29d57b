"""The approver's pages: the queue of notices awaiting approval, approving (四眼原则: never one's
own draft; every rule re-checked now) and returning a notice to its author with a reason."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.access import role_required
from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..errors import invalid
from ..extensions import db
from ..notices.forms import RejectForm
from ..notices.models import Notice, NoticeStatus
from ..notices.operations import approve_notice, reject_notice
from ..transaction import transaction
from .blueprint import bp
from .review import confirm_page, review_page


@bp.get("/approvals")
@role_required(Role.APPROVER)
def approvals():
    waiting = db.session.scalars(
        select(Notice).where(Notice.status == NoticeStatus.IN_APPROVAL)
        .options(selectinload(Notice.tender), selectinload(Notice.author))
        .order_by(Notice.submitted_at, Notice.id)).all()
    return render_template("manage/approvals.html", notices=waiting, now=clock_now())


@bp.route("/notices/<int:notice_id>/approve", methods=["GET", "POST"])
@role_required(Role.APPROVER)
def approve(notice_id: int):
    """GET asks for confirmation (a published notice is never changed); the POST from there
    publishes, every rule checked again."""
    notice = Notice.readable(notice_id, current_user)
    if request.method == "GET":
        return confirm_page(notice, "approve")
    if EmptyForm().validate_on_submit():
        with transaction(catch=True) as attempt:
            approve_notice(notice, current_user)
        if attempt.refusal:
            return review_page(notice, attempt.refusal)
        flash(_("Published as notice %(number)d of %(reference)s.", number=notice.number,
                reference=notice.tender.reference))
    return redirect(url_for("manage.approvals"))


@bp.post("/notices/<int:notice_id>/reject")
@role_required(Role.APPROVER)
def reject(notice_id: int):
    notice, form = Notice.readable(notice_id, current_user), RejectForm()
    if not form.validate_on_submit():
        return review_page(notice, invalid("reason", "请说明退回的理由。", "Give the reason for returning it.",
                                           "required"), form)
    with transaction(catch=True) as attempt:
        reject_notice(notice, current_user, form.reason.data)
    if attempt.refusal:
        return review_page(notice, attempt.refusal, form)
    flash(_("Returned to its author with your reason."))
    return redirect(url_for("manage.approvals"))
