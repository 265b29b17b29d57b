"""The manager's pages after the bid deadline: the opening record, a failure notice, the result,
the contract, and re-tendering a failed tender. The notice commands check every rule; a refusal
is shown beside the field it names, with nothing stored."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.forms import EmptyForm
from ..auth.models import Role
from ..bids.kinds import published_notice
from ..clock import now as clock_now
from ..i18n import locale
from ..notices.models import NoticeKind
from ..notices.operations import draft_notice
from ..tenders.lifecycle import Status
from ..tenders.operations import retender
from ..transaction import transaction
from .access import own_tender, role_required
from .award_convert import Rows, failure_data, fill_currency, opening_data, place_error
from .award_forms import MAX_ROWS, ContractForm, FailureForm, OpeningForm, ResultForm
from .blueprint import bp
from .convert import aware, local, texts

MORE_ROWS = 4


def drafted(tender, form, to_data):
    """Draft through the command and commit; on refusal roll back and show it on the form."""
    rows = Rows()
    with transaction(catch=True) as attempt:
        notice = draft_notice(tender, to_data(form, tender, rows), current_user)
    if attempt.refusal:
        place_error(form, attempt.refusal, rows)
        return None, attempt.refusal.status
    flash(_("Draft saved. Check it, then submit it for approval."))
    return notice, None


def draft_page(tender, form, to_data, template: str, **context):
    """GET shows the form; POST drafts the notice and opens it, or shows the form with the refusal."""
    status = 200
    if request.method == "POST" and "more_rows" not in request.form:
        status = 422
        if form.validate_on_submit():
            notice, status = drafted(tender, form, to_data)
            if notice is not None:
                return redirect(url_for("manage.notice", notice_id=notice.id))
    return render_template(template, form=form, tender=tender, now=clock_now(),
                           status=tender.status_at(clock_now()), **context), status


def bid_form(form_class, tender):
    """The form with as many bid rows as asked for: `?rows=`, or the "more rows" button."""
    form = form_class()
    wanted = request.args.get("rows", type=int) or 0
    if "more_rows" in request.form:
        wanted = len(form.bids) + MORE_ROWS
    while len(form.bids) < min(wanted, MAX_ROWS):
        form.bids.append_entry()
    if request.method == "GET" or "more_rows" in request.form:
        fill_currency(form, tender.value_currency)
    return form


@bp.route("/tenders/<reference>/notices/new/opening", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def draft_opening(reference: str):
    tender = own_tender(reference)
    return draft_page(tender, bid_form(OpeningForm, tender), opening_data, "manage/award_opening.html")


FAILURE_CODES = {Status.CLOSED: ("fewer_bids",), Status.EVALUATING: ("fewer_valid", "all_rejected")}


@bp.route("/tenders/<reference>/notices/new/failure", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def draft_failure(reference: str):
    tender = own_tender(reference)
    form = bid_form(FailureForm, tender)
    codes = FAILURE_CODES.get(tender.status_at(clock_now()))
    if codes:  # only the reasons that can be true now; the command checks them against the record
        form.reason_code.choices = [c for c in form.reason_code.choices if c.value in codes]
    return draft_page(tender, form, failure_data, "manage/award_failure.html")


def result_data(form, tender, rows) -> dict:
    return {"kind": "result", "body": texts(form, "body"), "winner": form.winner.data,
            "reason": texts(form, "reason")}


@bp.route("/tenders/<reference>/notices/new/result", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def draft_result(reference: str):
    tender = own_tender(reference)
    form = ResultForm()
    candidates = published_notice(tender, NoticeKind.CANDIDATES)
    ranked = [r for r in candidates.payload.get("ranking", [])
              if r["registration_number"] in candidates.payload["candidates"]] if candidates else []
    form.winner.choices = [(r["registration_number"], f'{r["rank"]}. {r["bidder"]} ({r["registration_number"]})')
                           for r in ranked]
    return draft_page(tender, form, result_data, "manage/award_result.html", candidates=ranked,
                      candidates_notice=candidates)


def contract_data(form, tender, rows) -> dict:
    signed = aware(form.signed_at.data, tender.timezone)
    return {"kind": "contract", "body": texts(form, "body"), "signed_at": signed.isoformat() if signed else None,
            "value": {"amount": form.value_amount.data, "currency": form.value_currency.data}}


@bp.route("/tenders/<reference>/notices/new/contract", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def draft_contract(reference: str):
    tender = own_tender(reference)
    form = ContractForm()
    result = published_notice(tender, NoticeKind.RESULT)
    if request.method == "GET":
        form.signed_at.data = local(clock_now(), tender.timezone)
        price = result.payload["price"] if result else {"amount": "", "currency": tender.value_currency}
        form.value_amount.data, form.value_currency.data = price["amount"], price["currency"]
    return draft_page(tender, form, contract_data, "manage/award_contract.html", result=result)


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
