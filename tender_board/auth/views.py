"""Sign in and sign out. A new session on sign-in; signing out ends the session everywhere."""

import math
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from .. import security_log
from ..transaction import transaction
from . import ratelimit
from .forms import EmptyForm, LoginForm
from .models import Role
from .operations import authenticate, end_sessions, find_user

bp = Blueprint("auth", __name__)

HOME_BY_ROLE = {Role.MANAGER: "manage.my_tenders", Role.APPROVER: "manage.approvals",
                Role.EVALUATOR: "manage.evaluations", Role.ADMIN: "admin.users"}


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data, request.remote_addr
        refused = ratelimit.refusal(email, address)
        if refused is not None:
            security_log.warning("signin.limited", counter=refused.counter, account=_known(email),
                                 address=address, retry_after=refused.seconds)
            return _too_many_attempts(form, refused)
        with transaction():  # a failure counts towards the limits; a success forgets this address's
            user = authenticate(email, form.password.data)
            if user is None:
                ratelimit.record_failure(email, address)
            else:
                ratelimit.record_success(email, address)
        if user is not None:
            session.clear()  # a new session on sign-in: nothing carried over, no fixation
            login_user(user)
            security_log.event("signin.ok", user=user.id, account=user.email, address=address)
            return redirect(_next_page(user))
        security_log.warning("signin.failed", account=_known(email), address=address)
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


def _known(email: str) -> str | None:
    """The account's address if it exists; else nothing, for a mistyped password may be in it."""
    user = find_user(email)
    return user.email if user is not None else None


def _too_many_attempts(form: LoginForm, refused: ratelimit.Refusal):
    minutes = max(1, math.ceil(refused.seconds / 60))
    form.password.errors.append(ngettext(
        "Too many failed sign-ins. Try again in %(num)d minute.",
        "Too many failed sign-ins. Try again in %(num)d minutes.", minutes))
    return (render_template("auth/login.html", form=form), 429, {"Retry-After": str(refused.seconds)})


def _next_page(user) -> str:
    """Back to the page that asked for sign-in, if it is one of ours; else the role's home."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and "\\" not in target:
        return target
    return url_for(HOME_BY_ROLE.get(user.role, "tenders.index"))


@bp.post("/logout")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        with transaction():
            end_sessions(current_user)  # a copied cookie stops working too
        logout_user()
        session.clear()
        flash(_("You are signed out."))
    return redirect(url_for("tenders.index"))
