"""Users, their API tokens, and recent failed sign-ins (for the sign-in limits)."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime, enum_column
from ..extensions import db


class Role(enum.StrEnum):
    MANAGER = "manager"  # 项目经理: drafts tenders and notices
    APPROVER = "approver"  # 审批人: authorises every notice (four eyes)
    EVALUATOR = "evaluator"  # 评标代理: records evaluations
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session identity: changing it ends every session of this user.
    session_epoch: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no usable token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginAttempt(db.Model):
    """One failed sign-in, kept an hour at most (see `ratelimit`): the limits live in the database
    so that every app server behind the load balancer counts the same failures."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # "account:<email>", "address:<ip>" or "pair:<sha256>"
    at: Mapped[datetime] = mapped_column(UTCDateTime)
