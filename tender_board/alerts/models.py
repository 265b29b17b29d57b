"""E-mail alerts (邮件提醒): addresses, their saved searches, what each address is owed, and every
message, stored before it is sent.

An address owns subscriptions; a subscription is a search exactly as the feeds read it (its query
string) or one tender. Publication never mails anyone directly: `flask alerts send` reads the
notices published since its watermark, records one delivery per (address, notice), and puts the
deliveries into messages — at once, or in the address's next daily or weekly digest.
"""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime, enum_column
from ..extensions import db


class Frequency(enum.StrEnum):
    IMMEDIATE = "immediate"  # 即时
    DAILY = "daily"  # 每日汇总
    WEEKLY = "weekly"  # 每周汇总


class SubscriptionState(enum.StrEnum):
    PENDING = "pending"  # waiting for its owner to confirm; nothing is sent for it
    ACTIVE = "active"
    ENDED = "ended"  # unsubscribed; kept so that the same link keeps answering "done"


class Purpose(enum.StrEnum):
    CONFIRMATION = "confirmation"
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


FREQUENCY_NAMES = {
    Frequency.IMMEDIATE: ("即时（每次发布后）", "Immediately (after each publication)"),
    Frequency.DAILY: ("每日汇总", "Daily digest"),
    Frequency.WEEKLY: ("每周汇总", "Weekly digest"),
}


class AlertAddress(db.Model):
    __tablename__ = "alert_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower case; never shown on a page
    lang: Mapped[str] = mapped_column(String(2))  # the language of its messages
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last confirmation message queued: at most one per CONFIRMATION_INTERVAL.
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suppressed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # bounced or asked: never mailed
    suppressed_reason: Mapped[str | None] = mapped_column(String(200))

    subscriptions = relationship("AlertSubscription", back_populates="address",
                                 order_by="AlertSubscription.id")


class AlertSubscription(db.Model):
    __tablename__ = "alert_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("alert_addresses.id"), index=True)
    # The search's query string, canonical as the feeds make it (sorted, without page, sort, lang
    # and limit); empty for every notice. For one tender: its reference, and the query is empty.
    query: Mapped[str] = mapped_column(String(2000))
    reference: Mapped[str | None] = mapped_column(String(40))
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "alert_frequency"))
    state: Mapped[SubscriptionState] = mapped_column(enum_column(SubscriptionState, "alert_state"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    address = relationship("AlertAddress", back_populates="subscriptions")


class AlertMessage(db.Model):
    """One e-mail, composed in full before it is sent. `attempted_at` is stored (committed) before
    the SMTP conversation and `sent_at` after it: a message with the first and not the second was
    interrupted, and is never sent again automatically (see `sending`)."""

    __tablename__ = "alert_messages"
    __table_args__ = (UniqueConstraint("address_id", "purpose", "period", name="uq_alert_messages_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("alert_addresses.id"), index=True)
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose, "alert_purpose"))
    period: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a digest's end: one digest per period
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    unsubscribe_url: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(500))

    address = relationship("AlertAddress")


class AlertDelivery(db.Model):
    """A notice an address is owed: once per address, whichever of its searches matched."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("address_id", "notice_id", name="uq_alert_deliveries_once"),
                      Index("ix_alert_deliveries_waiting", "address_id", "message_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("alert_addresses.id"))
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"))
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "alert_delivery_frequency"))
    subscription_ids: Mapped[list] = mapped_column(JSON)  # the matching searches, for grouping
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("alert_messages.id"))


class AlertRequest(db.Model):
    """One subscription request, kept a day: the limits per address and per client."""

    __tablename__ = "alert_requests"
    __table_args__ = (Index("ix_alert_requests_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # "client:<ip>" or "address:<sha256>"
    at: Mapped[datetime] = mapped_column(UTCDateTime)
