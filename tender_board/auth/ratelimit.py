"""The sign-in rate limit: about ten attempts a minute per account and per address.

Attempts are rows in the database, so every app server counts the same ones, and they are
forgotten after the window: there is no permanent lockout that an attacker could aim at a user.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..clock import now as clock_now
from ..extensions import db
from .models import LoginAttempt


def _keys(email: str, address: str | None) -> list[str]:
    return [f"account:{(email or '').strip().lower()}"[:300], f"address:{address or 'unknown'}"[:300]]


def _window() -> timedelta:
    return timedelta(seconds=current_app.config.get("LOGIN_RATE_WINDOW", 60))


def is_limited(email: str, address: str | None) -> bool:
    """True when the account or the address has used up its attempts in the current window."""
    since = clock_now() - _window()
    limit = current_app.config.get("LOGIN_RATE_LIMIT", 10)
    for key in _keys(email, address):
        used = db.session.scalar(select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at > since))
        if used >= limit:
            return True
    return False


def record_attempt(email: str, address: str | None) -> None:
    """Count one attempt for the account and for the address; forget those past the window."""
    now = clock_now()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - _window()))
    db.session.add_all(LoginAttempt(key=key, at=now) for key in _keys(email, address))
    db.session.flush()


def retry_after() -> int:
    return int(_window().total_seconds())
