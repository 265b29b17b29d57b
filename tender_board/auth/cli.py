"""`flask users create|token|list|role|disable|enable|revoke`: the same operations as the admin page."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..transaction import transaction
from .models import Role, User
from .operations import change_role, create_user, find_user, issue_token, revoke_tokens, set_active

users = AppGroup("users", help="Manage accounts and API tokens.")
ROLES = click.Choice([r.value for r in Role])


def _existing(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    return user


def _commit_or_explain(action) -> None:
    """Run one operation and commit it, or show the refusal (nothing is stored)."""
    with transaction(catch=True) as attempt:
        action()
    if attempt.refusal:
        raise click.ClickException(str(attempt.refusal))


@users.command("create")
@click.argument("email")
@click.option("--role", type=ROLES, required=True)
@click.option("--name", "display_name", help="Display name (defaults to the email).")
@click.password_option(help="Asked for when not given.")
def create(email: str, role: str, display_name: str | None, password: str) -> None:
    """Add a user."""
    created = []
    _commit_or_explain(lambda: created.append(create_user(email, display_name or email, role, password)))
    click.echo(f"created {created[0].email} ({created[0].role})")


@users.command("token")
@click.argument("email")
@click.option("--label", help="What the token is for.")
def token(email: str, label: str | None) -> None:
    """Print a new API token for EMAIL (shown once)."""
    user = _existing(email)
    if not user.active:
        raise click.ClickException(f"{email} is disabled")
    with transaction():
        secret = issue_token(user, label)
    click.echo(secret)


@users.command("list")
def list_users() -> None:
    """Every account with its role, and whether it is active."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        click.echo(f"{user.email}\t{user.role}\t{'active' if user.active else 'disabled'}")


@users.command("role")
@click.argument("email")
@click.argument("role", type=ROLES)
def role(email: str, role: str) -> None:
    """Give EMAIL another role; their sessions end."""
    user = _existing(email)
    _commit_or_explain(lambda: change_role(user, role, None))
    click.echo(f"{user.email} is now {user.role}")


@users.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Stop EMAIL from signing in or using API tokens; their sessions end."""
    user = _existing(email)
    _commit_or_explain(lambda: set_active(user, False, None))
    click.echo(f"{user.email} disabled")


@users.command("enable")
@click.argument("email")
def enable(email: str) -> None:
    """Let a disabled EMAIL sign in again."""
    user = _existing(email)
    _commit_or_explain(lambda: set_active(user, True, None))
    click.echo(f"{user.email} enabled")


@users.command("revoke")
@click.argument("email")
@click.option("--token-id", type=int, help="Revoke only this token (default: all of EMAIL's tokens).")
def revoke(email: str, token_id: int | None) -> None:
    """Revoke EMAIL's API tokens."""
    user = _existing(email)
    revoked = []
    _commit_or_explain(lambda: revoked.append(revoke_tokens(user, None, token_id)))
    click.echo(f"{revoked[0]} token(s) of {user.email} revoked")
