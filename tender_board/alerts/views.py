"""Alert pages: subscribe from a search or a tender, confirm, manage, unsubscribe; and the
administrator's counts and suppression list. No page ever shows an e-mail address."""

from flask import Blueprint, Response, redirect, render_template, request, url_for
from sqlalchemy import func, select

from ..auth.admin import admin_required
from ..auth.forms import EmptyForm
from ..clock import now as clock_now
from ..errors import DomainError, not_found
from ..extensions import db
from ..feeds.builder import search_name
from ..i18n import locale
from ..transaction import transaction
from . import delivery, operations, runner, tokens
from .forms import SubscribeForm, SuppressForm
from .models import FREQUENCY_NAMES, AlertAddress, AlertMessage, AlertSubscription, SubscriptionState

bp = Blueprint("alerts", __name__)


def _no_store(response: Response) -> Response:
    """Pages reached by a personal link: never kept by a proxy or shown from history to others."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must not leak to other sites
    return response


def _page(template: str, status: int = 200, **context) -> Response:
    return _no_store(Response(render_template(template, **context), status=status))


def _address(purpose, token: str) -> tuple[AlertAddress, int | None]:
    address_id, subscription_id = tokens.read(purpose, token)
    address = db.session.get(AlertAddress, address_id)
    if address is None:
        raise not_found("该链接无效。", "This link is not valid.")
    return address, subscription_id


def _subscribe(reference: str | None):
    now = clock_now()
    form = SubscribeForm(lang=locale())
    try:
        query, refused = operations.check_search(request.args, reference, now), None
    except DomainError as error:
        query, refused = None, error
    # Named as the feeds name it ("country: …"), so the reader sees which filter to change.
    search_error = (f"{refused.field}: " if refused and refused.field else "") + refused.text(locale()) \
        if refused else None
    status = refused.status if refused else 200
    if search_error is None and form.validate_on_submit():
        with transaction(catch=True) as attempt:
            address = operations.subscribe(form.email.data, form.frequency.data, form.lang.data, request.args,
                                           reference, request.remote_addr, now)
            message = delivery.confirmation_message(address, now) if address else None
        if attempt.done:
            if message is not None:
                runner.send_message(message.id)  # at once; if the server is away, the next run sends it
            return redirect(url_for("alerts.requested"))
        error, status = attempt.refusal, attempt.refusal.status
        getattr(form, error.field or "email", form.email).errors.append(error.text(locale()))
    elif form.errors:
        status = 422
    described = search_name(query, locale()) if query is not None and not reference else None
    return _page("alerts/new.html", status, form=form, search_error=search_error, described=described,
                 reference=reference, query=query)


@bp.route("/alerts/new", methods=["GET", "POST"])
def subscribe_search():
    """E-mail me the new notices of this search (the query string is the search, as on /tenders)."""
    return _subscribe(None)


@bp.route("/tenders/<reference>/alerts/new", methods=["GET", "POST"])
def subscribe_tender(reference: str):
    """E-mail me this tender's new notices."""
    return _subscribe(reference)


@bp.get("/alerts/requested")
def requested():
    return _page("alerts/requested.html")


def _listed(subscriptions: list[AlertSubscription], lang: str) -> list[dict]:
    return [{"id": s.id, "what": delivery.describe(s, lang), "frequency": FREQUENCY_NAMES[s.frequency],
             "state": s.state.value, "reference": s.reference, "query": s.query} for s in subscriptions]


@bp.route("/alerts/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The link in the confirmation message: shows what would be confirmed; the button confirms.
    (A GET never confirms: mail scanners open links.)"""
    address, _subscription = _address(tokens.CONFIRM, token)
    form = EmptyForm()
    if form.validate_on_submit():
        with transaction():
            confirmed = operations.confirm(address, locale(), clock_now())
        return _page("alerts/confirmed.html", confirmed=_listed(confirmed, locale()),
                     manage_url=url_for("alerts.manage", token=tokens.make(tokens.MANAGE, address.id)))
    return _page("alerts/confirm.html", pending=_listed(operations.pending(address), locale()),
                 suppressed=address.suppressed_at is not None, form=form)


@bp.get("/alerts/manage/<token>")
def manage(token: str):
    address, _subscription = _address(tokens.MANAGE, token)
    return _page("alerts/manage.html", token=token, form=EmptyForm(),
                 subscriptions=_listed(operations.live(address), locale()))


@bp.post("/alerts/manage/<token>/<int:subscription_id>/end")
def end_one(token: str, subscription_id: int):
    address, _subscription = _address(tokens.MANAGE, token)
    # CSRFProtect has checked the token of this POST, as of every other.
    chosen = [s for s in address.subscriptions if s.id == subscription_id]
    with transaction():
        operations.end(chosen, clock_now())
    return redirect(url_for("alerts.manage", token=token))


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` here without a
    session, so the signed token is the authority and there is no CSRF token to ask for. A GET
    only asks; the button on that page POSTs."""
    address, subscription_id = _address(tokens.UNSUBSCRIBE, token)
    chosen = [s for s in address.subscriptions if subscription_id in (None, s.id)]
    if request.method == "POST":
        with transaction():
            ended = operations.end(chosen, clock_now())
        return _page("alerts/unsubscribed.html", ended=ended)
    return _page("alerts/unsubscribe.html", live=len(operations.live(address)))


@bp.route("/admin/alerts", methods=["GET", "POST"])
@admin_required
def admin():
    """Counts by state (never addresses), and the suppression of one address."""
    form = SuppressForm()
    done = False
    if form.validate_on_submit():
        with transaction(catch=True) as attempt:
            operations.suppress(form.email.data, form.reason.data, clock_now())
        if attempt.done:
            done = True
            form = SuppressForm(formdata=None)
        else:
            form.email.errors.append(attempt.refusal.text(locale()))
    by_state = dict(db.session.execute(select(AlertSubscription.state, func.count())
                                       .group_by(AlertSubscription.state)).all())
    addresses = {
        "confirmed": db.session.scalar(select(func.count()).where(AlertAddress.confirmed_at.is_not(None),
                                                                   AlertAddress.suppressed_at.is_(None))),
        "unconfirmed": db.session.scalar(select(func.count()).where(AlertAddress.confirmed_at.is_(None),
                                                                     AlertAddress.suppressed_at.is_(None))),
        "suppressed": db.session.scalar(select(func.count()).where(AlertAddress.suppressed_at.is_not(None))),
    }
    messages = {
        "queued": db.session.scalar(select(func.count()).where(AlertMessage.attempted_at.is_(None))),
        "sent": db.session.scalar(select(func.count()).where(AlertMessage.sent_at.is_not(None))),
        "interrupted": db.session.scalar(select(func.count()).where(
            AlertMessage.attempted_at.is_not(None), AlertMessage.sent_at.is_(None))),
    }
    return render_template("alerts/admin.html", form=form, done=done, addresses=addresses, messages=messages,
                           subscriptions={state.value: by_state.get(state, 0) for state in SubscriptionState}), \
        422 if form.errors else 200
