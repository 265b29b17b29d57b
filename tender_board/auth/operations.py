"""Accounts, passwords (argon2) and bearer tokens (only their SHA-256 is stored)."""

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from .. import validation as v
from ..clock import now as clock_now
from ..errors import conflict, invalid
from ..extensions import db
from .models import ApiToken, Role, User

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


def hasher() -> PasswordHasher:
    """Strong parameters by default; tests set cheap ones in their config."""
    params = current_app.config.get("ARGON2_PARAMETERS", {})
    return PasswordHasher(**params)


def check_password_strength(password) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise invalid("password", f"密码至少 {MIN_PASSWORD} 个字符。",
                      f"The password needs at least {MIN_PASSWORD} characters.")
    return password


def create_user(email, display_name, role, password) -> User:
    email = v.clean_text(email, "email", 254).lower()
    if not EMAIL.match(email):
        raise invalid("email", "邮箱地址无效。", "Invalid email address.")
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise conflict("该邮箱已注册。", "This email is already registered.", field_name="email")
    user = User(email=email, display_name=v.clean_text(display_name, "display_name", 120),
                role=v.choice(role, Role, "role"), created_at=clock_now(),
                password_hash=hasher().hash(check_password_strength(password)))
    db.session.add(user)
    db.session.flush()
    return user


def verify_password(user: User, password: str) -> bool:
    try:
        return hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str | None = None) -> str:
    """A new bearer token; shown once, stored only as its digest."""
    token = "tb_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=token_digest(token), label=label,
                            created_at=clock_now()))
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(select(ApiToken).where(
        ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.active:
        return None
    return row.user


def end_sessions(user: User) -> None:
    """Every session cookie of this user stops working (logout, disabling, role change)."""
    user.session_epoch += 1
    db.session.flush()
