"""The tender (招标项目): one procurement process, its current terms and its history."""

import enum
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, and_, case, literal
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import MONEY, UTCDateTime, enum_column
from ..extensions import db
from .lifecycle import Action, Status, effective_status


class Category(enum.StrEnum):
    OVERSEAS = "overseas"  # 境外工程: embassies, consulates, residences
    DOMESTIC = "domestic"  # 境内工程


class ProcurementMethod(enum.StrEnum):
    OPEN = "open"  # 公开招标
    SELECTIVE = "selective"  # 邀请招标


class Tender(db.Model):
    __tablename__ = "tenders"
    __table_args__ = (
        CheckConstraint("value_amount > 0", name="value_positive"),
        CheckConstraint("clock_rate >= 1", name="clock_rate_positive"),
        CheckConstraint("(sandbox AND clock_rate >= 1) OR (NOT sandbox AND clock_rate = 1)",
                        name="clock_rate_sandbox_only"),
        CheckConstraint("status IN ('draft', 'in_approval') OR bid_deadline IS NOT NULL",
                        name="published_has_deadline"),
        # The public list in each of its orders (public.queries.SORTS), without a sort.
        Index("ix_tenders_public_published", "sandbox", "published_at", "id"),
        Index("ix_tenders_public_deadline", "sandbox", "bid_deadline", "id"),
        Index("ix_tenders_public_value", "sandbox", "value_amount", "id"),
        # The two filters a reader sets most, newest first: a rare status or country is found at
        # once rather than by walking every tender in published order.
        Index("ix_tenders_public_status", "sandbox", "status", "published_at", "id"),
        Index("ix_tenders_public_country", "sandbox", "country", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    ocid: Mapped[str] = mapped_column(String(80), unique=True)
    category: Mapped[Category] = mapped_column(enum_column(Category, "tender_category"))
    title: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(120))
    mission: Mapped[dict | None] = mapped_column(JSON)  # e.g. {"en": "Embassy in Hanoi"}
    timezone: Mapped[str] = mapped_column(String(64))
    procuring_entity: Mapped[dict] = mapped_column(JSON)
    agency: Mapped[dict] = mapped_column(JSON)
    value_amount: Mapped[Decimal] = mapped_column(MONEY)
    value_currency: Mapped[str] = mapped_column(String(3))
    procurement_method: Mapped[ProcurementMethod] = mapped_column(
        enum_column(ProcurementMethod, "procurement_method"))
    qualification: Mapped[dict | None] = mapped_column(JSON)
    rule_profile: Mapped[str] = mapped_column(String(32))
    sandbox: Mapped[bool] = mapped_column(default=False, index=True)
    clock_rate: Mapped[int] = mapped_column(default=1)  # a sandbox tender's durations divide by it
    status: Mapped[Status] = mapped_column(enum_column(Status, "tender_status"), index=True)

    # Current terms, set by the announcement and changed only by published amendments.
    bid_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    documents_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    documents_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opening_place: Mapped[dict | None] = mapped_column(JSON)
    contact: Mapped[dict | None] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    retender_of_id: Mapped[int | None] = mapped_column(ForeignKey("tenders.id"), unique=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    manager = relationship("User")
    retender_of: Mapped["Tender | None"] = relationship(
        remote_side=[id], back_populates="retendered_as")
    retendered_as: Mapped["Tender | None"] = relationship(back_populates="retender_of")
    notices = relationship("Notice", back_populates="tender", order_by="Notice.id")
    documents = relationship("Document", back_populates="tender", order_by="Document.id")
    events: Mapped[list["TenderEvent"]] = relationship(
        back_populates="tender", order_by="TenderEvent.id")

    def status_at(self, now: datetime) -> Status:
        return effective_status(self.status, self.bid_deadline, now)

    @classmethod
    def status_expression(cls, now: datetime):
        """The same derivation in SQL, for filters and counts."""
        return case(
            (and_(cls.status == Status.OPEN, cls.bid_deadline <= now), literal(Status.CLOSED.value)),
            else_=cls.status,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_published(self) -> bool:
        """Announced: from then on the tender is public, and its terms change only by amendment."""
        return self.published_at is not None

    def is_managed_by(self, user) -> bool:
        return user is not None and user.is_authenticated and user.id == self.manager_id

    @property
    def published_notices(self) -> list:
        return [n for n in self.notices if n.is_published]

    def can_edit(self, user) -> bool:
        return (user is not None and user.is_authenticated and user.id == self.manager_id
                and self.status == Status.DRAFT)


class TenderEvent(db.Model):
    """The tender's history: one row per transition, only ever appended."""

    __tablename__ = "tender_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), index=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"))
    action: Mapped[Action] = mapped_column(enum_column(Action, "tender_action"))
    from_status: Mapped[Status] = mapped_column(enum_column(Status, "event_from_status"))
    to_status: Mapped[Status] = mapped_column(enum_column(Status, "event_to_status"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    tender: Mapped[Tender] = relationship(back_populates="events")
    notice = relationship("Notice")
