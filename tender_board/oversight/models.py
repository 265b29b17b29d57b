"""The flags raised, stored: a tender's own indicators are recomputed when one of its notices is
published, the board's outliers by `flask oversight refresh`. Only raised flags are rows."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..extensions import db


class OversightFlag(db.Model):
    __tablename__ = "oversight_flags"
    __table_args__ = (UniqueConstraint("tender_id", "code", name="uq_oversight_flags_tender_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a board indicator's note that it could not judge (too few tenders), in `explanation`.
    tender_id: Mapped[int | None] = mapped_column(ForeignKey("tenders.id"), index=True)
    code: Mapped[str] = mapped_column(String(10), index=True)
    explanation: Mapped[dict] = mapped_column(JSON)  # {"zh": ..., "en": ...}, with the numbers
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # first raised (the feed's date)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tender = relationship("Tender")
