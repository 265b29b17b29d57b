"""Sending composed messages, each at most once.

A message is claimed (`attempted_at`, committed) before the SMTP conversation and marked sent
(`sent_at`, committed) after it. A crash between the two leaves a message that may or may not
have reached its reader; it is never sent again by itself (a duplicate is what subscribers
complain of most), it is listed by `flask alerts send` as interrupted, and `flask alerts resend ID`
sends it on purpose. When the server refuses the connection nothing was sent: the claim is
released and the next run tries again. A recipient the server refuses outright is suppressed.

With no `MAIL_SERVER` configured, messages are written as .eml files into `MAIL_FOLDER`
(instance/mail by default), one per message, for a developer to open.
"""

import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..security_log import event, warning
from ..urls import public_host
from .models import AlertMessage


class NotSent(Exception):
    """The server could not be reached or refused to take the message: nothing was delivered."""


def email_message(message: AlertMessage) -> EmailMessage:
    config = current_app.config
    mail = EmailMessage()
    mail["From"] = config["MAIL_FROM"] or f"Tender Board <alerts@{public_host(config) or 'localhost'}>"
    mail["To"] = message.address.email
    mail["Subject"] = message.subject
    mail["Date"] = format_datetime(message.created_at)
    mail["Message-ID"] = make_msgid(f"alert{message.id}", domain=public_host(config) or "localhost")
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    mail.set_content(message.text_body)
    mail.add_alternative(message.html_body, subtype="html")
    return mail


def deliver(mail: EmailMessage) -> None:
    """Hand one message to the configured SMTP server, or write it to the mail folder."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        folder = Path(config["MAIL_FOLDER"] or Path(current_app.instance_path) / "mail")
        folder.mkdir(parents=True, exist_ok=True)
        name = mail["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(bytes(mail))
        return
    try:
        cls = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        with cls(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(mail)
    except smtplib.SMTPRecipientsRefused:
        raise
    except (smtplib.SMTPException, OSError) as error:
        raise NotSent(str(error)[:500]) from error


def queued() -> list[int]:
    return list(db.session.scalars(select(AlertMessage.id).where(AlertMessage.attempted_at.is_(None))
                                   .order_by(AlertMessage.id)))


def interrupted() -> list[AlertMessage]:
    """Claimed and never marked sent: a crash, or a refusal, in between."""
    return list(db.session.scalars(select(AlertMessage).where(
        AlertMessage.attempted_at.is_not(None), AlertMessage.sent_at.is_(None)).order_by(AlertMessage.id)))


def claim(message_id: int, now: datetime) -> AlertMessage | None:
    """This run's right to send the message; None when another run has it (or had it)."""
    claimed = db.session.execute(update(AlertMessage).where(AlertMessage.id == message_id,
                                                            AlertMessage.attempted_at.is_(None))
                                 .values(attempted_at=now))
    db.session.flush()
    return db.session.get(AlertMessage, message_id) if claimed.rowcount == 1 else None


def release(message: AlertMessage, reason: str) -> None:
    message.attempted_at, message.error = None, reason[:500]
    db.session.flush()


def mark_sent(message: AlertMessage, now: datetime) -> None:
    message.sent_at, message.error = now, None
    db.session.flush()
    event("alerts.sent", message=message.id, purpose=message.purpose.value)


def refused_recipient(message: AlertMessage, now: datetime) -> None:
    message.error = "recipient refused by the mail server"
    address = message.address
    address.suppressed_at, address.suppressed_reason = address.suppressed_at or now, "refused by the mail server"
    db.session.flush()
    warning("alerts.recipient_refused", message=message.id, address=address.id)
