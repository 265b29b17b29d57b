"""What `flask alerts send` does, one transaction per step, and the prompt sending of a
confirmation right after the request that asked for it."""

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..clock import now as clock_now
from ..extensions import db
from ..transaction import transaction
from . import delivery, sending
from .models import AlertMessage


@dataclass
class Report:
    notices: int = 0
    composed: int = 0
    sent: int = 0
    refused: int = 0
    waiting: int = 0  # left queued because the server could not be reached
    interrupted: list[int] = field(default_factory=list)


def send_message(message_id: int) -> str:
    """"sent", "busy" (another run has it), "retry" (nothing was sent) or "refused"."""
    with transaction():
        message = sending.claim(message_id, clock_now())
        if message is None:
            return "busy"
        mail = sending.email_message(message)
    try:
        sending.deliver(mail)
    except sending.NotSent as error:
        with transaction():
            sending.release(db.session.get(AlertMessage, message_id), str(error))
        return "retry"
    except smtplib.SMTPRecipientsRefused:
        with transaction():
            sending.refused_recipient(db.session.get(AlertMessage, message_id), clock_now())
        return "refused"
    with transaction():
        sending.mark_sent(db.session.get(AlertMessage, message_id), clock_now())
    return "sent"


def run(echo: Callable[[str], None] = lambda _line: None) -> Report:
    report = Report()
    while True:
        with transaction():
            found = delivery.collect(clock_now())
        report.notices += found
        if found < delivery.BATCH:
            break
    with transaction():
        report.composed = delivery.compose(clock_now())
    with transaction():  # even a read ends its transaction: SQLite's IMMEDIATE lock is held until then
        waiting = sending.queued()
    for message_id in waiting:
        outcome = send_message(message_id)
        if outcome == "retry":
            with transaction():
                report.waiting = len(sending.queued())
            echo("the mail server could not be reached; the messages stay queued for the next run")
            break
        report.sent += outcome == "sent"
        report.refused += outcome == "refused"
    with transaction():
        report.interrupted = [m.id for m in sending.interrupted() if m.error is None]
    return report
