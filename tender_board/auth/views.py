from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from .forms import EmptyForm, LoginForm
from .operations import end_sessions, find_user, verify_password

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active and verify_password(user, form.password.data):
            session.clear()  # a new session on login: no fixation
            login_user(user)
            db.session.commit()
            return redirect(url_for("tenders.index"))
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        end_sessions(current_user)  # a copied cookie stops working too
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are signed out."))
    return redirect(url_for("tenders.index"))
