"""The notice (公告): the unit of publication. Once published it is never changed or deleted."""

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Table, Text, UniqueConstraint, event, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import Role
from ..columns import UTCDateTime, enum_column
from ..errors import DomainError, not_found
from ..extensions import db


class NoticeKind(enum.StrEnum):
    ANNOUNCEMENT = "announcement"  # 招标公告
    AMENDMENT = "amendment"  # 变更/澄清公告
    OPENING = "opening"  # 开标记录
    CANDIDATES = "candidates"  # 中标候选人公示
    RESULT = "result"  # 中标结果公告
    CONTRACT = "contract"  # 合同签订
    TERMINATION = "termination"  # 终止公告
    FAILURE = "failure"  # 流标公告


KIND_NAMES = {
    NoticeKind.ANNOUNCEMENT: ("招标公告", "Tender announcement"),
    NoticeKind.AMENDMENT: ("变更公告", "Amendment"),
    NoticeKind.OPENING: ("开标记录", "Bid opening record"),
    NoticeKind.CANDIDATES: ("中标候选人公示", "Candidates for award"),
    NoticeKind.RESULT: ("中标结果公告", "Award result"),
    NoticeKind.CONTRACT: ("合同签订公告", "Contract signed"),
    NoticeKind.TERMINATION: ("终止公告", "Termination"),
    NoticeKind.FAILURE: ("流标公告", "Tender failed"),
}


class NoticeStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_APPROVAL = "in_approval"
    PUBLISHED = "published"


notice_documents = Table(
    "notice_documents", db.metadata,
    Column("notice_id", ForeignKey("notices.id"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
)


class Notice(db.Model):
    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("tender_id", "number", name="uq_notices_tender_number"),
        # Publication fills these columns and nothing else may: the row then freezes.
        CheckConstraint(
            "(status = 'published') = (number IS NOT NULL AND published_at IS NOT NULL "
            "AND approver_id IS NOT NULL)", name="published_fields"),
        CheckConstraint("approver_id IS NULL OR approver_id <> author_id", name="four_eyes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, "notice_kind"), index=True)
    status: Mapped[NoticeStatus] = mapped_column(enum_column(NoticeStatus, "notice_status"))
    number: Mapped[int | None] = mapped_column()  # n in /tenders/<reference>/notices/<n>
    sequence: Mapped[int | None] = mapped_column(unique=True)  # position in the public ledger
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[dict | None] = mapped_column(JSON)  # free text, {"zh", "en"}
    payload: Mapped[dict] = mapped_column(JSON)  # the kind's own fields, as published
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    tender = relationship("Tender", back_populates="notices")
    author = relationship("User", foreign_keys=[author_id])
    approver = relationship("User", foreign_keys=[approver_id])
    documents = relationship("Document", secondary=notice_documents, order_by="Document.id")
    ledger_entry = relationship("LedgerEntry", uselist=False, viewonly=True)  # once published (ledger.models)

    @property
    def is_published(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED

    def kind_name(self, locale: str) -> str:
        zh, en = KIND_NAMES[self.kind]
        return zh if locale == "zh" else en

    def readable_by(self, user) -> bool:
        """Its author, its tender's manager and the approvers read a notice before publication."""
        return (user.id in (self.author_id, self.tender.manager_id)
                or user.role == Role.APPROVER or self.is_published)

    @classmethod
    def readable(cls, notice_id: int, user) -> "Notice":
        """The notice if `user` may read it; else 404, as if it did not exist."""
        notice = db.session.get(cls, notice_id)
        if notice is None or not notice.readable_by(user):
            raise not_found("未找到该公告。", "No such notice.")
        return notice

    @classmethod
    def latest_published(cls, tender, kind: NoticeKind) -> "Notice | None":
        """The tender's latest published notice of this kind."""
        return db.session.scalar(select(cls).where(
            cls.tender_id == tender.id, cls.kind == kind, cls.status == NoticeStatus.PUBLISHED)
            .order_by(cls.id.desc()).limit(1))

    @classmethod
    def pending(cls, tender, kind: NoticeKind) -> "Notice | None":
        """The tender's notice of this kind being drafted or approved: at most one at a time."""
        return db.session.scalar(select(cls).where(
            cls.tender_id == tender.id, cls.kind == kind, cls.status != NoticeStatus.PUBLISHED)
            .order_by(cls.id).limit(1))


PUBLISHED_IMMUTABLE = DomainError(
    {"zh": "已发布的公告不可修改或删除；更正请发布新的公告。",
     "en": "A published notice is never changed or deleted; publish a new notice to correct it."},
    code="notice_published", status=409)


def _was_published(notice: Notice) -> bool:
    history = db.inspect(notice).attrs.status.history
    before = history.deleted[0] if history.deleted else notice.status
    return before == NoticeStatus.PUBLISHED


@event.listens_for(Notice, "before_update")
def _refuse_update(_mapper, _connection, notice: Notice) -> None:
    if _was_published(notice) and db.session.is_modified(notice, include_collections=False):
        raise PUBLISHED_IMMUTABLE


@event.listens_for(Notice, "before_delete")
def _refuse_delete(_mapper, _connection, notice: Notice) -> None:
    if _was_published(notice):
        raise PUBLISHED_IMMUTABLE


# The database refuses too, whatever client writes to it: see the triggers in the first migration,
# and in the published-documents migration for the documents published with a notice.
