"""Accounts, roles, sessions and API tokens."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager
from . import admin, cli, views
from .models import User
from .operations import user_for_token


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    user_id, _, epoch = identity.partition(":")
    if not user_id.isdigit() or not epoch.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return user


@login_manager.request_loader
def load_user_from_bearer(request) -> User | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_for_token(token.strip())


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.cli.add_command(cli.users)
