"""The manager's pages: my tenders, a tender's workspace with its next steps, creating and editing
a draft, uploads, and re-tendering a failed tender."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..auth.access import role_required
from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..clock import now as clock_now
from ..documents.storage import store_upload
from ..extensions import db
from ..forms import save
from ..i18n import locale
from ..notices.diff import one_language_only
from ..notices.registry import drafted_by
from ..tenders.lifecycle import Status
from ..tenders.models import Tender
from ..tenders.operations import create_tender, retender, update_tender
from ..transaction import transaction
from .blueprint import bp, own_tender
from .forms import TENDER_TEXTS, TenderForm, UploadForm, fill_tender_form, tender_data


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
    if form.is_submitted():
        saved = save(form, lambda: create_tender({**tender_data(form), "sandbox": bool(form.sandbox.data)},
                                                 current_user))
        if saved.stored:
            flash(_("Draft tender %(reference)s created.", reference=saved.result.reference))
            return redirect(url_for("manage.tender", reference=saved.result.reference))
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
        return render_template("manage/tender_form.html", form=form, tender=tender)
    before = {name: dict(getattr(tender, name) or {}) for name in TENDER_TEXTS}
    if save(form, lambda: update_tender(tender, tender_data(form), current_user, form.version.data)).stored:
        flash(_("Draft saved."))
        for warning in one_language_warnings(before, tender):
            flash(warning)
        return redirect(url_for("manage.tender", reference=reference))
    return render_template("manage/tender_form.html", form=form, tender=tender), 422 if form.errors else 200


TEXT_NAMES = {"title": _l("Title"), "description": _l("Description"), "mission": _l("Mission"),
              "procuring_entity": _l("Procuring entity"), "agency": _l("Tendering agency"),
              "qualification": _l("Qualification requirements")}


def one_language_warnings(before: dict, tender: Tender) -> list[str]:
    """A warning (the edit is saved) for each text changed in one language while the other,
    given, stayed as it was: the two languages must carry the same facts."""
    warnings = []
    for name, old in before.items():
        changed = one_language_only(old, getattr(tender, name))
        if changed and changed[0] == "zh":
            warnings.append(_("The Chinese text of %(field)s changed but the English did not.", field=TEXT_NAMES[name]))
        elif changed:
            warnings.append(_("The English text of %(field)s changed but the Chinese did not.", field=TEXT_NAMES[name]))
    return warnings


@bp.get("/tenders/<reference>")
@role_required(Role.MANAGER)
def tender(reference: str):
    return _workspace(own_tender(reference), UploadForm())


def _workspace(tender: Tender, upload: UploadForm, status: int = 200):
    now = clock_now()
    current = tender.status_at(now)
    return render_template("manage/tender.html", tender=tender, now=now, status=current, upload=upload,
                           steps=next_steps(tender, current, now), empty=EmptyForm()), status


def next_steps(tender: Tender, status: Status, now) -> list[tuple[str, str, str | None]]:
    """(what, label, link) for each step the tender's manager may take now: a page to open
    ("link"), the re-tender button ("retender"), or a word on who acts ("note"). The notices come
    from the registry: every kind its manager drafts that may be drafted now, one at a time."""
    pending = {n.kind for n in tender.notices if not n.is_published}
    steps = [("link", _("Upload the tender documents (below), so the announcement can publish them"), "#upload")
             ] if status == Status.DRAFT and not tender.documents else []
    steps += [("link", kind.draft_label, url_for("manage.draft", reference=tender.reference, kind=kind.kind.value))
             for kind in drafted_by(Role.MANAGER) if kind.kind not in pending and kind.draftable(tender, now)]
    if status == Status.EVALUATING:
        steps.append(("note", _("The evaluators record the evaluation and draft the candidates notice."), None))
    if status == Status.PUBLICITY:
        steps.append(("link", _("Objections and answers"), url_for("manage.objections", reference=tender.reference)))
    if status == Status.FAILED and tender.retendered_as is None:
        steps.append(("retender", _("Re-tender: a new draft with these terms"),
                      url_for("manage.retender_tender", reference=tender.reference)))
    elif status == Status.FAILED:
        steps.append(("link", _("Re-tendered as %(reference)s", reference=tender.retendered_as.reference),
                      url_for("manage.tender", reference=tender.retendered_as.reference)))
    return steps


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


@bp.post("/tenders/<reference>/retender")
@role_required(Role.MANAGER)
def retender_tender(reference: str):
    """One action: a new draft with the failed tender's terms; its workspace opens next."""
    tender = own_tender(reference)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("manage.tender", reference=reference))
    with transaction(catch=True) as attempt:
        new = retender(tender, current_user)
    if attempt.refusal:
        flash(attempt.refusal.text(locale()))
        return redirect(url_for("manage.tender", reference=reference))
    flash(_("Re-tendered as the draft %(new)s. Check its terms, then draft its announcement.",
            new=new.reference))
    return redirect(url_for("manage.tender", reference=new.reference))
