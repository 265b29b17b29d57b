"""Documents attached to tenders and notices, each with its SHA-256.

The bytes live in the database beside their description: app servers share nothing but the
database, so a document uploaded through one server downloads from any other. Once a published
notice carries a document, triggers refuse to change or delete its row (its SHA-256 above all) and
its bytes, whatever client writes to the database.
"""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..extensions import db


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tenders.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))  # as shown to readers, sanitised
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tender = relationship("Tender", back_populates="documents")
    # Loaded only for a download, never with listings.
    content: Mapped["DocumentContent"] = relationship(lazy="select", cascade="all, delete-orphan")


class DocumentContent(db.Model):
    """The bytes of one document, written once at upload and never changed (a trigger refuses),
    nor deleted once a published notice carries the document (see its migration)."""

    __tablename__ = "document_contents"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
