"""The administrator's page: add accounts, change roles, disable accounts, revoke API tokens."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from ..errors import not_found
from ..extensions import db
from ..i18n import locale
from ..transaction import transaction
from .forms import EmptyForm, NewUserForm, RoleForm
from .models import Role, User
from .operations import change_role, create_user, revoke_tokens, set_active

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.role != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise not_found("未找到该用户。", "No such user.")
    return user


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    form = NewUserForm()
    if form.validate_on_submit():
        with transaction(catch=True) as attempt:
            user = create_user(form.email.data, form.display_name.data, form.role.data, form.password.data)
        if attempt.done:
            flash(_("Account %(email)s created.", email=user.email))
            return redirect(url_for("admin.users"))
        error = attempt.refusal
        getattr(form, error.field or "email", form.email).errors.append(error.text(locale()))
    everyone = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("auth/users.html", form=form, users=everyone, role_form=RoleForm,
                           empty=EmptyForm())


@bp.post("/users/<int:user_id>/role")
@admin_required
def set_role(user_id: int):
    user, form = _user(user_id), RoleForm(prefix=f"user{user_id}")
    if form.validate_on_submit():
        with transaction():
            change_role(user, form.role.data, current_user)
        flash(_("%(email)s is now signed out and has the new role.", email=user.email))
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/disable")
@admin_required
def disable(user_id: int):
    return _set_active(_user(user_id), False, _("%(email)s is disabled and signed out."))


@bp.post("/users/<int:user_id>/enable")
@admin_required
def enable(user_id: int):
    return _set_active(_user(user_id), True, _("%(email)s may sign in again."))


def _set_active(user: User, active: bool, message: str):
    if EmptyForm().validate_on_submit():
        with transaction():
            set_active(user, active, current_user)
        flash(message)
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/revoke-tokens")
@admin_required
def revoke(user_id: int):
    user = _user(user_id)
    if EmptyForm().validate_on_submit():
        with transaction():
            count = revoke_tokens(user, current_user)
        flash(ngettext("%(num)d API token of %(email)s revoked.", "%(num)d API tokens of %(email)s revoked.",
                       count, email=user.email))
    return redirect(url_for("admin.users"))
