"""Bids (投标), their evaluation (评标) with per-bid, per-criterion scores, and objections (异议)."""

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import MONEY, UTCDateTime, enum_column
from ..extensions import db
from ..tenders import rules


class BidStatus(enum.StrEnum):
    VALID = "valid"
    DISQUALIFIED = "disqualified"
    WITHDRAWN = "withdrawn"


class Bid(db.Model):
    """One bid as recorded in the opening record (开标记录)."""

    __tablename__ = "bids"
    __table_args__ = (
        UniqueConstraint("notice_id", "registration_number", name="uq_bids_notice_bidder"),
        CheckConstraint("status = 'valid' OR reason IS NOT NULL", name="reason_when_not_valid"),
        CheckConstraint("price_amount > 0", name="price_positive"),
        CheckConstraint("security_amount IS NULL OR security_amount >= 0", name="security_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    bidder_name: Mapped[str] = mapped_column(String(300))
    bidder_name_en: Mapped[str | None] = mapped_column(String(300))  # where the bid gives one
    registration_number: Mapped[str] = mapped_column(String(80))
    bidder_country: Mapped[str] = mapped_column(String(2))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    price_amount: Mapped[Decimal] = mapped_column(MONEY)
    price_currency: Mapped[str] = mapped_column(String(3))
    security_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    status: Mapped[BidStatus] = mapped_column(enum_column(BidStatus, "bid_status"))
    reason: Mapped[str | None] = mapped_column(Text)

    notice = relationship("Notice")
    scores: Mapped[list["Score"]] = relationship(back_populates="bid")


class EvaluationMethod(enum.StrEnum):
    RATED_CRITERIA = "ratedCriteria"  # 综合评估法
    PRICE_ONLY = "priceOnly"  # 经评审的最低投标价法


class Expertise(enum.StrEnum):
    TECHNICAL = "technical"
    ECONOMIC = "economic"
    REPRESENTATIVE = "representative"  # the tenderee's own representative, not an expert


class Evaluation(db.Model):
    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), index=True)
    # The candidates notice that publishes this evaluation, once drafted.
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), unique=True)
    method: Mapped[EvaluationMethod] = mapped_column(enum_column(EvaluationMethod, "evaluation_method"))
    report_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    report_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="evaluation", order_by="Criterion.position")
    members: Mapped[list["CommitteeMember"]] = relationship(
        back_populates="evaluation", order_by="CommitteeMember.id")
    scores: Mapped[list["Score"]] = relationship(back_populates="evaluation")
    rejections: Mapped[list["Rejection"]] = relationship(
        back_populates="evaluation", order_by="Rejection.id")
    report_document = relationship("Document")

    @property
    def rejected_bid_ids(self) -> set[int]:
        return {r.bid_id for r in self.rejections}


class Criterion(db.Model):
    """A scoring criterion; a bid scores from 0 to its weight, and weights sum to 100."""

    __tablename__ = "criteria"
    __table_args__ = (CheckConstraint("weight > 0 AND weight <= 100", name="weight_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    position: Mapped[int] = mapped_column()
    name: Mapped[dict] = mapped_column(JSON)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2))

    evaluation: Mapped[Evaluation] = relationship(back_populates="criteria")


class Score(db.Model):
    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("bid_id", "criterion_id", name="uq_scores_bid_criterion"),
        CheckConstraint("value >= 0", name="value_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bids.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id"))
    value: Mapped[Decimal] = mapped_column(Numeric(6, 2))

    evaluation: Mapped[Evaluation] = relationship(back_populates="scores")
    bid: Mapped[Bid] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()


class Rejection(db.Model):
    """A bid the committee rejected in evaluation (否决投标), with its reason.

    The opening record keeps the bid as it was opened; this row says the committee set it aside.
    """

    __tablename__ = "bid_rejections"
    __table_args__ = (UniqueConstraint("evaluation_id", "bid_id", name="uq_bid_rejections_bid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bids.id"))
    reason: Mapped[str] = mapped_column(Text)

    evaluation: Mapped[Evaluation] = relationship(back_populates="rejections")
    bid: Mapped[Bid] = relationship()


class CommitteeMember(db.Model):
    """A member of the evaluation committee; the name is private until the result is published."""

    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    expertise: Mapped[Expertise] = mapped_column(enum_column(Expertise, "member_expertise"))

    evaluation: Mapped[Evaluation] = relationship(back_populates="members")


class Objection(db.Model):
    """An objection (异议) to the candidates, and the tenderee's answer."""

    __tablename__ = "objections"
    __table_args__ = (
        CheckConstraint("(answer IS NULL) = (answered_at IS NULL)", name="answer_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    objector: Mapped[str] = mapped_column(String(300))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    tender = relationship("Tender")

    @property
    def answer_due(self) -> datetime:
        """The tenderee answers within 3 days of receiving it (Reg. art. 54)."""
        profile = rules.profile(self.tender.rule_profile)
        return self.submitted_at + profile.days("objection_answer", self.tender.clock_rate)

    @property
    def answered_late(self) -> bool:
        return self.answered_at is not None and self.answered_at > self.answer_due
