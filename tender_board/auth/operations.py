"""Accounts, passwords (argon2) and bearer tokens (only their SHA-256 is stored)."""

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select, update

from .. import security_log
from .. import validation as v
from ..clock import now as clock_now
from ..errors import conflict, forbidden, invalid
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
    security_log.on_commit(db.session, "account.created", user=user.id, account=email, role=user.role.value)
    return user


def verify_password(user: User, password: str) -> bool:
    return _matches(user.password_hash, password)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None. An unknown email costs the same
    hashing time as a wrong password, so timing does not reveal which accounts exist."""
    user = find_user(email)
    if user is None:
        _matches(_dummy_hash(), password)
        return None
    if verify_password(user, password) and user.active:
        return user
    return None


def _dummy_hash() -> str:
    key = "tender_board.dummy_password_hash"
    if key not in current_app.extensions:
        current_app.extensions[key] = hasher().hash(secrets.token_hex(16))
    return current_app.extensions[key]


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str | None = None) -> str:
    """A new bearer token; shown once, stored only as its digest."""
    token = "tb_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_digest(token), label=label, created_at=clock_now())
    db.session.add(row)
    db.session.flush()
    security_log.on_commit(db.session, "token.created", user=user.id, token=row.id, label=label)
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


def _check_admin(actor: User | None, user: User) -> None:
    """Admins manage accounts; the console (actor None) may too. No one locks themselves out."""
    if actor is None:
        return
    if actor.role != Role.ADMIN:
        raise forbidden("只有管理员可以管理账户。", "Only administrators manage accounts.")
    if actor.id == user.id:
        raise forbidden("不能更改自己的角色或停用自己的账户。",
                        "You cannot change your own role or disable your own account.")


def change_role(user: User, role, actor: User | None) -> User:
    """A new role takes effect at once: the user's sessions end and they sign in again."""
    _check_admin(actor, user)
    new_role = v.choice(role, Role, "role")
    if new_role != user.role:
        security_log.on_commit(db.session, "role.changed", user=user.id, old=user.role.value, new=new_role.value,
                               by=security_log.actor_name(actor))
        user.role = new_role
        end_sessions(user)
    return user


def set_active(user: User, active: bool, actor: User | None) -> User:
    """Disabling ends every session at once; the user's API tokens stop working while disabled."""
    _check_admin(actor, user)
    if user.active != active:
        user.active = active
        end_sessions(user)
        security_log.on_commit(db.session, "account.enabled" if active else "account.disabled", user=user.id,
                               by=security_log.actor_name(actor))
    return user


def revoke_tokens(user: User, actor: User | None, token_id: int | None = None) -> int:
    """Revoke one API token of `user`, or all of them; answers how many were revoked."""
    if actor is not None and actor.id != user.id:
        _check_admin(actor, user)
    query = update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(ApiToken.id == token_id)
    revoked = db.session.execute(query.values(revoked_at=clock_now())).rowcount
    db.session.flush()
    if revoked:
        security_log.on_commit(db.session, "token.revoked", user=user.id, token=token_id or "all", count=revoked,
                               by=security_log.actor_name(actor))
    return revoked
