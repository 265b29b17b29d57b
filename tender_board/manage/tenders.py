"""The manager's pages: my tenders, a tender's workspace, creating and editing a draft, uploads."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..documents.storage import store_upload
from ..extensions import db
from ..i18n import locale
from ..notices.models import NoticeKind
from ..tenders.lifecycle import TRANSITIONS, Status
from ..tenders.models import Tender
from ..tenders.operations import create_tender, update_tender
from ..transaction import transaction
from .access import own_tender, role_required
from .blueprint import bp
from .convert import fill_tender_form, show_error, tender_data
from .forms import TenderForm, UploadForm


@bp.get("/")
@role_required(Role.MANAGER)
def my_tenders():
    tenders = db.session.scalars(select(Tender).where(Tender.manager_id == current_user.id)
                                 .order_by(Tender.updated_at.desc(), Tender.id.desc())).all()
    return render_template("manage/my_tenders.html", tenders=tenders, now=clock_now())


@bp.route("/tenders/new", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def new_tender():
    form = TenderForm()
    if form.validate_on_submit():
        with transaction(catch=True) as attempt:
            tender = create_tender({**tender_data(form), "sandbox": bool(form.sandbox.data)}, current_user)
        if attempt.done:
            flash(_("Draft tender %(reference)s created.", reference=tender.reference))
            return redirect(url_for("manage.tender", reference=tender.reference))
        show_error(form, attempt.refusal)
    return render_template("manage/tender_form.html", form=form, tender=None), 422 if form.errors else 200


@bp.route("/tenders/<reference>/edit", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def edit_tender(reference: str):
    tender = own_tender(reference)
    if not tender.can_edit(current_user):
        flash(_("Only a draft can be edited; published terms change by amendment."))
        return redirect(url_for("manage.tender", reference=reference))
    form = TenderForm()
    if request.method == "GET":
        fill_tender_form(form, tender)
    elif form.validate_on_submit():
        with transaction(catch=True) as attempt:
            update_tender(tender, tender_data(form), current_user, form.version.data)
        if attempt.done:
            flash(_("Draft saved."))
            return redirect(url_for("manage.tender", reference=reference))
        show_error(form, attempt.refusal)
    return render_template("manage/tender_form.html", form=form, tender=tender), 422 if form.errors else 200


@bp.get("/tenders/<reference>")
@role_required(Role.MANAGER)
def tender(reference: str):
    return _workspace(own_tender(reference), UploadForm())


def _workspace(tender: Tender, upload: UploadForm, status: int = 200):
    now = clock_now()
    current = tender.status_at(now)
    pending = {n.kind for n in tender.notices if not n.is_published}
    may_draft = {kind: kind not in pending and _draftable(tender, current, kind)
                 for kind in (NoticeKind.ANNOUNCEMENT, NoticeKind.AMENDMENT, NoticeKind.TERMINATION)}
    return render_template("manage/tender.html", tender=tender, now=now, status=current, upload=upload,
                           may_draft=may_draft, empty=EmptyForm()), status


def _draftable(tender: Tender, current: Status, kind: NoticeKind) -> bool:
    if kind == NoticeKind.ANNOUNCEMENT:
        return tender.status == Status.DRAFT
    return (current, kind.publish_action) in TRANSITIONS


@bp.post("/tenders/<reference>/documents")
@role_required(Role.MANAGER)
def upload(reference: str):
    tender, form = own_tender(reference), UploadForm()
    if form.validate_on_submit():
        with transaction(catch=True) as attempt:
            document = store_upload(tender, request.files.get(form.file.name), current_user)
        if attempt.refusal:
            form.file.errors = [attempt.refusal.text(locale())]
            return _workspace(tender, form, attempt.refusal.status)
        flash(_("Uploaded %(name)s, SHA-256 %(sha256)s.", name=document.filename, sha256=document.sha256))
    return redirect(url_for("manage.tender", reference=reference))
