"""`flask alerts send` (for cron or a systemd timer), `resend`, `suppress`."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from ..clock import now as clock_now
from ..extensions import db
from ..transaction import transaction
from . import operations, runner
from .models import AlertMessage


@click.group("alerts")
def alerts() -> None:
    """E-mail alerts: collect publications, compose and send the messages."""


def _need_public_url() -> None:
    if not current_app.config.get("PUBLIC_URL"):
        raise click.ClickException("set PUBLIC_URL (TENDER_BOARD_PUBLIC_URL): every link in a message is absolute")


@alerts.command("send")
@click.option("--every", type=click.IntRange(min=1), default=None,
              help="Keep running, once every this many seconds (instead of a cron job).")
@with_appcontext
def send(every: int | None) -> None:
    """Collect new publications, compose what is due, send what is queued. Safe to run twice at once."""
    _need_public_url()
    while True:
        report = runner.run(click.echo)
        click.echo(f"{report.notices} new notices looked at, {report.composed} messages composed, "
                   f"{report.sent} sent, {report.refused} refused by the server, {report.waiting} waiting")
        if report.interrupted:
            click.echo("interrupted while being sent, so not sent again (it may have arrived): "
                       + ", ".join(map(str, report.interrupted)) + "; `flask alerts resend ID` sends one anyway")
        if every is None:
            return
        db.session.remove()
        time.sleep(every)


@alerts.command("resend")
@click.argument("message_id", type=int)
@with_appcontext
def resend(message_id: int) -> None:
    """Send an interrupted message again, knowing its reader may then have it twice."""
    _need_public_url()
    message = db.session.get(AlertMessage, message_id)
    if message is None or message.sent_at is not None:
        raise click.ClickException(f"message {message_id} does not exist or was sent")
    with transaction():
        message.attempted_at = None
    click.echo(f"message {message_id}: {runner.send_message(message_id)}")


@alerts.command("suppress")
@click.argument("email")
@click.option("--reason", default="bounced", show_default=True)
@with_appcontext
def suppress(email: str, reason: str) -> None:
    """Never mail this address again (a hard bounce, a complaint)."""
    with transaction(catch=True) as attempt:
        operations.suppress(email, reason, clock_now())
    if attempt.refusal:
        raise click.ClickException(str(attempt.refusal))
    click.echo("suppressed; its subscriptions have ended")
