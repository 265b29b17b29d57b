"""`flask users create EMAIL --role ROLE` and `flask users token EMAIL`."""

import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..extensions import db
from .models import Role
from .operations import create_user, find_user, issue_token

users = AppGroup("users", help="Manage accounts and API tokens.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "display_name", help="Display name (defaults to the email).")
@click.password_option(help="Asked for when not given.")
def create(email: str, role: str, display_name: str | None, password: str) -> None:
    """Add a user."""
    try:
        user = create_user(email, display_name or email, role, password)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"created {user.email} ({user.role})")


@users.command("token")
@click.argument("email")
@click.option("--label", help="What the token is for.")
def token(email: str, label: str | None) -> None:
    """Print a new API token for EMAIL (shown once)."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    secret = issue_token(user, label)
    db.session.commit()
    click.echo(secret)
