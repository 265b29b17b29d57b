"""The security log (安全日志): one line per event on the `tender_board.security` logger.

Sign-ins (success, failure, limit reached), refusals (401 with a token, 403, four-eyes), API
tokens created and revoked, accounts created, disabled or given another role. Never a password,
a token or a session: only ids, e-mail addresses of existing accounts and client addresses.
A change is logged when its transaction commits, so a rolled-back one leaves no line.
"""

import json
import logging
import re
import sys

from flask import Flask, Response, request
from flask_login import current_user
from sqlalchemy import event as sql_event
from sqlalchemy.orm import Session

log = logging.getLogger("tender_board.security")

PENDING = "security_log_pending"
PLAIN = re.compile(r"[\w.@:+/-]+")  # printed as is; anything else quoted, so a value stays on one line
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _value(value) -> str:
    text = "-" if value is None else str(value)
    return text if PLAIN.fullmatch(text) else json.dumps(text)


def line(name: str, **fields) -> str:
    return " ".join([name, *(f"{key}={_value(value)}" for key, value in fields.items())])


def event(name: str, **fields) -> None:
    """Log one event now."""
    log.info(line(name, **fields))


def warning(name: str, **fields) -> None:
    """Log one refusal or failure now."""
    log.warning(line(name, **fields))


def on_commit(session: Session, name: str, **fields) -> None:
    """Log one event once `session`'s transaction commits; nothing if it is rolled back."""
    session.info.setdefault(PENDING, []).append(line(name, **fields))


def actor_name(actor) -> str:
    return "console" if actor is None else str(actor.id)


def client() -> dict:
    """Who is asking: the signed-in user (or token holder) and the client's address."""
    user = current_user.id if current_user and current_user.is_authenticated else None
    return {"user": user, "address": request.remote_addr}


def _emit(session: Session) -> None:
    for pending in session.info.pop(PENDING, []):
        log.info(pending)


def _drop(session: Session, _previous=None) -> None:
    session.info.pop(PENDING, None)


def _refusals(response: Response) -> Response:
    """Every 403 (whichever view answered it), and every 401 to a request that sent a token."""
    if response.status_code == 403 or (response.status_code == 401 and "Authorization" in request.headers):
        warning("forbidden" if response.status_code == 403 else "token.refused", status=response.status_code,
                method=request.method, path=request.path, **client())
    return response


sql_event.listen(Session, "after_commit", _emit)
sql_event.listen(Session, "after_soft_rollback", _drop)


def _to_stdout(app: Flask) -> None:
    """The application's log (security log included) on standard output, one line per record,
    unless the operator configured logging already (or the tests capture it)."""
    logger = logging.getLogger("tender_board")
    if app.testing or logger.handlers:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))


def init_app(app: Flask) -> None:
    _to_stdout(app)
    app.after_request(_refusals)
